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
    assertThat(seen.get(0).tables()).containsExactlyInAnyOrder("fact_test_score", "ingest_table_state", "warehouse_version");
    assertThat(seen.get(1).version()).isEqualTo(v2);
    assertThat(seen.get(1).tables()).containsExactlyInAnyOrder("dim_school", "warehouse_version");
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
