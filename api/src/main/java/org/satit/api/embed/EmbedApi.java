package org.satit.api.embed;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.satit.api.ApiError;
import org.satit.api.JsonBody;
import org.satit.api.dashboards.ChartCsv;
import org.satit.api.dashboards.ChartDefinition;
import org.satit.api.dashboards.ChartService;
import org.satit.api.dashboards.DimensionValues;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.Role;

/**
 * Charts on other sites. {@code /embed/{chart}?params} is one chart alone for an iframe (its
 * {@code frame-ancestors} lists the configured origins); {@code /embed.js} defines the
 * {@code <satit-chart>} element a webmaster pastes. A public chart embeds as the public sees it; any other
 * chart needs an embed token ({@link EmbedTokens}) that a logged-in user makes here and that locks the chart
 * and its parameters.
 */
public final class EmbedApi {

  private static final byte[] PAGE = resource("/satit/web/embed.html");
  private static final byte[] SCRIPT = resource("/satit/web/assets/embed.js");

  private final ChartService charts;
  private final EmbedTokens tokens;
  private final Function<Context, Principal> principals;

  public EmbedApi(ChartService charts, EmbedTokens tokens, Function<Context, Principal> principals) {
    this.charts = charts;
    this.tokens = tokens;
    this.principals = principals;
  }

  /** {@code GET /embed/{chart}}: the page (the chart's data comes from the data route, with the token). */
  public void page(Context ctx) {
    charts.definition(ctx.pathParam("chart")); // 404 for an unknown chart; whether data shows depends on the token
    ctx.contentType("text/html; charset=utf-8").result(PAGE);
  }

  /** {@code GET /embed.js}: the custom element. */
  public void script(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.contentType("text/javascript; charset=utf-8").result(SCRIPT);
  }

  /** {@code GET /api/embed/{chart}/data?params} with {@code Authorization: Bearer <embed token>} unless public. */
  public void data(Context ctx) {
    ctx.json(answer(ctx, new TreeMap<>(ctx.queryParamMap())));
  }

  /** {@code GET /api/embed/{chart}/data.csv}: the same as CSV. */
  public void csv(Context ctx) {
    Map<String, List<String>> query = new TreeMap<>(ctx.queryParamMap());
    String lang = ChartCsv.language(query);
    ChartCsv.send(ctx, answer(ctx, query), lang);
  }

  private ChartService.ChartData answer(Context ctx, Map<String, List<String>> query) {
    String id = ctx.pathParam("chart");
    String auth = ctx.header("Authorization");
    if (auth == null) {
      if (!charts.definition(id).visibleTo(Role.PUBLIC)) {
        throw ApiError.unauthorized("chart " + id + " is not public: embedding it needs an embed token");
      }
      return charts.data(Principal.anonymous(), id, query);
    }
    if (!auth.startsWith("Bearer ")) {
      throw ApiError.unauthorized("Authorization must be 'Bearer <embed token>'");
    }
    EmbedTokens.Grant g = tokens.verify(auth.substring(7));
    if (!g.chart().equals(id)) {
      throw ApiError.forbidden("this embed token is for chart " + g.chart() + ", not " + DimensionValues.abbreviate(id));
    }
    for (var e : query.entrySet()) {
      if (e.getValue().size() != 1 || !e.getValue().get(0).equals(g.params().get(e.getKey()))) {
        throw ApiError.forbidden("the embed token locks the parameters to " + g.params());
      }
    }
    Map<String, List<String>> locked = new TreeMap<>();
    g.params().forEach((k, v) -> locked.put(k, List.of(v)));
    return charts.data(g.actingAs(), id, locked);
  }

  /**
   * {@code POST /api/embed/tokens} {@code {"chart": id, "params": {…}, "days": 1-366}}: an embed token for a
   * chart the caller may see, seen as the caller, its parameters checked and locked; with the tag to paste.
   */
  public void grant(Context ctx) {
    Principal p = principals.apply(ctx);
    if (p.role() == Role.PUBLIC) {
      throw ApiError.unauthorized("log in to make an embed token (public charts embed without one)");
    }
    Map<?, ?> body = JsonBody.of(ctx);
    String chart = JsonBody.text(body, "chart");
    ChartDefinition def = charts.chart(p, chart);
    int days = JsonBody.integer(body, "days", 1, 366, 90);
    Map<String, List<String>> request = new TreeMap<>();
    if (body.get("params") instanceof Map<?, ?> m) {
      for (var e : m.entrySet()) {
        if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String || e.getValue() instanceof Number)) {
          throw ApiError.badRequest("params must map names to text or numbers");
        }
        request.put(k, List.of(String.valueOf(e.getValue())));
      }
    } else if (body.get("params") != null) {
      throw ApiError.badRequest("params must be an object");
    }
    Map<String, String> locked = new TreeMap<>();
    charts.bind(p, def.params(), request).forEach((k, v) -> {
      if (request.containsKey(k) || (k.equals("esa") && p.role() == Role.DISTRICT)) {
        locked.put(k, v.value());
      }
    });
    Instant until = Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String token = tokens.issue(new EmbedTokens.Grant(def.id(), locked, p, p.name(), until));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", token);
    out.put("chart", def.id());
    out.put("params", locked);
    out.put("refreshUntil", until.toString());
    out.put("lifetimeSeconds", tokens.lifetime().toSeconds());
    ctx.json(out);
  }

  /** {@code POST /api/embed/refresh} {@code {"token": …}}: a fresh token while the grant runs. */
  public void refresh(Context ctx) {
    Map<?, ?> body = JsonBody.of(ctx);
    String token = JsonBody.text(body, "token");
    ctx.json(Map.of("token", tokens.refresh(token), "lifetimeSeconds", tokens.lifetime().toSeconds()));
  }

  private static byte[] resource(String path) {
    try (InputStream in = EmbedApi.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " missing from the dashboards module");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
