package org.satit.ingest.cdc;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: every configured source, merged into one stream, into the warehouse sink
 * (parallelism 1: DuckDB has one writer), through the step that pseudonymises personal data. The same definition runs in the local MiniCluster and on a
 * Flink cluster; only the sink's applier differs.
 */
public final class IngestJob {

  /**
   * Tuning of the job. Source parallelism 1 keeps each source's changes in order end to end.
   * {@code refuseInvalidCheckpoint}: a checkpoint that cannot be proven against its source (or a stream found
   * broken) stops ingest instead of snapshotting afresh; {@code heartbeatInterval}: how often satit writes the
   * heartbeat into each source; {@code stalledAfter}: the age of a source's newest heartbeat in the warehouse
   * beyond which health says the source is stalled.
   */
  public record Settings(Duration checkpointInterval, long commitIntervalMs, int maxBatch, int sourceParallelism,
                         boolean refuseInvalidCheckpoint, Duration heartbeatInterval, Duration stalledAfter) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(2), 50, 50_000, 1, false, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    public Settings refusingInvalidCheckpoints(boolean refuse) {
      return new Settings(checkpointInterval, commitIntervalMs, maxBatch, sourceParallelism, refuse, heartbeatInterval,
          stalledAfter);
    }

    public Settings stalledAfter(Duration bound) {
      return new Settings(checkpointInterval, commitIntervalMs, maxBatch, sourceParallelism, refuseInvalidCheckpoint,
          heartbeatInterval, bound);
    }
  }

  private IngestJob() {
  }

  /** {@code key}: how the job's tasks find the pseudonym secret (never the secret itself). */
  public static void define(StreamExecutionEnvironment env, List<CdcSource> sources, ChangeApplier.Factory appliers,
                            PseudonymKey key, Settings settings) {
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
    // nothing personal goes past this step: not to the sink, not over the network to the server
    all.map(new ProtectPersonalData(key)).uid("protect-personal-data").name("pseudonymise").setParallelism(1)
        .sinkTo(new WarehouseSink(appliers, settings.commitIntervalMs(), settings.maxBatch()))
        .uid("warehouse-sink").name("warehouse").setParallelism(1);
  }
}
