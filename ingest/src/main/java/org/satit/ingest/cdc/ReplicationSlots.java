package org.satit.ingest.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** PostgreSQL replication-slot housekeeping: a slot nobody reads keeps WAL forever. */
public final class ReplicationSlots {

  private ReplicationSlots() {
  }

  /** Drops the slot (and its publication) if it exists and no reader holds it; returns true if dropped. */
  public static boolean dropIfInactive(CdcSource s, String slot) throws SQLException {
    try (Connection c = s.connect();
         PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
             + "FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
      ps.setString(1, slot);
      boolean dropped;
      try (ResultSet rs = ps.executeQuery()) {
        dropped = rs.next();
      }
      try (var st = c.createStatement()) {
        st.execute("DROP PUBLICATION IF EXISTS " + slot.replaceAll("[^a-z0-9_]", "_"));
      }
      return dropped;
    }
  }
}
