package io.debezium.connector.postgresql.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.postgresql.connection.ReplicationMessage.Operation;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * satit's patched Debezium WalPositionLocator: where a restarted PostgreSQL stream resumes. The first case is the
 * message sequence of the change satit's ClusterIngestTest lost (Debezium 1.9.8 filtered it).
 */
class WalPositionLocatorTest {

  private static final Lsn Y = Lsn.valueOf("0/3595620");

  private static ReplicationMessage message(Operation op) {
    return (ReplicationMessage) Proxy.newProxyInstance(ReplicationMessage.class.getClassLoader(),
        new Class<?>[] {ReplicationMessage.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getOperation" -> op;
          case "isLastEventForLsn", "isTransactionalMessage", "hasTypeMetadata" -> false;
          case "toString" -> op.toString();
          default -> null;
        });
  }

  /** The locator's search, then its filter over the same messages as the stream sends them again. */
  private static Optional<Lsn> search(WalPositionLocator l, Object... lsnAndOp) {
    Optional<Lsn> found = Optional.empty();
    for (int i = 0; i < lsnAndOp.length && found.isEmpty(); i += 2) {
      found = l.resumeFromLsn((Lsn) lsnAndOp[i], message((Operation) lsnAndOp[i + 1]));
    }
    l.enableFiltering();
    return found;
  }

  @Test
  void theFirstTransactionAfterAQuietCheckpointIsReadAgainNotSkipped() {
    // the checkpoint stored the end of the last commit, Y; the next transaction begins at Y and its insert is at Y
    WalPositionLocator l = new WalPositionLocator(Y, Y);
    Lsn commit = Lsn.valueOf("0/3595708");
    assertThat(search(l, Y, Operation.BEGIN, Y, Operation.INSERT, commit, Operation.COMMIT)).contains(Y);
    assertThat(l.skipMessage(Y)).as("BEGIN").isFalse();
    assertThat(l.skipMessage(Y)).as("the INSERT Debezium 1.9.8 filtered").isFalse();
    assertThat(l.skipMessage(commit)).isFalse();
    assertThat(WalPositionLocator.SATIT_PATCH).isNotBlank();
  }

  @Test
  void aCommitSharingTheStoredLsnWithTheNextBeginStillResumesAtThatBegin() {
    // DBZ-6204's sequence: 123 COMMIT, 123 BEGIN, 123 INSERT, 124 COMMIT with 123 stored
    Lsn at = Lsn.valueOf(123L);
    WalPositionLocator l = new WalPositionLocator(at, at);
    assertThat(search(l, at, Operation.COMMIT, at, Operation.BEGIN, at, Operation.INSERT, Lsn.valueOf(124L),
        Operation.COMMIT)).contains(at);
    assertThat(l.skipMessage(at)).isFalse();
  }

  @Test
  void aStoredChangeInsideATransactionResumesAfterIt() {
    // BEGIN 100, INSERT 110 (stored: processed), INSERT 120 (not), COMMIT 130: resume at 120, no replay
    WalPositionLocator l = new WalPositionLocator(Lsn.valueOf(90L), Lsn.valueOf(110L));
    assertThat(search(l, Lsn.valueOf(100L), Operation.BEGIN, Lsn.valueOf(110L), Operation.INSERT, Lsn.valueOf(120L),
        Operation.INSERT, Lsn.valueOf(130L), Operation.COMMIT)).contains(Lsn.valueOf(120L));
    assertThat(l.skipMessage(Lsn.valueOf(100L))).isTrue();
    assertThat(l.skipMessage(Lsn.valueOf(110L))).isTrue();
    assertThat(l.skipMessage(Lsn.valueOf(120L))).isFalse();
  }

  @Test
  void thePatchedCopyIsTheOneOnTheClassPath() {
    assertThat(WalPositionLocator.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .doesNotContain("flink-sql-connector-postgres-cdc");
  }
}
