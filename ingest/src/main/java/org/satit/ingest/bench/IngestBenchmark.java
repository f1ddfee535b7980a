package org.satit.ingest.bench;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.satit.ingest.cdc.CdcSource;
import org.satit.ingest.cdc.ChangeLatency;
import org.satit.ingest.cdc.IngestJob;
import org.satit.ingest.cdc.IngestStatus;
import org.satit.ingest.cdc.LocalIngest;
import org.satit.ingest.cdc.PseudonymSecret;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.cdc.WarehouseIngest;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.HeapWatch;
import org.satit.ingest.source.SourceLoader;
import org.satit.ingest.source.SourceTable;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * {@code satit bench ingest}: on one freshly generated embedded PostgreSQL source, in one run,
 * (1) the bulk-copy baseline (plain JDBC + DuckDB appender), (2) satit's CDC snapshot into the star
 * schema (reference preload, snapshot, mapping, pseudonyms, rollups; from job start until the
 * warehouse holds every source row), and (3) the latency of streamed changes from source commit to
 * DuckDB visibility while the simulator makes changes at a sustained rate. Reports the peak heap of
 * each part. Everything runs in this JVM, as in the demo.
 */
public final class IngestBenchmark {

  public record Options(EmisGenerator.Scale scale, long seed, double rate, int changeSeconds, Path workDir) {
  }

  public record Copy(long rows, long millis, long peakHeapBytes) {
    public double rowsPerSecond() {
      return rows * 1000.0 / Math.max(1, millis);
    }
  }

  /** Changes made by the simulator, row events applied, their latency, heap while streaming. */
  public record Streaming(long changes, double changesPerSecond, long failed, ChangeLatency.Summary latency,
                          ChangeLatency.Summary untilSink, ChangeLatency.Batches batches, long peakHeapBytes) {
  }

  public record Report(Options options, long sourceRows, Copy baseline, Copy snapshot, Streaming streaming,
                       long maxHeapBytes) {
  }

  private static final long SNAPSHOT_TIMEOUT_MS = 60 * 60 * 1000L;

  private IngestBenchmark() {
  }

  public static Report run(Options o, PrintWriter log) throws Exception {
    deleteRecursively(o.workDir());
    Files.createDirectories(o.workDir());
    try (EmbeddedSource source = EmbeddedSource.start(o.workDir().resolve("source"), 0)) {
      SourceLoader.Target target = source.target();
      log.printf("generating the %s scale source (seed %d) into the embedded PostgreSQL …%n",
          o.scale().name().toLowerCase(), o.seed());
      log.flush();
      SourceLoader.generate(target, new EmisGenerator(EmisGenerator.Options.of(o.scale(), o.seed())),
          EmisGenerator.Progress.NONE, true);
      Map<String, Long> expected = sourceCounts(target);
      long sourceRows = expected.values().stream().mapToLong(Long::longValue).sum();
      log.printf("source: %,d rows in %d tables%n", sourceRows, expected.size());

      log.println("baseline: plain JDBC read + DuckDB appender …");
      log.flush();
      Copy baseline;
      System.gc();
      try (HeapWatch heap = HeapWatch.start()) {
        BulkCopyBaseline.Result r = BulkCopyBaseline.copy(target, o.workDir().resolve("baseline.duckdb"));
        baseline = new Copy(r.rows(), r.millis(), heap.peakBytes());
      }
      Files.deleteIfExists(o.workDir().resolve("baseline.duckdb"));

      log.println("satit: Flink CDC snapshot into the star schema …");
      log.flush();
      System.gc();
      try (DuckDBConnection warehouse = (DuckDBConnection) DriverManager.getConnection(
          "jdbc:duckdb:" + o.workDir().resolve("warehouse.duckdb").toAbsolutePath())) {
        WarehouseIngest applier = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) warehouse.duplicate()),
            new Pseudonyms(PseudonymSecret.loadOrCreate(o.workDir().resolve("pseudonym.key"))));
        CdcSource cdc = new CdcSource("bench", CdcSource.Engine.POSTGRES, "127.0.0.1", source.port(),
            EmbeddedSource.DATABASE, EmbeddedSource.USER, null);
        Copy snapshot;
        LocalIngest ingest;
        try (HeapWatch heap = HeapWatch.start()) {
          long start = System.nanoTime();
          long startMillis = System.currentTimeMillis();
          ingest = LocalIngest.start(o.workDir().resolve("checkpoints"), List.of(cdc), applier,
              IngestJob.Settings.defaults());
          long completed = awaitRows(warehouse, cdc.name(), expected, start);
          snapshot = new Copy(sourceRows, completed - startMillis, heap.peakBytes());
        }
        try {
          Streaming streaming = stream(o, target, applier, log);
          return new Report(o, sourceRows, baseline, snapshot, streaming, Runtime.getRuntime().maxMemory());
        } finally {
          ingest.close();
        }
      }
    } finally {
      deleteRecursively(o.workDir());
    }
  }

  private static Streaming stream(Options o, SourceLoader.Target target, WarehouseIngest applier, PrintWriter log)
      throws Exception {
    log.printf("satit: streaming changes at %,.0f changes/s for %d s …%n", o.rate(), o.changeSeconds());
    log.flush();
    System.gc();
    applier.latency().reset();
    try (HeapWatch heap = HeapWatch.start()) {
      ChangeSimulator sim = new ChangeSimulator(target, new ChangeSimulator.Config(o.rate(), 0.0, o.seed())).start();
      long start = System.nanoTime();
      long made;
      long failed;
      try {
        Thread.sleep(o.changeSeconds() * 1000L);
      } finally {
        sim.close();
        made = sim.total();
        failed = sim.errors();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // let the last changes arrive: done when nothing new was applied for 2 s, or for three times the
      // longest warehouse transaction so far (large warehouses apply slowly)
      long seen = -1;
      long quietSince = System.currentTimeMillis();
      while (System.currentTimeMillis() - quietSince < Math.max(2_000, 3 * applier.latency().batches().maxMs())) {
        long now = applier.latency().summary().count();
        if (now != seen) {
          seen = now;
          quietSince = System.currentTimeMillis();
        }
        Thread.sleep(100);
      }
      return new Streaming(made, made / seconds, failed, applier.latency().summary(), applier.latency().untilSink(),
          applier.latency().batches(),
          heap.peakBytes());
    }
  }

  /**
   * Waits until the warehouse holds as many rows of every source table as the source; returns when
   * the transaction that completed it committed (epoch millis). Looks only when the warehouse version
   * moved, and not often, so the benchmark does not slow the writer it measures.
   */
  private static long awaitRows(DuckDBConnection warehouse, String sourceName, Map<String, Long> expected,
                                long startNanos) throws Exception {
    Map<String, Long> have = Map.of();
    long seenVersion = -1;
    while ((System.nanoTime() - startNanos) / 1_000_000 < SNAPSHOT_TIMEOUT_MS) {
      Thread.sleep(250);
      try (Connection c = warehouse.duplicate()) {
        long version = IngestStatus.version(c);
        if (version == seenVersion) {
          continue;
        }
        seenVersion = version;
        IngestStatus.Snapshot s = IngestStatus.read(c, sourceName);
        have = s.tables().stream().collect(Collectors.toMap(IngestStatus.Table::name, IngestStatus.Table::rows));
        Map<String, Long> now = have;
        if (expected.entrySet().stream().allMatch(e -> e.getValue().equals(now.get(e.getKey())))) {
          return java.time.Instant.parse(s.committedAt()).toEpochMilli();
        }
      }
    }
    Map<String, Long> seen = have;
    throw new IllegalStateException("the snapshot did not complete in time; warehouse vs source: "
        + expected.entrySet().stream().filter(e -> !e.getValue().equals(seen.get(e.getKey())))
        .map(e -> e.getKey() + " " + seen.get(e.getKey()) + "/" + e.getValue()).collect(Collectors.joining(", ")));
  }

  private static Map<String, Long> sourceCounts(SourceLoader.Target target) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = target.connect(); Statement st = c.createStatement()) {
      for (SourceTable t : SourceTable.values()) {
        if (t.isEmisData()) {
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.tableName())) {
            rs.next();
            out.put(t.tableName(), rs.getLong(1));
          }
        }
      }
    }
    return out;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
