package org.satit.warehouse.publish;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.NamedSql;

/**
 * How a release decides what the school cells show (docs/design/releases-over-time.md).
 *
 * <p>{@link #EVERY_CHANGE}: every cell shows the warehouse as it is (what satit did up to issue 17; the control of
 * {@code DifferencingAttackTest}, which shows that an archive of such releases gives single changes away).
 *
 * <p>{@link #STEPS_OF_K}: a school cell shows a published state — the records it held at the release that made the
 * state — and takes a new one only when its records now differ from <em>every</em> state it published before by none
 * or at least k records that never stood in another school (a cell new to a slice published before enters against
 * "absent": all its records); the levels above are the sums of the schools' published states, at the place of each cell's first state. So the difference
 * of any published cell between any two releases, and of any parent minus its shown children, comes from none or at
 * least k records.
 */
public enum ReleasePolicy {
  EVERY_CHANGE,
  STEPS_OF_K;

  static final NamedSql SQL = NamedSql.load("warehouse/publish/states.sql");

  /**
   * The school cells this release shows, into {@code release_school_cell} (new states recorded under release id);
   * returns how many school cells it holds back (their records differ from the state they show by fewer than k).
   */
  long prepare(DuckDBConnection c, long releaseId, int k) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(PublicScoreCells.SQL.get("school_cells_now"));
    }
    if (this == EVERY_CHANGE) {
      return 0;
    }
    try (Statement st = c.createStatement()) {
      for (String s : new String[] {"current_records", "latest_states", "candidates", "moved_records",
          "refresh_table"}) {
        st.execute(SQL.get(s));
      }
    }
    long held = 0;
    Map<String, List<Step>> differences = new HashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get("differences"))) {
      while (rs.next()) {
        differences.computeIfAbsent(key(rs), x -> new ArrayList<>()).add(new Step(rs.getLong(7), rs.getLong(8)));
      }
    }
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get("candidate_list"));
         DuckDBAppender refresh = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "release_refresh")) {
      while (rs.next()) {
        long takers = rs.getLong(6);
        boolean enters = rs.getBoolean(7) && rs.getBoolean(8); // new to a slice the public already saw
        boolean ok = !enters || takers == 0 || rs.getLong(9) >= k;
        // a shown cell does not step into a small group: its new count would be its shown count plus the step, which
        // any total above it shows when nothing else under that total changed; it keeps its last state until a step
        // brings it to k or more again, or to none
        ok &= !(rs.getBoolean(10) && takers > 0 && takers < k);
        for (Step step : differences.getOrDefault(key(rs), List.of())) {
          ok &= step.ofK(k);
        }
        if (!ok) {
          held++;
        } else {
          refresh.beginRow();
          for (int i = 1; i <= 4; i++) {
            refresh.append(rs.getString(i));
          }
          refresh.append(rs.getInt(5));
          refresh.endRow();
        }
      }
    }
    for (String s : new String[] {"new_states", "new_state_records"}) {
      try (PreparedStatement ps = c.prepareStatement(SQL.get(s))) {
        ps.setLong(1, releaseId);
        ps.executeUpdate();
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute(SQL.get("published_school_cells"));
    }
    return held;
  }

  /**
   * A school cell's records now against one of its published states: how many differ, and how many of those never
   * stood in another school. A moved record changes two schools and perhaps no parent of both, so only unmoved ones
   * make a step: then a parent's change against any earlier release holds the unmoved step of its latest refreshed
   * school, which no other school's record can cancel (rule 2b of the design).
   */
  private record Step(long changed, long unmoved) {
    boolean ofK(int k) {
      return changed == 0 || unmoved >= k;
    }
  }

  private static String key(ResultSet rs) throws SQLException {
    return rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getInt(5);
  }
}
