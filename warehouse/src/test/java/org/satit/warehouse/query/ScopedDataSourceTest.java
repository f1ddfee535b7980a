package org.satit.warehouse.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calcite closes a query's resources by walking from the result set to its statement and connection
 * (ResultSetEnumerator.close). That walk must return the pooled DuckDB connection and keep its prepared
 * statement: when it reached the real objects, every execution opened a new DuckDB connection and
 * prepared its SQL again (the 5 ms per query that made Calcite 1.7x DuckDB in bench query).
 */
class ScopedDataSourceTest {

  static DuckDBConnection warehouse;

  @BeforeAll
  static void open() throws Exception {
    warehouse = QueryFixture.warehouse();
    try (Connection c = warehouse.duplicate()) {
      QueryLayer.installViews(c);
    }
  }

  @AfterAll
  static void close() throws Exception {
    warehouse.close();
  }

  @Test
  void closingAsCalciteDoesReturnsTheConnectionAndKeepsThePreparedStatement() throws Exception {
    try (ScopedDataSource source = new ScopedDataSource(warehouse, "5003")) {
      String sql = "SELECT COUNT(*) FROM q_district.score_cells WHERE academic_year = ?";
      Object firstReal = null;
      Object firstPrepared = null;
      for (int i = 0; i < 3; i++) {
        Connection c = source.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setInt(1, 2563);
        assertThat(ps.execute()).isTrue();
        ResultSet rs = ps.getResultSet();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).as("the district scope holds on every lend").isEqualTo(countOwnEsa());
        // Calcite's ResultSetEnumerator.close
        Statement st = rs.getStatement();
        rs.close();
        assertThat(st).isSameAs(ps);
        Connection owner = st.getConnection();
        assertThat(owner).isSameAs(c);
        st.close();
        owner.close();
        assertThat(c.isClosed()).isTrue();

        Object real = c.unwrap(DuckDBConnection.class);
        Object prepared = ps.unwrap(PreparedStatement.class);
        if (i == 0) {
          firstReal = real;
          firstPrepared = prepared;
        } else {
          assertThat(real).as("the same DuckDB connection is lent again").isSameAs(firstReal);
          assertThat(prepared).as("the same prepared statement is reused").isSameAs(firstPrepared);
          assertThat(((PreparedStatement) prepared).isClosed()).isFalse();
        }
      }
    }
  }

  @Test
  void plainStatementsLeadBackToTheLentConnectionAndCloseThemselves() throws Exception {
    try (ScopedDataSource source = new ScopedDataSource(warehouse, null)) {
      Connection c = source.getConnection();
      Object real = c.unwrap(DuckDBConnection.class);
      Statement st = c.createStatement();
      ResultSet rs = st.executeQuery("SELECT 42");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
      Statement back = rs.getStatement();
      rs.close();
      assertThat(back.getConnection()).isSameAs(c);
      back.close();
      assertThat(back.isClosed()).isTrue();
      back.getConnection().close();
      Connection again = source.getConnection();
      assertThat(again.unwrap(DuckDBConnection.class)).isSameAs(real);
      again.close();
    }
  }

  private static long countOwnEsa() throws Exception {
    try (Connection c = warehouse.duplicate(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM main.rollup_school_score r JOIN main.dim_school s "
             + "ON s.school_code = r.school_code AND s.is_current WHERE s.esa_code = '5003' AND r.academic_year = 2563")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
