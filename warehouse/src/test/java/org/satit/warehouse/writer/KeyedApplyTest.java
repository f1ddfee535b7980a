package org.satit.warehouse.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The large facts are applied by one indexed column of their key (fact_test_score by score_id, fact_enrollment
 * by student_key): a small batch finds its rows through the index, a large one scans, and the rows that share
 * the column's value but not the key are put back unchanged.
 */
class KeyedApplyTest {

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

  static RowChange score(String test, long id, String score) {
    return RowChange.upsert(WarehouseTable.FACT_TEST_SCORE, test, id, 2563, 1000L + id, "1050131001", "P6", "MAT",
        new BigDecimal(score), null, null, null, null, null, LocalDateTime.of(2021, 3, 20, 9, 0));
  }

  static RowChange enrolment(int year, long student, String grade) {
    return RowChange.upsert(WarehouseTable.FACT_ENROLLMENT, year, student, "1050131001", grade, 1,
        LocalDateTime.of(2020, 6, 10, 8, 0));
  }

  @Test
  void rowsThatShareTheIndexedColumnButNotTheKeyAreKept() throws SQLException {
    Batch first = new Batch();
    first.add(score("ONET", 5, "40.00"));
    first.add(score("NT", 5, "50.00"));
    first.add(score("RT", 5, "60.00"));
    first.add(score("ONET", 6, "70.00"));
    first.add(enrolment(2562, 7, "P5"));
    first.add(enrolment(2563, 7, "P6"));
    writer.apply(first);

    Batch second = new Batch();
    second.add(score("ONET", 5, "45.00"));
    second.add(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "NT", 5L));
    second.add(enrolment(2563, 7, "M1"));
    writer.apply(second);
    writer.apply(second); // a replay changes nothing

    assertThat(rows("SELECT test_code, score_id, score FROM fact_test_score ORDER BY ALL")).containsExactly(
        List.of("ONET", 5L, "45"), List.of("ONET", 6L, "70"), List.of("RT", 5L, "60"));
    assertThat(rows("SELECT academic_year, grade FROM fact_enrollment ORDER BY ALL")).containsExactly(
        List.of(2562, "P5"), List.of(2563, "M1"));
    assertThat(rows("SELECT test_code, takers, sum_score FROM rollup_school_score ORDER BY ALL"))
        .isEqualTo(rows("SELECT test_code, COUNT(*), SUM(score) FROM fact_test_score GROUP BY ALL ORDER BY ALL"));
    assertThat(rows("SELECT academic_year, grade, pupils FROM rollup_school_enrollment ORDER BY ALL"))
        .isEqualTo(rows("SELECT academic_year, grade, COUNT(*) FROM fact_enrollment GROUP BY ALL ORDER BY ALL"));
  }

  @Test
  void aSmallBatchFindsItsRowsThroughTheIndexAndALargeOneScans() throws SQLException {
    int rows = 600_000; // 75 keys through the index (rows / 8,000, KeyedLookups)
    execute("INSERT INTO fact_test_score SELECT (['ONET', 'NT', 'RT'])[1 + i % 3], i // 3, 2563, i, '1050131001', 'P6',"
        + " 'MAT', 50, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2021-03-20 09:00' FROM range(" + rows + ") t(i)");
    execute("INSERT INTO fact_enrollment SELECT 2561 + i % 3, i // 3, '1050131001', 'P6', 1,"
        + " TIMESTAMP '2020-06-10 08:00' FROM range(" + rows + ") t(i)");
    assertThat(plan(WarehouseTable.FACT_TEST_SCORE, "fact_test_score.sql", 20)).isEqualTo("Index Scan");
    assertThat(plan(WarehouseTable.FACT_ENROLLMENT, "fact_enrollment.sql", 20)).isEqualTo("Index Scan");
    assertThat(plan(WarehouseTable.FACT_TEST_SCORE, "fact_test_score.sql", 2_000)).isEqualTo("Sequential Scan");
  }

  private String plan(WarehouseTable table, String script, int keys) throws SQLException {
    assertThat(table.script()).endsWith(script);
    return KeyedPlans.of(db, table, keys).scan();
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }

  private List<List<Object>> rows(String sql) throws SQLException {
    return Rows.of(db, sql);
  }
}
