package org.satit.ingest.cdc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * The ingest job's sink (parallelism 1: DuckDB has one writer). Buffers changes in source order and
 * hands them to a {@link ChangeApplier} when the buffer is full, every {@code commitIntervalMs}, and
 * before every checkpoint, so a completed checkpoint means everything before it is in the warehouse.
 * After a crash Flink replays from the last checkpoint and the idempotent writer absorbs the replay.
 */
public final class WarehouseSink implements Sink<SourceChange> {

  private static final long serialVersionUID = 1L;

  private final String applierName;
  private final long commitIntervalMs;
  private final int maxBatch;

  public WarehouseSink(String applierName, long commitIntervalMs, int maxBatch) {
    this.applierName = applierName;
    this.commitIntervalMs = commitIntervalMs;
    this.maxBatch = maxBatch;
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<SourceChange> createWriter(InitContext context) {
    return new Writer(LocalAppliers.get(applierName), context.getProcessingTimeService());
  }

  private final class Writer implements SinkWriter<SourceChange> {
    private final ChangeApplier applier;
    private final ProcessingTimeService time;
    private List<SourceChange> buffer = new ArrayList<>();

    Writer(ChangeApplier applier, ProcessingTimeService time) {
      this.applier = applier;
      this.time = time;
      schedule();
    }

    private void schedule() {
      time.registerTimer(time.getCurrentProcessingTime() + commitIntervalMs, ts -> {
        apply();
        schedule();
      });
    }

    @Override
    public void write(SourceChange change, Context context) throws IOException {
      buffer.add(change);
      if (buffer.size() >= maxBatch) {
        apply();
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      apply();
    }

    private void apply() throws IOException {
      if (buffer.isEmpty()) {
        return;
      }
      List<SourceChange> batch = buffer;
      buffer = new ArrayList<>();
      try {
        applier.apply(batch);
      } catch (Exception e) {
        throw new IOException("applying " + batch.size() + " changes to the warehouse failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      buffer.clear();
    }
  }
}
