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
