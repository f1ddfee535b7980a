package org.satit.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The warehouse tables that come from no source and so cannot be rebuilt by a fresh snapshot: what the public saw and
 * what the release policy must remember of it (so that no later release can be differenced against an earlier one),
 * and the embed registry. A reset keeps them ({@link #keep}: Parquet files in a folder beside the warehouse) and the
 * next start over the new, empty warehouse takes them back ({@link #restore}) before the first release.
 */
public final class KeptHistory {

  /** The tables, in an order that restores cleanly. */
  public static final List<String> TABLES = List.of("public_release", "public_release_cell", "public_school_state",
      "public_school_state_record", "release_hidden_raw", "published_score_cell", "embed_site", "embed_grant");

  /** The folder beside the warehouse file where a reset keeps them. */
  public static final String FOLDER = "kept-history";

  private KeptHistory() {
  }

  /** Writes every table to {@code folder} (created); returns the number of rows kept. */
  public static long keep(Connection c, Path folder) throws SQLException, IOException {
    Files.createDirectories(folder);
    long rows = 0;
    try (Statement st = c.createStatement()) {
      for (String t : TABLES) {
        st.execute("COPY " + t + " TO " + literal(folder.resolve(t + ".parquet")) + " (FORMAT PARQUET)");
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
          rs.next();
          rows += rs.getLong(1);
        }
      }
    }
    return rows;
  }

  /**
   * Takes the kept tables back into a warehouse that has no release yet, then renames the folder (so it is read once);
   * returns the rows restored, or -1 when there was nothing to restore. A warehouse that already has releases keeps
   * its own and the folder is left as it is, which is said in the exception: two histories cannot be merged.
   */
  public static long restore(Connection c, Path folder) throws SQLException, IOException {
    if (!Files.isDirectory(folder)) {
      return -1;
    }
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(release_id),"
        + " (SELECT COUNT(*) FROM read_parquet(" + literal(folder.resolve("public_release.parquet")) + ")),"
        + " (SELECT MAX(release_id) FROM read_parquet(" + literal(folder.resolve("public_release.parquet")) + "))"
        + " FROM public_release")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        if (rs.getLong(1) == rs.getLong(3) && rs.getLong(2) == rs.getLong(4)) {
          // the same history (a warehouse that was kept, not rebuilt): nothing to take back
          Files.move(folder, folder.resolveSibling(folder.getFileName() + ".restored-" + System.currentTimeMillis()));
          return 0;
        }
        throw new IllegalStateException("kept release history in " + folder + " but the warehouse has releases of its"
            + " own: two histories cannot be merged; move the folder away once you know which to keep");
      }
    }
    long rows = 0;
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      for (String t : TABLES) {
        Path file = folder.resolve(t + ".parquet");
        if (Files.exists(file)) {
          rows += st.executeUpdate("INSERT INTO " + t + " BY NAME SELECT * FROM read_parquet(" + literal(file) + ")");
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
    Files.move(folder, folder.resolveSibling(folder.getFileName() + ".restored-" + System.currentTimeMillis()));
    return rows;
  }

  private static String literal(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
  }
}
