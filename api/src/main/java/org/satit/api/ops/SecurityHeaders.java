package org.satit.api.ops;

import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Security headers on every response, errors and static files included. The content security policy
 * allows nothing but satit's own origin: scripts, styles, fonts and data all come from the server itself
 * (ECharts and Swagger UI from WebJars, the Thai font self-hosted). No page may be framed except the
 * embeds ({@code /embed/…}), which only the configured origins (district websites) may frame; the
 * {@code /embed.js} script may be loaded by any page.
 */
public final class SecurityHeaders {

  /** An origin as CSP {@code frame-ancestors} takes it: scheme, host (or {@code *.} subdomains), optional port. */
  private static final Pattern ORIGIN = Pattern.compile("https?://(\\*\\.)?[A-Za-z0-9.-]+(:(\\d{1,5}|\\*))?");

  private static final List<String> POLICY = List.of(
      "default-src 'self'",
      "script-src 'self'",
      // ECharts and Swagger UI set style attributes on the elements they draw
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'");

  static final String CSP = String.join("; ", POLICY) + "; frame-ancestors 'none'";

  private final String embedCsp;
  private final List<String> embedOrigins;
  private final java.util.function.Supplier<List<String>> internalSites;

  /** {@code embedOrigins}: the sites that may frame satit's embeds, e.g. {@code https://www.esa5003.go.th}. */
  public SecurityHeaders(List<String> embedOrigins) {
    this(embedOrigins, List::of);
  }

  /**
   * The same, and the sites an admin marks internal as they stand at each request (they may frame the embeds of
   * charts that are not public, with an embed code made for them).
   */
  public SecurityHeaders(List<String> embedOrigins, java.util.function.Supplier<List<String>> internalSites) {
    this.internalSites = internalSites;
    for (String o : embedOrigins) {
      if (!ORIGIN.matcher(o).matches()) {
        throw new IllegalArgumentException("embed origin '" + o + "' must be scheme://host[:port] (no path),"
            + " e.g. https://www.esa5003.go.th");
      }
    }
    this.embedOrigins = List.copyOf(embedOrigins);
    this.embedCsp = String.join("; ", POLICY) + "; frame-ancestors 'self'"
        + (embedOrigins.isEmpty() ? "" : " " + String.join(" ", embedOrigins));
  }

  public List<String> embedOrigins() {
    return embedOrigins;
  }

  /** Whether the request came over TLS (directly, or through a proxy that says so). */
  public static boolean overTls(Context ctx) {
    return "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  public void apply(Context ctx) {
    boolean embed = ctx.path().startsWith("/embed/");
    if (embed) {
      List<String> internal = internalSites.get();
      ctx.header("Content-Security-Policy", internal.isEmpty() ? embedCsp : embedCsp + " " + String.join(" ", internal));
    } else {
      ctx.header("Content-Security-Policy", CSP);
    }
    ctx.header("X-Content-Type-Options", "nosniff");
    if (!embed) {
      ctx.header("X-Frame-Options", "DENY");
    }
    ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", ctx.path().equals("/embed.js") ? "cross-origin" : "same-origin");
    if (overTls(ctx)) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
    if (ctx.path().startsWith("/api/") && ctx.res().getHeader("Cache-Control") == null) {
      ctx.header("Cache-Control", "no-store");
    }
  }
}
