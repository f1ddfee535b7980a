package org.satit.api.auth;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satit.api.ApiError;
import org.satit.api.JsonBody;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.Role;

/**
 * The admin page's API (role admin only): the users of the users file, and the API tokens of machine
 * clients. Changes are written to the file at once and take effect at once; a changed or removed user's
 * sessions end. The last admin cannot be removed or demoted (nobody could administer satit afterwards).
 */
public final class AdminApi {

  private final Users users;
  private final Sessions sessions;

  public AdminApi(Users users, Sessions sessions) {
    this.users = users;
    this.sessions = sessions;
  }

  /** The caller, if an admin; 401/403 saying {@code what} needs one otherwise (every admin route asks here). */
  public static Principal admin(Principal p, String what) {
    if (p.role() != Role.ADMIN) {
      throw ApiError.notFor(p, what);
    }
    return p;
  }

  private void requireAdmin(Context ctx) {
    admin(sessions.principal(ctx), "administer users");
    if (!users.editable()) {
      throw new ApiError(409, "satit runs without a users file (users: in the configuration): nothing to administer");
    }
  }

  /** {@code GET /api/admin/users}: users (no hashes) and tokens (no tokens). */
  public void list(Context ctx) {
    requireAdmin(ctx);
    List<Map<String, Object>> out = users.list().stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("role", p.role().id());
      m.put("esa", p.esaCode());
      return m;
    }).toList();
    List<Map<String, Object>> tokens = users.tokens().stream().map(t -> Map.<String, Object>of("id", t.id(), "user", t.user(),
        "label", t.label(), "created", t.created().toString(), "expires", t.expires().toString())).toList();
    ctx.json(Map.of("users", out, "tokens", tokens));
  }

  /** {@code PUT /api/admin/users/{name}} {@code {"role", "esa", "password"}}: adds or replaces a user. */
  public void put(Context ctx) throws IOException {
    requireAdmin(ctx);
    String name = ctx.pathParam("name");
    Map<?, ?> body = JsonBody.of(ctx);
    Role role;
    try {
      role = Role.of(String.valueOf(JsonBody.text(body, "role")));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (role != Role.ADMIN) {
      keepAnAdmin(name);
    }
    try {
      users.put(name, role, JsonBody.text(body, "esa"), JsonBody.text(body, "password"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    sessions.endSessionsOf(name);
    ctx.json(Map.of("saved", name));
  }

  /** {@code DELETE /api/admin/users/{name}}. */
  public void remove(Context ctx) throws IOException {
    requireAdmin(ctx);
    String name = ctx.pathParam("name");
    keepAnAdmin(name);
    if (!users.remove(name)) {
      throw ApiError.notFound("no user '" + org.satit.api.dashboards.DimensionValues.abbreviate(name) + "'");
    }
    sessions.endSessionsOf(name);
    ctx.json(Map.of("removed", name));
  }

  /** {@code POST /api/admin/tokens} {@code {"user", "label", "days"}}: the token, shown this once. */
  public void createToken(Context ctx) throws IOException {
    requireAdmin(ctx);
    Map<?, ?> body = JsonBody.of(ctx);
    int days = JsonBody.integer(body, "days", 1, 731, 365);
    String token;
    try {
      token = users.createToken(JsonBody.text(body, "user"), JsonBody.text(body, "label") == null ? "" : JsonBody.text(body, "label"), days);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    Users.ApiToken made = users.tokens().get(users.tokens().size() - 1);
    ctx.status(201).json(Map.of("token", token, "id", made.id(), "user", made.user(), "expires", made.expires().toString()));
  }

  /** {@code DELETE /api/admin/tokens/{id}}. */
  public void revokeToken(Context ctx) throws IOException {
    requireAdmin(ctx);
    String id = ctx.pathParam("id");
    if (!users.revokeToken(id)) {
      throw ApiError.notFound("no token '" + org.satit.api.dashboards.DimensionValues.abbreviate(id) + "'");
    }
    ctx.json(Map.of("revoked", id));
  }

  private void keepAnAdmin(String name) {
    boolean isAdmin = users.list().stream().anyMatch(p -> p.name().equals(name) && p.role() == Role.ADMIN);
    long admins = users.list().stream().filter(p -> p.role() == Role.ADMIN).count();
    if (isAdmin && admins == 1) {
      throw new ApiError(409, "'" + name + "' is the last admin: make another admin first");
    }
  }
}
