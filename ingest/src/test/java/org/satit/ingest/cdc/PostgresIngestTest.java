package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.writer.WarehouseWriter;
import org.satit.ingest.verify.WarehouseComparison;

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
    assertThat(org.satit.ingest.verify.WarehouseComparison.rollupProblems(wh)).isEmpty();
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
    StringBuilder detail = new StringBuilder();
    for (String table : last.keySet()) {
      if (!table.equals("student")) {
        detail.append('\n').append(WarehouseComparison.explain(src, wh, p, table, 5));
      }
    }
    assertThat(last).as("tables where the warehouse differs from the source%s", detail).isEmpty();
  }

  public static Map<String, String> differences(Connection src, Connection wh, Pseudonyms p) throws SQLException {
    return WarehouseComparison.differences(src, wh, p);
  }

  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    return WarehouseComparison.rows(c, sql);
  }

  public static long count(Connection c, String sql) throws SQLException {
    return WarehouseComparison.count(c, sql);
  }

  public static void assertQuarantine(Connection src, Connection wh) throws SQLException {
    for (String kind : List.of(EmisMapping.SCORE_OUT_OF_RANGE, EmisMapping.UNKNOWN_SCHOOL, EmisMapping.MISSING_KEY,
        EmisMapping.IMPOSSIBLE_DATE, EmisMapping.INVALID_CITIZEN_ID)) {
      assertThat(count(wh, "SELECT COUNT(*) FROM quarantine WHERE released_at IS NULL AND reason = '" + kind + "'"))
          .as("the simulator made bad rows of kind %s", kind).isPositive();
    }
    assertThat(WarehouseComparison.quarantineProblems(src, wh)).isEmpty();
  }

  public static void assertNoPersonalData(Connection src, Connection wh) throws SQLException {
    assertThat(WarehouseComparison.personalDataProblems(src, wh)).isEmpty();
  }
}
