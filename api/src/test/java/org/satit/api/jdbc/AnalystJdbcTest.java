package org.satit.api.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.HealthApi;
import org.satit.api.SatitServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.query.Role;

/**
 * A real JDBC client session: Avatica's remote driver over HTTP to the Javalin route, logging in as
 * users of each role, against the small known warehouse of the query-layer tests.
 */
class AnalystJdbcTest {

  @TempDir
  static Path dir;

  static DuckDBConnection warehouse;
  static org.satit.api.TestServer stack;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    warehouse = QueryFixture.warehouse();
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "ana", Role.ANALYST, null, "ana-secret");
    Users.add(usersFile, "dao", Role.DISTRICT, "5101", "dao-secret");
    Users.add(usersFile, "pub", Role.PUBLIC, null, "pub-secret");
    Users.add(usersFile, "root", Role.ADMIN, null, "root-secret");
    assertThat(Files.readString(usersFile)).doesNotContain("secret").contains("$argon2id$");
    stack = new org.satit.api.TestServer(warehouse, Users.load(usersFile));
    url = "jdbc:avatica:remote:url=http://127.0.0.1:" + stack.server.port() + "/api/jdbc;serialization=protobuf";
  }

  static Connection dup() {
    try {
      return warehouse.duplicate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
    warehouse.close();
  }

  static Connection login(String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  @Test
  void anAnalystQueriesTheSemanticViewsWithTheAvaticaDriver() throws Exception {
    try (Connection c = login("ana", "ana-secret")) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT esa_code, SUM(takers) AS takers, SUM(sum_score) / SUM(takers) AS mean FROM score_cells "
              + "WHERE academic_year = ? GROUP BY esa_code ORDER BY esa_code")) {
        ps.setInt(1, 2563);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("5003");
          assertThat(rs.getLong(2)).isEqualTo(36);
          assertThat(rs.getDouble(3)).isEqualTo(1640.0 / 36);
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("5101");
          assertThat(rs.next()).isFalse();
        }
      }
      // what a client like DBeaver lists
      TreeSet<String> tables = new TreeSet<>();
      try (ResultSet rs = c.getMetaData().getTables(null, QueryLayer.SCHEMA, "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("score_cells", "score_records", "schools", "quarantine_summary");
      assertThatThrownBy(() -> count(c, "warehouse.fact_test_score")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void eachLoginSeesWhatItsRoleMay() throws Exception {
    Map<String, String> passwords = Map.of("ana", "ana-secret", "dao", "dao-secret", "pub", "pub-secret", "root", "root-secret");
    // user -> {score_cells rows, quarantine_summary readable, raw warehouse readable}
    Map<String, Object[]> expected = Map.of(
        "ana", new Object[] {7L, true, false},
        "dao", new Object[] {3L, false, false},
        "pub", new Object[] {null, false, false},
        "root", new Object[] {7L, true, true});
    for (var e : expected.entrySet()) {
      try (Connection c = login(e.getKey(), passwords.get(e.getKey()))) {
        Object[] x = e.getValue();
        if (x[0] == null) {
          assertThatThrownBy(() -> count(c, "score_cells")).as(e.getKey()).isInstanceOf(SQLException.class);
        } else {
          assertThat(count(c, "score_cells")).as(e.getKey()).isEqualTo(x[0]);
        }
        assertThat(readable(c, "quarantine_summary")).as(e.getKey()).isEqualTo(x[1]);
        assertThat(readable(c, "warehouse.quarantine")).as(e.getKey()).isEqualTo(x[2]);
        assertThat(count(c, "published_scores")).as(e.getKey()).isZero();
      }
    }
    try (Connection c = login("dao", "dao-secret")) {
      assertThat(count(c, "score_cells WHERE esa_code = '5003'")).isZero();
      assertThat(count(c, "esa_score_cells WHERE esa_code = '5003'")).isEqualTo(2);
    }
  }

  @Test
  void aWrongPasswordOrUnknownUserIsRefused() {
    // Avatica's client raises a failed open as its own runtime exception carrying the server's message
    assertThatThrownBy(() -> login("ana", "wrong")).hasMessageContaining("login failed");
    assertThatThrownBy(() -> login("nobody", "x")).hasMessageContaining("login failed");
  }

  @Test
  void aBodyThatIsNotAnAvaticaRequestIsA400WithJson() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var response = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + stack.server.port() + "/api/jdbc"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("SELECT 1; DROP TABLE x")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\"", "serialization=protobuf");
  }

  static boolean readable(Connection c, String table) {
    try {
      count(c, table);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  static long count(Connection c, String tableAndWhere) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + tableAndWhere)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
