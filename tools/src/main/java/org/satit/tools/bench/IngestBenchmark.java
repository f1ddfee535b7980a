package org.satit.tools.bench;

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
import org.satit.ingest.verify.WarehouseComparison;
import org.satit.warehouse.writer.WriterTimes;

/**
 * {@code satit bench ingest}: on one freshly generated embedded PostgreSQL source, in one run,
 * (1) the bulk-copy baseline (plain JDBC + DuckDB appender), (2) satit's CDC snapshot into the star
 * schema (reference preload, snapshot, mapping, pseudonyms, rollups; from job start until the
 * warehouse holds every source row), and (3) the latency of streamed changes from source commit to
 * DuckDB visibility while the simulator makes changes at a sustained rate. Reports the peak heap of
 * each part. Everything runs in this JVM, as in the demo.
 */
public final class IngestBenchmark {

  /** {@code burstRows}: after streaming, one source transaction inserting that many scores (0: none). */
  public record Options(EmisGenerator.Scale scale, long seed, double rate, int changeSeconds, long burstRows,
                        Path workDir) {
  }

  /**
   * A results import: {@code rows} scores committed in one source transaction while the simulator streams; how long
   * until all were visible in DuckDB, and the simulator's changes' latency meanwhile and for 10 s after.
   */
  public record Burst(long rows, long commitMillis, long visibleAfterMillis, ChangeLatency.Summary streamingLatency) {
    public double rowsPerSecond() {
      return rows * 1000.0 / Math.max(1, visibleAfterMillis);
    }
  }

  public record Copy(long rows, long millis, long peakHeapBytes) {
    public double rowsPerSecond() {
      return rows * 1000.0 / Math.max(1, millis);
    }
  }

  /** Changes made by the simulator, row events applied, their latency, heap while streaming. */
  public record Streaming(long changes, double changesPerSecond, long failed, ChangeLatency.Summary latency,
                          ChangeLatency.Summary untilSink, ChangeLatency.Summary inSink, ChangeLatency.Batches batches,
                          java.util.List<WriterTimes.Step> writerSteps, CpuSplit.Split cpu, long peakHeapBytes) {
  }

  /** {@code snapshot}: until the warehouse was whole (streaming began); {@code snapshotRowsInMillis}: every row in. */
  public record Report(Options options, long sourceRows, Copy baseline, Copy snapshot, long snapshotRowsInMillis,
                       CpuSplit.Split snapshotCpu,
                       Streaming streaming, java.util.Optional<Burst> burst,
                       java.util.List<org.satit.warehouse.writer.KeyedPlans.Plan> keyedPlans, long maxHeapBytes) {
  }

  /** How many keys the keyed-DELETE plans are read for: a streaming batch's share of one table. */
  public static final int PLAN_KEYS = 500;

  private static final org.satit.warehouse.NamedSql BURST = org.satit.warehouse.NamedSql.load("bench/burst.sql");

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
        long rowsInMillis;
        BenchSource.Snapshot job;
        CpuSplit.Split snapshotCpu;
        try (HeapWatch heap = HeapWatch.start()) {
          CpuSplit.Sample before = CpuSplit.sample(source.serverPid());
          job = BenchSource.startSnapshot(source, warehouse, o.workDir());
          BenchSource.Done done = BenchSource.awaitRows(warehouse, job, expected);
          long completed = done.whole();
          rowsInMillis = done.rowsIn() - job.startMillis();
          snapshotCpu = CpuSplit.between(before, CpuSplit.sample(source.serverPid()));
          snapshot = new Copy(sourceRows, completed - job.startMillis(), heap.peakBytes());
        }
        Streaming streaming;
        java.util.Optional<Burst> burst;
        try {
          streaming = stream(o, source, job.applier(), log);
          burst = o.burstRows() > 0
              ? java.util.Optional.of(burst(o, target, job.applier(), warehouse, log)) : java.util.Optional.empty();
        } finally {
          job.close();
        }
        // with the writer stopped: how its keyed DELETEs read the tables now filled
        return new Report(o, sourceRows, baseline, snapshot, rowsInMillis, snapshotCpu, streaming, burst,
            org.satit.warehouse.writer.KeyedPlans.of(warehouse, PLAN_KEYS), Runtime.getRuntime().maxMemory());
      }
    } finally {
      BenchSource.deleteRecursively(o.workDir());
    }
  }

  private static final String HEARTBEATS = org.satit.ingest.cdc.HeartbeatWriter.TABLE;

  private static Streaming stream(Options o, EmbeddedSource source, WarehouseIngest applier, PrintWriter log)
      throws Exception {
    SourceLoader.Target target = source.target();
    log.printf("satit: streaming changes at %,.0f changes/s for %d s …%n", o.rate(), o.changeSeconds());
    log.flush();
    System.gc();
    applier.latency().reset();
    // the EMIS changes only: satit's own heartbeats (every 2 s) would keep the drain below from ever seeing quiet
    applier.latency().countOnly(c -> !HEARTBEATS.equals(c.table));
    applier.writerTimes().reset();
    CpuSplit.Sample before = CpuSplit.sample(source.serverPid());
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
      CpuSplit.Split cpu = CpuSplit.between(before, CpuSplit.sample(source.serverPid()));
      return new Streaming(made, made / seconds, failed, applier.latency().summary(), applier.latency().untilSink(),
          applier.latency().inSink(), applier.latency().batches(), applier.writerTimes().steps(), cpu,
          heap.peakBytes());
    }
  }

  private static Burst burst(Options o, SourceLoader.Target target, WarehouseIngest applier, DuckDBConnection warehouse,
                             PrintWriter log) throws Exception {
    log.printf("satit: a results import of %,d scores in one source transaction while streaming at %,.0f changes/s …%n",
        o.burstRows(), o.rate());
    log.flush();
    long first;
    try (java.sql.Connection c = target.connect(); java.sql.Statement st = c.createStatement();
         java.sql.ResultSet rs = st.executeQuery(BURST.get("first_id"))) {
      rs.next();
      first = rs.getLong(1);
    }
    applier.latency().reset();
    applier.latency().countOnly(c -> !HEARTBEATS.equals(c.table) && !(c.table.equals("onet_score") && c.key != null
        && c.key.get("score_id") instanceof Number id && id.longValue() >= first));
    ChangeSimulator sim = new ChangeSimulator(target, new ChangeSimulator.Config(o.rate(), 0.0, o.seed() + 1)).start();
    try {
      Thread.sleep(5000);
      long committed;
      try (java.sql.Connection c = target.connect()) {
        c.setAutoCommit(false);
        long valid = WarehouseComparison.count(c, BURST.get("valid_scores"));
        try (java.sql.PreparedStatement ps = c.prepareStatement(BURST.get("insert"))) {
          ps.setLong(1, first);
          ps.setLong(2, (o.burstRows() + valid - 1) / Math.max(1, valid));
          ps.setLong(3, o.burstRows());
          ps.executeUpdate();
        }
        c.commit();
        committed = System.currentTimeMillis();
      }
      long visible;
      try (java.sql.Connection wh = warehouse.duplicate(); java.sql.Statement st = wh.createStatement()) {
        String count = "SELECT COUNT(*) FROM fact_test_score WHERE test_code = 'ONET' AND score_id >= " + first;
        while (true) {
          try (java.sql.ResultSet rs = st.executeQuery(count)) {
            rs.next();
            if (rs.getLong(1) >= o.burstRows()) {
              visible = System.currentTimeMillis();
              break;
            }
          }
          if (System.currentTimeMillis() - committed > 30 * 60_000L) {
            throw new IllegalStateException("the burst was not visible in DuckDB after 30 minutes");
          }
          Thread.sleep(500); // not often: the count reads the whole fact table, beside the writer it measures
        }
      }
      Thread.sleep(10_000); // streaming after the burst
      return new Burst(o.burstRows(), committed, visible - committed, applier.latency().summary());
    } finally {
      sim.close();
    }
  }
}
