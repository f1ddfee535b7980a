package org.satit.tools;

import org.satit.ingest.source.SourceLoader;
import picocli.CommandLine.Option;

/** Which source database a command works on. */
final class TargetOptions {

  @Option(names = "--target", required = true, paramLabel = "JDBC-URL",
      description = "the source database, e.g. jdbc:postgresql://127.0.0.1:5432/emis or jdbc:mariadb://127.0.0.1:3306/emis")
  String jdbcUrl;

  @Option(names = "--user", description = "database user (default: postgres for PostgreSQL, root for MySQL/MariaDB)")
  String user;

  @Option(names = "--password", description = "database password (default: none; or set SATIT_SOURCE_PASSWORD)",
      defaultValue = "${env:SATIT_SOURCE_PASSWORD}")
  String password;

  SourceLoader.Target target() {
    String u = user != null ? user : jdbcUrl.startsWith("jdbc:postgresql:") ? "postgres" : "root";
    SourceLoader.Target t = new SourceLoader.Target(jdbcUrl, u, password == null || password.isEmpty() ? null : password);
    t.dialect(); // fails early on an unsupported URL
    return t;
  }
}
