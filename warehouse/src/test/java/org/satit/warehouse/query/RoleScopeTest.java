package org.satit.warehouse.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The role x table matrix: each role reaches exactly its tables, and a district only its own ESA's rows. */
class RoleScopeTest {

  static DuckDBConnection warehouse;
  static QueryLayer layer;

  /** What every role reads whole, the public too: reference data, the published release, and activity counts. */
  static final Set<String> REFERENCE = Set.of("provinces", "esa_offices", "clusters", "schools", "tests", "subjects",
      "grades", "academic_years", "published_scores", "cluster_activity");
  static final Set<String> OWN_ESA_ONLY = Set.of("score_cells", "score_records", "enrollment_records", "school_activity",
      "cluster_plc", "pd_sessions", "supervision_visits", "network_effect", "school_budgets");
  static final Set<String> ANALYST_ONLY = Set.of("quarantine_summary", "ingest_tables", "ingest_sources");

  static final Principal PUBLIC = Principal.anonymous();
  static final Principal DISTRICT = new Principal("d5003", Role.DISTRICT, "5003");
  static final Principal ANALYST = new Principal("ana", Role.ANALYST, null);
  static final Principal ADMIN = new Principal("root", Role.ADMIN, null);

  @BeforeAll
  static void open() throws Exception {
    warehouse = QueryFixture.warehouse();
    layer = new QueryLayer(warehouse);
  }

  @AfterAll
  static void close() throws Exception {
    layer.close();
    warehouse.close();
  }

  @Test
  void eachRoleSeesExactlyItsTables() throws Exception {
    Set<String> all = new TreeSet<>();
    all.addAll(REFERENCE);
    all.addAll(OWN_ESA_ONLY);
    all.addAll(ANALYST_ONLY);
    all.addAll(Set.of("strands", "esa_score_cells", "published_scores"));
    Map<Principal, Set<String>> expected = Map.of(
        PUBLIC, REFERENCE,
        DISTRICT, union(REFERENCE, OWN_ESA_ONLY, Set.of("strands", "esa_score_cells")),
        ANALYST, union(REFERENCE, OWN_ESA_ONLY, ANALYST_ONLY, Set.of("strands", "esa_score_cells")),
        ADMIN, union(REFERENCE, OWN_ESA_ONLY, ANALYST_ONLY, Set.of("strands", "esa_score_cells")));
    for (Map.Entry<Principal, Set<String>> e : expected.entrySet()) {
      try (Connection c = layer.connect(e.getKey())) {
        assertThat(tablesOf(c, QueryLayer.SCHEMA)).as("tables listed for %s", e.getKey().scope()).isEqualTo(new TreeSet<>(e.getValue()));
        for (String table : all) {
          if (e.getValue().contains(table)) {
            count(c, table); // readable
          } else {
            assertThatThrownBy(() -> count(c, table)).as("%s reads %s", e.getKey().scope(), table)
                .isInstanceOf(SQLException.class).hasMessageContaining("not found");
          }
        }
        if (e.getKey().role() == Role.ADMIN) {
          assertThat(count(c, "warehouse.fact_test_score")).isEqualTo(3);
          assertThat(count(c, "warehouse.quarantine")).isEqualTo(1);
        } else {
          assertThatThrownBy(() -> count(c, "warehouse.fact_test_score")).isInstanceOf(SQLException.class);
          assertThatThrownBy(() -> count(c, "main.fact_test_score")).isInstanceOf(SQLException.class);
          assertThatThrownBy(() -> count(c, "q_analyst.score_cells")).isInstanceOf(SQLException.class);
        }
      }
    }
  }

  @Test
  void aDistrictSeesAllOfItsOwnEsaAndNothingOfAnotherAtSchoolLevel() throws Exception {
    try (Connection analyst = layer.connect(ANALYST); Connection district = layer.connect(DISTRICT)) {
      for (String table : OWN_ESA_ONLY) {
        long own = count(analyst, table + " WHERE esa_code = '5003'");
        assertThat(count(district, table)).as(table).isEqualTo(own);
        assertThat(count(district, table + " WHERE esa_code <> '5003'")).as(table).isZero();
      }
      assertThat(count(district, "score_cells")).isEqualTo(4);
      // every ESA at ESA grain
      assertThat(count(district, "esa_score_cells WHERE esa_code = '5101'")).isEqualTo(2);
    }
    try (Connection other = layer.connect(new Principal("d5101", Role.DISTRICT, "5101"))) {
      assertThat(count(other, "score_cells")).isEqualTo(3);
      assertThat(count(other, "score_cells WHERE esa_code = '5003'")).isZero();
    }
  }

  @Test
  void noRoleSeesACitizenIdOrAPersonsName() throws Exception {
    for (Principal p : List.of(PUBLIC, DISTRICT, ANALYST, ADMIN)) {
      try (Connection c = layer.connect(p)) {
        for (String schema : p.role() == Role.ADMIN ? List.of(QueryLayer.SCHEMA, QueryLayer.RAW_SCHEMA) : List.of(QueryLayer.SCHEMA)) {
          for (String table : tablesOf(c, schema)) {
            for (String column : columnsOf(c, schema, table)) {
              assertThat(column).as("%s.%s for %s", schema, table, p.scope())
                  .isNotIn("citizen_id", "first_name", "last_name", "student_name", "teacher_name", "birth_date");
            }
          }
        }
      }
    }
  }

  @Test
  void aDistrictPrincipalNeedsAValidEsaCode() {
    assertThatThrownBy(() -> new Principal("x", Role.DISTRICT, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Principal("x", Role.DISTRICT, "5003' OR 1=1 --")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Principal("x", Role.ANALYST, "5003")).isInstanceOf(IllegalArgumentException.class);
  }

  @SafeVarargs
  static Set<String> union(Set<String>... sets) {
    Set<String> out = new TreeSet<>();
    for (Set<String> s : sets) {
      out.addAll(s);
    }
    return out;
  }

  static Set<String> tablesOf(Connection c, String schema) throws SQLException {
    Set<String> out = new TreeSet<>();
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getTables(null, schema, "%", null)) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }

  static List<String> columnsOf(Connection c, String schema, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getColumns(null, schema, table, "%")) {
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  static long count(Connection c, String tableAndWhere) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + tableAndWhere)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
