package org.satit.ingest.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.satit.ingest.spec.SourceColumn;
import org.satit.ingest.spec.SourceSpec;

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

  /**
   * The statement creating a source table as its spec declares it (no keys: they are added after the bulk load);
   * MySQL/MariaDB spell TIMESTAMP as DATETIME and get InnoDB and utf8mb4.
   */
  public String createTable(SourceSpec spec) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(spec.name()).append(" (");
    for (int i = 0; i < spec.columns().size(); i++) {
      SourceColumn c = spec.columns().get(i);
      String type = this == MYSQL ? c.sqlType().replaceAll("(?i)\\bTIMESTAMP\\b", "DATETIME") : c.sqlType();
      sql.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(type);
    }
    sql.append(')');
    if (this == MYSQL) {
      sql.append(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
    }
    return sql.toString();
  }

  /** Classpath resource of one of this dialect's files ({@code after-load.sql}, {@code loader-session.sql}). */
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
