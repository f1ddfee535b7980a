package org.satit.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  @Test
  void appliesEachMigrationOnceOnARealDuckDb() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(Migrations.apply(c)).isEqualTo(Migrations.FILES.size());
      assertThat(Migrations.apply(c)).isZero();
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT version FROM warehouse_version")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isZero();
      }
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO quarantine (source_name, table_name, reason, row_json) VALUES ('s', 't', 'missing_key', '{}')");
        try (ResultSet rs = st.executeQuery("SELECT quarantine_id, reason FROM quarantine")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isPositive();
          assertThat(rs.getString(2)).isEqualTo("missing_key");
        }
      }
    }
  }

  @Test
  void aWarehouseOfVersion7KeepsItsFactsAndGetsTheOneColumnIndexesAndThePdRollup() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      assertThat(Migrations.apply(c, 7)).isEqualTo(7);
      st.execute("INSERT INTO fact_test_score VALUES ('ONET', 5, 2563, 77, '1050131001', 'P6', 'MAT', 45.5, NULL, NULL,"
          + " NULL, NULL, NULL, TIMESTAMP '2021-03-20 09:00'), ('NT', 5, 2563, 77, '1050131001', 'P3', 'MTH', 60, NULL,"
          + " NULL, NULL, NULL, NULL, TIMESTAMP '2021-03-20 09:00')");
      st.execute("INSERT INTO fact_enrollment VALUES (2563, 77, '1050131001', 'P6', 1, TIMESTAMP '2020-06-10 08:00')");
      st.execute("INSERT INTO dim_teacher VALUES (9, 'pk', 'F', '1050131001', 'ครู', 'ชำนาญการ', 'MAT', DATE '2015-05-16')");
      st.execute("INSERT INTO fact_pd_session VALUES (1, 2563, '5003', 500301, 'อบรม', 'active_learning', 'online',"
          + " DATE '2020-08-01', 6.0)");
      st.execute("INSERT INTO fact_pd_attendance VALUES (1, 9, true, 6.0)");
      st.execute("INSERT INTO rollup_school_score VALUES ('1050131001', 'ONET', 'P6', 'MAT', 2563, 1, 45.5, 2070.25, 0,"
          + " 0, 0, 0, 0, 1, 0, 0, 0, 0, 0)");
      assertThat(Migrations.apply(c)).isEqualTo(Migrations.FILES.size() - 7);
      assertThat(rows(st, "SELECT test_code || ' ' || subject_code || ' ' || takers || ' ' || sum_score"
          + " FROM rollup_nation_score")).isEqualTo("ONET MAT 1 45.50");
      assertThat(rows(st, "SELECT COUNT(*) FROM rollup_esa_score")).isEqualTo("0"); // its school is not known
      assertThat(rows(st, "SELECT COUNT(*) FROM fact_test_score")).isEqualTo("2");
      assertThat(rows(st, "SELECT COUNT(*) FROM fact_enrollment")).isEqualTo("1");
      assertThat(rows(st, "SELECT index_name FROM duckdb_indexes() WHERE table_name IN ('fact_test_score',"
          + " 'fact_enrollment', 'fact_pd_attendance') ORDER BY 1"))
          .isEqualTo("fact_enrollment_by_student,fact_pd_attendance_by_session,fact_test_score_by_id");
      assertThat(rows(st, "SELECT COUNT(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND"
          + " table_name IN ('fact_test_score', 'fact_enrollment', 'fact_pd_attendance')")).isEqualTo("0");
      assertThat(rows(st, "SELECT school_code || ' ' || academic_year || ' ' || hours || ' ' || attendances"
          + " FROM rollup_school_pd")).isEqualTo("1050131001 2563 6.0 1");
    }
  }

  private static String rows(Statement st, String sql) throws Exception {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return String.join(",", out);
  }

  /** The release in place before V013 becomes release 1 of the history, and its cells carry its id. */
  @Test
  void aReleaseMadeBeforeV013BecomesReleaseOne() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      Migrations.apply(c, 12);
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO disclosure_release VALUES (1, 41, TIMESTAMP '2026-11-30 08:00:00', 3, 1, 0, 10, 10, 1, 5, 95)");
        st.execute("INSERT INTO published_score_cell (level, area_code, parent_code, test_code, grade, subject_code, "
            + "academic_year, suppressed, release_version) VALUES ('nation', 'TH', NULL, 'ONET', 'P6', 'MAT', 2563, "
            + "false, 41)");
      }
      assertThat(Migrations.apply(c)).isEqualTo(Migrations.FILES.size() - 12);
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT r.release_id, r.warehouse_version, r.rules_fingerprint, r.min_count, "
               + "c.release_id FROM public_release r, published_score_cell c")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
        assertThat(rs.getLong(2)).isEqualTo(41);
        assertThat(rs.getString(3)).as("not a fingerprint: the releaser releases again at start").isEqualTo("before V013");
        assertThat(rs.getInt(4)).isEqualTo(10);
        assertThat(rs.getLong(5)).isEqualTo(1);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void rejectsBadlyNamedMigrationFiles() {
    assertThatThrownBy(() -> Migrations.versionOf("001_init.sql")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Migrations.versionOf("V012__rollups.sql")).isEqualTo(12);
  }

  @Test
  void splitsStatementsAndDropsComments() {
    var parts = SqlScript.split("-- head\nCREATE TABLE a (x INT); -- trailing\n\nINSERT INTO a\n  VALUES (1);\nSELECT 1");
    assertThat(parts).containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a\n  VALUES (1)", "SELECT 1");
  }
}
