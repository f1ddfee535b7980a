package org.satit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.ingest.bench.IngestBenchmark;
import org.satit.ingest.bench.IngestBenchmark.Copy;
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
      description = "source size: esa, province or country. Default: ${DEFAULT-VALUE}")
  Scale scale;

  @Option(names = "--rate", defaultValue = "2000", description = "changes per second while streaming. Default: ${DEFAULT-VALUE}")
  double rate;

  @Option(names = "--stream-seconds", defaultValue = "30",
      description = "how long to make changes. Default: ${DEFAULT-VALUE}")
  int streamSeconds;

  @Option(names = "--seed", defaultValue = "7", description = "random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("--rate must be > 0 changes/s, got " + rate);
    }
    if (streamSeconds < 1) {
      throw new IllegalArgumentException("--stream-seconds must be at least 1, got " + streamSeconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    IngestBenchmark.Report r = IngestBenchmark.run(
        new IngestBenchmark.Options(scale, seed, rate, streamSeconds, Path.of("data", "bench")), out);
    print(out, r);
    return 0;
  }

  static void print(PrintWriter out, IngestBenchmark.Report r) {
    out.println();
    out.printf("satit bench ingest: %s scale (seed %d), %,d source rows; %d cores, Java %s, max heap %,d MiB%n",
        r.options().scale().name().toLowerCase(), r.options().seed(), r.sourceRows(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.specification.version"),
        r.maxHeapBytes() / MIB);
    out.println();
    out.printf("%-44s %12s %9s %10s %12s %10s%n", "snapshot", "rows", "time", "rows/s", "vs baseline", "peak heap");
    row(out, "baseline: JDBC read + DuckDB appender", r.baseline(), r.baseline());
    row(out, "satit: Flink CDC snapshot -> star schema", r.snapshot(), r.baseline());
    out.printf("%-44s %12s %9s %10s %12s%n", "goal", "", "", "100,000", ">= 0.33x");
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
    ChangeLatency.Summary u = s.untilSink();
    out.printf("%-44s %6d ms %5d ms %5d ms %5d ms%n", "  of which source commit -> satit's sink", u.p50(), u.p95(),
        u.p99(), u.max());
    out.printf("%-44s %8s %8s%n", "goal", "", "500 ms");
    ChangeLatency.Batches b = s.batches();
    out.printf("(warehouse transactions while streaming: %,d, each %,.0f changes on average, taking p50 %d ms,"
        + " p95 %d ms, max %d ms)%n", b.count(), b.meanChanges(), b.p50Ms(), b.p95Ms(), b.maxMs());
    out.flush();
  }

  private static void row(PrintWriter out, String name, Copy c, Copy baseline) {
    out.printf("%-44s %,12d %7.1f s %,10.0f %11.2fx %6d MiB%n", name, c.rows(), c.millis() / 1000.0, c.rowsPerSecond(),
        c.rowsPerSecond() / baseline.rowsPerSecond(), c.peakHeapBytes() / MIB);
  }
}
