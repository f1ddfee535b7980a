package org.satit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.SourceLoader;

/** A source database the chaos suite can restart under a running satit. */
interface ChaosSource extends AutoCloseable {

  SourceLoader.Target target();

  /** {@code engine}, host, port, database and user lines of satit's config for this source. */
  String config();

  String name();

  /** Stops the server (as a crash would, for MariaDB) and starts it again on the same data and port. */
  void restart() throws Exception;

  @Override
  void close() throws Exception;

  /** The embedded PostgreSQL (a real server from a Maven artifact). */
  static ChaosSource postgres(Path dir) throws Exception {
    return new ChaosSource() {
      EmbeddedSource pg = EmbeddedSource.start(dir, 0);
      final int port = pg.port();

      public SourceLoader.Target target() {
        return pg.target();
      }

      public String config() {
        return "    engine: postgres\n    host: 127.0.0.1\n    port: " + port + "\n    database: " + EmbeddedSource.DATABASE
            + "\n    user: " + EmbeddedSource.USER + "\n";
      }

      public String name() {
        return "PostgreSQL";
      }

      public void restart() throws Exception {
        pg.close();
        Thread.sleep(1000);
        pg = EmbeddedSource.start(dir, port);
      }

      public void close() throws Exception {
        pg.close();
      }
    };
  }

  /**
   * A MariaDB server of its own (Debian's {@code mariadbd}, its own data folder and port, a ROW binlog), so the
   * suite may kill it with SIGKILL and start it again; root over loopback without a password.
   */
  static ChaosSource mariadb(Path relative) throws Exception {
    Path dir = relative.toAbsolutePath();
    Path binary = Path.of("/usr/sbin/mariadbd");
    Path install = Path.of("/usr/bin/mariadb-install-db");
    if (!Files.isExecutable(binary) || !Files.isExecutable(install)) {
      throw new Unavailable("no MariaDB server here (" + binary + ", " + install + ")");
    }
    Files.createDirectories(dir);
    run(dir.resolve("install.log"), install.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
        "--user=" + System.getProperty("user.name"), "--auth-root-authentication-method=normal", "--skip-test-db");
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    MariaDb server = new MariaDb(binary, dir, port);
    server.start();
    try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
         Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE emis");
    }
    return server;
  }

  /** No MariaDB server on this machine: the suite skips that run and says so. */
  final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }

  private static void run(Path log, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + Files.readString(log));
    }
  }

  /** The private MariaDB server process. */
  final class MariaDb implements ChaosSource {
    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    MariaDb(Path binary, Path dir, int port) {
      this.binary = binary;
      this.dir = dir;
      this.port = port;
    }

    void start() throws Exception {
      process = new ProcessBuilder(binary.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
          "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
          "--pid-file=" + dir.resolve("mysqld.pid"), "--user=" + System.getProperty("user.name"), "--server-id=1",
          "--log-bin=" + dir.resolve("binlog"), "--binlog-format=ROW", "--binlog-row-image=FULL",
          "--innodb-buffer-pool-size=256M")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
          .start();
      long deadline = System.currentTimeMillis() + 60_000;
      while (true) {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "")) {
          return;
        } catch (java.sql.SQLException notYet) {
          if (!process.isAlive() || System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("MariaDB did not start:\n" + Files.readString(dir.resolve("server.log")));
          }
          Thread.sleep(200);
        }
      }
    }

    public SourceLoader.Target target() {
      return new SourceLoader.Target("jdbc:mysql://127.0.0.1:" + port + "/emis", "root", "");
    }

    public String config() {
      return "    engine: mysql\n    host: 127.0.0.1\n    port: " + port + "\n    database: emis\n    user: root\n";
    }

    public String name() {
      return "MariaDB";
    }

    public void restart() throws Exception {
      process.destroyForcibly(); // SIGKILL: MariaDB recovers from its logs on the next start
      process.waitFor();
      Thread.sleep(1000);
      start();
    }

    public void close() throws Exception {
      if (process != null) {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }
}
