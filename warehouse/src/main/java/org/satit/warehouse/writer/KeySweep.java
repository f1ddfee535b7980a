package org.satit.warehouse.writer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Removes warehouse rows whose source rows are gone: the caller offers the key of every row the
 * sources hold now (as delete changes: key only); {@link #finish()} deletes every live warehouse row
 * whose key was not offered, through the writer, so rollups move with them. Keys are streamed into
 * DuckDB (sweep_* tables), not held in memory, so this works at country scale.
 *
 * <p>Only for a start without a checkpoint, before the ingest job runs: nothing else writes then.
 */
public final class KeySweep implements AutoCloseable {

  private static final int DELETE_BATCH = 50_000;

  private final WarehouseWriter writer;
  private final DuckDBConnection connection;
  private final Map<WarehouseTable, DuckDBAppender> appenders = new EnumMap<>(WarehouseTable.class);

  KeySweep(WarehouseWriter writer, DuckDBConnection connection) throws SQLException {
    this.writer = writer;
    this.connection = connection;
    try (Statement st = connection.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        st.execute("CREATE OR REPLACE TABLE " + sweepTable(t) + " AS SELECT " + String.join(", ", t.key()) + " FROM "
            + t.tableName() + " LIMIT 0");
      }
    }
  }

  private static String sweepTable(WarehouseTable t) {
    return "sweep_" + t.tableName();
  }

  /** A key the sources still hold. */
  public void keep(RowChange keyOnly) throws SQLException {
    if (!keyOnly.delete()) {
      throw new IllegalArgumentException("offer keys as delete changes");
    }
    DuckDBAppender a = appenders.get(keyOnly.table());
    if (a == null) {
      a = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, sweepTable(keyOnly.table()));
      appenders.put(keyOnly.table(), a);
    }
    WarehouseWriter.appendRow(a, keyOnly.values(), null);
  }

  /** Deletes what was not kept; returns how many rows of each table went. */
  public Map<WarehouseTable, Long> finish() throws SQLException {
    for (DuckDBAppender a : appenders.values()) {
      a.close();
    }
    appenders.clear();
    Map<WarehouseTable, Long> removed = new EnumMap<>(WarehouseTable.class);
    for (WarehouseTable t : WarehouseTable.values()) {
      String keys = String.join(", ", t.key());
      String live = t == WarehouseTable.DIM_SCHOOL ? " WHERE is_current" : "";
      List<RowChange> gone = new ArrayList<>();
      long count = 0;
      try (Statement st = connection.createStatement();
           ResultSet rs = st.executeQuery("SELECT " + keys + " FROM " + t.tableName() + live + " EXCEPT SELECT " + keys
               + " FROM " + sweepTable(t))) {
        int n = t.key().size();
        while (rs.next()) {
          Object[] k = new Object[n];
          for (int i = 0; i < n; i++) {
            k[i] = rs.getObject(i + 1);
          }
          gone.add(RowChange.delete(t, k));
          count++;
          if (gone.size() == DELETE_BATCH) {
            apply(gone);
          }
        }
      }
      apply(gone);
      if (count > 0) {
        removed.put(t, count);
      }
    }
    return removed;
  }

  private void apply(List<RowChange> deletes) throws SQLException {
    if (deletes.isEmpty()) {
      return;
    }
    Batch batch = new Batch();
    deletes.forEach(batch::add);
    writer.apply(batch);
    deletes.clear();
  }

  @Override
  public void close() throws SQLException {
    for (DuckDBAppender a : appenders.values()) {
      a.close();
    }
    try (Statement st = connection.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        st.execute("DROP TABLE IF EXISTS " + sweepTable(t));
      }
    }
  }
}
