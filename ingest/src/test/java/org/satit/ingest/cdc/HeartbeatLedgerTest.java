package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What each arriving heartbeat means for the proof that the stream lost nothing. */
class HeartbeatLedgerTest {

  private static final String A = "postgresql 111";

  private static HeartbeatLedger fresh() {
    HeartbeatLedger l = new HeartbeatLedger("emis", null, null, null, new TreeMap<>(), 100);
    l.snapshotBegins(A);
    return l;
  }

  @Test
  void theSnapshotReadThenTheReplayedLogBeforeItThenEachNextNumberIsAnUnbrokenStream() {
    HeartbeatLedger l = fresh();
    assertThat(l.arrived(50, 5000, A, true).advanced()).isTrue();
    for (long seq = 45; seq <= 50; seq++) { // the log before the snapshot read, streamed after it
      assertThat(l.arrived(seq, seq * 100, A, false).broken()).as("seq %d", seq).isFalse();
    }
    assertThat(l.arrived(51, 5100, A, false).advanced()).isTrue();
    assertThat(l.arrived(52, 5200, A, false).advanced()).isTrue();
    assertThat(l.newest()).isEqualTo(52);
  }

  @Test
  void aReplayOfHeartbeatsAlreadySeenIsHarmless() {
    HeartbeatLedger l = fresh();
    l.arrived(10, 1000, A, true);
    l.arrived(11, 1100, A, false);
    l.arrived(12, 1200, A, false);
    HeartbeatLedger.Verdict again = l.arrived(11, 1100, A, false);
    assertThat(again.broken()).isFalse();
    assertThat(again.advanced()).isFalse();
    assertThat(l.arrived(13, 1300, A, false).advanced()).isTrue();
  }

  @Test
  void skippedHeartbeatsBreakTheStream() {
    HeartbeatLedger l = fresh();
    l.arrived(10, 1000, A, true);
    l.arrived(11, 1100, A, false);
    HeartbeatLedger.Verdict v = l.arrived(15, 1500, A, false);
    assertThat(v.broken()).isTrue();
    assertThat(v.reason()).contains("heartbeats 12–14 never arrived");
    assertThat(l.newest()).as("a broken verdict leaves the ledger as it was").isEqualTo(11);
  }

  @Test
  void aHeartbeatFromAnotherServerBreaksTheStream() {
    HeartbeatLedger l = fresh();
    l.arrived(10, 1000, A, true);
    HeartbeatLedger.Verdict v = l.arrived(11, 1100, "postgresql 222", false);
    assertThat(v.broken()).isTrue();
    assertThat(v.reason()).contains("postgresql 222").contains(A).contains("replaced");
  }

  @Test
  void aKnownNumberWrittenAtAnotherInstantMeansTheSourceHistoryChanged() {
    HeartbeatLedger l = fresh();
    l.arrived(10, 1000, A, true);
    l.arrived(11, 1100, A, false);
    l.arrived(12, 1200, A, false);
    // restored from a backup taken at heartbeat 10: the server writes 11 and 12 again, later
    HeartbeatLedger.Verdict v = l.arrived(11, 9100, A, false);
    assertThat(v.broken()).isTrue();
    assertThat(v.reason()).contains("history changed");
  }

  @Test
  void aReplayOlderThanWhatIsKeptCannotBeProven() {
    TreeMap<Long, Long> recent = new TreeMap<>();
    recent.put(500L, 50_000L);
    HeartbeatLedger l = new HeartbeatLedger("emis", A, 500L, 100L, recent, 100);
    assertThat(l.arrived(90, 9_000, A, false).broken()).as("before the snapshot's read: the log replayed").isFalse();
    assertThat(l.arrived(300, 30_000, A, false).broken()).as("after it, not kept").isTrue();
  }

  @Test
  void theLedgerLoadedFromTheWarehouseGoesOnWhereItStopped() {
    TreeMap<Long, Long> recent = new TreeMap<>();
    recent.put(7L, 700L);
    recent.put(8L, 800L);
    HeartbeatLedger l = new HeartbeatLedger("emis", A, 8L, 3L, recent, 100);
    assertThat(l.arrived(8, 800, A, false).broken()).isFalse();
    assertThat(l.arrived(9, 900, A, false).advanced()).isTrue();
    assertThat(l.arrived(11, 1100, A, false).broken()).isTrue();
  }
}
