package org.satit.api;

import io.javalin.Javalin;
import java.util.Map;
import org.satit.api.jdbc.AnalystJdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The satit web server (Javalin on Jetty 12). All routes are declared here, in one place; handlers are
 * plain methods of small classes. For now: {@code GET /api/health} and {@code POST /api/jdbc} (Avatica). Dashboards, the live stream and
 * the public pages join in later issues.
 */
public final class SatitServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SatitServer.class);

  private final Javalin app;

  private SatitServer(Javalin app) {
    this.app = app;
  }

  public static SatitServer start(String host, int port, HealthApi health, AnalystJdbc jdbc) {
    Javalin app = Javalin.create(cfg -> {
      cfg.jetty.host = host;
      cfg.jetty.port = port;
      cfg.startup.showJavalinBanner = false;
      cfg.routes.get("/api/health", health::get);
      cfg.routes.post("/api/jdbc", jdbc::handle);
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.warn("request {} failed", ctx.path(), e);
        ctx.status(500).json(Map.of("error", "internal error", "status", 500));
      });
    }).start();
    return new SatitServer(app);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
