package org.satit.ingest.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.satit.ingest.spec.SourceColumn;
import org.satit.ingest.spec.SourceJdbc;
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
    if (SourceJdbc.isMysql(jdbcUrl)) {
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
   * Opens a connection as the product does ({@link SourceJdbc}), with MySQL's bulk-load options added: the loader
   * sends {@code LOAD DATA LOCAL INFILE} and batched inserts.
   */
  public Connection connect(String jdbcUrl, String user, String password) throws SQLException {
    Properties loading = new Properties();
    if (this == MYSQL) {
      loading.setProperty("allowLoadLocalInfile", "true");
      loading.setProperty("rewriteBatchedStatements", "true");
    }
    return SourceJdbc.connect(jdbcUrl, user, password, loading);
  }
}
