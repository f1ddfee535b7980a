package org.satit.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import org.satit.api.auth.AdminApi;
import org.satit.api.auth.Csrf;
import org.satit.api.auth.Sessions;
import org.satit.api.dashboards.DashboardApi;
import org.satit.api.embed.EmbedApi;
import org.satit.api.ingest.IngestEndpoint;
import org.satit.api.jdbc.AnalystJdbc;
import org.satit.api.live.LiveHub;
import org.satit.api.ops.ApiDocs;
import org.satit.api.ops.RateLimits;
import org.satit.api.ops.SecurityHeaders;
import org.satit.api.ops.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The satit web server (Javalin on Jetty 12). All routes are declared here, in one place (and documented
 * from here: {@link ApiDocs}); handlers are plain methods of small classes. Every error is JSON with a
 * 4xx status for what the request got wrong; a 5xx only for satit's own faults, logged.
 */
public final class SatitServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SatitServer.class);

  /** What the server serves. */
  public record Parts(HealthApi health, AnalystJdbc jdbc, Sessions sessions, DashboardApi dashboards, LiveHub live,
                      ServerMetrics metrics, ApiDocs docs, RateLimits limits, EmbedApi embeds, AdminApi admin,
                      org.satit.api.embed.EmbedAdminApi embedAdmin, org.satit.api.ops.ReleaseAdminApi releaseAdmin,
                      SecurityHeaders headers, IngestEndpoint ingest) {
  }

  /**
   * The largest request body satit reads (logins, tokens, admin changes and JDBC frames), however it is framed;
   * only the ingest job's batches may be bigger ({@link IngestEndpoint#MAX_BODY}, read by the endpoint itself).
   */
  static final long MAX_BODY = 1024 * 1024;

  private final Javalin app;

  private SatitServer(Javalin app) {
    this.app = app;
  }

  public static SatitServer start(String host, int port, Parts p) {
    Javalin app = Javalin.create(cfg -> {
      cfg.jetty.host = host;
      cfg.jetty.port = port;
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new org.satit.api.ops.JsonErrors()));
      p.ingest().tls().ifPresent(tls -> {
        // Javalin opens its own connector only when none is added: with the TLS one, the web's is added too
        cfg.jetty.addConnector((server, http) -> {
          org.eclipse.jetty.server.ServerConnector web = new org.eclipse.jetty.server.ServerConnector(server,
              new org.eclipse.jetty.server.HttpConnectionFactory(http));
          web.setHost(host);
          web.setPort(port);
          return web;
        });
        cfg.jetty.addConnector((server, http) -> tls.connector(server, http, host));
      });
      cfg.http.defaultContentType = "application/json";
      // every body Javalin reads (body, bodyAsClass, form parameters), chunked or not; the ingest batches are read
      // by their endpoint, with their own limit
      cfg.http.maxRequestSize = MAX_BODY;
      cfg.staticFiles.add(s -> {
        s.hostedPath = "/";
        s.directory = "/satit/web";
        s.location = Location.CLASSPATH;
      });
      cfg.staticFiles.enableWebjars();
      Routes r = new Routes(cfg.routes, p.docs());
      r.get("/api/health", "Warehouse version, freshness per source table, quarantine", "operations", Map.of(),
          p.health()::get);
      r.get("/api/live", "Server-sent events: one 'version' event per warehouse change, naming the datasets it moved",
          "live", Map.of(), null);
      cfg.routes.sse("/api/live", p.live()::join);
      r.get("/api/dashboards", "The dashboards the caller may open", "dashboards", Map.of(), p.dashboards()::list);
      r.get("/api/dashboards/{id}", "A dashboard: its parameters, their defaults, its charts", "dashboards",
          Map.of("id", "dashboard id"), p.dashboards()::get);
      r.get("/api/charts/{id}/data", "A chart's data, cached by the version of the tables it reads", "dashboards",
          Map.of("id", "chart id"), p.dashboards()::data);
      r.get("/api/charts/{id}/data.csv", "A chart's data as CSV (hidden cells stay empty, suppressed = true)",
          "dashboards", Map.of("id", "chart id", "lang", "th (default) or en: the language of the names"),
          p.dashboards()::csv);
      r.get("/api/dimensions/{name}/values", "The values a parameter may take (filtered by parent parameters given)",
          "dashboards", Map.of("name", "dimension"), p.dashboards()::values);
      r.get("/public/", "The public results page (the dashboards' page, opening the public results)", "public",
          Map.of(), SatitServer::page);
      r.get("/api/search", "Areas and schools by Thai or English name or code (public pages' search box)", "public",
          Map.of("q", "text to look for, 1-60 characters"), p.dashboards()::search);
      r.get("/api/labels/{lang}", "The interface's words in Thai (th) or English (en)", "dashboards",
          Map.of("lang", "th or en"), p.dashboards()::labels);
      r.get("/login", "The login page", "auth", Map.of(), SatitServer::page);
      r.get("/admin", "The admin page: users and API tokens (role admin)", "admin", Map.of(), SatitServer::page);
      r.get("/api/admin/users", "Users (without password hashes) and API tokens (without the tokens)", "admin",
          Map.of(), p.admin()::list);
      r.put("/api/admin/users/{name}", "Add or replace a user: JSON {role, esa, password}", "admin",
          Map.of("name", "login name"), p.admin()::put);
      r.delete("/api/admin/users/{name}", "Remove a user and the user's API tokens", "admin",
          Map.of("name", "login name"), p.admin()::remove);
      r.post("/api/admin/tokens", "Make an API token acting as a user: JSON {user, label, days}; the token is shown "
          + "once; send it as Authorization: Bearer satit_…", "admin", Map.of(), p.admin()::createToken);
      r.delete("/api/admin/tokens/{id}", "Revoke an API token", "admin", Map.of("id", "token id"),
          p.admin()::revokeToken);
      r.get("/api/admin/release", "The public release the public sees (when, why, who asked, school cells held back),"
          + " the schedule and the next moment", "admin", Map.of(), p.releaseAdmin()::status);
      r.post("/api/admin/release", "Publish now: a new public release if anything it reads changed since the last",
          "admin", Map.of(), p.releaseAdmin()::publish);
      r.get("/api/admin/embeds", "The websites that embed satit (internal or public) and every embed code made",
          "admin", Map.of(), p.embedAdmin()::list);
      r.put("/api/admin/embeds/sites", "Mark a website internal (a staff site: charts that are not public may be"
          + " embedded there) or public: JSON {site, internal, note}", "admin", Map.of(), p.embedAdmin()::mark);
      r.delete("/api/admin/embeds/grants/{id}", "Revoke an embed code (its tokens stop at once)", "admin",
          Map.of("id", "grant id"), p.embedAdmin()::revoke);
      r.get("/embed/{chart}", "One chart alone, for an iframe on a listed origin (public charts; others with "
          + "#token=<embed token>)", "embed", Map.of("chart", "chart id"), p.embeds()::page);
      r.get("/embed.js", "The <satit-chart> element for district websites", "embed", Map.of(), p.embeds()::script);
      r.get("/api/embed/{chart}/data", "An embedded chart's data (Authorization: Bearer <embed token> unless public)",
          "embed", Map.of("chart", "chart id"), p.embeds()::data);
      r.get("/api/embed/{chart}/data.csv", "An embedded chart's data as CSV", "embed",
          Map.of("chart", "chart id", "lang", "th (default) or en"), p.embeds()::csv);
      r.post("/api/embed/tokens", "Make an embed code for a chart that is not public (logged in): JSON {chart, params,"
          + " days, site}; only for a site an admin marked internal; locks chart and parameters, seen as the caller",
          "embed", Map.of(), p.embeds()::grant);
      r.get("/api/embed/sites", "The websites marked internal, where charts that are not public may be embedded"
          + " (logged in)", "embed", Map.of(), p.embeds()::sites);
      r.post("/api/embed/refresh", "Swap an embed token for a fresh one while its grant runs: JSON {token}", "embed",
          Map.of(), p.embeds()::refresh);
      r.post("/api/login", "Log in (JSON {user, password} or a form); sets an HttpOnly session cookie", "auth",
          Map.of(), p.sessions()::login);
      r.post("/api/logout", "Log out", "auth", Map.of(), p.sessions()::logout);
      r.get("/api/me", "Who the caller is (user, role, ESA)", "auth", Map.of(), p.sessions()::whoAmI);
      r.post("/api/ingest/batch", "The ingest job's change batches when it runs on a Flink cluster (ingest token "
          + "only; binary batch; 200 once committed)", "operations", Map.of(), p.ingest()::batch);
      r.post("/api/jdbc", "Avatica JDBC (protobuf) for analysts: jdbc:avatica:remote:url=http://HOST:PORT/api/jdbc;"
          + "serialization=protobuf", "jdbc", Map.of(), p.jdbc()::handle);
      r.get("/api/openapi.json", "This document", "operations", Map.of(), p.docs()::json);
      r.get("/api/docs", "The API documentation (Swagger UI)", "operations", Map.of(), p.docs()::page);
      r.get("/metrics", "Prometheus metrics", "operations", Map.of(), p.metrics()::scrape);

      cfg.routes.before(p.headers()::apply);
      cfg.routes.before(SatitServer::readBody);
      cfg.routes.before(p.metrics()::before);
      cfg.routes.before(ctx -> p.limits().check(ctx, p.sessions().loggedIn(ctx)));
      cfg.routes.before(Csrf::check);
      cfg.routes.after(p.metrics()::after);
      SecurityHeaders headers = p.headers();
      cfg.routes.exception(ApiError.class, (e, ctx) -> error(headers, ctx, e.status(), e.getMessage()));
      cfg.routes.exception(io.javalin.http.HttpResponseException.class,
          (e, ctx) -> error(headers, ctx, e.getStatus(), e.getMessage()));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        try {
          LOG.warn("request {} {} failed", ctx.method(), ctx.path(), e);
          error(headers, ctx, 500, "internal error");
        } catch (RuntimeException gone) {
          LOG.debug("a failed request whose connection is gone: {}", e.toString());
        }
      });
      cfg.routes.error(404, ctx -> {
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/metrics")) {
          if (ctx.result() == null || ctx.result().isEmpty() || !String.valueOf(ctx.contentType()).startsWith("application/json")) {
            error(headers, ctx, 404, "no such route: " + ctx.method() + " " + abbreviate(ctx.path()));
          }
        }
      });
      cfg.routes.error(405, ctx -> error(headers, ctx, 405, "method not allowed"));
    }).start();
    return new SatitServer(app);
  }

  /**
   * Before every request: a body over the limit is a 413 (by its Content-Length, or, when it comes chunked, once
   * more than the limit has arrived); a body within it is read now, before anything may answer early (401, 403,
   * 429): an HTTP/1.1 client still sending it would otherwise see its connection closed instead of the answer
   * (Javalin keeps the bytes for the handler). The ingest endpoint reads its own, after checking the token.
   */
  private static void readBody(Context ctx) {
    boolean ingest = ctx.path().equals("/api/ingest/batch");
    long limit = ingest ? IngestEndpoint.MAX_BODY : MAX_BODY;
    if (ctx.contentLength() > limit) {
      throw ApiError.tooLarge(limit);
    }
    if (!ingest && (ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null)) {
      try {
        ctx.bodyAsBytes(); // at most cfg.http.maxRequestSize = MAX_BODY bytes, whatever the framing
      } catch (io.javalin.http.HttpResponseException e) {
        throw e.getStatus() == 413 ? ApiError.tooLarge(limit) : e;
      }
    }
  }

  private static final byte[] PAGE = page();

  private static byte[] page() {
    try (var in = SatitServer.class.getResourceAsStream("/satit/web/index.html")) {
      if (in == null) {
        throw new IllegalStateException("satit/web/index.html missing from the dashboards module");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void page(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(PAGE);
  }

  private static void error(SecurityHeaders headers, Context ctx, int status, String message) {
    headers.apply(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message == null ? HttpStatus.forStatus(status).getMessage() : message);
    body.put("status", status);
    ctx.status(status).json(body);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  /** Declares a route and documents it in one step. */
  private record Routes(io.javalin.config.RoutesConfig routes, ApiDocs docs) {
    void get(String path, String summary, String tag, Map<String, String> params, Handler h) {
      docs.add(new ApiDocs.Operation("GET", path, summary, tag, params, produces(path)));
      if (h != null) {
        routes.get(path, h);
      }
    }

    void post(String path, String summary, String tag, Map<String, String> params, Handler h) {
      docs.add(new ApiDocs.Operation("POST", path, summary, tag, params, "application/json"));
      routes.post(path, h);
    }

    void put(String path, String summary, String tag, Map<String, String> params, Handler h) {
      docs.add(new ApiDocs.Operation("PUT", path, summary, tag, params, "application/json"));
      routes.put(path, h);
    }

    void delete(String path, String summary, String tag, Map<String, String> params, Handler h) {
      docs.add(new ApiDocs.Operation("DELETE", path, summary, tag, params, "application/json"));
      routes.delete(path, h);
    }

    private static String produces(String path) {
      if (path.equals("/api/live")) {
        return "text/event-stream";
      }
      if (path.equals("/metrics")) {
        return "text/plain";
      }
      if (path.endsWith(".csv")) {
        return "text/csv";
      }
      if (path.endsWith(".js")) {
        return "text/javascript";
      }
      return path.startsWith("/api/") && !path.equals("/api/docs") ? "application/json" : "text/html";
    }
  }

  /** The port of the ingest endpoint's TLS listener ({@code ingest.tls}), or -1 when there is none. */
  public int tlsPort() {
    for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors()) {
      if ("ingest-tls".equals(c.getName()) && c instanceof org.eclipse.jetty.server.ServerConnector s) {
        return s.getLocalPort();
      }
    }
    return -1;
  }

  /** The port of the web server (not the ingest endpoint's TLS listener). */
  public int port() {
    for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors()) {
      if (!"ingest-tls".equals(c.getName()) && c instanceof org.eclipse.jetty.server.ServerConnector s) {
        return s.getLocalPort();
      }
    }
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
