package org.satit.api.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.satit.api.ApiError;

/**
 * Cross-site request forgery protection for state changes (double-submit token): at login the server sets
 * a random {@code satit_csrf} cookie that scripts of satit's own pages can read; every state-changing
 * request that carries a session must repeat it in the {@code X-Satit-CSRF} header, which another site's
 * page cannot do. A login form posted from another origin is refused as well. Avatica JDBC
 * ({@code /api/jdbc}) carries no cookies (its login travels in the request) and is exempt.
 */
public final class Csrf {

  public static final String COOKIE = "satit_csrf";
  public static final String HEADER = "X-Satit-CSRF";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {
  }

  /** A fresh token cookie (set at login). */
  public static void issue(Context ctx, boolean secure) {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    Cookie c = new Cookie(COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    c.setPath("/");
    c.setHttpOnly(false); // the page's script must read it to send it back
    c.setSameSite(SameSite.STRICT);
    c.setSecure(secure);
    ctx.cookie(c);
  }

  /** Before every request. */
  public static void check(Context ctx) {
    if (SAFE.contains(ctx.method().name()) || ctx.path().equals("/api/jdbc")) {
      return;
    }
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals("null") && !sameOrigin(ctx, origin)) {
      throw ApiError.forbidden("cross-site request refused (Origin " + origin + ")");
    }
    if (ctx.path().equals("/api/login") || ctx.cookie(Sessions.COOKIE) == null) {
      return; // nothing to forge without a session
    }
    String cookie = ctx.cookie(COOKIE);
    String header = ctx.header(HEADER);
    if (cookie == null || header == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
        header.getBytes(StandardCharsets.UTF_8))) {
      throw ApiError.forbidden("missing or wrong " + HEADER + " header (copy the " + COOKIE + " cookie)");
    }
  }

  private static boolean sameOrigin(Context ctx, String origin) {
    String host = ctx.header("Host");
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }
}
