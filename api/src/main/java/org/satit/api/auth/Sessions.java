package org.satit.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.satit.api.ApiError;
import org.satit.warehouse.query.Principal;

/**
 * Logged-in users: a random session token in an HttpOnly, SameSite=Strict cookie (Secure when the
 * request came over TLS), mapped on the server to the user's principal; sessions end after 8 hours
 * without a request, or at logout. Requests without a valid session are the public.
 */
public final class Sessions {

  public static final String COOKIE = "satit_session";
  private static final Duration IDLE = Duration.ofHours(8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Users users;
  private final Cache<String, Principal> sessions = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(100_000).build();

  public Sessions(Users users) {
    this.users = users;
  }

  /** Whether the request carries a live session or a valid API token. */
  public boolean loggedIn(Context ctx) {
    return principal(ctx).role() != org.satit.warehouse.query.Role.PUBLIC;
  }

  /**
   * Who sent the request: the user of its session cookie, or of its API token ({@code Authorization: Bearer
   * satit_…}, for machine clients; a bad token is refused rather than taken for the public, so a script
   * notices). Otherwise the public.
   */
  public Principal principal(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer " + Users.TOKEN_PREFIX, 0, 7 + Users.TOKEN_PREFIX.length())) {
      return users.authenticateToken(auth.substring(7).strip())
          .orElseThrow(() -> ApiError.unauthorized("unknown, revoked or expired API token"));
    }
    String token = ctx.cookie(COOKIE);
    Principal p = token == null ? null : sessions.getIfPresent(token);
    return p == null ? Principal.anonymous() : p;
  }

  /** Ends every session of a user (removed or changed on the admin page). */
  public void endSessionsOf(String user) {
    sessions.asMap().values().removeIf(p -> p.name().equals(user));
  }

  /** {@code POST /api/login} with JSON {@code {"user": …, "password": …}} or a form. */
  public void login(Context ctx) {
    String user;
    String password;
    if (ctx.contentType() != null && ctx.contentType().startsWith("application/json")) {
      Map<?, ?> body = org.satit.api.JsonBody.of(ctx);
      user = body.get("user") instanceof String s ? s : null;
      password = body.get("password") instanceof String s ? s : null;
    } else {
      user = ctx.formParam("user");
      password = ctx.formParam("password");
    }
    if (user == null || password == null || user.length() > 100 || password.length() > 200) {
      throw ApiError.badRequest("user and password are needed");
    }
    Principal p;
    try {
      p = users.authenticate(user, password).orElseThrow(() -> ApiError.unauthorized("unknown user or wrong password"));
    } catch (PasswordChecks.Busy e) {
      ctx.header("Retry-After", String.valueOf(PasswordChecks.RETRY_AFTER_SECONDS));
      throw new ApiError(503, e.getMessage());
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    sessions.put(token, p);
    Cookie cookie = new Cookie(COOKIE, token);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.STRICT);
    boolean secure = org.satit.api.ops.SecurityHeaders.overTls(ctx);
    cookie.setSecure(secure);
    ctx.cookie(cookie);
    Csrf.issue(ctx, secure);
    ctx.json(me(p));
  }

  /** {@code POST /api/logout}. */
  public void logout(Context ctx) {
    String token = ctx.cookie(COOKIE);
    if (token != null) {
      sessions.invalidate(token);
    }
    ctx.removeCookie(COOKIE, "/");
    ctx.removeCookie(Csrf.COOKIE, "/");
    ctx.json(me(Principal.anonymous()));
  }

  /** {@code GET /api/me}. */
  public void whoAmI(Context ctx) {
    ctx.json(me(principal(ctx)));
  }

  private static Map<String, Object> me(Principal p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", p.name());
    out.put("role", p.role().id());
    out.put("esa", p.esaCode());
    return out;
  }
}
