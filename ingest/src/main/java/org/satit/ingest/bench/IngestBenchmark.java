package org.satit.ingest.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.satit.ingest.cdc.ChangeLatency;
import org.satit.ingest.cdc.WarehouseIngest;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.HeapWatch;
import org.satit.ingest.source.SourceLoader;

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

  private IngestBenchmark() {
  }

  public static Report run(Options o, PrintWriter log) throws Exception {
    BenchSource.deleteRecursively(o.workDir());
    Files.createDirectories(o.workDir());
    try (EmbeddedSource source = EmbeddedSource.start(o.workDir().resolve("source"), 0)) {
      SourceLoader.Target target = source.target();
      Map<String, Long> expected = BenchSource.generate(target, o.scale(), o.seed(), log);
      long sourceRows = BenchSource.total(expected);

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
      try (DuckDBConnection warehouse = BenchSource.openWarehouse(o.workDir().resolve("warehouse.duckdb"))) {
        Copy snapshot;
        BenchSource.Snapshot job;
        try (HeapWatch heap = HeapWatch.start()) {
          job = BenchSource.startSnapshot(source, warehouse, o.workDir());
          long completed = BenchSource.awaitRows(warehouse, job, expected);
          snapshot = new Copy(sourceRows, completed - job.startMillis(), heap.peakBytes());
        }
        try {
          Streaming streaming = stream(o, target, job.applier(), log);
          return new Report(o, sourceRows, baseline, snapshot, streaming, Runtime.getRuntime().maxMemory());
        } finally {
          job.close();
        }
      }
    } finally {
      BenchSource.deleteRecursively(o.workDir());
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
}
