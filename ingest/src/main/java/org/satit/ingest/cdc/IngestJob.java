package org.satit.ingest.cdc;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: every configured source, merged into one stream, into the warehouse sink
 * (parallelism 1: DuckDB has one writer). The same definition runs in the local MiniCluster and on a
 * Flink cluster; only the sink's applier differs.
 */
public final class IngestJob {

  /** Tuning of the job. Source parallelism 1 keeps each source's changes in order end to end. */
  public record Settings(Duration checkpointInterval, long commitIntervalMs, int maxBatch, int sourceParallelism) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(2), 50, 50_000, 1);
    }
  }

  private IngestJob() {
  }

  public static void define(StreamExecutionEnvironment env, List<CdcSource> sources, ChangeApplier.Factory appliers,
                            Settings settings) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source configured");
    }
    env.enableCheckpointing(settings.checkpointInterval().toMillis());
    env.getCheckpointConfig().setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(20);
    env.getCheckpointConfig().setMinPauseBetweenCheckpoints(500);
    env.setBufferTimeout(0);
    env.getConfig().enableObjectReuse();
    DataStream<SourceChange> all = null;
    for (CdcSource s : sources) {
      DataStream<SourceChange> one = s.stream(env, settings.sourceParallelism());
      all = all == null ? one : all.union(one);
    }
    all.sinkTo(new WarehouseSink(appliers, settings.commitIntervalMs(), settings.maxBatch()))
        .uid("warehouse-sink").name("warehouse").setParallelism(1);
  }
}
