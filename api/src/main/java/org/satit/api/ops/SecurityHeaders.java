package org.satit.api.ops;

import io.javalin.http.Context;

/**
 * Security headers on every response, errors and static files included. The content security policy
 * allows nothing but satit's own origin: scripts, styles, fonts and data all come from the server itself
 * (ECharts and Swagger UI from WebJars, the Thai font self-hosted); no page may be framed (embeds, which
 * must be, are issue 6's {@code /embed/} routes with their own list of allowed origins).
 */
public final class SecurityHeaders {

  static final String CSP = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      // ECharts and Swagger UI set style attributes on the elements they draw
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  private SecurityHeaders() {
  }

  /** Whether the request came over TLS (directly, or through a proxy that says so). */
  public static boolean overTls(Context ctx) {
    return "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  public static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    if (overTls(ctx)) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
    if (ctx.path().startsWith("/api/") && ctx.header("Cache-Control") == null) {
      ctx.header("Cache-Control", "no-store");
    }
  }
}
