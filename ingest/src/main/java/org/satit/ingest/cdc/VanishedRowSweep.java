package org.satit.ingest.cdc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import org.satit.warehouse.writer.KeySweep;
import org.satit.warehouse.writer.RowChange;
import org.satit.warehouse.writer.WarehouseTable;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * Before a fresh snapshot into a warehouse that already holds data: reads the primary key of every
 * row each EMIS table of the source holds now (plain JDBC, streamed), maps each to its warehouse key
 * the way ingest does, and deletes the warehouse rows no source row maps to. Runs before the job,
 * so a row inserted after the keys were read is brought in by the snapshot that follows; and once more
 * when streaming has begun, for rows deleted between that first run and the start of the stream.
 */
final class VanishedRowSweep {

  private VanishedRowSweep() {
  }

  static Map<WarehouseTable, Long> run(CdcSource source, EmisMapping mapping, PersonalData personal,
                                       WarehouseWriter writer)
      throws SQLException {
    if (!everIngested(writer.connection())) {
      return Map.of();
    }
    try (Connection src = source.connect();
         KeySweep sweep = writer.sweep()) {
      boolean mysql = source.engine() == CdcSource.Engine.MYSQL;
      src.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      for (SourceSpec spec : SourceSpecs.emisData()) {
        String table = spec.name();
        List<String> key = source.primaryKey(src, table);
        try (Statement st = src.createStatement()) {
          st.setFetchSize(mysql ? Integer.MIN_VALUE : 10_000);
          try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", key) + " FROM " + table)) {
            while (rs.next()) {
              Map<String, Object> k = new LinkedHashMap<>();
              for (int i = 0; i < key.size(); i++) {
                k.put(key.get(i), rs.getObject(i + 1));
              }
              RowChange keep = mapping.deleteOf(table, personal.protect(table, k));
              if (keep != null) {
                sweep.keep(keep);
              }
            }
          }
        }
      }
      src.commit();
      return sweep.finish();
    }
  }

  static boolean everIngested(Connection warehouse) throws SQLException {
    try (Statement st = warehouse.createStatement();
         ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(rows_applied), 0) FROM ingest_table_state")) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }
}
