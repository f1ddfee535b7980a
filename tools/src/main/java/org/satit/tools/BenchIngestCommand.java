package org.satit.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.tools.bench.IngestBenchmark;
import org.satit.tools.bench.IngestBenchmark.Copy;
import org.satit.ingest.cdc.ChangeLatency;
import org.satit.ingest.source.EmisGenerator.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Generate a source in a fresh embedded PostgreSQL, then measure in one run:",
        "  the bulk-copy baseline (plain JDBC read + DuckDB appender) on that data,",
        "  satit's Flink CDC snapshot into the star schema (start until every row is in),",
        "  latency from source commit to DuckDB visibility at a sustained change rate,",
        "  and the peak heap of each. Works in data/bench (deleted afterwards)."})
final class BenchIngestCommand implements Callable<Integer> {

  private static final long MIB = 1024 * 1024;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--scale", defaultValue = "esa", converter = ScaleConverter.class,
      description = "source size: esa, sample, province or country. Default: ${DEFAULT-VALUE}")
  Scale scale;

  @Option(names = "--rate", defaultValue = "2000", description = "changes per second while streaming. Default: ${DEFAULT-VALUE}")
  double rate;

  @Option(names = "--stream-seconds", defaultValue = "30",
      description = "how long to make changes. Default: ${DEFAULT-VALUE}")
  int streamSeconds;

  @Option(names = "--seed", defaultValue = "7", description = "random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--burst", defaultValue = "0", description = "after streaming, a results import of this many"
      + " scores in one source transaction while streaming goes on (e.g. 1000000; 0: none). Default: ${DEFAULT-VALUE}")
  long burst;

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("--rate must be > 0 changes/s, got " + rate);
    }
    if (burst < 0) {
      throw new IllegalArgumentException("--burst must be 0 or more rows, got " + burst);
    }
    if (streamSeconds < 1) {
      throw new IllegalArgumentException("--stream-seconds must be at least 1, got " + streamSeconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    IngestBenchmark.Report r = IngestBenchmark.run(
        new IngestBenchmark.Options(scale, seed, rate, streamSeconds, burst, Path.of("data", "bench")), out);
    print(out, r);
    return 0;
  }

  static void print(PrintWriter out, IngestBenchmark.Report r) {
    boolean country = r.options().scale() == org.satit.ingest.source.EmisGenerator.Scale.COUNTRY;
    out.println();
    out.printf("satit bench ingest: %s scale (seed %d), %,d source rows; %d cores, Java %s, max heap %,d MiB%n",
        r.options().scale().name().toLowerCase(), r.options().seed(), r.sourceRows(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.specification.version"),
        r.maxHeapBytes() / MIB);
    out.println();
    out.printf("%-44s %12s %9s %10s %12s %10s%n", "snapshot", "rows", "time", "rows/s", "vs baseline", "peak heap");
    row(out, "baseline: JDBC read + DuckDB appender", r.baseline(), r.baseline());
    row(out, "satit: Flink CDC snapshot -> star schema", r.snapshot(), r.baseline());
    out.printf("%-44s %12s %9s %10s %12s %10s%n", "goal (issue 15)", "", "", country ? "100,000" : "",
        country ? ">= 0.5x" : ">= 0.5x (0.8x)", country ? "4,096 MiB" : "1,024 MiB");
    out.printf("(until the stream began and the appended facts were made whole, rollups built; every row was in after"
        + " %.1f s)%n", r.snapshotRowsInMillis() / 1000.0);
    cpu(out, "CPU during the snapshot", r.snapshotCpu());
    out.println();
    IngestBenchmark.Streaming s = r.streaming();
    ChangeLatency.Summary l = s.latency();
    out.printf("streaming: asked %,.0f changes/s for %d s; the simulator made %,d changes (%,.0f/s, %,d failed),"
        + " %,d row changes reached DuckDB%n", r.options().rate(), r.options().changeSeconds(), s.changes(),
        s.changesPerSecond(), s.failed(), l.count());
    out.printf("%-44s %8s %8s %8s %8s %10s%n", "latency, source commit -> visible in DuckDB", "p50", "p95", "p99",
        "max", "peak heap");
    out.printf("%-44s %6d ms %5d ms %5d ms %5d ms %6d MiB%n", "satit", l.p50(), l.p95(), l.p99(), l.max(),
        s.peakHeapBytes() / MIB);
    latency(out, "  of which source commit -> satit's sink", s.untilSink());
    latency(out, "  then waiting in the sink's buffer", s.inSink());
    ChangeLatency.Batches b = s.batches();
    out.printf("%-44s %6d ms %5d ms %8s %5d ms%n", "  then the warehouse transaction", b.p50Ms(), b.p95Ms(), "",
        b.maxMs());
    out.printf("%-44s %8s %8s%n", "goal (issue 15)", "", country ? "1,000 ms" : "500 ms");
    out.printf("(warehouse transactions while streaming: %,d, each %,.0f changes on average)%n", b.count(),
        b.meanChanges());
    steps(out, s.writerSteps());
    cpu(out, "CPU while streaming", s.cpu());
    r.burst().ifPresent(burst -> {
      out.println();
      out.printf("%-44s %12s %9s %10s %12s%n", "burst: one source transaction", "rows", "visible", "rows/s", "goal");
      out.printf("%-44s %,12d %7.1f s %,10.0f %12s%n", "a results import while streaming", burst.rows(),
          burst.visibleAfterMillis() / 1000.0, burst.rowsPerSecond(), ">= 50,000");
      ChangeLatency.Summary d = burst.streamingLatency();
      out.printf("%-44s %6d ms %5d ms %5d ms %5d ms (%,d changes)%n", "  streaming latency during and 10 s after",
          d.p50(), d.p95(), d.p99(), d.max(), d.count());
    });
    out.println();
    out.printf("%-44s %12s %6s %16s %9s%n", "the writer's keyed DELETE (EXPLAIN ANALYZE)", "rows", "keys", "reads by",
        "time");
    for (org.satit.warehouse.writer.KeyedPlans.Plan p : r.keyedPlans()) {
      out.printf("  %-42s %,12d %,6d %16s %6.1f ms%n", p.table(), p.rows(), p.keys(), p.scan(), p.millis());
    }
    out.flush();
  }

  private static void latency(PrintWriter out, String name, ChangeLatency.Summary u) {
    out.printf("%-44s %6d ms %5d ms %5d ms %5d ms%n", name, u.p50(), u.p95(), u.p99(), u.max());
  }

  /** The writer's transactions by step, largest first: where a batch's time goes. */
  private static void steps(PrintWriter out, java.util.List<org.satit.warehouse.writer.WriterTimes.Step> steps) {
    double total = steps.stream().mapToLong(org.satit.warehouse.writer.WriterTimes.Step::nanos).sum();
    if (total == 0) {
      return;
    }
    out.printf("%-56s %8s %10s %8s%n", "warehouse transactions by step", "runs", "ms / run", "share");
    steps.stream().sorted(java.util.Comparator.comparingLong(org.satit.warehouse.writer.WriterTimes.Step::nanos)
        .reversed()).limit(12).forEach(st -> out.printf("  %-54s %,8d %10.1f %7.1f%%%n",
        st.table() + ": " + st.step(), st.count(), st.millisPerRun(), 100 * st.nanos() / total));
  }

  private static void cpu(PrintWriter out, String name, org.satit.tools.bench.CpuSplit.Split c) {
    out.printf("%s (%.0f s): source PostgreSQL %s, Flink and Flink CDC threads %.1f cores, satit's writer thread"
        + " %.1f, outside Java threads (DuckDB workers, GC, JIT) %.1f%n", name, c.wallSeconds(),
        Double.isNaN(c.postgres()) ? "unknown" : String.format("%.1f cores", c.cores(c.postgres())),
        c.cores(c.otherJava()), c.cores(c.writer()), c.cores(c.outsideJava()));
  }

  private static void row(PrintWriter out, String name, Copy c, Copy baseline) {
    out.printf("%-44s %,12d %7.1f s %,10.0f %11.2fx %6d MiB%n", name, c.rows(), c.millis() / 1000.0, c.rowsPerSecond(),
        c.rowsPerSecond() / baseline.rowsPerSecond(), c.peakHeapBytes() / MIB);
  }
}
