package org.satit.api;

import io.javalin.http.Context;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.satit.api.ops.ServerMetrics;
import org.satit.ingest.cdc.IngestStatus;

/**
 * {@code GET /api/health}: whether the warehouse can be trusted to equal its sources now, per source, with the
 * warehouse version, per source table rows / last commit / lag, and quarantine. A source is
 * <ul>
 *   <li>{@code ok}: its newest heartbeat arrived within the bound (default 30 s);</li>
 *   <li>{@code snapshot}: its first snapshot runs;</li>
 *   <li>{@code resnapshot}: a fresh snapshot into a warehouse that holds data runs, because a checkpoint could
 *       not be proven against the source, its stream broke, or no checkpoint was left (the reason is given);</li>
 *   <li>{@code publicStale}: the sources are fine but the public release fails, so the public pages show an older
 *       release (the error is given);</li>
 *   <li>{@code stalled}: no heartbeat arrived within the bound: the warehouse may be behind by any amount;</li>
 *   <li>{@code refused}: ingest stopped because a checkpoint could not be proven ({@code onInvalidCheckpoint: refuse}).</li>
 * </ul>
 * The answer's status is the worst of its sources; anything but {@code ok} is HTTP 503.
 */
public final class HealthApi {

  /**
   * What health knows of ingest beyond the warehouse: the bound on a heartbeat's age, why heartbeats cannot be
   * written into a source (if they cannot), and why ingest stopped (if it did).
   */
  public record Watch(Duration stalledAfter, Function<String, Optional<String>> heartbeatProblem,
                      Supplier<Optional<String>> refused, Supplier<Optional<String>> publicRelease) {
    public static final Watch NONE = new Watch(Duration.ofSeconds(30), s -> Optional.empty(), Optional::empty);

    /** Without a public release to watch. */
    public Watch(Duration stalledAfter, Function<String, Optional<String>> heartbeatProblem,
                 Supplier<Optional<String>> refused) {
      this(stalledAfter, heartbeatProblem, refused, Optional::empty);
    }
  }

  /** Severity order of the states (the answer's status is the worst). */
  private static final List<String> STATES = List.of("ok", "snapshot", "resnapshot", "publicStale", "stalled", "refused");

  private final Supplier<Connection> warehouse;
  private final List<String> sourceNames;
  private final Map<String, Object> source;
  private final Watch watch;

  /**
   * {@code sourceNames}: the configured sources (their tables are listed source by source);
   * {@code source}: what to say about the source (the demo gives its loopback JDBC URL), or null.
   */
  public HealthApi(Supplier<Connection> warehouse, List<String> sourceNames, Map<String, Object> source) {
    this(warehouse, sourceNames, source, Watch.NONE);
  }

  public HealthApi(Supplier<Connection> warehouse, List<String> sourceNames, Map<String, Object> source, Watch watch) {
    this.warehouse = warehouse;
    this.sourceNames = List.copyOf(sourceNames);
    this.source = source;
    this.watch = watch;
  }

  public Map<String, Object> snapshot() throws Exception {
    try (Connection c = warehouse.get()) {
      IngestStatus.Snapshot s = IngestStatus.read(c, sourceNames);
      Instant now = Instant.now();
      List<Map<String, Object>> sources = new ArrayList<>();
      String status = "ok";
      for (IngestStatus.Source src : s.sources()) {
        Map<String, Object> one = source(src, now);
        sources.add(one);
        status = worse(status, (String) one.get("status"));
      }
      Optional<String> stale = watch.publicRelease().get();
      if (stale.isPresent()) {
        status = worse(status, "publicStale");
      }
      Optional<String> refused = watch.refused().get();
      if (refused.isPresent()) {
        status = "refused";
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", status);
      refused.ifPresent(r -> out.put("refused", r));
      stale.ifPresent(p -> out.put("publicRelease", p));
      out.put("sources", sources);
      out.put("warehouseVersion", s.warehouseVersion());
      out.put("committedAt", s.committedAt());
      out.put("tables", s.tables());
      out.put("quarantined", s.quarantined());
      out.put("quarantineReasons", s.quarantineReasons());
      if (source != null) {
        out.put("source", source);
      }
      return out;
    }
  }

  Map<String, Object> source(IngestStatus.Source s, Instant now) {
    Double fresh = s.freshnessSeconds(now);
    String status;
    if (s.snapshotRunning()) {
      status = s.snapshotReason() == null || s.snapshotReason().equals(org.satit.ingest.cdc.WarehouseIngest.FIRST_START)
          ? "snapshot" : "resnapshot";
    } else if (fresh == null || fresh > watch.stalledAfter().toMillis() / 1000.0) {
      status = "stalled";
    } else {
      status = "ok";
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", s.name());
    out.put("status", status);
    // rounded up, so a stalled source never shows an age at or under its bound (6.04 s is 6.1, not 6.0; 1e-9 absorbs binary noise: 0.3 s stays 0.3)
    out.put("freshnessSeconds", fresh == null ? null : Math.ceil(fresh * 10 - 1e-9) / 10.0);
    out.put("stalledAfterSeconds", watch.stalledAfter().toSeconds());
    out.put("heartbeatWrittenAt", s.heartbeatAt() == null ? null : s.heartbeatAt().toString());
    out.put("heartbeatSeq", s.heartbeatSeq());
    out.put("server", s.serverIdentity());
    out.put("snapshotReason", s.snapshotReason());
    out.put("snapshotAt", s.snapshotAt() == null ? null : s.snapshotAt().toString());
    out.put("streamingSince", s.streamingSince() == null ? null : s.streamingSince().toString());
    watch.heartbeatProblem().apply(s.name()).ifPresent(p -> out.put("heartbeatProblem", p));
    return out;
  }

  private static String worse(String a, String b) {
    return STATES.indexOf(b) > STATES.indexOf(a) ? b : a;
  }

  /** Prometheus: {@code satit_source_freshness_seconds{source=…}} (NaN until a heartbeat arrived). */
  public void bindMetrics(ServerMetrics metrics) {
    for (String name : sourceNames) {
      metrics.gauge("satit.source.freshness.seconds", "age of the newest heartbeat of the source in the warehouse",
          Map.of("source", name), this, h -> h.freshness(name));
    }
  }

  private double freshness(String name) {
    try (Connection c = warehouse.get()) {
      Double f = IngestStatus.source(c, name).freshnessSeconds(Instant.now());
      return f == null ? Double.NaN : f;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  void get(Context ctx) throws Exception {
    Map<String, Object> s = snapshot();
    ctx.status("ok".equals(s.get("status")) ? 200 : 503);
    ctx.json(s);
  }
}
