package org.satit.ingest.cdc;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the ingest job's sink delivers batches of source changes. In local mode the warehouse writer
 * in the same process; on a Flink cluster, the server's authenticated ingest endpoint. The server-side
 * applier also keeps the warehouse's record of each source ({@link CheckpointCheck}, {@link HeartbeatLedger}).
 */
public interface ChangeApplier {

  /** Applies the changes (in source order) durably; returns only when they are committed. */
  void apply(List<SourceChange> changes) throws Exception;

  /**
   * Called on a start without a checkpoint, before the job snapshots the sources again: records the server
   * each source is snapshotted from and {@code reason} (why this snapshot), and removes warehouse rows whose
   * source rows disappeared while satit was not reading (the new snapshot cannot tell about rows that are no
   * longer there). {@code reason} null: a start without a checkpoint.
   */
  default void beforeFreshSnapshot(List<CdcSource> sources, String reason) throws Exception {
  }

  /**
   * Called before a job resumes from a checkpoint that was proven against the sources: picks up what the last
   * start left to do (a fresh snapshot killed before its stream began still owes its second vanished-row sweep).
   */
  default void beforeResume(List<CdcSource> sources) throws Exception {
  }

  /**
   * Why the latest checkpoint must not be resumed against the servers answering for the sources now (a
   * replaced or restored server, a lost slot or binary log), or empty when it may be.
   */
  default Optional<String> invalidCheckpoint(List<CdcSource> sources) throws Exception {
    return Optional.empty();
  }

  /**
   * Where to report that a source's stream cannot be trusted any more (heartbeats skipped, another server):
   * the owner of the job stops it and snapshots afresh. Called once per break, with the reason.
   */
  default void onStreamBroken(Consumer<String> handler) {
  }

  /** How the job's tasks find the pseudonym secret, when they run in this JVM (local MiniCluster). */
  default PseudonymKey pseudonymKey() {
    throw new IllegalStateException("this applier holds no pseudonym secret");
  }

  /**
   * How the sink, serialised into the job and opened where its task runs, finds its applier: by name in
   * this JVM ({@link LocalAppliers}) or over the network ({@link RemoteApplier}).
   */
  interface Factory extends java.io.Serializable {
    ChangeApplier open();
  }
}
