package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.util.FlinkException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

/** A checkpoint whose log position the server can no longer give is snapshotted afresh, with the reason. */
class LostLogPositionTest {

  /** What Flink CDC 3.5's MySQL source throws (StatefulTaskContext), wrapped as the job client sees it. */
  private static Throwable jobFailure(Throwable cause) {
    return new JobExecutionException(new JobID(), "Job execution failed.",
        new org.apache.flink.runtime.JobException("Recovery is suppressed by FailureRateRestartBackoffTimeStrategy",
            new FlinkException("Source: mysql emis failed", cause)));
  }

  private static final IllegalStateException PURGED = new IllegalStateException("The connector is trying to read"
      + " binlog starting at Struct{version=1.9.8.Final,connector=mysql,name=mysql_binlog_source,ts_ms=0,"
      + "db=,server_id=0,file=mariadb-bin.000003,pos=1234,row=0}, but this is no longer available on the server."
      + " Reconfigure the connector to use a snapshot when needed.");

  @Test
  void aPurgedBinlogIsRecognisedAsThrownAndAsShippedByFlink() {
    assertThat(LostLogPosition.reason(jobFailure(PURGED))).hasValueSatisfying(r ->
        assertThat(r).contains("no longer on the server").contains("file=mariadb-bin.000003,pos=1234"));
    assertThat(LostLogPosition.reason(jobFailure(new SerializedThrowable(PURGED)))).isPresent();
  }

  /** What pgoutput answers through pgjdbc when satit's publication is missing at the slot's position. */
  private static final Exception NO_PUBLICATION = new java.sql.SQLException("ERROR: publication \"satit_emis\" does"
      + " not exist\n  Where: slot \"satit_emis\", output plugin \"pgoutput\", in the change callback, associated LSN"
      + " 0/35AD560");

  @Test
  void aDroppedPublicationIsRecognised() {
    assertThat(LostLogPosition.reason(jobFailure(new RuntimeException("An exception occurred in the change event"
        + " producer. This connector will be restarted.", NO_PUBLICATION)))).hasValueSatisfying(r ->
        assertThat(r).contains("publication satit_emis was dropped"));
    assertThat(LostLogPosition.reason(jobFailure(new SerializedThrowable(NO_PUBLICATION)))).isPresent();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(LostLogPosition.reason(null)).isEmpty();
    assertThat(LostLogPosition.reason(jobFailure(new java.net.ConnectException("Connection refused")))).isEmpty();
    assertThat(LostLogPosition.reason(jobFailure(new IllegalStateException("splits still pending")))).isEmpty();
  }
}
