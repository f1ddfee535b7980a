package org.satit.ingest.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The two engines an EMIS/OBEC source can live in. Chosen from the JDBC URL. */
public enum SourceDialect {
  POSTGRES("postgres"),
  MYSQL("mysql");

  private final String folder;

  SourceDialect(String folder) {
    this.folder = folder;
  }

  public static SourceDialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL '" + jdbcUrl + "': expected jdbc:postgresql://…, jdbc:mysql://… or jdbc:mariadb://…");
  }

  /** Classpath resource of one of this dialect's files ({@code schema.sql}, {@code after-load.sql}). */
  public String resource(String file) {
    return "emis/" + folder + "/" + file;
  }

  /**
   * Opens a connection. MySQL-family URLs are served by MySQL Connector/J (Debezium needs that
   * driver anyway); {@code jdbc:mariadb:} is accepted and rewritten. Unicode and bulk-load options
   * the product relies on are added when missing.
   */
  public Connection connect(String jdbcUrl, String user, String password) throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    String url = jdbcUrl;
    if (this == MYSQL) {
      url = url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
      props.putIfAbsent("characterEncoding", "UTF-8");
      props.putIfAbsent("connectionTimeZone", "UTC");
      props.putIfAbsent("allowLoadLocalInfile", "true");
      props.putIfAbsent("rewriteBatchedStatements", "true");
      props.putIfAbsent("useSSL", "false");
      props.putIfAbsent("allowPublicKeyRetrieval", "true");
    }
    return DriverManager.getConnection(url, props);
  }
}
