package org.satit.api.embed;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.satit.api.ApiError;
import org.satit.api.JsonBody;
import org.satit.warehouse.query.Principal;

/**
 * The admin page's embed section (role admin): the websites that embed satit, which of them are internal (staff
 * sites, where charts that are not public may go), and every embed code made, with its grantor, chart, parameters,
 * site and end, each revocable.
 */
public final class EmbedAdminApi {

  private final EmbedRegistry registry;
  private final Function<Context, Principal> principals;

  public EmbedAdminApi(EmbedRegistry registry, Function<Context, Principal> principals) {
    this.registry = registry;
    this.principals = principals;
  }

  private Principal admin(Context ctx) {
    return org.satit.api.auth.AdminApi.admin(principals.apply(ctx), "administer embeds");
  }

  /** {@code GET /api/admin/embeds}: the sites and the grants, newest first. */
  public void list(Context ctx) {
    admin(ctx);
    List<Map<String, Object>> sites = registry.sites().stream().map(EmbedAdminApi::site).toList();
    List<Map<String, Object>> grants = registry.grants().stream().map(g -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", g.id());
      m.put("chart", g.chart());
      m.put("params", g.params());
      m.put("site", g.origin());
      m.put("internal", registry.internal(g.origin()));
      m.put("grantedBy", g.grantor().name());
      m.put("role", g.grantor().role().id());
      m.put("esa", g.grantor().esaCode());
      m.put("grantedAt", g.grantedAt().toString());
      m.put("refreshUntil", g.refreshUntil().toString());
      m.put("revokedAt", g.revokedAt() == null ? null : g.revokedAt().toString());
      m.put("revokedBy", g.revokedBy());
      return m;
    }).toList();
    ctx.json(Map.of("sites", sites, "grants", grants));
  }

  /** {@code PUT /api/admin/embeds/sites} {@code {"site": origin, "internal": bool, "note": text}}: marks a site. */
  public void mark(Context ctx) {
    Principal p = admin(ctx);
    Map<?, ?> body = JsonBody.of(ctx);
    Object internal = body.get("internal");
    if (!(internal instanceof Boolean b)) {
      throw ApiError.badRequest("internal must be true or false");
    }
    Object note = body.get("note");
    if (note != null && !(note instanceof String)) {
      throw ApiError.badRequest("note must be text");
    }
    ctx.json(site(registry.mark(JsonBody.text(body, "site"), b, (String) note, p.name())));
  }

  /** {@code DELETE /api/admin/embeds/grants/{id}}: revokes one embed code (all its tokens, at once). */
  public void revoke(Context ctx) {
    Principal p = admin(ctx);
    EmbedRegistry.Grant g = registry.revoke(ctx.pathParam("id"), p.name());
    ctx.json(Map.of("id", g.id(), "revokedAt", g.revokedAt().toString(), "revokedBy", g.revokedBy()));
  }

  private static Map<String, Object> site(EmbedRegistry.Site s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", s.origin());
    m.put("internal", s.internal());
    m.put("note", s.note());
    m.put("markedBy", s.markedBy());
    m.put("markedAt", s.markedAt().toString());
    return m;
  }
}
