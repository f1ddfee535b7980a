package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.satit.warehouse.writer.WarehouseWriter;

/** The local applier's own state stays what the warehouse holds, also when a batch fails to commit. */
class WarehouseIngestTest {

  private static final String SCHOOL = "1099990001";

  @Test
  void rowsHeldForASchoolAreReleasedWhenItArrivesAgainAfterABatchThatFailedToCommit() throws Exception {
    try (DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
      WarehouseIngest ingest = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()),
          new Pseudonyms(PostgresIngestTest.SECRET));
      // a PLC meeting naming a school the warehouse does not know yet: held in quarantine
      ingest.apply(List.of(change("plc_activity", Map.of("plc_id", 7L), plc(7L))));
      assertThat(count(duck, "SELECT COUNT(*) FROM quarantine WHERE released_at IS NULL")).isEqualTo(1);

      // the school arrives in a batch the warehouse fails to commit (its PLC table is briefly unavailable)
      try (Statement st = duck.createStatement()) {
        st.execute("ALTER TABLE fact_plc_activity RENAME TO fact_plc_activity_away");
      }
      assertThatThrownBy(() -> ingest.apply(List.of(change("school", Map.of("school_code", SCHOOL), school()))))
          .isInstanceOf(SQLException.class);
      try (Statement st = duck.createStatement()) {
        st.execute("ALTER TABLE fact_plc_activity_away RENAME TO fact_plc_activity");
      }
      assertThat(count(duck, "SELECT COUNT(*) FROM dim_school")).as("nothing of the failed batch").isZero();

      // Flink replays the batch: the school comes, and with it the meeting held for it
      ingest.apply(List.of(change("school", Map.of("school_code", SCHOOL), school())));
      assertThat(count(duck, "SELECT COUNT(*) FROM dim_school WHERE is_current")).isEqualTo(1);
      assertThat(count(duck, "SELECT COUNT(*) FROM fact_plc_activity WHERE plc_id = 7")).isEqualTo(1);
      assertThat(count(duck, "SELECT COUNT(*) FROM quarantine WHERE released_at IS NULL")).isZero();
    }
  }

  private static SourceChange change(String table, Map<String, Object> key, Map<String, Object> row) {
    return new SourceChange("emis", table, 'c', key, row, System.currentTimeMillis(), "0/1");
  }

  private static Map<String, Object> plc(long id) {
    Map<String, Object> r = new HashMap<>();
    r.put("plc_id", id);
    r.put("academic_year", 2567);
    r.put("level", "school");
    r.put("school_code", SCHOOL);
    r.put("cluster_id", 1);
    r.put("met_on", (int) LocalDate.of(2024, 7, 1).toEpochDay());
    r.put("topic", "lesson_study");
    r.put("hours", new BigDecimal("1.5"));
    r.put("participants", 4);
    return r;
  }

  private static Map<String, Object> school() {
    Map<String, Object> r = new HashMap<>();
    r.put("school_code", SCHOOL);
    r.put("smis_code", "99990001");
    r.put("name_th", "โรงเรียนทดสอบ");
    r.put("name_en", "Test School");
    r.put("esa_code", "5003");
    r.put("cluster_id", 1);
    r.put("province_code", "50");
    r.put("amphoe_th", "เมือง");
    r.put("tambon_th", "ในเมือง");
    r.put("location_type", "urban");
    r.put("lowest_grade", "P1");
    r.put("highest_grade", "P6");
    r.put("extended_opportunity", false);
    r.put("founded_on", (int) LocalDate.of(1980, 5, 16).toEpochDay());
    r.put("distance_to_esa_km", new BigDecimal("12.5"));
    r.put("status", "open");
    r.put("updated_at", 1_700_000_000_000_000L);
    return r;
  }

  private static long count(DuckDBConnection duck, String sql) throws SQLException {
    return org.satit.ingest.verify.WarehouseComparison.count(duck, sql);
  }
}
