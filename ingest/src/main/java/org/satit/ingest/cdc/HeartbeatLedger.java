package org.satit.ingest.cdc;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The heartbeats of one source as they arrived in the warehouse, and the proof its stream lost nothing. satit
 * writes a heartbeat into the source every few seconds ({@link HeartbeatWriter}): one row whose {@code seq}
 * goes up by one with every write, stamped with the server's identity and the instant it was written. Every
 * committed write travels the stream like any change, so after the snapshot's read of the row the stream must
 * deliver each following number, in order:
 * <ul>
 *   <li>the next number: the stream goes on;</li>
 *   <li>a number already seen, written at the same instant: Flink replaying from its checkpoint (harmless);</li>
 *   <li>a number not above what the snapshot read: the log before the snapshot, replayed (harmless);</li>
 *   <li>a number further on: heartbeats, and so changes, were skipped (a slot created again, a log
 *       skipped);</li>
 *   <li>a number seen before but written at another instant, or a server of another identity: the source's
 *       history changed (restored from a backup, replaced).</li>
 * </ul>
 * The last two are {@link Verdict#broken}: the warehouse can no longer be proven to equal the source.
 */
final class HeartbeatLedger {

  /** What one arriving heartbeat means. {@code reason} is set when the stream is broken. */
  record Verdict(boolean advanced, String reason) {
    static final Verdict ADVANCED = new Verdict(true, null);
    static final Verdict REPLAYED = new Verdict(false, null);

    boolean broken() {
      return reason != null;
    }
  }

  private final String source;
  private final int kept;
  private String identity;
  private Long newest;
  private long snapshotBase = Long.MIN_VALUE;
  private final NavigableMap<Long, Long> recent;

  /**
   * {@code identity}: the server the warehouse's rows came from (null: not known yet); {@code newest}: the newest
   * heartbeat applied (null: none since the snapshot began); {@code snapshotRead}: the heartbeat the snapshot
   * read (null: not read yet); {@code recent}: recent heartbeats as they arrived, seq to micros.
   */
  HeartbeatLedger(String source, String identity, Long newest, Long snapshotRead, NavigableMap<Long, Long> recent,
                  int kept) {
    this.source = source;
    this.identity = identity;
    this.newest = newest;
    this.snapshotBase = snapshotRead == null ? Long.MIN_VALUE : snapshotRead;
    this.recent = new TreeMap<>(recent);
    this.kept = kept;
  }

  /** A snapshot of the source begins from this server: everything before it is forgotten. */
  void snapshotBegins(String serverIdentity) {
    identity = serverIdentity;
    newest = null;
    snapshotBase = Long.MIN_VALUE;
    recent.clear();
  }

  /**
   * Judges one heartbeat. {@code snapshotRead}: the snapshot read the row (op r), else it was streamed. A
   * verdict that is not broken has been taken into the ledger; a broken one leaves the ledger as it was.
   */
  Verdict arrived(long seq, long beatMicros, String serverIdentity, boolean snapshotRead) {
    if (identity != null && serverIdentity != null && !identity.equals(serverIdentity)) {
      return new Verdict(false, source + ": a heartbeat arrived from " + serverIdentity + ", but the warehouse's rows"
          + " came from " + identity + " (the source was replaced)");
    }
    if (identity == null) {
      identity = serverIdentity;
    }
    Long seen = recent.get(seq);
    if (seen != null) {
      return seen == beatMicros ? Verdict.REPLAYED : new Verdict(false, source + ": heartbeat " + seq
          + " arrived again with another time of writing: the source's history changed (restored from a backup?)");
    }
    if (snapshotRead) {
      snapshotBase = Math.max(snapshotBase, seq);
      return take(seq, beatMicros);
    }
    if (newest == null) {
      return take(seq, beatMicros); // the first heartbeat since the snapshot began
    }
    if (seq == newest + 1) {
      return take(seq, beatMicros);
    }
    if (seq <= snapshotBase) {
      return take(seq, beatMicros); // the log before the snapshot's read of the row, streamed after it
    }
    if (seq > newest) {
      return new Verdict(false, source + ": heartbeats " + (newest + 1) + (seq - 1 > newest + 1 ? "–" + (seq - 1) : "")
          + " never arrived: the stream skipped changes (replication slot created again, or a log position"
          + " skipped?)");
    }
    return new Verdict(false, source + ": heartbeat " + seq + " arrived again but is older than the "
        + recent.size() + " kept: it cannot be proven a replay");
  }

  private Verdict take(long seq, long beatMicros) {
    recent.put(seq, beatMicros);
    while (recent.size() > kept) {
      recent.pollFirstEntry();
    }
    boolean advanced = newest == null || seq > newest;
    if (advanced) {
      newest = seq;
    }
    return advanced ? Verdict.ADVANCED : Verdict.REPLAYED;
  }

  Long newest() {
    return newest;
  }
}
