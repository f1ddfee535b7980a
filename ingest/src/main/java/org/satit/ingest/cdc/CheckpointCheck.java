package org.satit.ingest.cdc;

import java.util.List;
import java.util.Optional;
import org.satit.warehouse.writer.SourceLineage;

/**
 * Decides whether a checkpoint may be resumed against the server that answers for a source now. A checkpoint
 * holds a log position of one particular server; resumed against another server (a replacement, a restore
 * from a dump or backup, a failover), or after the slot or the binary log it needs is gone, it reads the
 * wrong changes or none at all, silently. So it is resumed only when the warehouse's record of the source
 * (its server identity, database and last streamed position, written with the rows) agrees with what the
 * server says now; otherwise the answer is why not, in one line.
 */
final class CheckpointCheck {

  private CheckpointCheck() {
  }

  static Optional<String> judge(CdcSource source, Optional<SourceLineage> recorded, SourceProbe.Observation now) {
    String name = source.name();
    if (recorded.isEmpty() || recorded.get().serverIdentity() == null) {
      return Optional.of(name + ": the warehouse does not record which server the checkpoint was taken from"
          + " (made by an earlier satit)");
    }
    SourceLineage was = recorded.get();
    if (!was.serverIdentity().equals(now.identity())) {
      return Optional.of(name + ": the server at " + source.host() + ":" + source.port() + " is " + now.identity()
          + ", not the server the checkpoint was taken from (" + was.serverIdentity() + ")");
    }
    if (was.database() != null && !was.database().equals(now.database())) {
      return Optional.of(name + ": the checkpoint was taken from database " + was.database() + ", the source is now "
          + now.database());
    }
    return source.engine() == CdcSource.Engine.POSTGRES ? postgres(source, was, now) : mysql(source, was, now);
  }

  private static Optional<String> postgres(CdcSource source, SourceLineage was, SourceProbe.Observation now) {
    if (!now.slotExists()) {
      return Optional.of(source.name() + ": replication slot " + source.slotName() + " is gone from the server"
          + " (dropped, or a failover to a server without it): the changes since the checkpoint cannot be read");
    }
    if (!now.publicationExists()) {
      return Optional.of(source.name() + ": publication " + source.slotName() + " is gone from the server (dropped):"
          + " the slot's changes cannot be decoded without it");
    }
    Long applied = lsn(was.lastPosition());
    if (applied != null && now.walPosition() != null && applied > now.walPosition()) {
      return Optional.of(source.name() + ": the warehouse holds changes up to LSN " + lsnText(applied)
          + " but the server's log ends at " + lsnText(now.walPosition()) + " (restored from a backup or a dump?)");
    }
    return Optional.empty();
  }

  private static Optional<String> mysql(CdcSource source, SourceLineage was, SourceProbe.Observation now) {
    String position = was.lastPosition();
    if (position == null || position.lastIndexOf(':') < 0) {
      return Optional.empty(); // nothing streamed yet: the checkpoint is from the snapshot, which reads tables
    }
    String file = position.substring(0, position.lastIndexOf(':'));
    long pos = Long.parseLong(position.substring(position.lastIndexOf(':') + 1));
    List<SourceProbe.Binlog> logs = now.binlogs();
    if (logs.isEmpty()) {
      return Optional.of(source.name() + ": the server has no binary log, the checkpoint needs " + file);
    }
    for (SourceProbe.Binlog log : logs) {
      if (log.file().equals(file)) {
        return pos > log.size()
            ? Optional.of(source.name() + ": the warehouse holds changes up to " + position + " but binlog " + file
                + " ends at " + log.size() + " (restored from a backup or a dump?)")
            : Optional.empty();
      }
    }
    String oldest = logs.get(0).file();
    String newest = logs.get(logs.size() - 1).file();
    if (sameSeries(file, oldest) && file.compareTo(oldest) < 0) {
      return Optional.of(source.name() + ": binlog " + file + " that the checkpoint needs is no longer on the server"
          + " (purged; the oldest is " + oldest + ")");
    }
    return Optional.of(source.name() + ": binlog " + file + " that the checkpoint needs is not on the server (its"
        + " binlogs run from " + oldest + " to " + newest + "; restored from a backup or a dump?)");
  }

  private static boolean sameSeries(String a, String b) {
    int i = a.lastIndexOf('.');
    int j = b.lastIndexOf('.');
    return i > 0 && j > 0 && a.substring(0, i).equals(b.substring(0, j));
  }

  /** The byte offset of a position "lsn:N" (as {@link ChangeDeserializer} writes it), or null. */
  static Long lsn(String position) {
    return position != null && position.startsWith("lsn:") ? Long.parseLong(position.substring(4)) : null;
  }

  /** An LSN as PostgreSQL writes it (e.g. 0/16B3748). */
  static String lsnText(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xffffffffL).toUpperCase();
  }
}
