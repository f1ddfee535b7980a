package org.satit.ingest.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away database on the machine's real MariaDB (127.0.0.1:3306, root, empty password; see
 * README "Tests"). Where no MariaDB answers, the calling test is skipped with a message saying so.
 */
final class MariaDbDatabase implements AutoCloseable {

  static final String SERVER = System.getProperty("satit.mariadb.url", "jdbc:mysql://127.0.0.1:3306/");
  static final String USER = System.getProperty("satit.mariadb.user", "root");
  static final String PASSWORD = System.getProperty("satit.mariadb.password", "");

  final String name;

  private MariaDbDatabase(String name) {
    this.name = name;
  }

  static MariaDbDatabase create(String prefix) throws SQLException {
    try (Connection c = root(); Statement st = c.createStatement()) {
      String name = prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;
      st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      return new MariaDbDatabase(name);
    }
  }

  static Connection root() throws SQLException {
    try {
      return SourceDialect.MYSQL.connect(SERVER, USER, PASSWORD.isEmpty() ? null : PASSWORD);
    } catch (SQLException e) {
      String msg = "SKIPPED: no MariaDB reachable at " + SERVER + " as " + USER + " (" + e.getMessage()
          + "); run .ci/setup-test-env or see README 'Tests'";
      System.err.println(msg);
      Assumptions.abort(msg);
      throw e;
    }
  }

  SourceLoader.Target target() {
    return new SourceLoader.Target(SERVER.replaceFirst("/$", "") + "/" + name, USER, PASSWORD.isEmpty() ? null : PASSWORD);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = root(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
    }
  }
}
