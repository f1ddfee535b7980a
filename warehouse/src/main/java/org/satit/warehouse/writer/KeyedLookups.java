package org.satit.warehouse.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;

/**
 * Chooses, per table and batch, whether the writer's keyed statements find their rows through the table's
 * single-column index or by scanning it (docs/design/duckdb-keyed-apply.md). A keyed DELETE is a hash join of
 * the staged keys against the table; DuckDB hands the keys to the table's scan as a list, which then uses the
 * index, only up to {@code dynamic_or_filter_threshold} keys (a setting of the writer's connection). An index
 * lookup costs ~15–20 µs a key whatever the table's size, a scan ~2 ns a row: measured on 22M scores, 1,000 keys
 * take 21 ms through the index against 38 ms scanned, 7,000 keys 100 ms against 60 ms. So the threshold is the
 * table's rows ÷ {@value #ROWS_PER_INDEXED_KEY} (never under DuckDB's default of {@value #DUCKDB_DEFAULT}): a
 * batch of fewer keys goes through the index, a larger one (a burst) scans once.
 */
final class KeyedLookups {

  static final long ROWS_PER_INDEXED_KEY = 8_000;
  static final long DUCKDB_DEFAULT = 50;
  /** Row counts are estimates, read again after this many batches of the table. */
  private static final int REFRESH_EVERY = 64;

  private final Connection connection;
  private final Map<WarehouseTable, long[]> estimates = new EnumMap<>(WarehouseTable.class); // {rows, uses}
  private long current = -1;

  KeyedLookups(Connection connection) {
    this.connection = connection;
  }

  /** Sets the threshold for the table's statements of this batch (only when it differs from the last). */
  void before(WarehouseTable table) throws SQLException {
    long threshold = threshold(rows(table));
    if (threshold != current) {
      try (Statement st = connection.createStatement()) {
        st.execute("SET dynamic_or_filter_threshold = " + threshold);
      }
      current = threshold;
    }
  }

  static long threshold(long rows) {
    return Math.max(DUCKDB_DEFAULT, rows / ROWS_PER_INDEXED_KEY);
  }

  /** DuckDB's estimate of the table's rows (from its catalogue: no scan). */
  static long estimatedRows(Connection connection, WarehouseTable table) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT estimated_size FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?")) {
      ps.setString(1, table.tableName());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private long rows(WarehouseTable table) throws SQLException {
    long[] e = estimates.computeIfAbsent(table, t -> new long[] {-1, 0});
    if (e[0] < 0 || ++e[1] % REFRESH_EVERY == 0) {
      e[0] = estimatedRows(connection, table);
    }
    return e[0];
  }
}
