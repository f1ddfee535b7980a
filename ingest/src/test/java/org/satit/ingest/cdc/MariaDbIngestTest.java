package org.satit.ingest.cdc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.SourceDialect;
import org.satit.ingest.source.SourceLoader;

/**
 * The same end-to-end check against the machine's real MariaDB (ROW binlog, server and overrides: docs/tests.md
 * "What the tests need"; what it proves: docs/tests.md "What the ingest tests prove"): snapshot, then the
 * simulator's inserts, updates and deletes (docs/source.md "The live change simulator"); warehouse equals source.
 */
class MariaDbIngestTest {

  static final String SERVER = System.getProperty("satit.mariadb.url", "jdbc:mysql://127.0.0.1:3306/");
  static final String USER = System.getProperty("satit.mariadb.user", "root");
  static final String PASSWORD = System.getProperty("satit.mariadb.password", "");

  @TempDir
  Path dir;

  @Test
  void snapshotThenStreamKeepsTheWarehouseEqualToTheSource() throws Exception {
    String db = "satit_cdc_test_" + ProcessHandle.current().pid();
    String password = PASSWORD.isEmpty() ? null : PASSWORD;
    Connection root;
    try {
      root = SourceDialect.MYSQL.connect(SERVER, USER, password);
    } catch (Exception e) {
      String msg = "SKIPPED: no MariaDB reachable at " + SERVER + " (" + e.getMessage() + "); see README 'Tests'";
      System.err.println(msg);
      Assumptions.abort(msg);
      return;
    }
    try (root; Statement st = root.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format")) {
        rs.next();
        if (!rs.getBoolean(1) || !"ROW".equals(rs.getString(2))) {
          String msg = "SKIPPED: MariaDB at " + SERVER + " has no ROW binlog (log_bin=" + rs.getString(1)
              + ", binlog_format=" + rs.getString(2) + "); run .ci/setup-test-env";
          System.err.println(msg);
          Assumptions.abort(msg);
        }
      }
      st.execute("DROP DATABASE IF EXISTS " + db);
      st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      try {
        SourceLoader.Target target = new SourceLoader.Target(SERVER.replaceFirst("/$", "") + "/" + db, USER, password);
        java.net.URI uri = java.net.URI.create(SERVER.substring("jdbc:".length()));
        PostgresIngestTest.snapshotThenStream(new PostgresIngestTest.Source() {
          public SourceLoader.Target target() {
            return target;
          }

          public CdcSource cdc() {
            return new CdcSource("emis", CdcSource.Engine.MYSQL, uri.getHost(), uri.getPort(), db, USER, password);
          }

          public void close() {
          }
        }, dir);
      } finally {
        st.execute("DROP DATABASE IF EXISTS " + db);
      }
    }
  }
}
