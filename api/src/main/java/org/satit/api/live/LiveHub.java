package org.satit.api.live;

import io.javalin.http.sse.SseClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.satit.api.dashboards.TableVersions;
import org.satit.warehouse.semantic.Dataset;
import org.satit.warehouse.semantic.SemanticModel;
import org.satit.warehouse.writer.WarehouseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream ({@code GET /api/live}, server-sent events): every warehouse commit becomes one event
 * {@code version} with the new version, its commit time and the datasets it changed, so an open page
 * refetches only the charts whose data moved. Commits arrive on the writer's thread and are coalesced:
 * clients get at most one event per {@value #FLUSH_MS} ms, naming every dataset changed meanwhile.
 */
public final class LiveHub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  static final long FLUSH_MS = 100;
  private static final long KEEP_ALIVE_SECONDS = 15;

  /** What one event says. */
  public record Event(long version, String committedAt, Set<String> datasets) {
  }

  private final SemanticModel model;
  private final TableVersions versions;
  private final ConcurrentLinkedQueue<SseClient> clients = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Pending> pending = new AtomicReference<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "satit-live");
    t.setDaemon(true);
    return t;
  });
  private volatile Event latest;

  private record Pending(long version, Instant at, Set<String> tables) {
  }

  public LiveHub(SemanticModel model, TableVersions versions, long startVersion, Instant startAt) {
    this.model = model;
    this.versions = versions;
    this.latest = new Event(startVersion, startAt.toString(), Set.of());
    timer.scheduleWithFixedDelay(this::flush, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
  }

  /** The writer's commit listener: records which tables changed, for caches and the next event. */
  public void committed(WarehouseWriter.Commit c) {
    versions.changed(c.tables(), c.version(), c.committedAt());
    pending.accumulateAndGet(new Pending(c.version(), c.committedAt(), c.tables()), (a, b) -> {
      if (a == null) {
        return b;
      }
      Set<String> tables = new TreeSet<>(a.tables());
      tables.addAll(b.tables());
      return b.version() >= a.version() ? new Pending(b.version(), b.at(), tables)
          : new Pending(a.version(), a.at(), tables);
    });
  }

  /** A new client: it gets the current version at once, then every change. */
  public void join(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    send(client, latest);
  }

  public int clients() {
    return clients.size();
  }

  public Event latest() {
    return latest;
  }

  private void flush() {
    Pending p = pending.getAndSet(null);
    if (p == null) {
      return;
    }
    Set<String> datasets = new TreeSet<>();
    for (Dataset d : model.datasets().values()) {
      for (String t : d.reads()) {
        if (p.tables().contains(t)) {
          datasets.add(d.name());
          break;
        }
      }
    }
    Event e = new Event(p.version(), p.at().toString(), Set.copyOf(datasets));
    latest = e;
    for (SseClient c : new ArrayList<>(clients)) {
      send(c, e);
    }
  }

  private void send(SseClient c, Event e) {
    try {
      if (c.terminated()) {
        clients.remove(c);
        return;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("version", e.version());
      data.put("committedAt", e.committedAt());
      data.put("datasets", new TreeSet<>(e.datasets()));
      c.sendEvent("version", data, String.valueOf(e.version()));
    } catch (RuntimeException ex) {
      LOG.debug("live client dropped: {}", ex.toString());
      clients.remove(c);
    }
  }

  private void keepAlive() {
    for (SseClient c : new ArrayList<>(clients)) {
      try {
        c.sendComment("keep-alive");
      } catch (RuntimeException ex) {
        clients.remove(c);
      }
    }
  }

  @Override
  public void close() {
    // the server closes the open streams when it stops; closing them here too would touch recycled responses
    timer.shutdownNow();
    clients.clear();
  }
}
