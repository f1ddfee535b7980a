package org.satit.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import org.satit.api.auth.Csrf;
import org.satit.api.auth.Sessions;
import org.satit.api.dashboards.DashboardApi;
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
                      ServerMetrics metrics, ApiDocs docs, RateLimits limits) {
  }

  private final Javalin app;

  private SatitServer(Javalin app) {
    this.app = app;
  }

  public static SatitServer start(String host, int port, Parts p) {
    Javalin app = Javalin.create(cfg -> {
      cfg.jetty.host = host;
      cfg.jetty.port = port;
      cfg.startup.showJavalinBanner = false;
      cfg.http.defaultContentType = "application/json";
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
      r.get("/api/dimensions/{name}/values", "The values a parameter may take (filtered by parent parameters given)",
          "dashboards", Map.of("name", "dimension"), p.dashboards()::values);
      r.get("/public/", "The public results page (the dashboards' page, opening the public results)", "public",
          Map.of(), SatitServer::page);
      r.get("/api/search", "Areas and schools by Thai or English name or code (public pages' search box)", "public",
          Map.of("q", "text to look for, 1-60 characters"), p.dashboards()::search);
      r.get("/api/labels/{lang}", "The interface's words in Thai (th) or English (en)", "dashboards",
          Map.of("lang", "th or en"), p.dashboards()::labels);
      r.post("/api/login", "Log in (JSON {user, password} or a form); sets an HttpOnly session cookie", "auth",
          Map.of(), p.sessions()::login);
      r.post("/api/logout", "Log out", "auth", Map.of(), p.sessions()::logout);
      r.get("/api/me", "Who the caller is (user, role, ESA)", "auth", Map.of(), p.sessions()::whoAmI);
      r.post("/api/jdbc", "Avatica JDBC (protobuf) for analysts: jdbc:avatica:remote:url=http://HOST:PORT/api/jdbc;"
          + "serialization=protobuf", "jdbc", Map.of(), p.jdbc()::handle);
      r.get("/api/openapi.json", "This document", "operations", Map.of(), p.docs()::json);
      r.get("/api/docs", "The API documentation (Swagger UI)", "operations", Map.of(), p.docs()::page);
      r.get("/metrics", "Prometheus metrics", "operations", Map.of(), p.metrics()::scrape);

      cfg.routes.before(SecurityHeaders::apply);
      cfg.routes.before(p.metrics()::before);
      cfg.routes.before(ctx -> p.limits().check(ctx, p.sessions().loggedIn(ctx)));
      cfg.routes.before(Csrf::check);
      cfg.routes.after(p.metrics()::after);
      cfg.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
      cfg.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        try {
          LOG.warn("request {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "internal error");
        } catch (RuntimeException gone) {
          LOG.debug("a failed request whose connection is gone: {}", e.toString());
        }
      });
      cfg.routes.error(404, ctx -> {
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/metrics")) {
          if (ctx.result() == null || ctx.result().isEmpty() || !String.valueOf(ctx.contentType()).startsWith("application/json")) {
            error(ctx, 404, "no such route: " + ctx.method() + " " + abbreviate(ctx.path()));
          }
        }
      });
      cfg.routes.error(405, ctx -> error(ctx, 405, "method not allowed"));
    }).start();
    return new SatitServer(app);
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

  private static void error(Context ctx, int status, String message) {
    SecurityHeaders.apply(ctx);
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
      docs.add(new ApiDocs.Operation("GET", path, summary, tag, params, path.equals("/api/live") ? "text/event-stream"
          : path.equals("/metrics") ? "text/plain" : path.equals("/api/docs") || path.equals("/public/") ? "text/html"
        : "application/json"));
      if (h != null) {
        routes.get(path, h);
      }
    }

    void post(String path, String summary, String tag, Map<String, String> params, Handler h) {
      docs.add(new ApiDocs.Operation("POST", path, summary, tag, params, "application/json"));
      routes.post(path, h);
    }
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
