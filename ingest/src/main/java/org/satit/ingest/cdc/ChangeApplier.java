package org.satit.ingest.cdc;

import java.util.List;

/**
 * Where the ingest job's sink delivers batches of source changes. In local mode the warehouse writer
 * in the same process; on a Flink cluster, the server's authenticated ingest endpoint.
 */
public interface ChangeApplier {

  /** Applies the changes (in source order) durably; returns only when they are committed. */
  void apply(List<SourceChange> changes) throws Exception;

  /**
   * Called on a start without a checkpoint, before the job snapshots the sources again: removes
   * warehouse rows whose source rows disappeared while satit was not reading (the new snapshot
   * cannot tell about rows that are no longer there).
   */
  default void beforeFreshSnapshot(List<CdcSource> sources) throws Exception {
  }

  /**
   * How the sink, serialised into the job and opened where its task runs, finds its applier: by name in
   * this JVM ({@link LocalAppliers}) or over the network ({@link RemoteApplier}).
   */
  interface Factory extends java.io.Serializable {
    ChangeApplier open();
  }
}
