package org.satit.api;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.time.ZoneOffset;
import org.duckdb.DuckDBConnection;
import org.satit.api.auth.AdminApi;
import org.satit.api.auth.Sessions;
import org.satit.api.auth.Users;
import org.satit.api.dashboards.ChartService;
import org.satit.api.dashboards.DashboardApi;
import org.satit.api.dashboards.Definitions;
import org.satit.api.dashboards.DimensionValues;
import org.satit.api.dashboards.TableVersions;
import org.satit.api.embed.EmbedAdminApi;
import org.satit.api.embed.EmbedApi;
import org.satit.api.embed.EmbedRegistry;
import org.satit.api.embed.EmbedTokens;
import org.satit.api.jdbc.AnalystJdbc;
import org.satit.api.live.LiveHub;
import org.satit.api.ops.ApiDocs;
import org.satit.api.ops.RateLimits;
import org.satit.api.ops.ReleaseAdminApi;
import org.satit.api.ops.SecurityHeaders;
import org.satit.api.ops.ServerMetrics;
import org.satit.warehouse.publish.PublicReleaser;
import org.satit.warehouse.publish.ScoreRelease;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.semantic.SemanticLayer;
import org.satit.warehouse.semantic.SemanticModel;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * The web side of satit, wired once: definitions, dimension values, the chart service and its cache, the
 * live stream fed by the writer's commits, sessions, metrics and the API document. Definitions are
 * checked here, so a broken definition file stops the start.
 */
public final class WebApp implements AutoCloseable {

  public static final String SWAGGER_UI_VERSION = "5.34.1";

  private final LiveHub live;
  private final Sessions sessions;
  private final DashboardApi dashboards;
  private final ServerMetrics metrics;
  private final ApiDocs docs;
  private final ChartService charts;
  private final RateLimits limits;

  private final EmbedApi embeds;
  private final AdminApi admin;
  private final EmbedAdminApi embedAdmin;
  private final ReleaseAdminApi releaseAdmin;
  private final SecurityHeaders headers;

  private WebApp(LiveHub live, Sessions sessions, DashboardApi dashboards, ServerMetrics metrics, ApiDocs docs,
                 ChartService charts, RateLimits limits, EmbedApi embeds, AdminApi admin, EmbedAdminApi embedAdmin,
                 ReleaseAdminApi releaseAdmin, SecurityHeaders headers) {
    this.embeds = embeds;
    this.admin = admin;
    this.embedAdmin = embedAdmin;
    this.releaseAdmin = releaseAdmin;
    this.headers = headers;
    this.limits = limits;
    this.live = live;
    this.sessions = sessions;
    this.dashboards = dashboards;
    this.metrics = metrics;
    this.docs = docs;
    this.charts = charts;
  }

  /**
   * Charts on other sites: the origins that may frame them, the key that signs embed tokens (at least 32
   * bytes), and how long a token lives before the embedded page swaps it.
   */
  public record Embedding(List<String> origins, byte[] key, Duration tokenLifetime) {

    /** On one machine (demo, tests): any page served from this machine may embed. */
    public static Embedding local(byte[] key) {
      return new Embedding(List.of("http://127.0.0.1:*", "http://localhost:*"), key, Duration.ofMinutes(15));
    }
  }

  /**
   * Over the warehouse's query layer; listens to the writer's commits. {@code limits}: request rates;
   * {@code minimumGroup}: the disclosure engine's smallest published group (for the legend); {@code releaser}: the
   * public releaser (null for none: the admin's release routes answer 409).
   */
  public static WebApp create(DuckDBConnection warehouse, QueryLayer queries, Users users, WarehouseWriter writer,
                              RateLimits limits, int minimumGroup, Embedding embedding, PublicReleaser releaser)
      throws SQLException {
    SemanticModel model = SemanticModel.load();
    long version;
    Instant at;
    try (Connection c = warehouse.duplicate(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT version, committed_at FROM warehouse_version WHERE id = 1")) {
      rs.next();
      version = rs.getLong(1);
      java.sql.Timestamp t = rs.getTimestamp(2);
      at = t == null ? Instant.now() : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    TableVersions versions = new TableVersions(version, at);
    LiveHub live = new LiveHub(model, versions, version, at);
    writer.onCommit(live::committed);
    DimensionValues dimensions = new DimensionValues(model, queries, versions);
    Definitions definitions = Definitions.load(model, dimensions);
    String schedule = releaser == null ? null : releaser.schedule().describe();
    ChartService charts = new ChartService(definitions, dimensions, new SemanticLayer(model, queries), versions,
        () -> lastRelease(warehouse, schedule));
    Sessions sessions = new Sessions(users);
    ServerMetrics metrics = new ServerMetrics();
    metrics.cache("chart_data", charts.cache());
    metrics.gauge("satit.warehouse.version", "the warehouse version last announced", live, l -> l.latest().version());
    metrics.gauge("satit.live.clients", "open live-stream (SSE) connections", live, LiveHub::clients);
    DashboardApi api = new DashboardApi(definitions, dimensions, charts, model, sessions::principal, minimumGroup);
    EmbedRegistry registry = new EmbedRegistry(warehouse, Clock.systemUTC());
    EmbedApi embeds = new EmbedApi(charts, new EmbedTokens(embedding.key(), embedding.tokenLifetime(), Clock.systemUTC(),
        users::account), registry, sessions::principal);
    return new WebApp(live, sessions, api, metrics, new ApiDocs(definitions, SWAGGER_UI_VERSION), charts, limits,
        embeds, new AdminApi(users, sessions), new EmbedAdminApi(registry, sessions::principal),
        new ReleaseAdminApi(releaser, sessions::principal),
        new SecurityHeaders(embedding.origins(), registry::internalOrigins));
  }

  /** The public release now published, as the charts that read it say (empty before the first). */
  private static java.util.Optional<ChartService.Release> lastRelease(DuckDBConnection warehouse, String schedule) {
    try (DuckDBConnection c = (DuckDBConnection) warehouse.duplicate()) {
      return ScoreRelease.lastRelease(c).map(r -> new ChartService.Release(r.releaseId(), r.releasedAt().toString(),
          schedule));
    } catch (SQLException e) {
      throw new IllegalStateException("reading the last public release: " + e.getMessage(), e);
    }
  }

  public SatitServer.Parts parts(HealthApi health, AnalystJdbc jdbc, org.satit.api.ingest.IngestEndpoint ingest) {
    health.bindMetrics(metrics);
    return new SatitServer.Parts(health, jdbc, sessions, dashboards, live, metrics, docs, limits, embeds, admin,
        embedAdmin, releaseAdmin, headers,
        ingest);
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  public LiveHub live() {
    return live;
  }

  public ChartService charts() {
    return charts;
  }

  @Override
  public void close() {
    live.close();
    try {
      embeds.registry().close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing the embed registry: " + e.getMessage(), e);
    }
  }
}
