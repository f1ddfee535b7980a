package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * An order-independent content checksum of a table: the sum of a 64-bit hash of every row, with
 * values normalised so the same data gives the same checksum in PostgreSQL and MySQL/MariaDB
 * (booleans as 0/1, decimals as plain strings, timestamps as ISO local date-times).
 */
public record TableChecksum(String table, long rows, long checksum) {

  public static TableChecksum of(Connection c, SourceSpec table) throws SQLException {
    String sql = "SELECT " + String.join(", ", table.columnNames()) + " FROM " + table.name();
    long rows = 0;
    long sum = 0;
    try (Statement st = c.createStatement()) {
      st.setFetchSize(c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres") ? 10_000
          : Integer.MIN_VALUE);
      boolean auto = c.getAutoCommit();
      if (st.getFetchSize() > 0) {
        c.setAutoCommit(false); // PostgreSQL streams only inside a transaction
      }
      try (ResultSet rs = st.executeQuery(sql)) {
        int n = table.columnNames().size();
        while (rs.next()) {
          Hasher h = Hashing.murmur3_128().newHasher();
          for (int i = 1; i <= n; i++) {
            h.putString(normalise(rs.getObject(i)), StandardCharsets.UTF_8).putByte((byte) 0x1f);
          }
          sum += h.hash().asLong();
          rows++;
        }
      } finally {
        if (st.getFetchSize() > 0) {
          c.commit();
          c.setAutoCommit(auto);
        }
      }
    }
    return new TableChecksum(table.name(), rows, sum);
  }

  static String normalise(Object v) {
    if (v == null) {
      return "\u2400";
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime().toString();
    }
    if (v instanceof java.time.LocalDateTime t) {
      return t.toString();
    }
    if (v instanceof Number n) {
      return Long.toString(n.longValue());
    }
    return v.toString().stripTrailing();
  }
}
