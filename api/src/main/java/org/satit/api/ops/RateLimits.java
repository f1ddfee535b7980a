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
 * files are not counted. Over the limit: 429 with {@code Retry-After}. Behind reverse proxies listed in the
 * configuration the client address comes from {@code X-Forwarded-For} ({@link TrustedProxies}), so that every
 * visitor has a bucket of its own and no visitor can pick one by writing the header itself.
 */
public final class RateLimits {

  private final long perSecond;
  private final long burst;
  private final TrustedProxies proxies;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
      .maximumSize(200_000).build();

  public RateLimits(long perSecond, long burst, TrustedProxies proxies) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("rate limits must be at least 1 (got " + perSecond + "/s, burst " + burst + ")");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.proxies = proxies;
  }

  /** Defaults: 20 requests a second after a burst of 200, per address; no proxy in front. */
  public static RateLimits defaults() {
    return defaults(TrustedProxies.none());
  }

  /** The default rates behind these proxies. */
  public static RateLimits defaults(TrustedProxies proxies) {
    return new RateLimits(20, 200, proxies);
  }

  /** Before every request to the API and the data routes; {@code loggedIn}: the request carries a session. */
  public void check(Context ctx, boolean loggedIn) {
    String path = ctx.path();
    if (!(path.startsWith("/api/") || path.startsWith("/public/") || path.startsWith("/embed"))
        || path.equals("/api/live") || path.startsWith("/api/ingest/")) { // the ingest job: token-authenticated
      return;
    }
    long factor = loggedIn ? 10 : 1;
    String key = (loggedIn ? "user|" : "anon|") + proxies.client(ctx);
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
}
