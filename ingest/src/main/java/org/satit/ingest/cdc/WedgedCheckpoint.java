package org.satit.ingest.cdc;

/**
 * Recognises a job failure that no restart from the job's checkpoints can get past, so the only way on is a
 * fresh snapshot. Known case: Flink CDC 3.5's MySQL source, when the source database restarts while the last
 * snapshot chunks are read, re-adds the failed chunks after its assigner has already declared the snapshot
 * finished; every restart from that state then fails creating the binlog split ({@code binlogOffset} is null
 * in {@code MySqlHybridSplitAssigner.createBinlogSplit}; FLINK-40052, apache/flink-cdc#4459).
 * Recognised by the stack frame, which survives Flink's serialisation of the failure.
 */
final class WedgedCheckpoint {

  private static final String ASSIGNER = "org.apache.flink.cdc.connectors.mysql.source.assigners.MySqlHybridSplitAssigner";
  private static final String METHOD = "createBinlogSplit";

  private WedgedCheckpoint() {
  }

  /** Whether the failure (anywhere in its causes or suppressed exceptions) is the known wedge. */
  static boolean recognises(Throwable failure) {
    for (Throwable t : Causes.of(failure)) {
      if (isNullPointer(t) && thrownByAssigner(t.getStackTrace())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNullPointer(Throwable t) {
    // Flink ships failures as SerializedThrowable, which names the original class
    return t instanceof NullPointerException
        || t instanceof org.apache.flink.util.SerializedThrowable s
           && NullPointerException.class.getName().equals(s.getOriginalErrorClassName());
  }

  private static boolean thrownByAssigner(StackTraceElement[] frames) {
    // the top frames: the NPE is raised inside createBinlogSplit itself
    for (int i = 0; i < Math.min(3, frames.length); i++) {
      if (frames[i].getClassName().equals(ASSIGNER) && frames[i].getMethodName().equals(METHOD)) {
        return true;
      }
    }
    return false;
  }
}
