package org.satit.ingest.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.satit.warehouse.NamedSql;

/**
 * Asks a live source who it is and where its log is now: what a checkpoint is proven against before it is
 * resumed ({@link CheckpointCheck}). SQL in {@code cdc/source.sql}.
 */
final class SourceProbe {

  static final NamedSql SQL = NamedSql.load("cdc/source.sql");

  /** A binary log file of a MySQL/MariaDB server and its size (its end position). */
  record Binlog(String file, long size) {
  }

  /**
   * What the server said: its identity, the database, and (PostgreSQL) whether satit's slot and publication exist
   * and the current WAL position, or (MySQL/MariaDB) its binary logs, oldest first.
   */
  record Observation(String identity, String database, boolean slotExists, boolean publicationExists,
                     Long walPosition, List<Binlog> binlogs) {
  }

  private SourceProbe() {
  }

  static Observation observe(CdcSource source) throws SQLException {
    try (Connection c = source.connect()) {
      return source.engine() == CdcSource.Engine.POSTGRES ? postgres(c, source) : mysql(c);
    }
  }

  private static Observation postgres(Connection c, CdcSource source) throws SQLException {
    return new Observation(identity(c, source.engine()), one(c, "postgres.database"),
        exists(c, "postgres.slot", source.slotName()), exists(c, "postgres.publication", source.slotName()),
        Long.parseLong(one(c, "postgres.position")), List.of());
  }

  /** Whether the named statement, given one parameter, finds a row. */
  static boolean exists(Connection c, String statement, String parameter) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
      ps.setString(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Observation mysql(Connection c) throws SQLException {
    List<Binlog> logs = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get("mysql.binlogs"))) {
      while (rs.next()) {
        logs.add(new Binlog(rs.getString(1), rs.getLong(2)));
      }
    } catch (SQLException noBinlog) {
      throw new SQLException("the MySQL/MariaDB source keeps no binary log (CDC needs log_bin and binlog_format=ROW): "
          + noBinlog.getMessage(), noBinlog);
    }
    return new Observation(identity(c, CdcSource.Engine.MYSQL), one(c, "mysql.database"), false, false, null, logs);
  }

  /** The server's identity as satit records it (see {@code cdc/source.sql}). */
  static String identity(Connection c, CdcSource.Engine engine) throws SQLException {
    if (engine == CdcSource.Engine.POSTGRES) {
      return "postgresql " + one(c, "postgres.identity");
    }
    boolean mariadb = one(c, "mysql.version").contains("MariaDB");
    return mariadb ? one(c, "mariadb.identity") : "mysql " + one(c, "mysql.identity");
  }

  private static String one(Connection c, String statement) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get(statement))) {
      if (!rs.next()) {
        throw new SQLException(statement + " returned no row");
      }
      return rs.getString(1);
    }
  }
}
