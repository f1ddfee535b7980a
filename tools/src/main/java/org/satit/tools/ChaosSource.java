package org.satit.tools;

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

  /**
   * While satit is down: another server takes this one's place on the same port, holding a dump of its data (as
   * when a source is restored from a dump onto a new server): another identity, no slot, its log starting anew.
   */
  void replaceWithRestoredDump() throws Exception;

  /**
   * While satit is down: the log position satit's checkpoint needs goes away (PostgreSQL: its replication slot is
   * dropped; MariaDB: the binary logs are rotated and every older one purged).
   */
  void loseLogPosition() throws Exception;

  /** What {@link #loseLogPosition} does, in words. */
  String logLoss();

  @Override
  void close() throws Exception;

  /** The embedded PostgreSQL (a real server from a Maven artifact). */
  static ChaosSource postgres(Path first) throws Exception {
    return new ChaosSource() {
      Path dir = first;
      int replacements;
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

      public void replaceWithRestoredDump() throws Exception {
        Path dump = dir.resolveSibling("emis-dump-" + (++replacements) + ".sql");
        run(dump.resolveSibling("pg_dump-" + replacements + ".log"), "pg_dump", "-h", "127.0.0.1", "-p",
            String.valueOf(port), "-U", EmbeddedSource.USER, "-d", EmbeddedSource.DATABASE, "--no-owner", "-f",
            dump.toString());
        pg.close();
        dir = dir.resolveSibling(first.getFileName() + "-restored-" + replacements);
        pg = EmbeddedSource.start(dir, port);
        run(dump.resolveSibling("psql-" + replacements + ".log"), "psql", "-q", "-v", "ON_ERROR_STOP=1", "-h",
            "127.0.0.1", "-p", String.valueOf(port), "-U", EmbeddedSource.USER, "-d", EmbeddedSource.DATABASE, "-f",
            dump.toString());
      }

      public void loseLogPosition() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        try (Connection c = pg.target().connect(); Statement st = c.createStatement()) {
          while (true) {
            // the killed satit's walsender goes away within moments; until then the slot is active
            try (var rs = st.executeQuery("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = 'satit_emis' AND NOT active")) {
              if (rs.next()) {
                return;
              }
            }
            if (System.currentTimeMillis() > deadline) {
              throw new IllegalStateException("satit's replication slot stayed active (or missing) for a minute");
            }
            Thread.sleep(200);
          }
        }
      }

      public String logLoss() {
        return "its replication slot dropped";
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
    installDb(install, dir, dir.resolve("data"));
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    MariaDb server = new MariaDb(binary, install, dir, port);
    server.start();
    server.createDatabase();
    return server;
  }

  private static void installDb(Path install, Path dir, Path data) throws IOException, InterruptedException {
    run(dir.resolve("install-" + data.getFileName() + ".log"), install.toString(), "--no-defaults",
        "--datadir=" + data, "--user=" + System.getProperty("user.name"), "--auth-root-authentication-method=normal",
        "--skip-test-db");
  }

  /** No MariaDB server on this machine: the suite skips that run and says so. */
  final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }

  private static void run(Path log, String... cmd) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException notInstalled) {
      throw new Unavailable(cmd[0] + " is not installed here: " + notInstalled.getMessage());
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + Files.readString(log));
    }
  }

  /** The private MariaDB server process. */
  final class MariaDb implements ChaosSource {
    private final Path binary;
    private final Path install;
    private final Path dir;
    private final int port;
    private Path data;
    private int replacements;
    private Process process;

    MariaDb(Path binary, Path install, Path dir, int port) {
      this.binary = binary;
      this.install = install;
      this.dir = dir;
      this.port = port;
      this.data = dir.resolve("data");
    }

    void createDatabase() throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
           Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE emis");
      }
    }

    void start() throws Exception {
      process = new ProcessBuilder(binary.toString(), "--no-defaults", "--datadir=" + data,
          "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
          "--pid-file=" + dir.resolve("mysqld.pid"), "--user=" + System.getProperty("user.name"), "--server-id=1",
          "--log-bin=" + data.resolveSibling(data.getFileName() + "-binlog"), "--binlog-format=ROW",
          "--binlog-row-image=FULL",
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

    public void replaceWithRestoredDump() throws Exception {
      Path dump = dir.resolve("emis-dump-" + (++replacements) + ".sql");
      run(dir.resolve("mysqldump-" + replacements + ".log"), "mysqldump", "-h127.0.0.1", "-P" + port, "-uroot",
          "--single-transaction", "--result-file=" + dump, "emis");
      close();
      data = dir.resolve("data-restored-" + replacements);
      installDb(install, dir, data);
      start();
      createDatabase();
      Process load = new ProcessBuilder("mysql", "-h127.0.0.1", "-P" + port, "-uroot", "emis")
          .redirectInput(dump.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("mysql-" + replacements + ".log").toFile()).start();
      if (load.waitFor() != 0) {
        throw new IllegalStateException("loading the dump failed:\n" + Files.readString(dir.resolve("mysql-"
            + replacements + ".log")));
      }
    }

    public void loseLogPosition() throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
           Statement st = c.createStatement()) {
        // a binlog a dump thread still reads is not purged: wait until the killed satit's reader is gone
        long deadline = System.currentTimeMillis() + 60_000;
        while (binlogReaders(st) > 0) {
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("a binlog reader stayed connected for a minute after satit was killed");
          }
          Thread.sleep(200);
        }
        st.execute("FLUSH BINARY LOGS");
        String newest = null;
        try (var rs = st.executeQuery("SHOW BINARY LOGS")) {
          while (rs.next()) {
            newest = rs.getString(1);
          }
        }
        // MariaDB keeps a binlog until its binlog checkpoint has moved past it (InnoDB made its transactions
        // durable): purge until only the newest is left
        long purgeDeadline = System.currentTimeMillis() + 60_000;
        while (true) {
          st.execute("PURGE BINARY LOGS TO '" + newest + "'");
          int left = 0;
          try (var rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
              left++;
            }
          }
          if (left == 1) {
            return;
          }
          if (System.currentTimeMillis() > purgeDeadline) {
            throw new IllegalStateException(left + " binlogs left after a minute of PURGE BINARY LOGS TO '" + newest + "'");
          }
          Thread.sleep(500);
        }
      }
    }

    private static int binlogReaders(Statement st) throws java.sql.SQLException {
      int n = 0;
      try (var rs = st.executeQuery("SHOW PROCESSLIST")) {
        while (rs.next()) {
          n += String.valueOf(rs.getString("Command")).startsWith("Binlog Dump") ? 1 : 0;
        }
      }
      return n;
    }

    public String logLoss() {
      return "its binary logs purged";
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
