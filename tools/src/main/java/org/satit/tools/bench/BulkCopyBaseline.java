package org.satit.tools.bench;

import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.satit.ingest.source.SourceLoader;

/**
 * The bulk-copy baseline of {@code satit bench ingest}: every EMIS table read with plain JDBC (one
 * streaming SELECT per table) and written with the DuckDB appender into a table of the same columns.
 * No mapping, no pseudonyms, no rollups, no CDC: the fastest simple way to copy the same data.
 */
public final class BulkCopyBaseline {

  /** Rows copied and how long it took. */
  public record Result(long rows, long millis) {
    public double rowsPerSecond() {
      return rows * 1000.0 / Math.max(1, millis);
    }
  }

  private BulkCopyBaseline() {
  }

  public static Result copy(SourceLoader.Target source, Path duckdbFile) throws SQLException {
    long start = System.nanoTime();
    long rows = 0;
    try (Connection src = source.connect();
         DuckDBConnection dst = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + duckdbFile.toAbsolutePath())) {
      src.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      for (SourceSpec t : SourceSpecs.all()) {
        if (t.isEmisData()) {
          rows += copyTable(src, dst, t.name());
        }
      }
      src.commit();
    }
    return new Result(rows, (System.nanoTime() - start) / 1_000_000);
  }

  private static long copyTable(Connection src, DuckDBConnection dst, String table) throws SQLException {
    long rows = 0;
    try (Statement st = src.createStatement()) {
      st.setFetchSize(10_000);
      try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>();
        int[] types = new int[n];
        for (int i = 1; i <= n; i++) {
          types[i - 1] = md.getColumnType(i);
          columns.add('"' + md.getColumnName(i) + "\" " + duckType(md, i));
        }
        try (Statement ddl = dst.createStatement()) {
          ddl.execute("CREATE OR REPLACE TABLE " + table + " (" + String.join(", ", columns) + ")");
        }
        try (DuckDBAppender a = dst.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
          while (rs.next()) {
            a.beginRow();
            for (int i = 1; i <= n; i++) {
              append(a, rs, i, types[i - 1]);
            }
            a.endRow();
            rows++;
          }
        }
      }
    }
    return rows;
  }

  private static String duckType(ResultSetMetaData md, int i) throws SQLException {
    return switch (md.getColumnType(i)) {
      case Types.SMALLINT, Types.TINYINT, Types.INTEGER -> "INTEGER";
      case Types.BIGINT -> "BIGINT";
      case Types.NUMERIC, Types.DECIMAL -> "DECIMAL(" + Math.min(38, Math.max(1, md.getPrecision(i))) + ","
          + Math.max(0, md.getScale(i)) + ")";
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> "DOUBLE";
      case Types.BOOLEAN, Types.BIT -> "BOOLEAN";
      case Types.DATE -> "DATE";
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP";
      default -> "VARCHAR";
    };
  }

  private static void append(DuckDBAppender a, ResultSet rs, int i, int type) throws SQLException {
    switch (type) {
      case Types.SMALLINT, Types.TINYINT, Types.INTEGER -> {
        int v = rs.getInt(i);
        if (rs.wasNull()) {
          a.appendNull();
        } else {
          a.append(v);
        }
      }
      case Types.BIGINT -> {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          a.appendNull();
        } else {
          a.append(v);
        }
      }
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
        double v = rs.getDouble(i);
        if (rs.wasNull()) {
          a.appendNull();
        } else {
          a.append(v);
        }
      }
      case Types.BOOLEAN, Types.BIT -> {
        boolean v = rs.getBoolean(i);
        if (rs.wasNull()) {
          a.appendNull();
        } else {
          a.append(v);
        }
      }
      case Types.NUMERIC, Types.DECIMAL -> appendOrNull(a, rs.getBigDecimal(i));
      case Types.DATE -> {
        java.sql.Date d = rs.getDate(i);
        if (d == null) {
          a.appendNull();
        } else {
          a.append(d.toLocalDate());
        }
      }
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
        java.sql.Timestamp t = rs.getTimestamp(i);
        if (t == null) {
          a.appendNull();
        } else {
          a.append(t.toLocalDateTime());
        }
      }
      default -> {
        String s = rs.getString(i);
        if (s == null) {
          a.appendNull();
        } else {
          a.append(s);
        }
      }
    }
  }

  private static void appendOrNull(DuckDBAppender a, java.math.BigDecimal v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }
}
