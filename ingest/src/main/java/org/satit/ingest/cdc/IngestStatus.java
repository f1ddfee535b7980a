package org.satit.ingest.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import org.satit.warehouse.NamedSql;

/** Reads how far ingest has got, per source table, from the warehouse itself. */
public final class IngestStatus {

  /** One source table: rows the warehouse holds, last source commit applied, and the delay of that apply. */
  public record Table(String source, String name, long rows, long rowsApplied, String lastSourceCommit, Long lagMs) {
  }

  /** Everything /api/health reports about the warehouse. */
  public record Snapshot(long warehouseVersion, String committedAt, List<Table> tables, long quarantined,
                         List<Reason> quarantineReasons, List<Source> sources) {
  }

  /**
   * One configured source as the warehouse records it: the server its rows came from, the last snapshot (when,
   * why, and since when the stream after it delivers heartbeats), and the newest heartbeat that arrived (when
   * satit wrote it into the source). All null for a source whose first snapshot has not begun.
   */
  public record Source(String name, String serverIdentity, String snapshotReason, java.time.Instant snapshotAt,
                       java.time.Instant streamingSince, Long heartbeatSeq, java.time.Instant heartbeatAt) {

    /** Seconds from the newest heartbeat's writing into the source to {@code now}; null when none arrived. */
    public Double freshnessSeconds(java.time.Instant now) {
      return heartbeatAt == null ? null : Math.max(0, java.time.Duration.between(heartbeatAt, now).toMillis()) / 1000.0;
    }

    public boolean snapshotRunning() {
      return snapshotAt == null || streamingSince == null;
    }
  }

  public record Reason(String table, String reason, long rows) {
  }

  private static final NamedSql SQL = NamedSql.load("cdc/status.sql");

  private IngestStatus() {
  }

  /** The warehouse version alone (cheap). */
  public static long version(Connection warehouse) throws SQLException {
    try (Statement st = warehouse.createStatement(); ResultSet rs = st.executeQuery(SQL.get("version"))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public static Snapshot read(Connection warehouse, String sourceName) throws SQLException {
    return read(warehouse, List.of(sourceName));
  }

  /**
   * The status with the tables of every source, source by source. What the warehouse holds is read
   * once; only each source's progress is read per source.
   */
  public static Snapshot read(Connection warehouse, List<String> sourceNames) throws SQLException {
    long version;
    String committedAt;
    try (Statement st = warehouse.createStatement(); ResultSet rs = st.executeQuery(SQL.get("version"))) {
      rs.next();
      version = rs.getLong(1);
      committedAt = iso(rs.getTimestamp(2));
    }
    java.util.Map<String, Long> rows = new java.util.LinkedHashMap<>();
    for (SourceSpec t : SourceSpecs.emisData()) {
      String where = t.warehouseRows();
      rows.put(t.name(), count(warehouse, "SELECT COUNT(*) FROM " + t.warehouse() + (where == null ? "" : " WHERE " + where)));
    }
    List<Table> tables = new ArrayList<>();
    for (String sourceName : sourceNames) {
      tables.addAll(progress(warehouse, sourceName, rows));
    }
    List<Reason> reasons = new ArrayList<>();
    try (Statement st = warehouse.createStatement(); ResultSet rs = st.executeQuery(SQL.get("quarantine_reasons"))) {
      while (rs.next()) {
        reasons.add(new Reason(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
    }
    List<Source> sources = new ArrayList<>();
    for (String sourceName : sourceNames) {
      sources.add(source(warehouse, sourceName));
    }
    return new Snapshot(version, committedAt, List.copyOf(tables), count(warehouse, SQL.get("quarantined")), reasons,
        List.copyOf(sources));
  }

  /** One source's record alone (cheap: no row counts). */
  public static Source source(Connection warehouse, String sourceName) throws SQLException {
    try (PreparedStatement ps = warehouse.prepareStatement(SQL.get("source"))) {
      ps.setString(1, sourceName);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Source(sourceName, null, null, null, null, null, null);
        }
        long seq = rs.getLong(5);
        Long heartbeatSeq = rs.wasNull() ? null : seq;
        return new Source(sourceName, rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
            instant(rs.getTimestamp(4)), heartbeatSeq, instant(rs.getTimestamp(6)));
      }
    }
  }

  private static java.time.Instant instant(Timestamp t) {
    return t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  /** One source's tables: the rows the warehouse holds, with what the source's progress says. */
  private static List<Table> progress(Connection warehouse, String sourceName, java.util.Map<String, Long> rows)
      throws SQLException {
    java.util.Map<String, Table> byName = new java.util.LinkedHashMap<>();
    rows.forEach((name, n) -> byName.put(name, new Table(sourceName, name, n, 0, null, null)));
    try (PreparedStatement ps = warehouse.prepareStatement(SQL.get("tables"))) {
      ps.setString(1, sourceName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Table base = byName.get(rs.getString(1));
          if (base != null) {
            long applied = rs.getLong(2);
            String lastCommit = iso(rs.getTimestamp(3));
            long lag = rs.getLong(5);
            Long lagMs = rs.wasNull() ? null : Math.max(0, lag);
            byName.put(base.name(), new Table(sourceName, base.name(), base.rows(), applied, lastCommit, lagMs));
          }
        }
      }
    }
    return List.copyOf(byName.values());
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String iso(Timestamp t) {
    return t == null ? null : t.toLocalDateTime().atOffset(ZoneOffset.UTC).toInstant().toString();
  }
}
