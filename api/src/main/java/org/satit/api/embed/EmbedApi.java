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
 * Charts on other sites. {@code /embed/{chart}?params} is one chart alone for an iframe (its {@code frame-ancestors}
 * lists the configured origins and the sites marked internal); {@code /embed.js} defines the {@code <satit-chart>}
 * element a webmaster pastes. Embeds know their audience: on any website a public chart embeds without a token and
 * shows what the public sees, from the current public release; a chart that is not public needs an embed code made
 * for one site an admin marked internal (a staff intranet, {@link EmbedRegistry}), which locks the chart and its
 * parameters and is seen as its grantor ({@link EmbedTokens}), listed on the admin page and revocable there.
 */
public final class EmbedApi {

  /** What an embed code made before embeds knew their audience answers when its chart is not public. */
  static final String UNBOUND = "this embed code was made before satit knew which site shows it: a chart that is not"
      + " public may be embedded only on a site an administrator marked internal (a staff intranet). Make a new embed"
      + " code for such a site; public websites can embed the public charts without one";

  private static final byte[] PAGE = resource("/satit/web/embed.html");
  private static final byte[] SCRIPT = resource("/satit/web/assets/embed.js");

  private final ChartService charts;
  private final EmbedTokens tokens;
  private final EmbedRegistry registry;
  private final Function<Context, Principal> principals;

  public EmbedApi(ChartService charts, EmbedTokens tokens, EmbedRegistry registry,
                  Function<Context, Principal> principals) {
    this.charts = charts;
    this.tokens = tokens;
    this.registry = registry;
    this.principals = principals;
  }

  public EmbedRegistry registry() {
    return registry;
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
    ChartDefinition def = charts.definition(id);
    String auth = ctx.header("Authorization");
    if (auth != null && !auth.startsWith("Bearer ")) {
      throw ApiError.unauthorized("Authorization must be 'Bearer <embed token>'");
    }
    EmbedTokens.Grant g = auth == null ? null : tokens.verify(auth.substring(7));
    if (g != null && !g.chart().equals(id)) {
      throw ApiError.forbidden("this embed token is for chart " + g.chart() + ", not " + DimensionValues.abbreviate(id));
    }
    if (def.visibleTo(Role.PUBLIC)) {
      // on any site, a public chart shows what the public sees (the current public release), whoever granted it
      return charts.data(Principal.anonymous(), id, g == null ? query : locked(g, query));
    }
    if (g == null) {
      throw ApiError.unauthorized("chart " + id + " is not public: it can be embedded only on an internal site, with an"
          + " embed code made for that site");
    }
    stillGranted(g, ctx.header(EMBEDDER));
    return charts.data(g.actingAs(), id, locked(g, query));
  }

  /** The header in which the embedded page names the site that frames it (the browser's ancestor origin). */
  static final String EMBEDDER = "X-Satit-Embedder";

  /**
   * A token for a chart that is not public still holds: its grant is in the registry, not revoked, for a site still
   * marked internal, and the page that frames it (when the embedded page says) is that site. 403 with why otherwise.
   */
  private void stillGranted(EmbedTokens.Grant g, String embedder) {
    if (g.grantId() == null) {
      throw ApiError.forbidden(UNBOUND);
    }
    EmbedRegistry.Grant r = registry.grant(g.grantId())
        .orElseThrow(() -> ApiError.forbidden("this embed code's grant is not known here: the site needs a new code"));
    if (r.revoked()) {
      throw ApiError.forbidden("this embed code was revoked on " + r.revokedAt() + " by " + r.revokedBy()
          + ": the site needs a new embed code");
    }
    if (!registry.internal(r.origin())) {
      throw ApiError.forbidden("this embed code is for " + r.origin() + ", which is no longer marked internal: a chart"
          + " that is not public is shown only on internal sites");
    }
    if (embedder != null && !embedder.isBlank() && !embedder.equals(r.origin())) {
      throw ApiError.forbidden("this embed code is for " + r.origin() + ", not for "
          + DimensionValues.abbreviate(embedder) + ": a chart that is not public is shown only on the site it was made for");
    }
  }

  /** The token's locked parameters; a request may repeat them but not change them. */
  private static Map<String, List<String>> locked(EmbedTokens.Grant g, Map<String, List<String>> query) {
    for (var e : query.entrySet()) {
      if (e.getValue().size() != 1 || !e.getValue().get(0).equals(g.params().get(e.getKey()))) {
        throw ApiError.forbidden("the embed token locks the parameters to " + g.params());
      }
    }
    Map<String, List<String>> locked = new TreeMap<>();
    g.params().forEach((k, v) -> locked.put(k, List.of(v)));
    return locked;
  }

  /** {@code GET /api/embed/sites}: the sites marked internal (logged in), where charts that are not public may go. */
  public void sites(Context ctx) {
    if (principals.apply(ctx).role() == Role.PUBLIC) {
      throw ApiError.unauthorized("log in to see the internal sites");
    }
    ctx.json(Map.of("internal", registry.internalOrigins()));
  }

  /**
   * {@code POST /api/embed/tokens} {@code {"chart": id, "params": {…}, "days": 1-366, "site": origin}}: an embed code
   * for a chart the caller may see and that is not public (public charts need none), for a site marked internal, seen
   * as the caller, its parameters checked and locked; recorded in the registry.
   */
  public void grant(Context ctx) {
    Principal p = principals.apply(ctx);
    if (p.role() == Role.PUBLIC) {
      throw ApiError.unauthorized("log in to make an embed token (public charts embed without one)");
    }
    Map<?, ?> body = JsonBody.of(ctx);
    String chart = JsonBody.text(body, "chart");
    ChartDefinition def = charts.chart(p, chart);
    if (def.visibleTo(Role.PUBLIC)) {
      throw ApiError.badRequest("chart " + def.id() + " is public: it embeds on any listed website without a token");
    }
    int days = JsonBody.integer(body, "days", 1, 366, 90);
    String site = EmbedRegistry.origin(JsonBody.text(body, "site"));
    if (!registry.internal(site)) {
      throw ApiError.forbidden(site + " is not marked internal: chart " + def.id() + " is not public, so it may be"
          + " embedded only on a staff site an administrator marked internal; public websites can show the public"
          + " charts");
    }
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
    EmbedRegistry.Grant recorded = registry.add(def.id(), locked, site, p, until);
    String token = tokens.issue(new EmbedTokens.Grant(def.id(), locked, p, p.name(), until, recorded.id(), site));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", token);
    out.put("grant", recorded.id());
    out.put("chart", def.id());
    out.put("params", locked);
    out.put("site", site);
    out.put("refreshUntil", until.toString());
    out.put("lifetimeSeconds", tokens.lifetime().toSeconds());
    ctx.json(out);
  }

  /** {@code POST /api/embed/refresh} {@code {"token": …}}: a fresh token while the grant runs and still holds. */
  public void refresh(Context ctx) {
    Map<?, ?> body = JsonBody.of(ctx);
    String token = JsonBody.text(body, "token");
    EmbedTokens.Grant g = tokens.grantOf(token);
    if (!charts.definition(g.chart()).visibleTo(Role.PUBLIC)) {
      try {
        stillGranted(g, ctx.header(EMBEDDER));
      } catch (ApiError e) {
        throw ApiError.unauthorized(e.getMessage()); // the page shows why the chart ended
      }
    }
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
