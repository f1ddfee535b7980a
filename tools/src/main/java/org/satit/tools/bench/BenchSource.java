package org.satit.tools.bench;

import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.satit.ingest.cdc.CdcSource;
import org.satit.ingest.cdc.IngestJob;
import org.satit.ingest.cdc.IngestStatus;
import org.satit.ingest.cdc.LocalIngest;
import org.satit.ingest.cdc.PseudonymSecret;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.cdc.WarehouseIngest;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * The steps the benchmarks share: generate a source at a scale into the embedded PostgreSQL, count its
 * rows, and fill a DuckDB warehouse from it with satit's own CDC snapshot (the Flink job, mapping,
 * pseudonyms, quarantine, rollups), exactly as {@code satit demo} and {@code satit serve} do.
 */
public final class BenchSource {

  private static final long SNAPSHOT_TIMEOUT_MS = 60 * 60 * 1000L;

  private BenchSource() {
  }

  /** Generates the source; returns the rows of every EMIS table. */
  public static Map<String, Long> generate(SourceLoader.Target target, EmisGenerator.Scale scale, long seed,
                                           PrintWriter log) throws Exception {
    log.printf("generating the %s scale source (seed %d) into the embedded PostgreSQL …%n",
        scale.name().toLowerCase(), seed);
    log.flush();
    SourceLoader.generate(target, new EmisGenerator(EmisGenerator.Options.of(scale, seed)),
        EmisGenerator.Progress.NONE, true);
    Map<String, Long> counts = sourceCounts(target);
    log.printf("source: %,d rows in %d tables%n", total(counts), counts.size());
    return counts;
  }

  /** The satit CDC snapshot, running: the job, its applier, and when it started (epoch millis). */
  public record Snapshot(String sourceName, LocalIngest ingest, WarehouseIngest applier, long startMillis,
                         long startNanos, org.satit.ingest.cdc.HeartbeatWriter heartbeats) implements AutoCloseable {
    /** Stops the ingest job and the heartbeats (the warehouse stays as it is). */
    @Override
    public void close() throws Exception {
      try {
        ingest.close();
      } finally {
        heartbeats.close();
      }
    }
  }

  /**
   * Starts satit's Flink CDC job on the embedded source into the warehouse (a fresh start: reference
   * preload, snapshot, then streaming). The pseudonym key and checkpoints live in {@code workDir}.
   */
  public static Snapshot startSnapshot(EmbeddedSource source, DuckDBConnection warehouse, Path workDir)
      throws Exception {
    WarehouseIngest applier = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) warehouse.duplicate()),
        new Pseudonyms(PseudonymSecret.loadOrCreate(workDir.resolve("pseudonym.key"))));
    CdcSource cdc = new CdcSource("bench", CdcSource.Engine.POSTGRES, "127.0.0.1", source.port(),
        EmbeddedSource.DATABASE, EmbeddedSource.USER, null);
    // as the server does: heartbeats into the source (the table exists before the job captures it), so the
    // stream delivers something even when the source is quiet, and a first snapshot is made whole at once
    org.satit.ingest.cdc.HeartbeatWriter heartbeats = org.satit.ingest.cdc.HeartbeatWriter.start(List.of(cdc),
        IngestJob.Settings.defaults().heartbeatInterval());
    long start = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    LocalIngest ingest = LocalIngest.start(workDir.resolve("checkpoints"), List.of(cdc), applier,
        IngestJob.Settings.defaults());
    return new Snapshot(cdc.name(), ingest, applier, startMillis, start, heartbeats);
  }

  /** Opens (creates) the DuckDB warehouse file. */
  public static DuckDBConnection openWarehouse(Path file) throws SQLException {
    return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
  }

  /**
   * Waits until the warehouse holds as many rows of every source table as {@code expected}; returns when
   * the transaction that completed it committed (epoch millis). Looks only when the warehouse version
   * moved, and not often, so the benchmark does not slow the writer it measures.
   */
  /**
   * When (epoch millis, the warehouse's commit time) the snapshot's rows were all in, and when it was whole: its
   * stream begun, which for a first snapshot is when the appended facts were made whole (duplicates removed,
   * rollups built; WarehouseIngest). Dashboards and queries are right from {@code whole} on.
   */
  public record Done(long rowsIn, long whole) {
  }

  public static Done awaitRows(DuckDBConnection warehouse, Snapshot snapshot, Map<String, Long> expected)
      throws Exception {
    Map<String, Long> have = Map.of();
    long seenVersion = -1;
    Long rowsIn = null;
    while ((System.nanoTime() - snapshot.startNanos()) / 1_000_000 < SNAPSHOT_TIMEOUT_MS) {
      Thread.sleep(100);
      try (Connection c = warehouse.duplicate()) {
        long version = IngestStatus.version(c);
        if (version == seenVersion) {
          continue;
        }
        seenVersion = version;
        IngestStatus.Snapshot s = IngestStatus.read(c, snapshot.sourceName());
        have = s.tables().stream().collect(Collectors.toMap(IngestStatus.Table::name, IngestStatus.Table::rows));
        Map<String, Long> now = have;
        if (expected.entrySet().stream().allMatch(e -> e.getValue().equals(now.get(e.getKey())))) {
          long at = Instant.parse(s.committedAt()).toEpochMilli();
          rowsIn = rowsIn == null ? at : rowsIn;
          if (s.sources().stream().noneMatch(IngestStatus.Source::snapshotRunning)) {
            return new Done(rowsIn, at);
          }
        }
      }
    }
    Map<String, Long> seen = have;
    throw new IllegalStateException("the snapshot did not complete in time; warehouse vs source: "
        + expected.entrySet().stream().filter(e -> !e.getValue().equals(seen.get(e.getKey())))
        .map(e -> e.getKey() + " " + seen.get(e.getKey()) + "/" + e.getValue()).collect(Collectors.joining(", "))
        + (rowsIn != null ? " (every row in, its stream not begun)" : ""));
  }

  /** Rows of every EMIS table of the source. */
  public static Map<String, Long> sourceCounts(SourceLoader.Target target) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = target.connect(); Statement st = c.createStatement()) {
      for (SourceSpec t : SourceSpecs.all()) {
        if (t.isEmisData()) {
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.name())) {
            rs.next();
            out.put(t.name(), rs.getLong(1));
          }
        }
      }
    }
    return out;
  }

  public static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
