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

  /** What one commit changed: the new warehouse version, when (UTC), and the warehouse tables whose rows it changed. */
  public record Commit(long version, Instant committedAt, Set<String> tables) {
  }

  private final List<Consumer<Commit>> listeners = new CopyOnWriteArrayList<>();
  private final DuckDBConnection connection;
  private final NamedSql sql = NamedSql.load("warehouse/writer/state.sql");
  private final Map<WarehouseTable, SqlScript> scripts = new EnumMap<>(WarehouseTable.class);
  private final Map<WarehouseTable, SqlScript> afterAppend = new EnumMap<>(WarehouseTable.class);
  /** Per table and change column: the DECIMAL scale, or -1 (the appender wants exact scales). */
  private final Map<WarehouseTable, int[]> scales = new EnumMap<>(WarehouseTable.class);
  private final WriterTimes times = new WriterTimes();
  private final KeyedLookups keyedLookups;
  /** The ESA and nation rollups rebuilt from the school rollup, once a first snapshot's appends are made whole. */
  private static final SqlScript AREA_ROLLUPS = SqlScript.load("warehouse/writer/area_rollups.sql");
  /** A first snapshot appended facts not made whole yet (as the warehouse's writer_state says after each commit). */
  private boolean appendedNotWhole;

  /** Takes a connection of its own (e.g. {@code DuckDBConnection.duplicate()}); migrates the schema. */
  public WarehouseWriter(DuckDBConnection connection) throws SQLException {
    this.connection = connection;
    Migrations.apply(connection);
    SqlScript.load("warehouse/writer/connection.sql").run(connection);
    this.keyedLookups = new KeyedLookups(connection);
    try (PreparedStatement ps = connection.prepareStatement(sql.get("appended_not_whole"));
         ResultSet rs = ps.executeQuery()) {
      appendedNotWhole = rs.next() && rs.getBoolean(1);
    }
    try (Statement st = connection.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        st.execute("CREATE OR REPLACE TABLE stg_" + t.tableName() + " AS SELECT " + String.join(", ", t.columns())
            + " FROM " + t.tableName() + " LIMIT 0");
        st.execute("CREATE OR REPLACE TABLE stg_del_" + t.tableName() + " AS SELECT " + String.join(", ", t.key())
            + " FROM " + t.tableName() + " LIMIT 0");
        if (t.script() != null) {
          scripts.put(t, SqlScript.load(t.script()));
          // the rows a script takes out before it puts back what the batch did not change
          st.execute("CREATE OR REPLACE TABLE stg_old_" + t.tableName() + " AS SELECT * FROM " + t.tableName()
              + " LIMIT 0");
        }
        scales.put(t, decimalScales(t));
        if (t.afterSnapshotAppend() != null) {
          afterAppend.put(t, SqlScript.load(t.afterSnapshotAppend()));
        }
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
    Instant at = Instant.now();
    Set<String> changed = new TreeSet<>();
    boolean[] notWhole = {appendedNotWhole};
    long version = inTransaction(() -> {
      if (notWhole[0] && !batch.appendsSnapshot()) {
        // what a first snapshot appended is made whole before anything is applied by keys
        for (var e : afterAppend.entrySet()) {
          changed.addAll(e.getValue().apply(connection,
              (label, nanos) -> times.add(e.getKey().tableName(), "after snapshot: " + label, nanos)));
        }
        changed.addAll(AREA_ROLLUPS.apply(connection,
            (label, nanos) -> times.add(WriterTimes.BATCH, "after snapshot: " + label, nanos)));
        execute("set_appended_not_whole", Map.of("value", false));
        notWhole[0] = false;
      }
      for (var e : latest.entrySet()) {
        boolean append = batch.appendsSnapshot() && afterAppend.containsKey(e.getKey())
            && e.getValue().values().stream().noneMatch(RowChange::delete);
        if (append && !notWhole[0]) {
          execute("set_appended_not_whole", Map.of("value", true));
          notWhole[0] = true;
        }
        changed.addAll(append ? append(e.getKey(), e.getValue().values()) : applyTable(e.getKey(), e.getValue().values()));
      }
      return times.time(WriterTimes.BATCH, "bookkeeping", () -> {
        recordQuarantine(batch);
        recordReleases(batch);
        recordProgress(batch);
        recordSources(batch, at);
        return bumpVersion(at);
      });
    });
    if (appendedNotWhole && !notWhole[0]) {
      LOG.info("what the first snapshot appended is whole: duplicates of a part read twice removed, rollups built");
    }
    appendedNotWhole = notWhole[0];
    announce(new Commit(version, at, written(changed, batch)));
    return version;
  }

  /** Where this writer's transactions spent their time (for the benchmark's breakdown). */
  public WriterTimes times() {
    return times;
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

  /** The tables the commit changed: those the changes were applied to (and what their scripts moved with them). */
  private static Set<String> written(Set<String> changed, Batch batch) {
    Set<String> out = new TreeSet<>();
    changed.stream().filter(t -> !t.startsWith("stg_")).forEach(out::add); // the scripts' scratch tables are no news
    if (!batch.quarantined().isEmpty() || !batch.released().isEmpty()) {
      out.add("quarantine");
    }
    if (!batch.progress().isEmpty()) {
      out.add("ingest_table_state");
    }
    if (!batch.sources().isEmpty()) {
      out.add("ingest_source_state");
    }
    out.add("warehouse_version");
    return Collections.unmodifiableSet(out);
  }

  /**
   * Applies the table's changes; returns the warehouse tables that moved: the table itself, and for a
   * scripted table whatever its script changed (rollups, and e.g. a school's size band from its enrollment).
   */
  private Set<String> applyTable(WarehouseTable t, java.util.Collection<RowChange> changes) throws SQLException {
    String stg = "stg_" + t.tableName();
    String del = "stg_del_" + t.tableName();
    List<Object[]> upserts = changes.stream().filter(c -> !c.delete()).map(RowChange::values).toList();
    SqlScript script = scripts.get(t);
    keyedLookups.before(t);
    if (script != null) {
      // scripted tables read the before-state of every affected key (upserts and deletes)
      times.time(t.tableName(), "stage", () -> {
        stage(del, changes.stream().map(c -> c.key().toArray()).toList(), null);
        stage(stg, upserts, scales.get(t));
        stage("stg_old_" + t.tableName(), List.of(), null);
        return null;
      });
      return script.apply(connection, (label, nanos) -> times.add(t.tableName(), label, nanos));
    }
    // plain tables: deletes by key; upserts replace through the primary-key index (no scan of the table)
    List<Object[]> deletes = changes.stream().filter(RowChange::delete).map(c -> c.key().toArray()).toList();
    try (Statement st = connection.createStatement()) {
      if (!deletes.isEmpty()) {
        times.time(t.tableName(), "stage", () -> {
          stage(del, deletes, null);
          return null;
        });
        List<String> match = new ArrayList<>();
        for (String k : t.key()) {
          match.add("t." + k + " = k." + k);
        }
        times.time(t.tableName(), "DELETE " + t.tableName(), () -> st.execute("DELETE FROM " + t.tableName() + " t USING "
            + del + " k WHERE " + String.join(" AND ", match)));
      }
      if (!upserts.isEmpty()) {
        times.time(t.tableName(), "stage", () -> {
          stage(stg, upserts, scales.get(t));
          return null;
        });
        times.time(t.tableName(), "INSERT OR REPLACE " + t.tableName(), () -> st.execute("INSERT OR REPLACE INTO "
            + t.tableName() + " SELECT * FROM " + stg));
      }
    }
    return Set.of(t.tableName());
  }

  /**
   * A first snapshot's reads of a table that allows it: appended as they are, no keys looked up, no rollup
   * moved (the next batch that does not append does both for the whole table). With a delete among them (none
   * comes from a snapshot) the table takes the keyed apply instead.
   */
  private Set<String> append(WarehouseTable t, java.util.Collection<RowChange> changes) throws SQLException {
    times.time(t.tableName(), "append (first snapshot)", () -> {
      int[] sc = scales.get(t);
      try (DuckDBAppender a = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, t.tableName())) {
        for (RowChange c : changes) {
          appendRow(a, c.values(), sc);
        }
      }
      return null;
    });
    return Set.of(t.tableName());
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

  /** How many of each source's newest heartbeats are kept to recognise a replayed one. */
  public static final int HEARTBEATS_KEPT = 2_000;

  private void recordSources(Batch batch, Instant at) throws SQLException {
    LocalDateTime now = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    for (var e : batch.sources().entrySet()) {
      Batch.SourceProgress p = e.getValue();
      Long newest = p.newestSeq();
      Long beat = p.newestBeatMicros();
      Map<String, Object> values = new java.util.HashMap<>();
      values.put("source", e.getKey());
      values.put("position", p.lastPosition);
      values.put("seq", newest);
      values.put("beat_at", beat == null ? null : LocalDateTime.ofInstant(micros(beat), ZoneOffset.UTC));
      values.put("streamed_at", p.streamedHeartbeat ? now : null);
      values.put("read_seq", p.snapshotRead);
      values.put("now", now);
      execute("source_progress", values);
      for (long[] h : p.heartbeats) {
        execute("heartbeat_arrived", Map.of("source", e.getKey(), "seq", h[0], "beat_micros", h[1]));
      }
      if (newest != null) {
        execute("heartbeats_pruned", Map.of("source", e.getKey(), "newest", newest, "keep", HEARTBEATS_KEPT));
      }
    }
  }

  private static Instant micros(long epochMicros) {
    return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
  }

  private void execute(String name, Map<String, ?> values) throws SQLException {
    try (PreparedStatement ps = prepare(name, values)) {
      ps.execute();
    }
  }

  /** A named statement of state.sql with its named parameters bound. */
  private PreparedStatement prepare(String name, Map<String, ?> values) throws SQLException {
    org.satit.warehouse.NamedParameters.Bound b = org.satit.warehouse.NamedParameters.bind(sql.get(name), values);
    PreparedStatement ps = connection.prepareStatement(b.sql());
    for (int i = 0; i < b.parameters().size(); i++) {
      ps.setObject(i + 1, b.parameters().get(i));
    }
    return ps;
  }

  /** What the warehouse records about the source, if anything. */
  public java.util.Optional<SourceLineage> lineage(String sourceName) throws SQLException {
    try (PreparedStatement ps = prepare("lineage", Map.of("source", sourceName))) {
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return java.util.Optional.empty();
        }
        long seq = rs.getLong(6);
        Long heartbeatSeq = rs.wasNull() ? null : seq;
        return java.util.Optional.of(new SourceLineage(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), heartbeatSeq, instant(rs.getTimestamp(7)), rs.getString(8),
            instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), nullableLong(rs, 11)));
      }
    }
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  /** Whether a snapshot taken for this reason has begun, for some source, and its stream has not delivered yet. */
  public boolean snapshotRunning(String reason) throws SQLException {
    try (PreparedStatement ps = prepare("snapshot_running", Map.of("reason", reason));
         ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** The source's recent heartbeats as they arrived: sequence number to the instant satit wrote it (micros). */
  public java.util.NavigableMap<Long, Long> recentHeartbeats(String sourceName) throws SQLException {
    java.util.NavigableMap<Long, Long> out = new java.util.TreeMap<>();
    try (PreparedStatement ps = prepare("recent_heartbeats", Map.of("source", sourceName))) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /**
   * Records that a snapshot of the source begins: the server it is taken from and why. Its stream position and
   * heartbeats start again from what this snapshot reads. Announced like a commit (health and the quality
   * dashboard show it).
   */
  public void snapshotBegins(String sourceName, String serverIdentity, String database, String slot, String reason)
      throws SQLException {
    Instant at = Instant.now();
    Map<String, Object> values = new java.util.HashMap<>();
    values.put("source", sourceName);
    values.put("identity", serverIdentity);
    values.put("database", database);
    values.put("slot", slot);
    values.put("reason", reason);
    values.put("now", LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    long version = inTransaction(() -> {
      execute("snapshot_begins", values);
      execute("heartbeats_forgotten", Map.of("source", sourceName));
      return bumpVersion(at);
    });
    announce(new Commit(version, at, Set.of("ingest_source_state", "warehouse_version")));
  }

  /** Work that returns the new warehouse version. */
  private interface VersionedWork {
    long run() throws SQLException;
  }

  /** Runs the work in one DuckDB transaction: committed whole, or rolled back whole. */
  private long inTransaction(VersionedWork work) throws SQLException {
    boolean auto = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      long version = work.run();
      times.time(WriterTimes.BATCH, "COMMIT", () -> {
        connection.commit();
        return null;
      });
      return version;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(auto);
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
