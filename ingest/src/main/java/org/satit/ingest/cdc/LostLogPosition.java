package org.satit.ingest.cdc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a job failure that says the source can no longer give the changes after the checkpoint, so every
 * restart from it fails the same way and the only way on is a fresh snapshot. Recognised by the message, which
 * survives Flink's serialisation of the failure:
 * <ul>
 *   <li>MySQL/MariaDB: the binary log position is gone (purged while satit was down, or a server restored without
 *       it): "The connector is trying to read binlog starting at …, but this is no longer available on the server";</li>
 *   <li>PostgreSQL: satit's publication was dropped (and perhaps created again) after the slot's position, so
 *       pgoutput cannot decode the changes there: {@code publication "satit_emis" does not exist}.</li>
 * </ul>
 */
final class LostLogPosition {

  private static final String PURGED = "but this is no longer available on the server";
  private static final Pattern NO_PUBLICATION = Pattern.compile("publication \"([^\"]+)\" does not exist");

  private LostLogPosition() {
  }

  /** The one-line reason for the fresh snapshot, if the failure (or one of its causes) is a lost log position. */
  static Optional<String> reason(Throwable failure) {
    for (Throwable t : Causes.of(failure)) {
      String m = t.getMessage();
      if (m == null) {
        continue;
      }
      if (m.contains(PURGED)) {
        int at = m.indexOf("binlog starting at");
        String where = at < 0 ? "" : " (" + m.substring(at, m.indexOf(PURGED)).replaceAll("[,\\s]+$", "") + ")";
        return Optional.of("the binlog position of the checkpoint is no longer on the server (purged?)" + where);
      }
      Matcher p = NO_PUBLICATION.matcher(m);
      if (p.find()) {
        return Optional.of("publication " + p.group(1) + " was dropped after the replication slot's position: the"
            + " changes there cannot be decoded (the slot is made again)");
      }
    }
    return Optional.empty();
  }
}
