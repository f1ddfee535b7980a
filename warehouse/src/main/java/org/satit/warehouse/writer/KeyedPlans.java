package org.satit.warehouse.writer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.satit.warehouse.SqlScript;

/**
 * How the writer's keyed DELETEs read their tables: each scripted table's {@code DELETE <table>} statement run
 * under {@code EXPLAIN ANALYZE} for a batch of {@code keys} keys sampled from the table, with the threshold the
 * writer would set (KeyedLookups), then rolled back. Plain {@code EXPLAIN} does not show the choice, made at run
 * time. Used by the benchmark (to show it at country scale) and by a test (to fail when it stops).
 */
public final class KeyedPlans {

  /** One table's keyed DELETE: {@code scan} is "Index Scan" or "Sequential Scan". */
  public record Plan(String table, long rows, int keys, String scan, double millis) {
  }

  private KeyedPlans() {
  }

  /** The plans of every scripted table's keyed DELETE (the connection must not be in a transaction). */
  public static List<Plan> of(Connection c, int keys) throws SQLException {
    List<Plan> out = new ArrayList<>();
    for (WarehouseTable t : WarehouseTable.values()) {
      if (t.script() != null && delete(t) != null) {
        out.add(of(c, t, keys));
      }
    }
    return out;
  }

  /** The plan of the table's keyed DELETE for a batch of {@code keys} of its keys. */
  public static Plan of(Connection c, WarehouseTable table, int keys) throws SQLException {
    String delete = delete(table);
    if (delete == null) {
      throw new IllegalArgumentException(table.tableName() + " has no keyed DELETE in its script");
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("DELETE FROM stg_del_" + table.tableName());
      st.execute("INSERT INTO stg_del_" + table.tableName() + " SELECT " + String.join(", ", table.key()) + " FROM "
          + table.tableName() + " USING SAMPLE " + keys + " ROWS");
      new KeyedLookups(c).before(table);
      long rows = KeyedLookups.estimatedRows(c, table);
      StringBuilder text = new StringBuilder();
      long start = System.nanoTime();
      try (ResultSet rs = st.executeQuery("EXPLAIN ANALYZE " + delete)) {
        while (rs.next()) {
          text.append(rs.getString(2));
        }
      }
      double ms = (System.nanoTime() - start) / 1e6;
      return new Plan(table.tableName(), rows, keys, scanOf(text.toString(), table.tableName()), ms);
    } finally {
      c.rollback();
      c.setAutoCommit(auto);
    }
  }

  /** The scan type of the table's own scan in a rendered plan (the staged keys are scanned too). */
  static String scanOf(String plan, String table) {
    int at = plan.indexOf("main." + table + " ");
    if (at < 0) {
      throw new IllegalStateException("no scan of " + table + " in the plan:\n" + plan);
    }
    String scan = plan.substring(at, Math.min(plan.length(), at + 600));
    return scan.contains("Index Scan") ? "Index Scan" : scan.contains("Sequential Scan") ? "Sequential Scan"
        : "unknown: " + scan;
  }

  private static String delete(WarehouseTable t) {
    return SqlScript.load(t.script()).statements().stream()
        .filter(s -> SqlScript.label(s).equals("DELETE " + t.tableName())).findFirst().orElse(null);
  }
}
