package org.satit.warehouse.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * A first snapshot appends the large facts without a keyed apply; the first batch of its stream removes what was
 * appended twice (a part read again after a restart) and builds the rollups from the facts. The result equals
 * the same changes applied by keys, rollups moved by differences.
 */
class SnapshotAppendTest {

  static RowChange score(long id, String school, String score) {
    return RowChange.upsert(WarehouseTable.FACT_TEST_SCORE, "ONET", id, 2563, 1000L + id, school, "P6", "MAT",
        new BigDecimal(score), null, null, null, null, null, LocalDateTime.of(2021, 3, 20, 9, 0));
  }

  static RowChange enrolment(long student, String school, String grade) {
    return RowChange.upsert(WarehouseTable.FACT_ENROLLMENT, 2563, student, school, grade, 1,
        LocalDateTime.of(2020, 6, 10, 8, 0));
  }

  static RowChange school(String code) {
    return RowChange.upsert(WarehouseTable.DIM_SCHOOL, code, "50030001", "บ้าน " + code, "Ban " + code, "5003",
        500301, "50", "ฝาง", "เวียง", "rural", "K1", "P6", false, LocalDate.of(1950, 1, 1), new BigDecimal("12.5"),
        "open", LocalDateTime.of(2020, 5, 1, 8, 0));
  }

  static RowChange teacher(long id, String school) {
    return RowChange.upsert(WarehouseTable.DIM_TEACHER, id, "pk" + id, "F", school, "ครู", "ชำนาญการ", "MAT",
        LocalDate.of(2015, 5, 16));
  }

  static RowChange session(long id, int year) {
    return RowChange.upsert(WarehouseTable.FACT_PD_SESSION, id, year, "5003", 500301, "อบรม", "active_learning",
        "online", LocalDate.of(year - 543, 8, 1), new BigDecimal("6.0"));
  }

  static RowChange attendance(long session, long teacher, boolean attended) {
    return RowChange.upsert(WarehouseTable.FACT_PD_ATTENDANCE, session, teacher, attended,
        new BigDecimal(attended ? "6.0" : "0.0"));
  }

  /** The snapshot in three batches, the second a replay of part of the first after a restart, then the stream. */
  static List<Batch> batches(boolean append) {
    List<Batch> out = new ArrayList<>();
    Consumer<Batch> snapshot = b -> {
      if (append) {
        b.appendSnapshot();
      }
    };
    Batch schools = new Batch();
    schools.add(school("1050131001"));
    schools.add(school("1050131002"));
    for (long t = 1; t <= 6; t++) {
      schools.add(teacher(t, t <= 3 ? "1050131001" : "1050131002"));
    }
    schools.add(session(1, 2562));
    schools.add(session(2, 2563));
    snapshot.accept(schools);
    out.add(schools);
    Batch first = new Batch();
    for (long i = 1; i <= 130; i++) {
      first.add(score(i, i % 2 == 0 ? "1050131001" : "1050131002", (i % 100) + ".50"));
      first.add(enrolment(i, i <= 125 ? "1050131001" : "1050131002", "P6"));
    }
    for (long t = 1; t <= 6; t++) {
      first.add(attendance(1, t, t != 2));
      first.add(attendance(2, t, t % 2 == 0));
    }
    snapshot.accept(first);
    out.add(first);
    Batch replay = new Batch(); // read again after a restart: the rows of 100..130 once more
    for (long i = 100; i <= 130; i++) {
      replay.add(score(i, i % 2 == 0 ? "1050131001" : "1050131002", (i % 100) + ".50"));
      replay.add(enrolment(i, i <= 125 ? "1050131001" : "1050131002", "P6"));
    }
    replay.add(attendance(2, 5, true)); // read twice: its second read newer (attended after all)
    snapshot.accept(replay);
    out.add(replay);
    Batch stream = new Batch();
    stream.add(score(7, "1050131001", "99.00")); // a correction
    stream.add(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", 8L));
    stream.add(RowChange.delete(WarehouseTable.FACT_ENROLLMENT, 2563, 3L));
    stream.add(score(131, "1050131002", "12.00"));
    stream.add(teacher(3, "1050131002")); // moves school: its PD hours with it
    stream.add(session(1, 2563)); // moves year: its attendances with it
    stream.add(attendance(2, 1, true)); // a correction
    stream.add(RowChange.delete(WarehouseTable.FACT_PD_ATTENDANCE, 1L, 6L));
    stream.add(attendance(3, 4, true)); // a session not known yet: counted when it arrives (below)
    out.add(stream);
    Batch late = new Batch();
    late.add(session(3, 2563)); // after its attendance
    out.add(late);
    return out;
  }

  @Test
  void appendedSnapshotEndsEqualToAKeyedApply() throws Exception {
    String[] queries = {
        "SELECT * FROM fact_test_score ORDER BY ALL",
        "SELECT * FROM fact_enrollment ORDER BY ALL",
        "SELECT * FROM rollup_school_score ORDER BY ALL",
        "SELECT * FROM rollup_school_enrollment ORDER BY ALL",
        "SELECT school_code, pupils, size_band FROM dim_school WHERE is_current ORDER BY ALL",
        "SELECT * FROM fact_pd_attendance ORDER BY ALL",
        "SELECT * FROM rollup_school_pd ORDER BY ALL",
        "SELECT t.school_code, s.academic_year, SUM(a.hours_attended), COUNT(*) FILTER (a.attended), COUNT(*)"
            + " FROM fact_pd_attendance a JOIN fact_pd_session s USING (session_id) JOIN dim_teacher t USING (teacher_id)"
            + " GROUP BY ALL ORDER BY ALL",
        "SELECT * FROM rollup_esa_score ORDER BY ALL",
        "SELECT * FROM rollup_nation_score ORDER BY ALL"};
    List<List<List<Object>>> appended = new ArrayList<>();
    List<List<List<Object>>> keyed = new ArrayList<>();
    for (boolean append : new boolean[] {true, false}) {
      try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
        WarehouseWriter writer = new WarehouseWriter(db);
        List<Batch> batches = batches(append);
        for (int i = 0; i < batches.size(); i++) {
          writer.apply(batches.get(i));
          if (append && i == 2) {
            assertThat(rows(db, "SELECT COUNT(*) FROM fact_test_score")).as("appended twice, before the stream")
                .containsExactly(List.of(161L));
            assertThat(rows(db, "SELECT COUNT(*) FROM rollup_school_score")).as("no rollup moved by appends")
                .containsExactly(List.of(0L));
          }
        }
        for (String q : queries) {
          (append ? appended : keyed).add(rows(db, q));
        }
      }
    }
    assertThat(appended).isEqualTo(keyed);
    assertThat(keyed.get(0)).hasSize(130); // 131 scores, one deleted
    assertThat(keyed.get(8)).as("ESA rollup").hasSize(1).first().satisfies(r -> assertThat(r.get(6)).isEqualTo(130L));
    assertThat(keyed.get(4)).containsExactly(List.of("1050131001", 124L, "medium"), List.of("1050131002", 5L, "small"));
    assertThat(keyed.get(6)).as("the PD rollup kept by differences equals a rebuild").isEqualTo(keyed.get(7))
        // all in 2563 (session 1 moved there): 1050131001 keeps teachers 1 and 2 (session 1: 1 attended, 2 not;
        // session 2: both), 1050131002 has 3 (moved there), 4, 5, 6 (6's attendance of session 1 deleted; 4's of
        // session 3, which arrived after it)
        .containsExactly(List.of("1050131001", 2563, "18", 3L, 4L), List.of("1050131002", 2563, "42", 7L, 8L));
  }

  @Test
  void whatAStoppedFirstSnapshotAppendedIsMadeWholeByTheNextWriterBeforeItsFirstKeyedBatch() throws Exception {
    try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
      List<Batch> batches = batches(true);
      WarehouseWriter first = new WarehouseWriter(db);
      for (Batch b : batches.subList(0, 3)) {
        first.apply(b); // the snapshot's reads; then satit stops before its stream began
      }
      assertThat(rows(db, "SELECT COUNT(*) FROM rollup_school_score")).containsExactly(List.of(0L));
      // a later start (say, a fresh snapshot after its checkpoints were lost) applies by keys from its first batch
      WarehouseWriter second = new WarehouseWriter((DuckDBConnection) db.duplicate());
      Batch resnapshot = new Batch();
      resnapshot.add(score(1, "1050131002", "1.00"));
      second.apply(resnapshot);
      assertThat(rows(db, "SELECT COUNT(*) FROM fact_test_score")).containsExactly(List.of(130L));
      assertThat(rows(db, "SELECT * FROM rollup_school_score ORDER BY ALL")).isEqualTo(rows(db,
          "SELECT school_code, test_code, grade, subject_code, academic_year, COUNT(*), SUM(score), SUM(score * score),"
              + " COUNT(*) FILTER (score >= 50), " + bands() + " FROM fact_test_score GROUP BY ALL ORDER BY ALL"));
      assertThat(rows(db, "SELECT appended_not_whole FROM writer_state")).containsExactly(List.of(false));
    }
  }

  private static String bands() {
    List<String> out = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      out.add("COUNT(*) FILTER (LEAST(9, floor(score / 10)) = " + b + ")");
    }
    return String.join(", ", out);
  }

  private static List<List<Object>> rows(DuckDBConnection db, String sql) throws SQLException {
    return Rows.of(db, sql);
  }
}
