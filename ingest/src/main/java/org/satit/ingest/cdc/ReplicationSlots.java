package org.satit.ingest.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL replication-slot housekeeping (SQL in {@code cdc/source.sql}): a slot nobody reads keeps WAL forever. */
public final class ReplicationSlots {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicationSlots.class);

  private ReplicationSlots() {
  }

  /**
   * Drops the slot if it exists and no reader holds it, and then its publication; returns true if the slot was
   * dropped. A slot a reader still holds keeps its publication too: without it, its changes could not be decoded.
   */
  public static boolean dropIfInactive(CdcSource s, String slot) throws SQLException {
    try (Connection c = s.connect()) {
      boolean dropped = SourceProbe.exists(c, "postgres.drop_inactive_slot", slot);
      if (dropped || !SourceProbe.exists(c, "postgres.slot", slot)) {
        try (var st = c.createStatement()) {
          st.execute("DROP PUBLICATION IF EXISTS " + slot.replaceAll("[^a-z0-9_]", "_"));
        }
      }
      return dropped;
    }
  }

  /**
   * Before a fresh snapshot: satit's own slot, left from a job that is gone, is dropped (a walsender still holding
   * it is ended first), so the snapshot makes a new one, after the publication it is decoded through. A slot kept
   * instead would begin before a publication made again meanwhile, and every change there would fail to decode.
   */
  static void dropForFreshSnapshot(CdcSource s) throws SQLException, InterruptedException {
    try (Connection c = s.connect()) {
      long deadline = System.currentTimeMillis() + 30_000;
      while (SourceProbe.exists(c, "postgres.slot", s.slotName())) {
        if (SourceProbe.exists(c, "postgres.drop_inactive_slot", s.slotName())) {
          LOG.info("dropped replication slot {} of source {}: the fresh snapshot makes a new one", s.slotName(), s.name());
          return;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new SQLException("replication slot " + s.slotName() + " of source " + s.name() + " is still read by"
              + " another process after 30 s: is a second satit reading this source?");
        }
        endReader(c, s.slotName());
        Thread.sleep(200);
      }
    }
  }

  private static void endReader(Connection c, String slot) throws SQLException {
    try (var ps = c.prepareStatement(SourceProbe.SQL.get("postgres.end_slot_reader"))) {
      ps.setString(1, slot);
      ps.executeQuery().close();
    }
  }
}
