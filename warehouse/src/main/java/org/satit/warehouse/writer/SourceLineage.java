package org.satit.warehouse.writer;

import java.time.Instant;

/**
 * What the warehouse records about one configured source: the server its rows were snapshotted from, how far
 * its stream got, the newest heartbeat that arrived, and the last snapshot with its reason. Written in the
 * same transactions as the rows, so it is exactly as current as the warehouse.
 *
 * @param serverIdentity the source server's identity when the snapshot began (null: none recorded)
 * @param lastPosition   the log position of the last streamed change applied ("lsn:N" or "file:pos"), or null
 * @param heartbeatSeq   the newest heartbeat applied, or null
 * @param heartbeatAt    when satit wrote that heartbeat into the source
 * @param heartbeatRead  the heartbeat the last snapshot read (the stream may replay those up to it), or null
 * @param snapshotReason why the last snapshot was taken
 * @param streamingSince when the stream after that snapshot delivered its first heartbeat (null: snapshot running)
 */
public record SourceLineage(String sourceName, String serverIdentity, String database, String slot,
                            String lastPosition, Long heartbeatSeq, Instant heartbeatAt, String snapshotReason,
                            Instant snapshotAt, Instant streamingSince, Long heartbeatRead) {

  /** Whether a snapshot has begun and its stream has not delivered a heartbeat yet. */
  public boolean snapshotRunning() {
    return snapshotAt != null && streamingSince == null;
  }
}
