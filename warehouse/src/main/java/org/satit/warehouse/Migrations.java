package org.satit.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations of the DuckDB warehouse. Each migration is a .sql file under
 * {@code warehouse/migrations/}; the applied versions are recorded in {@code schema_migration}, so
 * running them again changes nothing.
 */
public final class Migrations {

  /**
   * In order: every {@code V<nnn>__<what>.sql} file of the folder. A new migration is a new file with the next
   * number; an applied file is never edited. Two files of one number are refused.
   */
  static final List<String> FILES = files();

  private static List<String> files() {
    List<String> files = ResourceFolder.list("warehouse/migrations", ".sql");
    java.util.Set<Integer> versions = new java.util.HashSet<>();
    for (String f : files) {
      if (!versions.add(versionOf(f))) {
        throw new IllegalStateException("warehouse/migrations/" + f + ": a second migration of version " + versionOf(f));
      }
    }
    return files;
  }

  private Migrations() {
  }

  /** Applies the missing migrations; returns how many were applied. */
  public static int apply(Connection connection) throws SQLException {
    return apply(connection, Integer.MAX_VALUE);
  }

  /** Applies the missing migrations up to version {@code upTo} (for a test of an upgrade). */
  static int apply(Connection connection, int upTo) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_migration ("
          + "version INTEGER PRIMARY KEY, file VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
    }
    int applied = 0;
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      for (String file : FILES) {
        int version = versionOf(file);
        if (version > upTo || isApplied(connection, version)) {
          continue;
        }
        SqlScript.load("warehouse/migrations/" + file).run(connection);
        try (PreparedStatement ps = connection.prepareStatement(
            "INSERT INTO schema_migration (version, file) VALUES (?, ?)")) {
          ps.setInt(1, version);
          ps.setString(2, file);
          ps.executeUpdate();
        }
        connection.commit();
        applied++;
      }
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return applied;
  }

  static int versionOf(String file) {
    if (!file.matches("V\\d{3}__[a-z0-9_]+\\.sql")) {
      throw new IllegalArgumentException("migration file name must look like V001__name.sql: " + file);
    }
    return Integer.parseInt(file.substring(1, 4));
  }

  private static boolean isApplied(Connection connection, int version) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM schema_migration WHERE version = ?")) {
      ps.setInt(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
