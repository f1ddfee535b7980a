package org.satit.ingest.spec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How satit opens a plain JDBC connection to a source (PostgreSQL, or MySQL/MariaDB by either URL prefix): for slot
 * housekeeping, the reference preload and the vanished-row sweep, and, with loading options added, for the demo
 * source's loader. MySQL connections read and write times in UTC and text as UTF-8.
 */
public final class SourceJdbc {

  private SourceJdbc() {
  }

  public static boolean isMysql(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:");
  }

  public static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
    return connect(jdbcUrl, user, password, new Properties());
  }

  /** The same with more driver properties (they win over the defaults). */
  public static Connection connect(String jdbcUrl, String user, String password, Properties extra)
      throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    String url = jdbcUrl;
    if (isMysql(jdbcUrl)) {
      url = url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
      props.setProperty("characterEncoding", "UTF-8");
      props.setProperty("connectionTimeZone", "UTC");
      props.setProperty("useSSL", "false");
      props.setProperty("allowPublicKeyRetrieval", "true");
    }
    props.putAll(extra);
    return DriverManager.getConnection(url, props);
  }
}
