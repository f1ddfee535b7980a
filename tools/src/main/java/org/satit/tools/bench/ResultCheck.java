package org.satit.tools.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the rows of one dashboard query from the three paths. Calcite and DuckDB run the same SQL on
 * the same data: their rows must be equal in the same order (numbers to 1e-9 relative, since DuckDB's
 * parallel sums of doubles are not bit-stable from run to run). One exception is reported but accepted:
 * where Calcite types a measure as a DECIMAL (e.g. {@code 100.0 * SUM(x) / SUM(y)}), it returns DuckDB's
 * double cut to that DECIMAL's scale, so the two may differ by less than one unit of its last digit. The
 * source database computes the numbers another way (exact decimals): its rows are matched to DuckDB's by
 * their dimension values, and numbers must agree within 1e-6 (relative above 1).
 */
final class ResultCheck {

  static final double SAME_SQL_TOLERANCE = 1e-9;
  static final double SOURCE_TOLERANCE = 1e-6;
  private static final int MAX_REPORTED = 5;

  private ResultCheck() {
  }

  /** Reads every row of a result as plain Java values. */
  static List<List<Object>> rows(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(rs.getObject(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Mismatches of DuckDB's rows against Calcite's, row for row in order; {@code cut} gets the columns
   * Calcite returned as a DECIMAL cut to fewer digits than DuckDB's double (accepted, see above).
   */
  static List<String> sameRows(String query, List<String> columns, List<List<Object>> calcite,
                               List<List<Object>> duckdb, Set<String> cut) {
    List<String> out = new ArrayList<>();
    if (calcite.size() != duckdb.size()) {
      out.add(query + ": Calcite returned " + calcite.size() + " rows, DuckDB " + duckdb.size());
      return out;
    }
    for (int r = 0; r < calcite.size() && out.size() < MAX_REPORTED; r++) {
      List<Object> a = calcite.get(r);
      List<Object> b = duckdb.get(r);
      if (a.size() != b.size()) {
        out.add(query + ": row " + (r + 1) + " has " + a.size() + " columns through Calcite, " + b.size() + " on DuckDB");
        continue;
      }
      for (int c = 0; c < a.size(); c++) {
        if (same(a.get(c), b.get(c), SAME_SQL_TOLERANCE)) {
          continue;
        }
        if (cutToScale(a.get(c), b.get(c))) {
          cut.add(columns.get(c) + " (scale " + ((BigDecimal) a.get(c)).scale() + ")");
        } else {
          out.add(query + ": row " + (r + 1) + " column " + columns.get(c) + ": Calcite " + show(a.get(c)) + ", DuckDB "
              + show(b.get(c)) + " (row through Calcite: " + a + ")");
        }
      }
    }
    return out;
  }

  /**
   * Mismatches of the source database's rows against the warehouse's (DuckDB's): same number of rows,
   * rows matched by their first {@code keys} columns (the grouped dimensions), numbers within 1e-6.
   */
  static List<String> sourceRows(String query, List<String> columns, int keys, List<List<Object>> warehouse,
                                 List<List<Object>> source) {
    List<String> out = new ArrayList<>();
    if (warehouse.size() != source.size()) {
      out.add(query + ": the warehouse returned " + warehouse.size() + " rows, PostgreSQL " + source.size());
    }
    Map<List<Object>, List<Object>> byKey = new LinkedHashMap<>();
    for (List<Object> row : source) {
      if (row.size() != columns.size()) {
        out.add(query + ": PostgreSQL returned " + row.size() + " columns, the warehouse " + columns.size());
        return out;
      }
      byKey.put(key(row, keys), row);
    }
    for (List<Object> w : warehouse) {
      if (out.size() >= MAX_REPORTED) {
        break;
      }
      List<Object> k = key(w, keys);
      List<Object> s = byKey.get(k);
      if (s == null) {
        out.add(query + ": row " + k + " is in the warehouse but not in PostgreSQL's result");
        continue;
      }
      for (int c = keys; c < w.size(); c++) {
        if (!same(w.get(c), s.get(c), SOURCE_TOLERANCE)) {
          out.add(query + ": row " + k + " column " + columns.get(c) + ": warehouse " + show(w.get(c)) + ", PostgreSQL "
              + show(s.get(c)));
        }
      }
    }
    return out;
  }

  /** Calcite's DECIMAL value is DuckDB's number cut (or rounded) to the DECIMAL's scale. */
  private static boolean cutToScale(Object calcite, Object duckdb) {
    if (!(calcite instanceof BigDecimal d) || !(duckdb instanceof Number n) || d.scale() <= 0) {
      return false;
    }
    double unit = Math.pow(10, -d.scale());
    return Math.abs(d.doubleValue() - n.doubleValue()) < unit * (1 + 1e-9);
  }

  private static List<Object> key(List<Object> row, int keys) {
    List<Object> k = new ArrayList<>(keys);
    for (int i = 0; i < keys; i++) {
      k.add(normal(row.get(i)));
    }
    return k;
  }

  /** Strings without trailing blanks (CHAR columns), numbers as plain decimals: comparable across drivers. */
  private static Object normal(Object v) {
    if (v instanceof String s) {
      return s.stripTrailing();
    }
    if (v instanceof Number n) {
      return decimal(n).stripTrailingZeros().toPlainString();
    }
    return v;
  }

  static boolean same(Object a, Object b, double tolerance) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (a instanceof Number x && b instanceof Number y) {
      if (integral(x) && integral(y)) {
        return decimal(x).compareTo(decimal(y)) == 0;
      }
      double p = x.doubleValue();
      double q = y.doubleValue();
      if (Double.isNaN(p) || Double.isNaN(q)) {
        return Double.isNaN(p) && Double.isNaN(q);
      }
      return Math.abs(p - q) <= tolerance * Math.max(1.0, Math.max(Math.abs(p), Math.abs(q)));
    }
    return Objects.equals(normal(a), normal(b));
  }

  private static boolean integral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
        || n instanceof BigInteger;
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  private static String show(Object v) {
    return v == null ? "NULL" : v + " (" + v.getClass().getSimpleName() + ")";
  }
}
