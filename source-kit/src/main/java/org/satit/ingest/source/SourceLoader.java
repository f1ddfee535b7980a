package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satit.warehouse.SqlScript;

/**
 * Fills a PostgreSQL or MySQL/MariaDB database with a generated EMIS/OBEC source: creates the
 * schema, bulk-loads the generator's rows, adds the keys, and records how it was generated in
 * {@code satit_generation} (which also marks the load as complete).
 */
public final class SourceLoader {

  /** What one generation did and what it cost. */
  public record Result(Map<String, Long> rows, Duration elapsed, long peakHeapBytes) {
    public long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    public double rowsPerSecond() {
      return totalRows() / Math.max(0.001, elapsed.toMillis() / 1000.0);
    }
  }

  /** Where the source lives. */
  public record Target(String jdbcUrl, String user, String password) {
    public SourceDialect dialect() {
      return SourceDialect.of(jdbcUrl);
    }

    public Connection connect() throws SQLException {
      return dialect().connect(jdbcUrl, user, password);
    }
  }

  private SourceLoader() {
  }

  public static Result generate(Target target, EmisGenerator generator, EmisGenerator.Progress progress,
                                boolean replace) throws SQLException {
    SourceDialect dialect = target.dialect();
    Instant start = Instant.now();
    try (HeapWatch heap = HeapWatch.start()) {
      try (Connection c = target.connect()) {
        List<String> existing = existingTables(c);
        if (!existing.isEmpty()) {
          if (!replace) {
            throw new IllegalStateException("the target already has EMIS tables (" + String.join(", ", existing)
                + "); pass --replace to drop and regenerate them");
          }
          drop(c);
        }
        try (java.sql.Statement st = c.createStatement()) {
          for (SourceSpec t : SourceSpecs.all()) { // the tables as their specs declare them (emis/tables.yaml)
            st.execute(dialect.createTable(t));
          }
        }
      }
      Map<String, Long> rows = new java.util.LinkedHashMap<>();
      try (BulkLoad load = new BulkLoad(dialect, target::connect)) {
        generator.generate(load, progress);
        load.finish();
        for (SourceSpec t : SourceSpecs.all()) {
          if (t.isEmisData()) {
            rows.put(t.name(), load.rows(t));
          }
        }
      }
      progress.phase("adding primary keys and indexes");
      try (Connection c = target.connect()) {
        try (java.sql.Statement st = c.createStatement()) {
          for (SourceSpec t : SourceSpecs.all()) { // the primary keys from the specs; CDC needs them
            st.execute("ALTER TABLE " + t.name() + " ADD PRIMARY KEY (" + String.join(", ", t.key()) + ")");
          }
        }
        SqlScript.load("emis/indexes.sql").run(c);
        SqlScript.load(dialect.resource("after-load.sql")).run(c);
        recordGeneration(c, generator.options());
      }
      return new Result(rows, Duration.between(start, Instant.now()), heap.peakBytes());
    }
  }

  /** The generation record of a source, or an empty map when it was never (completely) generated. */
  public static Map<String, String> generationOf(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!existingTables(c).contains("satit_generation")) {
      return out;
    }
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, value FROM satit_generation")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out.containsKey("complete") ? out : Map.of();
  }

  static List<String> existingTables(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    java.util.ArrayList<String> found = new java.util.ArrayList<>();
    String catalog = c.getCatalog();
    String schema = target(c) == SourceDialect.POSTGRES ? "public" : null;
    for (SourceSpec t : SourceSpecs.all()) {
      try (ResultSet rs = md.getTables(catalog, schema, t.name(), new String[] {"TABLE"})) {
        if (rs.next()) {
          found.add(t.name());
        }
      }
    }
    return found;
  }

  private static SourceDialect target(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
        ? SourceDialect.POSTGRES : SourceDialect.MYSQL;
  }

  private static void drop(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (SourceSpec t : SourceSpecs.all()) {
        st.execute("DROP TABLE IF EXISTS " + t.name());
      }
    }
  }

  private static void recordGeneration(Connection c, EmisGenerator.Options o) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("scale", o.scale().name().toLowerCase());
    values.put("seed", Long.toString(o.seed()));
    values.put("esa", o.scale() == EmisGenerator.Scale.ESA ? o.esaCode() : "");
    values.put("province", o.scale() == EmisGenerator.Scale.PROVINCE ? o.provinceCode() : "");
    values.put("first_year", Integer.toString(o.firstYear()));
    values.put("last_year", Integer.toString(o.lastYear()));
    values.put("generated_at", Instant.now().toString());
    values.put("complete", "true");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO satit_generation (name, value) VALUES (?, ?)")) {
      for (var e : values.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setString(2, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
