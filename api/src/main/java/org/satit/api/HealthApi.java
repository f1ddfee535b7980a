package org.satit.api;

import io.javalin.http.Context;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.satit.ingest.cdc.IngestStatus;

/** {@code GET /api/health}: warehouse version, per source table rows / last commit / lag, quarantine. */
public final class HealthApi {

  private final Supplier<Connection> warehouse;
  private final List<String> sourceNames;
  private final Map<String, Object> source;

  /**
   * {@code sourceNames}: the configured sources (their tables are listed source by source);
   * {@code source}: what to say about the source (the demo gives its loopback JDBC URL), or null.
   */
  public HealthApi(Supplier<Connection> warehouse, List<String> sourceNames, Map<String, Object> source) {
    this.warehouse = warehouse;
    this.sourceNames = List.copyOf(sourceNames);
    this.source = source;
  }

  public Map<String, Object> snapshot() throws Exception {
    try (Connection c = warehouse.get()) {
      IngestStatus.Snapshot s = IngestStatus.read(c, sourceNames);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", "ok");
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

  void get(Context ctx) throws Exception {
    ctx.json(snapshot());
  }
}
