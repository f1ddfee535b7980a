package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.CitizenId;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * End to end against real parts: the embedded PostgreSQL source, Flink CDC in a MiniCluster, DuckDB.
 * Snapshot, then inserts, updates and deletes across all tables by the simulator: the warehouse equals
 * the source table by table (content checksums of the pseudonymised rows), bad rows are in quarantine
 * with the right reasons, and no citizen ID or name reaches the warehouse.
 */
public class PostgresIngestTest {

  /** The source under test: where it is, and how CDC reaches it. */
  interface Source extends AutoCloseable {
    SourceLoader.Target target();

    CdcSource cdc();
  }

  static Source embeddedPostgres(Path dir) throws Exception {
    EmbeddedSource pg = EmbeddedSource.start(dir, 0);
    return new Source() {
      public SourceLoader.Target target() {
        return pg.target();
      }

      public CdcSource cdc() {
        return new CdcSource("emis", CdcSource.Engine.POSTGRES, "127.0.0.1", pg.port(), EmbeddedSource.DATABASE,
            EmbeddedSource.USER, null);
      }

      public void close() throws Exception {
        pg.close();
      }
    };
  }

  public static final byte[] SECRET = "satit-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void snapshotThenStreamKeepsTheWarehouseEqualToTheSource() throws Exception {
    try (Source pg = embeddedPostgres(dir.resolve("pg"))) {
      snapshotThenStream(pg, dir);
    }
  }

  static void snapshotThenStream(Source pg, Path dir) throws Exception {
    Pseudonyms pseudonyms = new Pseudonyms(SECRET);
    try (DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"))) {
      SourceLoader.generate(pg.target(), new EmisGenerator(EmisGenerator.Options.of(EmisGenerator.Scale.ESA, 7)),
          EmisGenerator.Progress.NONE, false);
      // bad rows already in the source when the snapshot runs
      try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(200, 0.3, 5)).start()) {
        Thread.sleep(2000);
      }
      WarehouseIngest ingest = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      CdcSource source = pg.cdc();
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(source), ingest,
          IngestJob.Settings.defaults())) {
        assertThat(job.restoredFrom()).isEmpty();
        try (Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
          awaitEqual(src, wh, pseudonyms, 240);
          try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(300, 0.1, 9)).start()) {
            Thread.sleep(5000);
          }
          awaitEqual(src, wh, pseudonyms, 120);
          assertQuarantine(src, wh);
          assertNoPersonalData(src, wh);
          assertRollupMatchesFacts(wh);
        }
      }
    }
  }

  /** The incrementally kept rollup equals a rebuild from the facts. */
  public static void assertRollupMatchesFacts(Connection wh) throws SQLException {
    assertThat(rows(wh, "SELECT * FROM rollup_school_score WHERE takers > 0 ORDER BY ALL")).isEqualTo(rows(wh,
        "SELECT school_code, test_code, grade, subject_code, academic_year, COUNT(*), SUM(score), "
            + "SUM(score * score), COUNT(*) FILTER (score >= 50), "
            + "COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 0), COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 1), "
            + "COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 2), COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 3), "
            + "COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 4), COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 5), "
            + "COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 6), COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 7), "
            + "COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 8), COUNT(*) FILTER (LEAST(9, floor(score / 10)) = 9) "
            + "FROM fact_test_score GROUP BY ALL ORDER BY ALL"));
    assertThat(rows(wh, "SELECT * FROM rollup_school_enrollment ORDER BY ALL")).isEqualTo(rows(wh,
        "SELECT school_code, academic_year, grade, COUNT(*) FROM fact_enrollment GROUP BY ALL ORDER BY ALL"));
    assertThat(rows(wh, "SELECT * FROM rollup_school_visits ORDER BY ALL")).isEqualTo(rows(wh,
        "SELECT school_code, academic_year, COUNT(*), COUNT(rating), CAST(COALESCE(SUM(rating), 0) AS BIGINT), "
            + "COUNT(*) FILTER (follow_up) FROM fact_supervision_visit GROUP BY ALL ORDER BY ALL"));
    assertThat(rows(wh, "SELECT * FROM rollup_plc ORDER BY ALL")).isEqualTo(rows(wh,
        "SELECT cluster_id, COALESCE(school_code, ''), academic_year, COUNT(*), SUM(hours), "
            + "SUM(hours * participants) FROM fact_plc_activity GROUP BY ALL ORDER BY ALL"));
    // every current school version carries the band of its latest year's 10 June count
    assertThat(rows(wh, "SELECT d.school_code, d.pupils, d.size_band FROM dim_school d WHERE d.is_current "
        + "AND d.school_code IN (SELECT school_code FROM fact_enrollment) ORDER BY 1")).isEqualTo(rows(wh,
        "SELECT f.school_code, COUNT(*), CASE WHEN any_value(e.esa_type) = 'secondary' THEN CASE "
            + "WHEN COUNT(*) <= 499 THEN 'small' WHEN COUNT(*) <= 1499 THEN 'medium' WHEN COUNT(*) <= 2499 THEN 'large' "
            + "ELSE 'extra_large' END ELSE CASE WHEN COUNT(*) <= 120 THEN 'small' WHEN COUNT(*) <= 600 THEN 'medium' "
            + "WHEN COUNT(*) <= 1500 THEN 'large' ELSE 'extra_large' END END FROM fact_enrollment f "
            + "JOIN dim_school s ON s.school_code = f.school_code AND s.is_current JOIN dim_esa e ON e.esa_code = s.esa_code "
            + "WHERE f.academic_year = (SELECT MAX(academic_year) FROM fact_enrollment g WHERE g.school_code = f.school_code) "
            + "GROUP BY f.school_code ORDER BY 1"));
    assertThat(count(wh, "SELECT COUNT(DISTINCT size_band) FROM dim_school WHERE is_current")).as("several bands")
        .isGreaterThan(1);
  }

  /** A source query, the warehouse query that must give the same rows, and how source rows are pseudonymised. */
  record Pair(String name, String source, String warehouse, Function<List<Object>, List<Object>> transform) {
  }

  static List<Pair> pairs(Pseudonyms p) {
    Function<List<Object>, List<Object>> same = r -> r;
    Function<List<Object>, List<Object>> studentInColumn1 = r -> {
      List<Object> out = new ArrayList<>(r);
      out.set(1, p.studentKey(((Number) r.get(1)).longValue()));
      return out;
    };
    String knownSchool = "school_code IN (SELECT school_code FROM school)";
    String validScore = "student_id IS NOT NULL AND score BETWEEN 0 AND 100 AND " + knownSchool;
    return List.of(
        new Pair("province", "SELECT province_code, name_th, region FROM province",
            "SELECT province_code, name_th, region FROM dim_province", same),
        new Pair("esa_office", "SELECT esa_code, name_th, area_no FROM esa_office",
            "SELECT esa_code, name_th, area_no FROM dim_esa", same),
        new Pair("school_cluster", "SELECT cluster_id, esa_code, name_th FROM school_cluster",
            "SELECT cluster_id, esa_code, name_th FROM dim_cluster", same),
        new Pair("school", "SELECT school_code, cluster_id, name_en, distance_to_esa_km, updated_at FROM school",
            "SELECT school_code, cluster_id, name_en, distance_to_esa_km, source_updated_at FROM dim_school WHERE is_current", same),
        new Pair("teacher", "SELECT teacher_id, school_code, academic_standing, started_on FROM teacher",
            "SELECT teacher_id, school_code, academic_standing, started_on FROM dim_teacher", same),
        new Pair("enrollment", "SELECT academic_year, student_id, school_code, grade, updated_at FROM enrollment WHERE "
            + knownSchool, "SELECT academic_year, student_key, school_code, grade, source_updated_at FROM fact_enrollment",
            r -> {
              List<Object> out = new ArrayList<>(r);
              out.set(1, p.studentKey(((Number) r.get(1)).longValue()));
              return out;
            }),
        new Pair("onet_score", "SELECT score_id, student_id, school_code, subject_code, score, strand_2, entered_at "
            + "FROM onet_score WHERE " + validScore,
            "SELECT score_id, student_key, school_code, subject_code, score, strand_2, entered_at FROM fact_test_score "
                + "WHERE test_code = 'ONET'", studentInColumn1),
        new Pair("nt_score", "SELECT score_id, student_id, school_code, domain_code, score FROM nt_score WHERE " + validScore,
            "SELECT score_id, student_key, school_code, subject_code, score FROM fact_test_score WHERE test_code = 'NT'",
            studentInColumn1),
        new Pair("rt_score", "SELECT score_id, student_id, school_code, part_code, score FROM rt_score WHERE " + validScore,
            "SELECT score_id, student_key, school_code, subject_code, score FROM fact_test_score WHERE test_code = 'RT'",
            studentInColumn1),
        new Pair("pd_session", "SELECT session_id, cluster_id, held_on, hours FROM pd_session",
            "SELECT session_id, cluster_id, held_on, hours FROM fact_pd_session", same),
        new Pair("pd_attendance", "SELECT session_id, teacher_id, attended, hours_attended FROM pd_attendance",
            "SELECT session_id, teacher_id, attended, hours_attended FROM fact_pd_attendance", same),
        new Pair("supervision_visit", "SELECT visit_id, school_code, visited_on, rating, academic_year "
            + "FROM supervision_visit WHERE " + knownSchool,
            "SELECT visit_id, school_code, visited_on, rating FROM fact_supervision_visit", r -> {
              java.time.LocalDate day = ((java.sql.Date) r.get(2)).toLocalDate();
              int year = ((Number) r.get(4)).intValue();
              boolean possible = !day.isBefore(java.time.LocalDate.of(year - 543, 5, 1))
                  && !day.isAfter(java.time.LocalDate.of(year - 542, 4, 30));
              return possible ? r.subList(0, 4) : null;
            }),
        new Pair("plc_activity", "SELECT plc_id, school_code, met_on, hours, participants FROM plc_activity",
            "SELECT plc_id, school_code, met_on, hours, participants FROM fact_plc_activity", same));
  }

  public static void awaitEqual(Connection src, Connection wh, Pseudonyms p, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    Map<String, String> last = Map.of();
    while (System.currentTimeMillis() < deadline) {
      last = differences(src, wh, p);
      if (last.isEmpty()) {
        return;
      }
      Thread.sleep(1000);
    }
    assertThat(last).as("tables where the warehouse differs from the source").isEmpty();
  }

  public static Map<String, String> differences(Connection src, Connection wh, Pseudonyms p) throws SQLException {
    Map<String, String> diff = new LinkedHashMap<>();
    for (Pair pair : pairs(p)) {
      long[] a = digest(rows(src, pair.source()), pair.transform());
      long[] b = digest(rows(wh, pair.warehouse()), r -> r);
      if (a[0] != b[0] || a[1] != b[1]) {
        diff.put(pair.name(), "source " + a[0] + " rows, warehouse " + b[0] + (a[0] == b[0] ? " (content differs)" : ""));
      }
    }
    long validStudents = 0;
    for (List<Object> r : rows(src, "SELECT citizen_id FROM student")) {
      validStudents += CitizenId.isValid((String) r.get(0)) ? 1 : 0;
    }
    long inWarehouse = (Long) rows(wh, "SELECT COUNT(*) FROM dim_student").get(0).get(0);
    if (validStudents != inWarehouse) {
      diff.put("student", "source " + validStudents + " valid, warehouse " + inWarehouse);
    }
    return diff;
  }

  static long[] digest(List<List<Object>> rows, Function<List<Object>, List<Object>> transform) {
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

  static String norm(Object v) {
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

  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
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

  public static void assertQuarantine(Connection src, Connection wh) throws SQLException {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put(EmisMapping.SCORE_OUT_OF_RANGE, count(src, "SELECT COUNT(*) FROM nt_score WHERE score > 100 OR score < 0"));
    expected.put(EmisMapping.UNKNOWN_SCHOOL, count(src, "SELECT COUNT(*) FROM nt_score WHERE school_code = '"
        + ChangeSimulator.UNKNOWN_SCHOOL_CODE + "'"));
    expected.put(EmisMapping.MISSING_KEY, count(src, "SELECT COUNT(*) FROM nt_score WHERE student_id IS NULL"));
    expected.put(EmisMapping.IMPOSSIBLE_DATE, count(src, "SELECT COUNT(*) FROM supervision_visit WHERE visited_on = '"
        + ChangeSimulator.IMPOSSIBLE_DATE + "'"));
    long invalid = 0;
    for (List<Object> r : rows(src, "SELECT citizen_id FROM student")) {
      invalid += CitizenId.isValid((String) r.get(0)) ? 0 : 1;
    }
    expected.put(EmisMapping.INVALID_CITIZEN_ID, invalid);
    for (var e : expected.entrySet()) {
      assertThat(e.getValue()).as("bad rows of kind %s made by the simulator", e.getKey()).isPositive();
      assertThat(count(wh, "SELECT COUNT(*) FROM quarantine WHERE released_at IS NULL AND reason = '" + e.getKey() + "'"))
          .as("quarantined for %s: %s", e.getKey(), rows(wh, "SELECT table_name, detail, COUNT(*), "
              + "COUNT(DISTINCT row_json) FROM quarantine WHERE released_at IS NULL AND reason = '" + e.getKey()
              + "' GROUP BY ALL")).isEqualTo(e.getValue());
    }
  }

  public static void assertNoPersonalData(Connection src, Connection wh) throws SQLException {
    assertThat(count(wh, "SELECT COUNT(*) FROM information_schema.columns WHERE column_name IN "
        + "('citizen_id', 'first_name_th', 'last_name_th', 'birth_date', 'student_id')")).isZero();
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
    assertThat(leaks).as("citizen IDs or names in quarantine").isZero();
    assertThat(count(wh, "SELECT COUNT(*) FROM dim_student WHERE length(person_key) <> 32")).isZero();
  }
}
