package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.FlinkException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

/** Which job failures make {@link LocalIngest} discard its checkpoints and snapshot afresh. */
class WedgedCheckpointTest {

  private static final String ASSIGNER = "org.apache.flink.cdc.connectors.mysql.source.assigners.MySqlHybridSplitAssigner";

  /** The failure as FLINK-40052 raises it, wrapped as Flink's scheduler and job client wrap it. */
  private static Throwable jobFailure(Throwable cause) {
    FlinkException global = new FlinkException("Global failure triggered by OperatorCoordinator for 'Source: emis'", cause);
    return new JobExecutionException(new JobID(), "Job execution failed.",
        new org.apache.flink.runtime.JobException("Recovery is suppressed by FailureRateRestartBackoffTimeStrategy", global));
  }

  private static NullPointerException npeAt(String className, String method) {
    NullPointerException npe = new NullPointerException(
        "Cannot invoke \"BinlogOffset.isBefore(BinlogOffset)\" because \"binlogOffset\" is null");
    npe.setStackTrace(new StackTraceElement[] {
        new StackTraceElement(className, method, "MySqlHybridSplitAssigner.java", 236),
        new StackTraceElement(ASSIGNER, "getNext", "MySqlHybridSplitAssigner.java", 150),
        new StackTraceElement("org.apache.flink.cdc.connectors.mysql.source.enumerator.MySqlSourceEnumerator",
            "assignSplits", "MySqlSourceEnumerator.java", 201)});
    return npe;
  }

  @Test
  void theBinlogSplitWedgeIsRecognisedAsThrownAndAsShippedByFlink() {
    NullPointerException npe = npeAt(ASSIGNER, "createBinlogSplit");
    assertThat(WedgedCheckpoint.recognises(jobFailure(npe))).isTrue();
    // as a failure crosses from the JobManager: class name in the message, the original frames kept
    assertThat(WedgedCheckpoint.recognises(jobFailure(new SerializedThrowable(npe)))).isTrue();
  }

  @Test
  void otherFailuresResumeFromTheCheckpoint() {
    assertThat(WedgedCheckpoint.recognises(null)).isFalse();
    // the source down: resume from the checkpoint once it is back
    assertThat(WedgedCheckpoint.recognises(jobFailure(new java.net.ConnectException("Connection refused")))).isFalse();
    // a null pointer elsewhere, even in the same assigner, is not this wedge
    assertThat(WedgedCheckpoint.recognises(jobFailure(npeAt(ASSIGNER, "getNext")))).isFalse();
    assertThat(WedgedCheckpoint.recognises(jobFailure(npeAt("org.satit.ingest.cdc.WarehouseSink", "write")))).isFalse();
    // the frame without a null pointer (a different error raised there)
    IllegalStateException other = new IllegalStateException("splits still pending");
    other.setStackTrace(npeAt(ASSIGNER, "createBinlogSplit").getStackTrace());
    assertThat(WedgedCheckpoint.recognises(jobFailure(other))).isFalse();
  }

  @Test
  @org.junit.jupiter.api.Timeout(10) // a loop over the cycle would hang here, not fail
  void causeCyclesDoNotLoop() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.addSuppressed(b);
    assertThat(WedgedCheckpoint.recognises(b)).isFalse();
  }
}
