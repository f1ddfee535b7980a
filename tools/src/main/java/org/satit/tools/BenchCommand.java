package org.satit.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.tools.bench.IngestBenchmark;
import org.satit.tools.bench.QueryBenchmark;
import org.satit.ingest.source.EmisGenerator.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code satit bench}: every benchmark (ingest, query, public load), each printing its own figures, then one
 * table of the headline figures with their baselines side by side. {@code satit bench ingest|query|public}
 * runs one.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure satit against a baseline on this machine, in one run, and print both side by side.",
        "Without a subcommand: ingest, query and public load in turn, then one table of all the figures."},
    subcommands = {BenchIngestCommand.class, BenchQueryCommand.class, BenchPublicCommand.class})
final class BenchCommand implements Callable<Integer> {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--scale", defaultValue = "esa", converter = ScaleConverter.class,
      description = "source size for every part: esa, sample, province or country. Default: ${DEFAULT-VALUE}")
  Scale scale;

  @Option(names = "--seed", defaultValue = "7", description = "random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    IngestBenchmark.Report ingest = IngestBenchmark.run(
        new IngestBenchmark.Options(scale, seed, 2000, 300, 1_000_000, Path.of("data", "bench")), out);
    BenchIngestCommand.print(out, ingest);
    QueryBenchmark.Report query = QueryBenchmark.run(new QueryBenchmark.Options(scale, seed, 100, 20,
        Path.of("data", "bench-query"), false, false), out);
    QueryBenchmark.print(out, query);
    PublicLoadBenchmark.Report load = PublicLoadBenchmark.run(
        new PublicLoadBenchmark.Options(scale, seed, 15, 16, Path.of("data", "bench-public")), out);
    PublicLoadBenchmark.print(out, load);
    summary(out, ingest, query, load, (System.nanoTime() - t0) / 1e9);
    return query.correct() ? 0 : 1;
  }

  static void summary(PrintWriter out, IngestBenchmark.Report ingest, QueryBenchmark.Report query,
                      PublicLoadBenchmark.Report load, double seconds) {
    out.println();
    out.printf("satit bench: %s scale (seed %d), %d cores, Java %s, %.0f min%n", ingest.options().scale().name().toLowerCase(),
        ingest.options().seed(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.specification.version"),
        seconds / 60);
    out.printf("| %-7s | %-52s | %14s | %-30s | %8s | %-12s |%n", "part", "figure", "satit", "baseline (same run)", "ratio", "goal");
    out.println("|---|---|---:|---|---:|---|");
    boolean country = ingest.options().scale() == Scale.COUNTRY;
    var b = ingest.baseline();
    var s = ingest.snapshot();
    row(out, "ingest", "snapshot, rows/s", String.format("%,.0f", s.rowsPerSecond()),
        String.format("%,.0f JDBC read + DuckDB appender", b.rowsPerSecond()), s.rowsPerSecond() / b.rowsPerSecond(),
        country ? ">= 0.5x, >= 100k/s" : ">= 0.5x (0.8x)");
    var l = ingest.streaming().latency();
    row(out, "ingest", String.format("source commit -> DuckDB at %,.0f changes/s, p50 / p95", ingest.options().rate()),
        l.p50() + " / " + l.p95() + " ms", "-", Double.NaN, country ? "p95 <= 1,000 ms" : "p95 <= 500 ms");
    ingest.burst().ifPresent(burst -> row(out, "ingest", String.format("burst of %,d score rows, rows/s", burst.rows()),
        String.format("%,.0f", burst.rowsPerSecond()), "-", Double.NaN, ">= 50,000"));
    // the peaks measured in the snapshot and while streaming (not the JVM's limit, which an earlier version printed)
    long mib = 1024 * 1024;
    row(out, "ingest", "peak heap used, snapshot / streaming", String.format("%,d / %,d MiB",
        s.peakHeapBytes() / mib, ingest.streaming().peakHeapBytes() / mib),
        String.format("-Xmx %,d MiB", ingest.maxHeapBytes() / mib), Double.NaN, country ? "<= 4,096 MiB" : "<= 1,024 MiB");
    QueryBenchmark.QueryRun slowest = query.queries().stream()
        .max(java.util.Comparator.comparingDouble(q -> q.calcite().p95Ms())).orElseThrow();
    row(out, "query", "slowest dashboard query p95 (" + slowest.name() + ")", String.format("%.1f ms", slowest.calcite().p95Ms()),
        String.format("%.1f ms DuckDB SQL direct", slowest.duckdb().p95Ms()), slowest.calcite().p95Ms() / slowest.duckdb().p95Ms(),
        "<= 50 ms");
    long within = query.queries().stream().filter(q -> q.calcite().p95Ms() <= 50).count();
    row(out, "query", "dashboard queries with p95 <= 50 ms", within + " of " + query.queries().size(), "-", Double.NaN, "all");
    QueryBenchmark.QueryRun leastGain = query.queries().stream()
        .min(java.util.Comparator.comparingDouble(q -> q.postgres().p50Ms() / q.calcite().p50Ms())).orElseThrow();
    row(out, "query", "least gain over the source, p50 (" + leastGain.name() + ")",
        String.format("%.2f ms", leastGain.calcite().p50Ms()),
        String.format("%.2f ms on the source PostgreSQL", leastGain.postgres().p50Ms()),
        leastGain.postgres().p50Ms() / leastGain.calcite().p50Ms(), country ? ">= 50x" : "(country: >= 50x)");
    long fast = query.queries().stream().filter(q -> q.postgres().p50Ms() / q.calcite().p50Ms() >= 50).count();
    row(out, "query", "dashboard queries >= 50x faster than the source", fast + " of " + query.queries().size(), "-",
        Double.NaN, country ? "all" : "(country: all)");
    PublicLoadBenchmark.Load file = load.loads().get(0);
    for (PublicLoadBenchmark.Load p : load.loads().subList(1, load.loads().size())) {
      row(out, "public", p.name() + ", req/s (p50 / p99; errors)", String.format("%,.0f (%.1f / %.1f ms; %d)", p.perSecond(),
          p.p50Ms(), p.p99Ms(), p.errors()), String.format("%,.0f static file", file.perSecond()),
          p.perSecond() / file.perSecond(), "no errors");
    }
    out.flush();
  }

  private static void row(PrintWriter out, String part, String figure, String satit, String baseline, double ratio,
                          String goal) {
    out.printf("| %-7s | %-52s | %14s | %-30s | %8s | %-12s |%n", part, figure, satit, baseline,
        Double.isNaN(ratio) ? "-" : String.format("%.2fx", ratio), goal);
  }
}
