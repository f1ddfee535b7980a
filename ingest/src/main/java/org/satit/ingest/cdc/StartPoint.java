package org.satit.ingest.cdc;

import org.satit.ingest.spec.RefusedStart;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a (re)started ingest job begins, in the local MiniCluster and on a Flink cluster alike: from the latest
 * retained checkpoint when the applier proves it against the servers answering now ({@link CheckpointCheck}),
 * otherwise afresh: its checkpoints are discarded, the applier records why, sweeps vanished rows and loads the
 * reference tables, and the job snapshots the sources into the same warehouse. It never resumes a
 * checkpoint it cannot prove; with {@code refuse} set it throws {@link RefusedStart} instead of snapshotting.
 */
final class StartPoint {

  private static final Logger LOG = LoggerFactory.getLogger(StartPoint.class);

  private StartPoint() {
  }

  /**
   * The checkpoint to resume from, or empty after preparing a fresh snapshot. {@code freshReason}: why the
   * caller already discarded the checkpoints (null: it did not).
   */
  static Optional<Path> choose(Path checkpointDir, List<CdcSource> sources, ChangeApplier applier, boolean refuse,
                               String freshReason) throws Exception {
    prepareHeartbeats(sources);
    Optional<Path> latest = LocalIngest.latestCheckpoint(checkpointDir);
    String reason = freshReason;
    if (latest.isPresent()) {
      Optional<String> invalid = applier.invalidCheckpoint(sources);
      if (invalid.isPresent()) {
        if (refuse) {
          throw new RefusedStart("not resuming ingest checkpoint " + latest.get().getFileName() + ": " + invalid.get()
              + " (ingest.onInvalidCheckpoint is refuse: check the source, then remove " + checkpointDir
              + " or set resnapshot)");
        }
        LOG.warn("resnapshot: not resuming checkpoint {}: {}; snapshotting the sources afresh into the same warehouse",
            latest.get(), invalid.get());
        JobSupervisor.discardCheckpoints(checkpointDir);
        latest = Optional.empty();
        reason = invalid.get();
      }
    }
    if (latest.isEmpty()) {
      for (CdcSource s : sources) {
        if (s.engine() == CdcSource.Engine.POSTGRES) {
          ReplicationSlots.dropForFreshSnapshot(s);
        }
      }
      applier.beforeFreshSnapshot(sources, reason); // records why, sweeps vanished rows, loads the reference tables
    } else {
      applier.beforeResume(sources);
    }
    return latest;
  }

  /** Every source carries the heartbeat table before a job reads it (PostgreSQL: in satit's publication too). */
  private static void prepareHeartbeats(List<CdcSource> sources) {
    for (CdcSource s : sources) {
      try (java.sql.Connection c = s.connect()) {
        HeartbeatWriter.prepare(c, s);
      } catch (java.sql.SQLException e) {
        LOG.warn("cannot prepare the heartbeat table {} in source {}: {} (its freshness cannot be measured; health"
            + " will say stalled)", HeartbeatWriter.TABLE, s.name(), e.getMessage());
      }
    }
  }
}
