package org.satit.api.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.time.Duration;
import org.satit.api.ApiError;

/**
 * Request rate limits per client address (token buckets, Bucket4j): the public may make a burst of
 * {@code burst} requests and then {@code perSecond} a second; logged-in users get ten times that. Static
 * files are not counted. Over the limit: 429 with {@code Retry-After}. Behind a reverse proxy the client
 * address is the first {@code X-Forwarded-For} entry only when the proxy is trusted (configuration).
 */
public final class RateLimits {

  private final long perSecond;
  private final long burst;
  private final boolean trustForwardedFor;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
      .maximumSize(200_000).build();

  public RateLimits(long perSecond, long burst, boolean trustForwardedFor) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("rate limits must be at least 1 (got " + perSecond + "/s, burst " + burst + ")");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.trustForwardedFor = trustForwardedFor;
  }

  /** Defaults: 20 requests a second after a burst of 200, per address. */
  public static RateLimits defaults() {
    return new RateLimits(20, 200, false);
  }

  /** Before every request to the API and the data routes; {@code loggedIn}: the request carries a session. */
  public void check(Context ctx, boolean loggedIn) {
    String path = ctx.path();
    if (!(path.startsWith("/api/") || path.startsWith("/public/") || path.startsWith("/embed"))
        || path.equals("/api/live") || path.startsWith("/api/ingest/")) { // the ingest job: token-authenticated
      return;
    }
    long factor = loggedIn ? 10 : 1;
    String key = (loggedIn ? "user|" : "anon|") + client(ctx);
    Bucket bucket = buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst * factor).refillGreedy(perSecond * factor, Duration.ofSeconds(1)).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      ctx.header("Retry-After", String.valueOf(seconds));
      throw new ApiError(429, "too many requests: at most " + perSecond * factor + " a second; try again in "
          + seconds + " s");
    }
  }

  private String client(Context ctx) {
    if (trustForwardedFor) {
      String xff = ctx.header("X-Forwarded-For");
      if (xff != null && !xff.isBlank()) {
        return xff.split(",")[0].strip();
      }
    }
    return ctx.ip();
  }
}
