package org.satit.ingest.cdc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * The ingest job's sink (parallelism 1: DuckDB has one writer). Buffers changes in source order and
 * hands them to a {@link ChangeApplier} on its own thread when the buffer is full, at most every
 * {@code commitIntervalMs} while the applier is free, and before every checkpoint (waiting until
 * applied), so a completed checkpoint means everything before it is in the warehouse.
 * After a crash Flink replays from the last checkpoint and the idempotent writer absorbs the replay.
 */
public final class WarehouseSink implements Sink<SourceChange> {

  private static final long serialVersionUID = 1L;

  private final ChangeApplier.Factory appliers;
  private final long commitIntervalMs;
  private final int maxBatch;

  public WarehouseSink(ChangeApplier.Factory appliers, long commitIntervalMs, int maxBatch) {
    this.appliers = appliers;
    this.commitIntervalMs = commitIntervalMs;
    this.maxBatch = maxBatch;
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<SourceChange> createWriter(InitContext context) {
    return new Writer(appliers.open(), context.getProcessingTimeService());
  }

  /** How often the writer looks whether the applier thread is free for the next batch. */
  private static final long POLL_MS = 10;

  /**
   * Buffers changes on the task thread and hands them, in order, to one applier thread, so reading
   * the source never waits for DuckDB: while one batch is applied the next one gathers. A hand-off
   * happens when the applier is free and at least {@code commitIntervalMs} passed since the last one;
   * a full buffer waits for the applier (back-pressure); a checkpoint waits until everything before
   * it is applied.
   */
  private final class Writer implements SinkWriter<SourceChange> {
    private final ChangeApplier applier;
    private final ProcessingTimeService time;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "warehouse-apply");
      t.setDaemon(true);
      return t;
    });
    private List<SourceChange> buffer = new ArrayList<>();
    private Future<?> inFlight;
    private long lastHandOff;

    Writer(ChangeApplier applier, ProcessingTimeService time) {
      this.applier = applier;
      this.time = time;
      schedule();
    }

    private void schedule() {
      time.registerTimer(time.getCurrentProcessingTime() + POLL_MS, ts -> {
        handOff(false);
        schedule();
      });
    }

    @Override
    public void write(SourceChange change, Context context) throws IOException {
      change.receivedMillis = System.currentTimeMillis();
      buffer.add(change);
      if (buffer.size() >= maxBatch) {
        handOff(true);
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      handOff(true);
      awaitInFlight();
    }

    /** {@code now}: hand off even if the applier is busy (wait for it) or the interval has not passed. */
    private void handOff(boolean now) throws IOException {
      if (buffer.isEmpty()) {
        return;
      }
      if (inFlight != null && !inFlight.isDone() && !now) {
        return;
      }
      long at = time.getCurrentProcessingTime();
      if (!now && at - lastHandOff < commitIntervalMs) {
        return;
      }
      awaitInFlight();
      List<SourceChange> batch = buffer;
      buffer = new ArrayList<>();
      lastHandOff = at;
      inFlight = executor.submit(() -> {
        applier.apply(batch);
        return null;
      });
    }

    private void awaitInFlight() throws IOException {
      if (inFlight == null) {
        return;
      }
      try {
        inFlight.get();
      } catch (ExecutionException e) {
        throw new IOException("applying changes to the warehouse failed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while applying changes to the warehouse", e);
      } finally {
        inFlight = null;
      }
    }

    @Override
    public void close() throws InterruptedException {
      buffer.clear();
      executor.shutdown();
      // an apply in progress finishes (a DuckDB transaction is not cut in half); what is not applied
      // is replayed from the last checkpoint
      executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
