package org.satit.api;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.satit.api.HealthApi;
import org.satit.api.auth.Users;
import org.satit.api.jdbc.AnalystJdbc;
import org.satit.api.SatitServer;
import org.satit.api.WebApp;
import org.satit.ingest.cdc.CdcSource;
import org.satit.ingest.cdc.HeartbeatWriter;
import org.satit.ingest.cdc.IngestJob;
import org.satit.ingest.cdc.IngestStatus;
import org.satit.ingest.cdc.LocalIngest;
import org.satit.ingest.cdc.PseudonymSecret;
import org.satit.ingest.cdc.ClusterIngest;
import org.satit.ingest.cdc.RemoteApplier;
import org.satit.api.ingest.IngestEndpoint;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.cdc.WarehouseIngest;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.publish.PublicReleaser;
import org.satit.warehouse.publish.ReleaseSchedule;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * The composition root: everything the satit server runs in one JVM ({@code satit serve}, and the demo from the tools
 * module): the DuckDB warehouse, the Flink CDC ingest job streaming from the sources (a local MiniCluster, or submitted
 * to a Flink cluster), the public releaser and the web server with analyst JDBC. Stops in reverse order.
 */
public final class SatitStack implements AutoCloseable {

  public static final String WAREHOUSE_FILE = "warehouse.duckdb";

  private final DuckDBConnection warehouse;
  private final LocalIngest ingest;
  private final ClusterIngest clusterIngest;
  private final SatitServer server;
  private final QueryLayer queries;
  private final AnalystJdbc jdbc;
  private final PublicReleaser releaser;
  private final WebApp web;
  private final List<String> sourceNames;
  private final HeartbeatWriter heartbeats;

  private SatitStack(DuckDBConnection warehouse, LocalIngest ingest, ClusterIngest clusterIngest, SatitServer server,
                     QueryLayer queries, AnalystJdbc jdbc, PublicReleaser releaser, WebApp web, List<String> sourceNames,
                     HeartbeatWriter heartbeats) {
    this.heartbeats = heartbeats;
    this.warehouse = warehouse;
    this.ingest = ingest;
    this.clusterIngest = clusterIngest;
    this.server = server;
    this.queries = queries;
    this.jdbc = jdbc;
    this.releaser = releaser;
    this.web = web;
    this.sourceNames = sourceNames;
  }

  /** What to run: where the data lives, the pseudonym secret, the sources, the server's address. */
  public record Plan(Path dataDir, byte[] pseudonymSecret, List<CdcSource> sources, String host, int port,
              IngestJob.Settings settings, Map<String, Object> sourceInfo, Users users, DisclosureRules disclosure,
              ReleaseSchedule releases, org.satit.api.ops.RateLimits limits, WebApp.Embedding embedding,
              Cluster cluster) {
  }

  /**
   * The ingest job on a Flink cluster instead of in this JVM: the JobManager's REST address, the URL at
   * which the TaskManagers reach this server (null: this server's loopback address), the shared ingest
   * token, the checkpoint folder the cluster and this server share, where the TaskManagers find the
   * pseudonym key file, and (optional) the TLS listener for the batches with the certificate file the
   * TaskManagers trust it by.
   */
  public record Cluster(java.net.URI flinkRest, String serverUrl, String token, Path checkpointDir, Path taskManagerKey,
                 org.satit.api.ingest.IngestTls tls, Path taskManagerCertificate) {
    public Cluster(java.net.URI flinkRest, String serverUrl, String token, Path checkpointDir, Path taskManagerKey) {
      this(flinkRest, serverUrl, token, checkpointDir, taskManagerKey, null, null);
    }
  }

  public static SatitStack start(Plan plan) throws Exception {
    java.nio.file.Files.createDirectories(plan.dataDir());
    DuckDBConnection warehouse = (DuckDBConnection) DriverManager.getConnection(
        "jdbc:duckdb:" + plan.dataDir().resolve(WAREHOUSE_FILE).toAbsolutePath());
    LocalIngest ingest = null;
    ClusterIngest clusterIngest = null;
    SatitServer server = null;
    QueryLayer queries = null;
    AnalystJdbc jdbc = null;
    PublicReleaser releaser = null;
    WebApp web = null;
    HeartbeatWriter heartbeats = null;
    try {
      Pseudonyms pseudonyms = new Pseudonyms(plan.pseudonymSecret());
      WarehouseWriter writer = new WarehouseWriter((DuckDBConnection) warehouse.duplicate());
      // a warehouse rebuilt after a reset takes back what the public saw before its first release
      long restored = org.satit.warehouse.KeptHistory.restore(warehouse,
          plan.dataDir().resolve(org.satit.warehouse.KeptHistory.FOLDER));
      if (restored >= 0) {
        org.slf4j.LoggerFactory.getLogger(SatitStack.class).info(
            "restored the public release history and the embed registry kept by a reset ({} rows)", restored);
      }
      WarehouseIngest applier = new WarehouseIngest(writer, pseudonyms);
      queries = new QueryLayer(warehouse);
      jdbc = new AnalystJdbc(queries, plan.users());
      releaser = new PublicReleaser(warehouse, plan.disclosure(), plan.releases());
      releaser.follow(writer); // releases only when a table the public numbers come from changed
      web = WebApp.create(warehouse, queries, plan.users(), writer, plan.limits(), plan.disclosure().minCount(),
          plan.embedding(), releaser);
      releaser.onRelease(web.live()::committed);
      List<String> names = plan.sources().stream().map(CdcSource::name).toList();
      // the heartbeat table must exist before the job starts: the job captures it
      heartbeats = HeartbeatWriter.start(plan.sources(), plan.settings().heartbeatInterval());
      HeartbeatWriter beats = heartbeats;
      java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<Optional<String>>> refused =
          new java.util.concurrent.atomic.AtomicReference<>(Optional::empty);
      HealthApi health = new HealthApi(() -> duplicate(warehouse), names, plan.sourceInfo(),
          new HealthApi.Watch(plan.settings().stalledAfter(), beats::problem, () -> refused.get().get(), releaser::problem));
      Cluster cluster = plan.cluster();
      if (cluster == null) {
        ingest = LocalIngest.start(plan.dataDir().resolve("checkpoints"), plan.sources(), applier, plan.settings());
        refused.set(ingest::refused);
        server = SatitServer.start(plan.host(), plan.port(), web.parts(health, jdbc, IngestEndpoint.disabled()));
      } else {
        // the server first: the job's sink delivers to its ingest endpoint
        server = SatitServer.start(plan.host(), plan.port(), web.parts(health, jdbc,
            IngestEndpoint.accepting(applier, cluster.token(), cluster.tls())));
        String serverUrl = cluster.serverUrl() != null ? cluster.serverUrl()
            : cluster.tls() != null ? "https://127.0.0.1:" + server.tlsPort() : "http://127.0.0.1:" + server.port();
        clusterIngest = ClusterIngest.submit(cluster.flinkRest(), cluster.checkpointDir(), plan.sources(), applier,
            new RemoteApplier.Factory(serverUrl, cluster.token(),
                cluster.taskManagerCertificate() == null ? null : cluster.taskManagerCertificate().toString()),
            org.satit.ingest.cdc.PseudonymKey.file(cluster.taskManagerKey()), plan.settings());
        refused.set(clusterIngest::refused);
      }
      return new SatitStack(warehouse, ingest, clusterIngest, server, queries, jdbc, releaser, web, names, heartbeats);
    } catch (Exception e) {
      if (server != null) {
        server.close();
      }
      if (ingest != null) {
        ingest.close();
      }
      if (clusterIngest != null) {
        clusterIngest.close();
      }
      if (heartbeats != null) {
        heartbeats.close();
      }
      if (web != null) {
        web.close();
      }
      if (releaser != null) {
        releaser.close();
      }
      if (jdbc != null) {
        jdbc.close();
      }
      if (queries != null) {
        queries.close();
      }
      warehouse.close();
      throw e;
    }
  }

  private static Connection duplicate(DuckDBConnection c) {
    try {
      return c.duplicate();
    } catch (SQLException e) {
      throw new IllegalStateException("warehouse unavailable: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.port();
  }

  /** The ingest endpoint's TLS port (cluster mode with ingest.tls), or -1. */
  public int tlsPort() {
    return server.tlsPort();
  }

  public Optional<Path> restoredFrom() {
    return ingest != null ? ingest.restoredFrom() : clusterIngest.restoredFrom();
  }

  /**
   * Until every source streams (its snapshot is in) and no row change has been applied for 5 s (heartbeats, which
   * arrive every few seconds, do not count); at most 30 minutes.
   */
  public void awaitSettled() throws Exception {
    long last = -1;
    long since = System.currentTimeMillis();
    long deadline = System.currentTimeMillis() + 30 * 60_000L;
    while (System.currentTimeMillis() < deadline) {
      IngestStatus.Snapshot s;
      try (Connection c = warehouse.duplicate()) {
        s = IngestStatus.read(c, sourceNames);
      }
      long applied = s.tables().stream().mapToLong(IngestStatus.Table::rowsApplied).sum();
      boolean streaming = s.sources().stream().noneMatch(IngestStatus.Source::snapshotRunning);
      if (applied != last) {
        last = applied;
        since = System.currentTimeMillis();
      } else if (streaming && applied > 0 && System.currentTimeMillis() - since > 5000) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the snapshot did not settle in 30 minutes");
  }

  /** Every source's snapshot is in and the warehouse made whole (rollups built): the dashboards show all of it. */
  public boolean whole() throws SQLException {
    try (Connection c = warehouse.duplicate()) {
      IngestStatus.Snapshot s = IngestStatus.read(c, sourceNames);
      return s.sources().stream().noneMatch(IngestStatus.Source::snapshotRunning)
          && s.tables().stream().mapToLong(IngestStatus.Table::rows).sum() > 0;
    }
  }

  /** Publishes the disclosure-protected release now instead of at the next minute (benchmarks, tests). */
  public void releaseNow() throws InterruptedException {
    releaser.releaseNow();
  }

  /** The job on the Flink cluster, in cluster mode. */
  public Optional<ClusterIngest> cluster() {
    return Optional.ofNullable(clusterIngest);
  }

  /** A connection to the warehouse (tests compare it with the source). */
  public Connection warehouseConnection() throws SQLException {
    return warehouse.duplicate();
  }

  /** One line: warehouse version, rows, worst lag, quarantine. */
  public String statusLine() {
    try (Connection c = warehouse.duplicate()) {
      IngestStatus.Snapshot s = IngestStatus.read(c, sourceNames);
      long lag = s.tables().stream().filter(t -> t.lagMs() != null).mapToLong(IngestStatus.Table::lagMs).max().orElse(0);
      // what the warehouse holds, counted once (each source lists the same tables)
      long rows = s.tables().stream().filter(t -> t.source().equals(sourceNames.get(0)))
          .mapToLong(IngestStatus.Table::rows).sum();
      return String.format("warehouse: version %,d, %,d rows, last-apply lag up to %,d ms, %,d rows in quarantine",
          s.warehouseVersion(), rows, lag, s.quarantined());
    } catch (SQLException e) {
      return "warehouse: status unavailable (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      try {
        if (ingest != null) {
          ingest.close();
        } else {
          clusterIngest.close(); // the job keeps running on the cluster
        }
      } finally {
        heartbeats.close();
        web.close();
        releaser.close();
        jdbc.close();
        queries.close();
        checkpoint(warehouse);
        warehouse.close();
      }
    }
  }

  /**
   * Writes the WAL into the warehouse file before it closes: a busy warehouse rarely checkpoints by itself (DuckDB skips
   * its automatic checkpoint while other transactions run), so a clean stop left everything in the WAL (162 MB after a
   * 3-minute demo) for the next start to replay, a path where DuckDB's ART index deletes have failed (the demo's
   * restart of 2026-12-04: "Failed to delete all rows from index").
   */
  private static void checkpoint(DuckDBConnection c) {
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
    } catch (SQLException e) {
      org.slf4j.LoggerFactory.getLogger(SatitStack.class).warn("warehouse checkpoint at stop failed ({}): the next"
          + " start replays its WAL", e.getMessage());
    }
  }
}
