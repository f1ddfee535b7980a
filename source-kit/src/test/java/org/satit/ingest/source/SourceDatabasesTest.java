package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpecs;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.CitizenId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.ChangeSimulator.Kind;
import org.satit.ingest.source.EmisGenerator.Options;
import org.satit.ingest.source.EmisGenerator.Scale;

/**
 * The generated source in real servers: the embedded PostgreSQL (as the demo runs it) and the
 * machine's MariaDB. Same seed, same rows on both; keys on every table; the simulator's changes,
 * bad rows included, land in the source.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceDatabasesTest {

  @TempDir
  static Path dir;

  static EmbeddedSource postgres;
  static MariaDbDatabase mariadb;
  static SourceLoader.Result pgResult;
  static SourceLoader.Result myResult;

  @BeforeAll
  static void generateIntoBothEngines() throws Exception {
    postgres = EmbeddedSource.start(dir.resolve("pg"), 0);
    pgResult = SourceLoader.generate(postgres.target(), new EmisGenerator(Options.of(Scale.ESA, 7)),
        EmisGenerator.Progress.NONE, false);
    try {
      mariadb = MariaDbDatabase.create("satit_source_test");
      myResult = SourceLoader.generate(mariadb.target(), new EmisGenerator(Options.of(Scale.ESA, 7)),
          EmisGenerator.Progress.NONE, false);
    } catch (org.opentest4j.TestAbortedException e) {
      mariadb = null; // PostgreSQL tests still run; MariaDB ones are skipped with the message printed
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (mariadb != null) {
      mariadb.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static void requireMariaDb() throws SQLException {
    if (mariadb == null) {
      MariaDbDatabase.root(); // aborts the test with the reason
    }
  }

  @Test
  @Order(1)
  void embeddedPostgresIsReadyForLogicalDecoding() throws Exception {
    assertThat(postgres.walLevel()).isEqualTo("logical");
    assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
  }

  @Test
  @Order(2)
  void everyTableIsFilledAndHasItsPrimaryKeyInPostgres() throws Exception {
    try (Connection c = postgres.target().connect()) {
      assertSchema(c, "public");
    }
    assertThat(pgResult.rows()).allSatisfy((t, n) -> assertThat(n).as(t).isPositive());
    assertThat(pgResult.rows().get("student")).isBetween(15_000L, 80_000L);
  }

  @Test
  @Order(3)
  void everyTableIsFilledAndHasItsPrimaryKeyInMariaDb() throws Exception {
    requireMariaDb();
    try (Connection c = mariadb.target().connect()) {
      assertSchema(c, null);
    }
  }

  @Test
  @Order(4)
  void sameSeedGivesIdenticalRowsOnBothEngines() throws Exception {
    requireMariaDb();
    assertThat(myResult.rows()).isEqualTo(pgResult.rows());
    try (Connection pg = postgres.target().connect(); Connection my = mariadb.target().connect()) {
      for (SourceSpec t : SourceSpecs.all()) {
        if (!t.isEmisData()) {
          continue;
        }
        TableChecksum a = TableChecksum.of(pg, t);
        TableChecksum b = TableChecksum.of(my, t);
        assertThat(a.rows()).as(t.name()).isEqualTo(pgResult.rows().get(t.name()));
        assertThat(b).as(t.name()).isEqualTo(a);
      }
    }
  }

  @Test
  @Order(5)
  void theGenerationIsRecordedAndNotOverwrittenByAccident() throws Exception {
    try (Connection c = postgres.target().connect()) {
      Map<String, String> g = SourceLoader.generationOf(c);
      assertThat(g).containsEntry("scale", "esa").containsEntry("seed", "7").containsEntry("esa", "5003")
          .containsEntry("complete", "true");
    }
    assertThatThrownBy(() -> SourceLoader.generate(postgres.target(), new EmisGenerator(Options.of(Scale.ESA, 7)),
        EmisGenerator.Progress.NONE, false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("--replace");
  }

  @Test
  @Order(6)
  void simulatorChangesIncludingBadRowsAreVisibleInPostgres() throws Exception {
    runSimulatorAndCheck(postgres.target(), 400, 5_000);
  }

  @Test
  @Order(7)
  void simulatorWorksAgainstMariaDbToo() throws Exception {
    requireMariaDb();
    runSimulatorAndCheck(mariadb.target(), 200, 4_000);
  }

  private static void runSimulatorAndCheck(SourceLoader.Target target, double rate, long millis) throws Exception {
    LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).withNano(0).minusSeconds(1);
    Map<Kind, Long> counts;
    long errors;
    try (ChangeSimulator sim = new ChangeSimulator(target, new ChangeSimulator.Config(rate, 0.25, 11)).start()) {
      Thread.sleep(millis);
      sim.close();
      counts = sim.counts();
      errors = sim.errors();
    }
    assertThat(errors).isZero();
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).as("changes made: %s", counts).isGreaterThan((long) (rate * millis / 1000 * 0.5));
    for (Kind k : Kind.values()) {
      assertThat(counts.get(k)).as("changes of kind %s", k).isPositive();
    }
    try (Connection c = target.connect()) {
      assertThat(count(c, "SELECT COUNT(*) FROM nt_score WHERE score > 100 OR score < 0"))
          .isEqualTo(counts.get(Kind.BAD_SCORE_OUT_OF_RANGE));
      assertThat(count(c, "SELECT COUNT(*) FROM nt_score WHERE school_code = '" + ChangeSimulator.UNKNOWN_SCHOOL_CODE + "'"))
          .isEqualTo(counts.get(Kind.BAD_UNKNOWN_SCHOOL));
      assertThat(count(c, "SELECT COUNT(*) FROM nt_score WHERE student_id IS NULL"))
          .isEqualTo(counts.get(Kind.BAD_MISSING_KEY));
      assertThat(count(c, "SELECT COUNT(*) FROM supervision_visit WHERE visited_on = '" + ChangeSimulator.IMPOSSIBLE_DATE + "'"))
          .isEqualTo(counts.get(Kind.BAD_IMPOSSIBLE_DATE));
      long invalidIds = 0;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT citizen_id FROM student")) {
        while (rs.next()) {
          invalidIds += CitizenId.isValid(rs.getString(1)) ? 0 : 1;
        }
      }
      assertThat(invalidIds).isEqualTo(counts.get(Kind.BAD_CITIZEN_ID));
      assertThat(countSince(c, "SELECT COUNT(*) FROM enrollment WHERE updated_at >= ?", start))
          .as("enrollment rows changed by transfers and new students").isPositive();
      assertThat(countSince(c, "SELECT COUNT(*) FROM onet_score WHERE entered_at >= ?", start)
          + countSince(c, "SELECT COUNT(*) FROM nt_score WHERE entered_at >= ?", start)
          + countSince(c, "SELECT COUNT(*) FROM rt_score WHERE entered_at >= ?", start))
          .as("scores entered or corrected").isGreaterThanOrEqualTo(counts.get(Kind.NEW_SCORE));
      assertThat(countSince(c, "SELECT COUNT(*) FROM school WHERE updated_at >= ?", start)).isPositive();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long countSince(Connection c, String sql, LocalDateTime since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.valueOf(since));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Every source table of the specs exists with exactly its columns in order and its primary key. */
  private static void assertSchema(Connection c, String schema) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (SourceSpec t : SourceSpecs.all()) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(c.getCatalog(), schema, t.name(), null)) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME"));
        }
      }
      assertThat(columns).as("columns of %s", t.name()).isEqualTo(t.columnNames());
      Map<Integer, String> key = new TreeMap<>();
      try (ResultSet rs = md.getPrimaryKeys(c.getCatalog(), schema, t.name())) {
        while (rs.next()) {
          key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
      }
      assertThat(List.copyOf(key.values())).as("primary key of %s", t.name()).isEqualTo(t.key());
    }
  }
}
