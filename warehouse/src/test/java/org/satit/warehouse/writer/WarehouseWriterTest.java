package org.satit.warehouse.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WarehouseWriterTest {

  DuckDBConnection db;
  WarehouseWriter writer;

  @BeforeEach
  void open() throws Exception {
    db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    writer = new WarehouseWriter(db);
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  static RowChange score(long id, String school, String subject, String score) {
    return RowChange.upsert(WarehouseTable.FACT_TEST_SCORE, "ONET", id, 2563, 1000L + id, school, "P6", subject,
        new BigDecimal(score), null, null, null, null, null, LocalDateTime.of(2021, 3, 20, 9, 0));
  }

  static RowChange school(String code, int cluster, String name, LocalDateTime updated) {
    return RowChange.upsert(WarehouseTable.DIM_SCHOOL, code, "50030001", name, "Ban X School", "5003", cluster, "50",
        "ฝาง", "เวียง", "rural", "K1", "P6", false, LocalDate.of(1950, 1, 1), new BigDecimal("12.5"), "open", updated);
  }

  List<List<Object>> rows(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
              : v instanceof java.sql.Timestamp ts ? ts.toLocalDateTime() : v);
        }
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void changeColumnsMatchTheTables() throws SQLException {
    for (WarehouseTable t : WarehouseTable.values()) {
      List<Object> cols = rows("SELECT column_name FROM information_schema.columns WHERE table_name = '"
          + t.tableName() + "' ORDER BY ordinal_position").stream().map(r -> r.get(0)).toList();
      if (t == WarehouseTable.DIM_SCHOOL) {
        assertThat(cols).containsSubsequence(t.columns().toArray());
      } else {
        assertThat(cols).as(t.tableName()).isEqualTo(List.copyOf(t.columns()));
      }
    }
  }

  @Test
  void rollupsFollowInsertsUpdatesDeletesAndReplaysAddNothing() throws SQLException {
    Batch b1 = new Batch();
    b1.add(score(1, "1050131001", "MAT", "45.00"));
    b1.add(score(2, "1050131001", "MAT", "55.00"));
    b1.add(score(3, "1050131001", "MAT", "95.50"));
    b1.progress("emis", "onet_score", Instant.parse("2026-11-25T10:00:00Z"), "lsn:1");
    long v1 = writer.apply(b1);
    long v1again = writer.apply(b1); // a replay after a restart
    assertThat(v1again).isEqualTo(v1 + 1);
    String rollup = "SELECT takers, sum_score, at_least_50, h4, h5, h9 FROM rollup_school_score";
    assertThat(rows(rollup)).containsExactly(List.of(3L, "195.5", 2L, 1L, 1L, 1L));

    Batch b2 = new Batch();
    b2.add(score(1, "1050131001", "MAT", "60.00")); // correction 45 -> 60
    b2.add(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", 3L)); // erroneous row deleted
    b2.add(score(4, "1050131001", "MAT", "10.00"));
    b2.add(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", 4L)); // inserted and deleted in one batch
    writer.apply(b2);
    writer.apply(b2);
    assertThat(rows(rollup)).containsExactly(List.of(2L, "115", 2L, 0L, 1L, 0L)); // 55 in [50,60), 60 in [60,70)
    assertThat(rows("SELECT score_id, score FROM fact_test_score ORDER BY 1")).containsExactly(
        List.of(1L, "60"), List.of(2L, "55"));
    // the rollup equals a rebuild from the facts
    assertThat(rows(rollup)).isEqualTo(rows("SELECT COUNT(*), SUM(score), COUNT(*) FILTER (score >= 50), "
        + "COUNT(*) FILTER (score >= 40 AND score < 50), COUNT(*) FILTER (score >= 50 AND score < 60), "
        + "COUNT(*) FILTER (score >= 90) FROM fact_test_score"));

    Batch b3 = new Batch();
    b3.add(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", 1L));
    b3.add(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", 2L));
    writer.apply(b3);
    assertThat(rows(rollup)).isEmpty();
    assertThat(rows("SELECT table_name, rows_applied, last_position FROM ingest_table_state"))
        .containsExactly(List.of("onet_score", 2L, "lsn:1")); // one change per apply of b1 (applied twice)
  }

  static RowChange school(String code, String esa, String province, LocalDateTime updated) {
    return RowChange.upsert(WarehouseTable.DIM_SCHOOL, code, "50030001", "โรงเรียน", "School", esa, 500301, province,
        "ฝาง", "เวียง", "rural", "K1", "P6", false, LocalDate.of(1950, 1, 1), new BigDecimal("12.5"), "open", updated);
  }

  private static final String ESA_ROLLUP = "SELECT esa_code, province_code, subject_code, takers, sum_score, "
      + "at_least_50, h5 FROM rollup_esa_score ORDER BY ALL";
  private static final String ESA_REBUILT = "SELECT s.esa_code, s.province_code, f.subject_code, COUNT(*), SUM(f.score), "
      + "COUNT(*) FILTER (f.score >= 50), COUNT(*) FILTER (f.score >= 50 AND f.score < 60) FROM fact_test_score f "
      + "JOIN dim_school s ON s.school_code = f.school_code AND s.is_current WHERE s.esa_code IS NOT NULL "
      + "GROUP BY ALL ORDER BY ALL";
  private static final String NATION_ROLLUP = "SELECT subject_code, takers, sum_score FROM rollup_nation_score ORDER BY ALL";
  private static final String NATION_REBUILT = "SELECT subject_code, COUNT(*), SUM(score) FROM fact_test_score "
      + "GROUP BY ALL ORDER BY ALL";

  private void assertAreaRollupsEqualARebuild(String step) throws SQLException {
    assertThat(rows(ESA_ROLLUP)).as(step).isEqualTo(rows(ESA_REBUILT));
    assertThat(rows(NATION_ROLLUP)).as(step).isEqualTo(rows(NATION_REBUILT));
  }

  @Test
  void esaAndNationRollupsFollowScoresAndSchoolsThatMoveArriveLateOrGo() throws SQLException {
    LocalDateTime t0 = LocalDateTime.of(2021, 1, 1, 0, 0);
    Batch b1 = new Batch();
    b1.add(school("1050131001", "5003", "50", t0));
    b1.add(score(1, "1050131001", "MAT", "45.00"));
    b1.add(score(2, "1050131001", "MAT", "55.00"));
    b1.add(score(3, "1050131002", "MAT", "70.00")); // its school is not in the warehouse yet
    writer.apply(b1);
    writer.apply(b1); // a replay adds nothing
    assertThat(rows(ESA_ROLLUP)).containsExactly(List.of("5003", "50", "MAT", 2L, "100", 1L, 1L));
    assertThat(rows(NATION_ROLLUP)).containsExactly(List.of("MAT", 3L, "170"));
    assertAreaRollupsEqualARebuild("scores, one school unknown");

    Batch b2 = new Batch();
    b2.add(school("1050131002", "5003", "50", t0)); // arrives after its score
    b2.add(score(1, "1050131001", "MAT", "65.00")); // a correction
    writer.apply(b2);
    assertThat(rows(ESA_ROLLUP)).containsExactly(List.of("5003", "50", "MAT", 3L, "190", 3L, 1L));
    assertAreaRollupsEqualARebuild("late school, correction");

    Batch b3 = new Batch();
    b3.add(school("1050131001", "5101", "51", t0.plusYears(1))); // moves to another ESA and province
    b3.add(score(4, "1050131001", "MAT", "90.00")); // and a new score in the same batch
    writer.apply(b3);
    assertThat(rows(ESA_ROLLUP)).containsExactly(List.of("5003", "50", "MAT", 1L, "70", 1L, 0L),
        List.of("5101", "51", "MAT", 3L, "210", 3L, 1L));
    assertAreaRollupsEqualARebuild("school moved");

    Batch b4 = new Batch();
    b4.add(RowChange.delete(WarehouseTable.DIM_SCHOOL, "1050131002")); // closed: its results leave the ESA
    b4.add(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", 2L));
    writer.apply(b4);
    assertThat(rows(ESA_ROLLUP)).containsExactly(List.of("5101", "51", "MAT", 2L, "155", 2L, 0L));
    assertThat(rows(NATION_ROLLUP)).containsExactly(List.of("MAT", 3L, "225"));
    assertAreaRollupsEqualARebuild("school closed, score deleted");
  }

  @Test
  void theWriterTellsWhereItsTransactionsSpentTheirTime() throws SQLException {
    writer.times().reset();
    Batch b = new Batch();
    b.add(score(1, "1050131001", "MAT", "45.00"));
    b.add(score(2, "1050131001", "MAT", "55.00"));
    writer.apply(b);
    writer.apply(b);
    java.util.Map<String, Long> runs = new java.util.TreeMap<>();
    for (WriterTimes.Step st : writer.times().steps()) {
      runs.put(st.table() + ": " + st.step(), st.count());
      assertThat(st.nanos()).as(st.toString()).isPositive();
    }
    assertThat(runs).containsEntry("fact_test_score: stage", 2L)
        .containsEntry("fact_test_score: INSERT rollup_school_score", 2L)
        .containsEntry("fact_test_score: DELETE fact_test_score", 2L)
        .containsEntry("fact_test_score: INSERT fact_test_score", 2L)
        .containsEntry(WriterTimes.BATCH + ": bookkeeping", 2L)
        .containsEntry(WriterTimes.BATCH + ": COMMIT", 2L);
    writer.times().reset();
    assertThat(writer.times().steps()).isEmpty();
  }

  @Test
  void everyCommitTellsItsListenersTheVersionAndTheTablesItWrote() throws SQLException {
    List<WarehouseWriter.Commit> seen = new ArrayList<>();
    writer.onCommit(seen::add);
    writer.onCommit(c -> {
      throw new IllegalStateException("a broken listener must not break the writer");
    });
    Batch b = new Batch();
    b.add(score(1, "1050131001", "MAT", "45.00"));
    b.progress("emis", "onet_score", Instant.parse("2026-11-25T10:00:00Z"), "lsn:1");
    long v = writer.apply(b);
    Batch visit = new Batch();
    visit.add(school("1050131001", 500301, "โรงเรียนบ้านเอ็กซ์", LocalDateTime.of(2021, 1, 1, 0, 0)));
    long v2 = writer.apply(visit);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).version()).isEqualTo(v);
    assertThat(seen.get(0).tables()).containsExactlyInAnyOrder("fact_test_score", "rollup_school_score",
        "rollup_nation_score", "ingest_table_state", "warehouse_version"); // the rollups its script moved too
    assertThat(seen.get(1).version()).isEqualTo(v2);
    // the school arrives after its score: its results now count for its ESA (no scratch table is announced)
    assertThat(seen.get(1).tables()).containsExactlyInAnyOrder("dim_school", "rollup_esa_score", "warehouse_version");
  }

  static RowChange enrolment(long student, String school) {
    return RowChange.upsert(WarehouseTable.FACT_ENROLLMENT, 2563, student, school, "P6", 1,
        LocalDateTime.of(2020, 6, 10, 8, 0));
  }

  @Test
  void anEnrollmentChangeThatMovesASchoolsSizeBandReportsDimSchoolAsChanged() throws SQLException {
    Batch school = new Batch();
    school.add(school("1050131001", 500301, "บ้านหนองบัว", LocalDateTime.of(2020, 5, 1, 8, 0)));
    writer.apply(school);
    Batch small = new Batch();
    for (long s = 1; s <= 120; s++) {
      small.add(enrolment(s, "1050131001"));
    }
    writer.apply(small);
    assertThat(rows("SELECT pupils, size_band FROM dim_school WHERE is_current")).containsExactly(List.of(120L, "small"));

    List<WarehouseWriter.Commit> seen = new ArrayList<>();
    writer.onCommit(seen::add);
    Batch oneMore = new Batch();
    oneMore.add(enrolment(121, "1050131001")); // pupil 121: a primary school of 121 is medium
    writer.apply(oneMore);
    assertThat(rows("SELECT pupils, size_band FROM dim_school WHERE is_current")).containsExactly(List.of(121L, "medium"));
    assertThat(seen.get(0).tables()).as("what the enrollment commit changed")
        .contains("fact_enrollment", "rollup_school_enrollment", "dim_school");

    writer.apply(oneMore); // a replay moves no pupil count: the school is not touched, nor reported
    assertThat(seen.get(1).tables()).contains("fact_enrollment").doesNotContain("dim_school", "rollup_school_enrollment");

    // the school moves to another cluster: its new version carries the size too (the guarded UPDATE of dim_school.sql)
    Batch moved = new Batch();
    moved.add(school("1050131001", 500302, "บ้านหนองบัว", LocalDateTime.of(2026, 11, 1, 8, 0)));
    writer.apply(moved);
    assertThat(rows("SELECT cluster_id, pupils, size_band FROM dim_school ORDER BY valid_from"))
        .containsExactly(List.of(500301, 121L, "medium"), List.of(500302, 121L, "medium"));
  }

  @Test
  void aSchoolThatChangesClusterKeepsItsHistory() throws SQLException {
    LocalDateTime t0 = LocalDateTime.of(2020, 5, 1, 8, 0);
    LocalDateTime t1 = LocalDateTime.of(2026, 11, 25, 10, 0);
    Batch b = new Batch();
    b.add(school("1050131001", 500301, "บ้านหนองบัว", t0));
    writer.apply(b);
    writer.apply(b);
    Batch rename = new Batch();
    rename.add(school("1050131001", 500301, "บ้านหนองบัวทอง", t0.plusDays(1))); // type 1: in place
    writer.apply(rename);
    Batch move = new Batch();
    move.add(school("1050131001", 500302, "บ้านหนองบัวทอง", t1)); // type 2: new version
    writer.apply(move);
    writer.apply(move);
    assertThat(rows("SELECT cluster_id, name_th, valid_from, valid_to, is_current FROM dim_school ORDER BY valid_from"))
        .containsExactly(
            List.of(500301, "บ้านหนองบัวทอง", LocalDateTime.of(1900, 1, 1, 0, 0), t1, false),
            java.util.Arrays.asList(500302, "บ้านหนองบัวทอง", t1, null, true));
    Batch delete = new Batch();
    delete.add(RowChange.delete(WarehouseTable.DIM_SCHOOL, "1050131001"));
    writer.apply(delete);
    assertThat(rows("SELECT COUNT(*) FROM dim_school WHERE is_current")).containsExactly(List.of(0L));
  }

  @Test
  void quarantinedRowsAreKeptWithTheirReason() throws SQLException {
    Batch b = new Batch();
    b.quarantine(new Batch.Quarantined("emis", "nt_score", "score_out_of_range", "score 105.00", "lsn:9", "{\"score\":105}"));
    writer.apply(b);
    writer.apply(b); // a replay keeps it once
    assertThat(rows("SELECT table_name, reason, detail FROM quarantine"))
        .containsExactly(List.of("nt_score", "score_out_of_range", "score 105.00"));
  }
}
