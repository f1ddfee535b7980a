package org.satit.ingest.cdc;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Freshness of streamed changes: for every insert, update and delete applied to the warehouse, the
 * time from its commit in the source to the commit of the DuckDB transaction that made it visible.
 * Snapshot reads are not changes and are not counted. Both clocks are this machine's (source commit
 * times come from the source's log in milliseconds).
 */
public final class ChangeLatency {

  /** Percentiles of the recorded latencies, in milliseconds. */
  public record Summary(long count, long p50, long p95, long p99, long max) {
  }

  /** The warehouse transactions that carried streamed changes: how many, how long, how big. */
  public record Batches(long count, long p50Ms, long p95Ms, long maxMs, double meanChanges) {
  }

  private final Histogram histogram = new Histogram(3_600_000L, 3);
  private final Histogram toSink = new Histogram(3_600_000L, 3);
  private final Histogram inSink = new Histogram(3_600_000L, 3);
  private final Histogram batchMillis = new Histogram(3_600_000L, 3);
  private long batchChanges;
  private java.util.function.Predicate<SourceChange> counted = c -> true;

  /** From now on only changes {@code counted} accepts are recorded (the benchmark leaves out a burst's rows). */
  public synchronized void countOnly(java.util.function.Predicate<SourceChange> counted) {
    this.counted = counted;
  }

  /** Records every streamed change of a batch that became visible at {@code visibleAtMillis}. */
  public synchronized void record(List<SourceChange> changes, long startedAtMillis, long visibleAtMillis) {
    long before = histogram.getTotalCount();
    for (SourceChange c : changes) {
      if (c.op != 'r' && c.commitMillis > 0 && counted.test(c)) {
        histogram.recordValue(clamp(visibleAtMillis - c.commitMillis));
        if (c.receivedMillis > 0) {
          toSink.recordValue(clamp(c.receivedMillis - c.commitMillis));
          inSink.recordValue(clamp(startedAtMillis - c.receivedMillis));
        }
      }
    }
    if (histogram.getTotalCount() > before) {
      batchMillis.recordValue(clamp(visibleAtMillis - startedAtMillis));
      batchChanges += changes.size();
    }
  }

  private long clamp(long ms) {
    return Math.min(histogram.getHighestTrackableValue(), Math.max(0, ms));
  }

  public synchronized void reset() {
    histogram.reset();
    toSink.reset();
    inSink.reset();
    batchMillis.reset();
    batchChanges = 0;
    counted = c -> true;
  }

  public synchronized Batches batches() {
    long n = batchMillis.getTotalCount();
    return new Batches(n, batchMillis.getValueAtPercentile(50), batchMillis.getValueAtPercentile(95),
        batchMillis.getMaxValue(), n == 0 ? 0 : (double) batchChanges / n);
  }

  /** The first part of the latency: source commit until the warehouse sink received the change. */
  public synchronized Summary untilSink() {
    return new Summary(toSink.getTotalCount(), toSink.getValueAtPercentile(50), toSink.getValueAtPercentile(95),
        toSink.getValueAtPercentile(99), toSink.getMaxValue());
  }

  /** The second part: from the sink receiving the change until its warehouse transaction began (the buffer). */
  public synchronized Summary inSink() {
    return new Summary(inSink.getTotalCount(), inSink.getValueAtPercentile(50), inSink.getValueAtPercentile(95),
        inSink.getValueAtPercentile(99), inSink.getMaxValue());
  }

  public synchronized Summary summary() {
    return new Summary(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(95), histogram.getValueAtPercentile(99), histogram.getMaxValue());
  }
}
