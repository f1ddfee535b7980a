package org.satit.warehouse.writer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collections;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.NamedSql;
import org.satit.warehouse.SqlScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse's only writer. Applies a {@link Batch} in one DuckDB transaction: per table the last
 * change of each key wins (changes arrive in source order), deletes and upserts are set-based
 * (appender into a staging table, then one DELETE and one INSERT), rollups move by before/after
 * differences, quarantined rows and per-table progress are recorded, and the warehouse version is
 * bumped. Applying the same batch twice leaves the warehouse as applying it once.
 */
public final class WarehouseWriter {

  private static final Logger LOG = LoggerFactory.getLogger(WarehouseWriter.class);

  /** What one commit changed: the new warehouse version, when (UTC), and the warehouse tables it wrote. */
  public record Commit(long version, Instant committedAt, Set<String> tables) {
  }

  private final List<Consumer<Commit>> listeners = new CopyOnWriteArrayList<>();
  private final DuckDBConnection connection;
  private final NamedSql sql = NamedSql.load("warehouse/writer/state.sql");
  private final Map<WarehouseTable, SqlScript> scripts = new EnumMap<>(WarehouseTable.class);
  /** Per table and change column: the DECIMAL scale, or -1 (the appender wants exact scales). */
  private final Map<WarehouseTable, int[]> scales = new EnumMap<>(WarehouseTable.class);

  /** Takes a connection of its own (e.g. {@code DuckDBConnection.duplicate()}); migrates the schema. */
  public WarehouseWriter(DuckDBConnection connection) throws SQLException {
    this.connection = connection;
    Migrations.apply(connection);
    try (Statement st = connection.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        st.execute("CREATE OR REPLACE TABLE stg_" + t.tableName() + " AS SELECT " + String.join(", ", t.columns())
            + " FROM " + t.tableName() + " LIMIT 0");
        st.execute("CREATE OR REPLACE TABLE stg_del_" + t.tableName() + " AS SELECT " + String.join(", ", t.key())
            + " FROM " + t.tableName() + " LIMIT 0");
        if (t.script() != null) {
          scripts.put(t, SqlScript.load(t.script()));
        }
        scales.put(t, decimalScales(t));
      }
      st.execute("CREATE OR REPLACE TABLE stg_quarantine AS SELECT source_name, table_name, reason, detail, "
          + "source_position, row_json FROM quarantine LIMIT 0");
      st.execute("CREATE OR REPLACE TABLE stg_release AS SELECT quarantine_id FROM quarantine LIMIT 0");
      st.execute("CREATE OR REPLACE TABLE stg_progress AS SELECT source_name, table_name, rows_applied, "
          + "last_source_commit, last_position, updated_at FROM ingest_table_state LIMIT 0");
    }
  }

  private int[] decimalScales(WarehouseTable t) throws SQLException {
    int[] out = new int[t.columns().size()];
    java.util.Arrays.fill(out, -1);
    try (PreparedStatement ps = connection.prepareStatement("SELECT column_name, numeric_scale FROM "
        + "information_schema.columns WHERE table_name = ? AND data_type LIKE 'DECIMAL%'")) {
      ps.setString(1, t.tableName());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int i = t.columns().indexOf(rs.getString(1));
          if (i >= 0) {
            out[i] = rs.getInt(2);
          }
        }
      }
    }
    return out;
  }

  /** Applies the batch; returns the new warehouse version. */
  public long apply(Batch batch) throws SQLException {
    Map<WarehouseTable, Map<List<Object>, RowChange>> latest = new EnumMap<>(WarehouseTable.class);
    for (RowChange c : batch.changes()) {
      latest.computeIfAbsent(c.table(), t -> new LinkedHashMap<>()).put(c.key(), c);
    }
    boolean auto = connection.getAutoCommit();
    connection.setAutoCommit(false);
    Instant at = Instant.now();
    long version;
    try {
      for (var e : latest.entrySet()) {
        applyTable(e.getKey(), e.getValue().values());
      }
      recordQuarantine(batch);
      recordReleases(batch);
      recordProgress(batch);
      version = bumpVersion(at);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(auto);
    }
    announce(new Commit(version, at, written(latest.keySet(), batch)));
    return version;
  }

  /** Calls the listener after every commit, on the writer's thread (keep it short). */
  public void onCommit(Consumer<Commit> listener) {
    listeners.add(listener);
  }

  private void announce(Commit commit) {
    for (Consumer<Commit> l : listeners) {
      try {
        l.accept(commit);
      } catch (RuntimeException e) {
        LOG.warn("a commit listener failed on version {}", commit.version(), e);
      }
    }
  }

  private static Set<String> written(Set<WarehouseTable> tables, Batch batch) {
    Set<String> out = new TreeSet<>();
    tables.forEach(t -> out.add(t.tableName()));
    if (!batch.quarantined().isEmpty() || !batch.released().isEmpty()) {
      out.add("quarantine");
    }
    if (!batch.progress().isEmpty()) {
      out.add("ingest_table_state");
    }
    out.add("warehouse_version");
    return Collections.unmodifiableSet(out);
  }

  private void applyTable(WarehouseTable t, java.util.Collection<RowChange> changes) throws SQLException {
    String stg = "stg_" + t.tableName();
    String del = "stg_del_" + t.tableName();
    List<Object[]> upserts = changes.stream().filter(c -> !c.delete()).map(RowChange::values).toList();
    SqlScript script = scripts.get(t);
    if (script != null) {
      // scripted tables read the before-state of every affected key (upserts and deletes)
      stage(del, changes.stream().map(c -> c.key().toArray()).toList(), null);
      stage(stg, upserts, scales.get(t));
      script.run(connection);
      return;
    }
    // plain tables: deletes by key; upserts replace through the primary-key index (no scan of the table)
    List<Object[]> deletes = changes.stream().filter(RowChange::delete).map(c -> c.key().toArray()).toList();
    try (Statement st = connection.createStatement()) {
      if (!deletes.isEmpty()) {
        stage(del, deletes, null);
        List<String> match = new ArrayList<>();
        for (String k : t.key()) {
          match.add("t." + k + " = k." + k);
        }
        st.execute("DELETE FROM " + t.tableName() + " t USING " + del + " k WHERE " + String.join(" AND ", match));
      }
      if (!upserts.isEmpty()) {
        stage(stg, upserts, scales.get(t));
        st.execute("INSERT OR REPLACE INTO " + t.tableName() + " SELECT * FROM " + stg);
      }
    }
  }

  /** Empties a staging table and appends the rows (the appender is the fast path into DuckDB). */
  private void stage(String table, List<Object[]> rows, int[] scales) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("DELETE FROM " + table);
    }
    try (DuckDBAppender a = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      for (Object[] row : rows) {
        appendRow(a, row, scales);
      }
    }
  }

  static void appendRow(DuckDBAppender a, Object[] values, int[] scales) throws SQLException {
    a.beginRow();
    for (int col = 0; col < values.length; col++) {
      Object v = values[col];
      if (v == null) {
        a.appendNull();
      } else if (v instanceof String s) {
        a.append(s);
      } else if (v instanceof Integer i) {
        a.append(i.intValue());
      } else if (v instanceof Long l) {
        a.append(l.longValue());
      } else if (v instanceof Short s) {
        a.append(s.intValue());
      } else if (v instanceof BigDecimal d) {
        a.append(scales != null && scales[col] >= 0 ? d.setScale(scales[col], java.math.RoundingMode.HALF_UP) : d);
      } else if (v instanceof Boolean b) {
        a.append(b.booleanValue());
      } else if (v instanceof LocalDate d) {
        a.append(d);
      } else if (v instanceof LocalDateTime t) {
        a.append(t);
      } else {
        throw new IllegalArgumentException("cannot append a " + v.getClass().getName() + " (" + v + ")");
      }
    }
    a.endRow();
  }

  private void recordQuarantine(Batch batch) throws SQLException {
    if (batch.quarantined().isEmpty()) {
      return;
    }
    stage("stg_quarantine", batch.quarantined().stream().map(q -> new Object[] {q.sourceName(), q.tableName(),
        q.reason(), q.detail(), q.position(), q.rowJson()}).toList(), null);
    try (Statement st = connection.createStatement()) {
      st.execute(sql.get("quarantine"));
    }
  }

  private void recordReleases(Batch batch) throws SQLException {
    if (batch.released().isEmpty()) {
      return;
    }
    stage("stg_release", batch.released().stream().map(id -> new Object[] {id}).toList(), null);
    try (Statement st = connection.createStatement()) {
      st.execute(sql.get("release"));
    }
  }

  /** A row held in quarantine. */
  public record Held(long quarantineId, String sourceName, String tableName, String rowJson) {
  }

  /** Rows held in quarantine because they named one of these schools before it was known, oldest first. */
  public List<Held> heldForSchools(java.util.Set<String> schoolCodes) throws SQLException {
    List<Held> out = new ArrayList<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql.get("held_for_schools"))) {
      while (rs.next()) {
        if (schoolCodes.contains(rs.getString(4))) {
          out.add(new Held(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(5)));
        }
      }
    }
    return out;
  }

  private void recordProgress(Batch batch) throws SQLException {
    if (batch.progress().isEmpty()) {
      return;
    }
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC); // applied at, UTC like commits
    List<Object[]> rows = new ArrayList<>();
    for (var e : batch.progress().entrySet()) {
      Batch.TableProgress p = e.getValue();
      rows.add(new Object[] {e.getKey().source(), e.getKey().table(), p.rows,
          p.lastCommit == null ? null : LocalDateTime.ofInstant(p.lastCommit, ZoneOffset.UTC), p.lastPosition, now});
    }
    stage("stg_progress", rows, null);
    try (Statement st = connection.createStatement()) {
      st.execute(sql.get("table_progress"));
    }
  }

  private long bumpVersion(Instant at) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql.get("bump_version"))) {
      ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(at, ZoneOffset.UTC)));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Starts a sweep of rows whose source rows are gone (see {@link KeySweep}). */
  public KeySweep sweep() throws SQLException {
    return new KeySweep(this, connection);
  }

  public Connection connection() {
    return connection;
  }
}
