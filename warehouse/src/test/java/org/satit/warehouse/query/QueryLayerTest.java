package org.satit.warehouse.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.calcite.runtime.Hook;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryLayerTest {

  static DuckDBConnection warehouse;
  static QueryLayer layer;

  static final Principal ANALYST = new Principal("ana", Role.ANALYST, null);

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
  void filterJoinAggregateAndSortArePushedDownToDuckDbAsOneStatement() throws Exception {
    String query = "SELECT s.name_en, SUM(c.takers) AS takers FROM score_cells c JOIN schools s ON s.school_code = c.school_code "
        + "WHERE c.academic_year = 2563 AND c.esa_code = '5003' GROUP BY s.name_en ORDER BY takers DESC";
    List<String> sentToDuckDb = new ArrayList<>();
    try (Connection c = layer.connect(ANALYST); Statement st = c.createStatement();
         Hook.Closeable hook = Hook.QUERY_PLAN.addThread((Consumer<Object>) sql -> sentToDuckDb.add(String.valueOf(sql)))) {
      String plan;
      try (ResultSet rs = st.executeQuery("EXPLAIN PLAN FOR " + query)) {
        rs.next();
        plan = rs.getString(1);
      }
      // one JDBC subtree below the converter: nothing is computed in Calcite
      assertThat(plan).startsWith("JdbcToEnumerableConverter");
      assertThat(plan).contains("JdbcSort", "JdbcAggregate", "JdbcJoin", "JdbcFilter");
      assertThat(plan).doesNotContain("EnumerableAggregate", "EnumerableSort", "EnumerableHashJoin", "EnumerableCalc");

      List<List<Object>> rows = rows(st, query);
      assertThat(rows).containsExactly(List.of("Ban Song School", 20L), List.of("Ban Sam School", 12L),
          List.of("Ban Nueng School", 4L));
    }
    assertThat(sentToDuckDb).hasSize(1);
    String sql = sentToDuckDb.get(0);
    assertThat(sql).contains("GROUP BY", "ORDER BY", "JOIN", "WHERE", "\"q_analyst\".\"score_cells\"")
        .doesNotContain("_UTF-8");
  }

  @Test
  void measuresAreComputedInDoubleNotTruncatedToIntegers() throws Exception {
    try (Connection c = layer.connect(ANALYST); Statement st = c.createStatement()) {
      List<List<Object>> rows = rows(st, "SELECT SUM(sum_score) / SUM(takers) FROM score_cells WHERE school_code = '1050000003'");
      assertThat(((Number) rows.get(0).get(0)).doubleValue()).isEqualTo(40.0);
      rows = rows(st, "SELECT AVG(score) FROM score_records WHERE academic_year = 2563");
      assertThat(((Number) rows.get(0).get(0)).doubleValue()).isCloseTo((40 + 55.5 + 70) / 3, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void preparedQueriesAreReusedPerScopeAndGiveTheSameAnswers() throws Exception {
    String sql = "SELECT esa_code, SUM(takers) FROM score_cells WHERE academic_year = ? GROUP BY esa_code ORDER BY esa_code";
    for (int i = 0; i < 3; i++) {
      QueryLayer.QueryResult r = layer.query(ANALYST, sql, List.of(2563));
      assertThat(r.rows()).containsExactly(List.of("5003", 36L), List.of("5101", 43L));
    }
    QueryLayer.QueryResult district = layer.query(new Principal("d", Role.DISTRICT, "5101"), sql, List.of(2563));
    assertThat(district.rows()).containsExactly(List.of("5101", 43L));
  }

  @Test
  void gapAndChangeColumnsCarryTheEsaNationalAndLastYearTotals() throws Exception {
    try (Connection c = layer.connect(ANALYST); Statement st = c.createStatement()) {
      List<List<Object>> rows = rows(st, "SELECT esa_takers, esa_sum_score, nat_takers, nat_sum_score, prev_takers, prev_sum_score "
          + "FROM score_cells WHERE school_code = '1050000002' AND academic_year = 2563");
      assertThat(rows).hasSize(1);
      List<Object> r = rows.get(0);
      assertThat(((Number) r.get(0)).longValue()).isEqualTo(36);
      assertThat(((Number) r.get(1)).doubleValue()).isEqualTo(1640.0);
      assertThat(((Number) r.get(2)).longValue()).isEqualTo(79);
      assertThat(((Number) r.get(3)).doubleValue()).isEqualTo(4130.0);
      assertThat(((Number) r.get(4)).longValue()).isEqualTo(18);
      assertThat(((Number) r.get(5)).doubleValue()).isEqualTo(810.0);
    }
  }

  @Test
  void badSqlIsAnSqlExceptionNotACrash() throws Exception {
    try (Connection c = layer.connect(ANALYST); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT nope FROM score_cells")).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> st.executeQuery("DROP TABLE score_cells")).isInstanceOf(SQLException.class);
      assertThat(rows(st, "SELECT COUNT(*) FROM schools").get(0).get(0)).isEqualTo(5L);
    }
  }

  static List<List<Object>> rows(Statement st, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof Integer x ? Long.valueOf(x) : v);
        }
        out.add(row);
      }
    }
    return out;
  }
}
