package org.satit.api.ops;

import com.github.benmanes.caffeine.cache.Cache;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics} for Prometheus (Micrometer). Registered here: {@code satit.http.requests}, a timer of the
 * requests served by method, route and status ({@code /api/live} streams are not counted); JVM memory, threads
 * and GC, and processor (CPU) metrics. Registered by the callers through {@link #gauge} and {@link #cache}:
 * in {@code WebApp}, {@code satit.warehouse.version} (the warehouse version last announced),
 * {@code satit.live.clients} (open live-stream connections) and the {@code chart_data} cache's Caffeine metrics
 * (gets by hit and miss, puts, evictions, size); in {@code HealthApi.bindMetrics},
 * {@code satit.source.freshness.seconds} per source (age of the source's newest heartbeat in the warehouse, NaN
 * until one arrived). There is no ingest-lag metric: each table's lag is in {@code GET /api/health} ({@code lagMs}).
 */
public final class ServerMetrics {

  private static final String STARTED = "satit.metrics.started";
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public ServerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).register(registry);
  }

  /** A gauge with tags (e.g. one per source). */
  public <T> void gauge(String name, String description, java.util.Map<String, String> tags, T source,
                        ToDoubleFunction<T> value) {
    Gauge.Builder<T> b = Gauge.builder(name, source, value).description(description);
    tags.forEach(b::tag);
    b.register(registry);
  }

  public void cache(String name, Cache<?, ?> cache) {
    CaffeineCacheMetrics.monitor(registry, cache, name);
  }

  public void before(Context ctx) {
    if (ctx.path().equals("/api/live")) {
      return; // a stream, not a request: counted by satit.live.clients
    }
    ctx.attribute(STARTED, System.nanoTime());
  }

  public void after(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null) {
      return;
    }
    try {
      Endpoint e = ctx.endpoints().lastHttpEndpoint();
      String route = e == null ? "unmatched" : e.path;
      Timer.builder("satit.http.requests").description("HTTP requests served")
          .tag("method", ctx.method().name()).tag("route", route).tag("status", String.valueOf(ctx.statusCode()))
          .register(registry).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (IllegalStateException | NullPointerException gone) {
      // a long-lived stream (/api/live) whose connection is already gone: nothing to record
    }
  }

  public void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
    ctx.result(registry.scrape());
  }
}
