package org.satit.warehouse.writer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as lists, decimals without trailing zeros (for comparing warehouse states in tests). */
final class Rows {

  private Rows() {
  }

  static List<List<Object>> of(Connection db, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v);
        }
        out.add(row);
      }
    }
    return out;
  }
}
