package org.satit.ingest.verify;

import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.satit.ingest.spec.Reasons;
import org.satit.ingest.spec.PersonKeys;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.spec.CitizenId;
import org.satit.ingest.spec.SourceColumn;
import org.satit.ingest.spec.SourceColumn.Check;
import org.satit.ingest.spec.SourceColumn.Transform;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;

/**
 * Whether the warehouse equals its source, table by table: the rows a source table should give the warehouse
 * (valid rows, pseudonymised as ingest does) and the warehouse's rows, compared by count and by an
 * order-independent content checksum (the sum of each row's 128-bit hash); bad rows quarantined exactly as
 * often as the source holds them; no citizen ID or name anywhere. Used by the tests and by
 * {@code satit verify chaos}.
 */
public final class WarehouseComparison {

  private WarehouseComparison() {
  }

  /** One compared table: rows and checksum on each side. */
  public record Table(String name, long sourceRows, long sourceSum, long warehouseRows, long warehouseSum) {
    public boolean equal() {
      return sourceRows == warehouseRows && sourceSum == warehouseSum;
    }
  }

  /** A source query, the warehouse query that must give the same rows, and how source rows are pseudonymised. */
  public record Pair(String name, String source, String warehouse, Function<List<Object>, List<Object>> transform) {
  }

  /**
   * A pair per source table with a warehouse table, derived from its spec ({@code emis/tables.yaml}): every column
   * that reaches the warehouse, pseudonymised as ingest does, and the table's constants; the source rows that pass the
   * spec's checks, written here as SQL (and Java for the academic-year and citizen-ID checks), independently of the
   * mapping that applies them.
   */
  public static List<Pair> pairs(PersonKeys p) {
    List<Pair> out = new ArrayList<>();
    for (SourceSpec spec : SourceSpecs.emisData()) {
      out.add(pair(spec, p));
    }
    return out;
  }

  private static Pair pair(SourceSpec spec, PersonKeys p) {
    List<String> source = new ArrayList<>();
    List<String> warehouse = new ArrayList<>();
    List<Transform> transforms = new ArrayList<>();
    List<String> where = new ArrayList<>();
    List<java.util.function.Predicate<List<Object>>> valid = new ArrayList<>();
    for (SourceColumn c : spec.columns()) {
      if (c.to() == null) {
        continue;
      }
      int at = source.size();
      source.add(c.name());
      warehouse.add(c.to());
      transforms.add(c.transform());
      for (Check check : c.checks()) {
        if (check instanceof Check.Required) {
          where.add(c.name() + " IS NOT NULL");
        } else if (check instanceof Check.Range r) {
          where.add(c.name() + " BETWEEN " + r.lo().toPlainString() + " AND " + r.hi().toPlainString());
        } else if (check instanceof Check.KnownSchool k) {
          String known = c.name() + " IN (SELECT school_code FROM school)";
          where.add(k.optional() ? "(" + c.name() + " IS NULL OR " + known + ")" : known);
        } else if (check instanceof Check.ValidCitizenId) {
          valid.add(r -> CitizenId.isValid(r.get(at) == null ? null : r.get(at).toString().strip()));
        } else if (check instanceof Check.WithinYear w) {
          if (spec.column(w.yearColumn()).map(SourceColumn::to).isEmpty()) {
            throw new IllegalStateException(spec.name() + ": within_year needs " + w.yearColumn() + " in the warehouse");
          }
          valid.add(r -> {
            int yearAt = source.indexOf(w.yearColumn());
            if (r.get(at) == null || r.get(yearAt) == null) {
              return false;
            }
            java.time.LocalDate day = r.get(at) instanceof java.sql.Date d ? d.toLocalDate() : (java.time.LocalDate) r.get(at);
            int y = ((Number) r.get(yearAt)).intValue();
            return !day.isBefore(java.time.LocalDate.of(y - 543, 5, 1)) && !day.isAfter(java.time.LocalDate.of(y - 542, 4, 30));
          });
        }
      }
    }
    List<Object> constants = new ArrayList<>();
    spec.constants().forEach((column, value) -> {
      warehouse.add(column);
      constants.add(value);
    });
    spec.nulls().forEach(column -> {
      warehouse.add(column);
      constants.add(null);
    });
    String rows = spec.warehouseRows();
    String sourceSql = "SELECT " + String.join(", ", source) + " FROM " + spec.name()
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    String warehouseSql = "SELECT " + String.join(", ", warehouse) + " FROM " + spec.warehouse()
        + (rows == null ? "" : " WHERE " + rows);
    return new Pair(spec.name(), sourceSql, warehouseSql, r -> {
      for (var v : valid) {
        if (!v.test(r)) {
          return null; // not a valid source row: the warehouse must not have it
        }
      }
      List<Object> t = new ArrayList<>(r.size() + constants.size());
      for (int i = 0; i < r.size(); i++) {
        t.add(pseudonymised(transforms.get(i), r.get(i), p));
      }
      t.addAll(constants);
      return t;
    });
  }

  /** A source value as the warehouse holds it after the job's protection. */
  private static Object pseudonymised(Transform t, Object v, PersonKeys p) {
    if (v == null) {
      return null;
    }
    return switch (t) {
      case STUDENT_KEY -> p.studentKey(((Number) v).longValue());
      case PERSON_KEY -> p.personKey(v.toString().strip());
      case BIRTH_YEAR -> (v instanceof java.sql.Date d ? d.toLocalDate() : (java.time.LocalDate) v).getYear() + 543;
      default -> v;
    };
  }

  /** Every table compared, for a report of what was checked. */
  public static List<Table> compare(Connection src, Connection wh, PersonKeys p) throws SQLException {
    List<Table> out = new ArrayList<>();
    for (Pair pair : pairs(p)) {
      long[] a = digest(rows(src, pair.source()), pair.transform());
      long[] b = digest(rows(wh, pair.warehouse()), r -> r);
      out.add(new Table(pair.name(), a[0], a[1], b[0], b[1]));
    }
    return out;
  }

  public static Map<String, String> differences(Connection src, Connection wh, PersonKeys p) throws SQLException {
    Map<String, String> diff = new LinkedHashMap<>();
    for (Pair pair : pairs(p)) {
      long[] a = digest(rows(src, pair.source()), pair.transform());
      long[] b = digest(rows(wh, pair.warehouse()), r -> r);
      if (a[0] != b[0] || a[1] != b[1]) {
        diff.put(pair.name(), "source " + a[0] + " rows, warehouse " + b[0] + (a[0] == b[0] ? " (content differs)" : ""));
      }
    }
    return diff;
  }

  /**
   * For a table that differs: up to {@code limit} rows only the source should give and up to {@code limit} rows only
   * the warehouse has (after the same pseudonymisation), to say which changes went missing or stayed stale.
   */
  public static String explain(Connection src, Connection wh, PersonKeys p, String table, int limit) throws SQLException {
    Pair pair = pairs(p).stream().filter(x -> x.name().equals(table)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no compared table " + table));
    Map<String, Integer> source = multiset(rows(src, pair.source()), pair.transform());
    Map<String, Integer> warehouse = multiset(rows(wh, pair.warehouse()), r -> r);
    return table + ": only in the source " + surplus(source, warehouse, limit) + "; only in the warehouse "
        + surplus(warehouse, source, limit);
  }

  private static Map<String, Integer> multiset(List<List<Object>> rows, Function<List<Object>, List<Object>> transform) {
    Map<String, Integer> out = new java.util.HashMap<>();
    for (List<Object> r : rows) {
      List<Object> t = transform.apply(r);
      if (t != null) {
        out.merge(String.join(" | ", t.stream().map(WarehouseComparison::norm).toList()), 1, Integer::sum);
      }
    }
    return out;
  }

  private static List<String> surplus(Map<String, Integer> a, Map<String, Integer> b, int limit) {
    return a.entrySet().stream().filter(e -> e.getValue() > b.getOrDefault(e.getKey(), 0)).map(Map.Entry::getKey)
        .sorted().limit(limit).toList();
  }

  public static long[] digest(List<List<Object>> rows, Function<List<Object>, List<Object>> transform) {
    long sum = 0;
    long n = 0;
    for (List<Object> r : rows) {
      List<Object> t = transform.apply(r);
      if (t == null) {
        continue; // not a valid source row: the warehouse must not have it
      }
      n++;
      StringBuilder sb = new StringBuilder();
      for (Object v : t) {
        sb.append(norm(v)).append('\u001f');
      }
      sum += Hashing.murmur3_128().hashString(sb, StandardCharsets.UTF_8).asLong();
    }
    return new long[] {n, sum};
  }

  public static String norm(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime().toString();
    }
    if (v instanceof Number n) {
      return Long.toString(n.longValue());
    }
    return v.toString().stripTrailing();
  }

  public static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof BigDecimal d ? d.stripTrailingZeros() : v);
        }
        out.add(row);
      }
    }
    return out;
  }

  public static long count(Connection c, String sql) throws SQLException {
    return ((Number) rows(c, sql).get(0).get(0)).longValue();
  }

  /** Bad rows by reason as the source holds them, and what the warehouse's quarantine holds: any mismatch. */
  private static final org.satit.warehouse.NamedSql ROLLUPS = org.satit.warehouse.NamedSql.load("verify/rollups.sql");

  /** Rollups (and each school's size) that differ from a rebuild from the warehouse's facts, one line each. */
  public static List<String> rollupProblems(Connection wh) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String name : ROLLUPS.names()) {
      long differing = count(wh, ROLLUPS.get(name));
      if (differing != 0) {
        out.add(name + ": " + differing + " rows differ from a rebuild from the facts");
      }
    }
    return out;
  }

  public static List<String> quarantineProblems(Connection src, Connection wh) throws SQLException {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put(Reasons.SCORE_OUT_OF_RANGE, count(src, "SELECT COUNT(*) FROM nt_score WHERE score > 100 OR score < 0"));
    expected.put(Reasons.UNKNOWN_SCHOOL, count(src, "SELECT COUNT(*) FROM nt_score WHERE school_code = '"
        + ChangeSimulator.UNKNOWN_SCHOOL_CODE + "'"));
    expected.put(Reasons.MISSING_KEY, count(src, "SELECT COUNT(*) FROM nt_score WHERE student_id IS NULL"));
    expected.put(Reasons.IMPOSSIBLE_DATE, count(src, "SELECT COUNT(*) FROM supervision_visit WHERE visited_on = '"
        + ChangeSimulator.IMPOSSIBLE_DATE + "'"));
    long invalid = 0;
    for (List<Object> r : rows(src, "SELECT citizen_id FROM student")) {
      invalid += CitizenId.isValid((String) r.get(0)) ? 0 : 1;
    }
    expected.put(Reasons.INVALID_CITIZEN_ID, invalid);
    List<String> problems = new ArrayList<>();
    for (var e : expected.entrySet()) {
      long held = count(wh, "SELECT COUNT(*) FROM quarantine WHERE released_at IS NULL AND reason = '" + e.getKey() + "'");
      if (held != e.getValue()) {
        problems.add("quarantine " + e.getKey() + ": source holds " + e.getValue() + " such rows, quarantine " + held);
      }
    }
    return problems;
  }

  /** Citizen IDs, names or student numbers in the warehouse: any found. */
  public static List<String> personalDataProblems(Connection src, Connection wh) throws SQLException {
    List<String> problems = new ArrayList<>();
    long columns = count(wh, "SELECT COUNT(*) FROM information_schema.columns WHERE column_name IN "
        + "('citizen_id', 'first_name_th', 'last_name_th', 'birth_date', 'student_id')");
    if (columns > 0) {
      problems.add(columns + " columns named like personal data in the warehouse");
    }
    java.util.Set<String> citizenIds = new java.util.HashSet<>();
    for (List<Object> r : rows(src, "SELECT citizen_id FROM student UNION ALL SELECT citizen_id FROM teacher")) {
      citizenIds.add((String) r.get(0));
    }
    java.util.regex.Pattern thirteen = java.util.regex.Pattern.compile("(?<!\\d)\\d{13}(?!\\d)");
    long leaks = 0;
    for (List<Object> r : rows(wh, "SELECT row_json FROM quarantine")) {
      String json = (String) r.get(0);
      leaks += thirteen.matcher(json).results().filter(m -> citizenIds.contains(m.group())).count();
      leaks += json.contains("first_name") || json.contains("last_name") ? 1 : 0;
    }
    if (leaks > 0) {
      problems.add(leaks + " citizen IDs or names in quarantine");
    }
    long badKeys = count(wh, "SELECT COUNT(*) FROM dim_student WHERE length(person_key) <> 32");
    if (badKeys > 0) {
      problems.add(badKeys + " student keys that are not pseudonyms");
    }
    return problems;
  }
}
