package org.satit.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.tools.bench.QueryBenchmark;
import org.satit.ingest.source.EmisGenerator.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Fill a warehouse as satit does (generate a source in a fresh embedded PostgreSQL, then",
        "satit's Flink CDC snapshot into DuckDB), stop ingest, and run the dashboard queries",
        "(bench/dashboard-queries.yaml) three ways: through Calcite (the governed layer, as the server",
        "runs them), the same SQL straight on DuckDB, and the equivalent SQL on the source PostgreSQL.",
        "Checks that all three agree, then prints p50/p95 side by side with the ratios and the goals.",
        "Exits 1 when the results differ. Works in data/bench-query (deleted afterwards unless --keep)."})
final class BenchQueryCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--scale", defaultValue = "esa", converter = ScaleConverter.class,
      description = "source size: esa, sample, province or country. Default: ${DEFAULT-VALUE}")
  Scale scale;

  @Option(names = "--seed", defaultValue = "7", description = "random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--iterations", defaultValue = "100",
      description = "timed executions per query and path. Default: ${DEFAULT-VALUE}")
  int iterations;

  @Option(names = "--max-seconds", defaultValue = "20",
      description = "a query's path stops early after this many seconds (once it has a few executions),"
          + " so the source database cannot hold a large run for hours. Default: ${DEFAULT-VALUE}")
  double maxSeconds;

  @Option(names = "--keep", description = "keep data/bench-query (source database and warehouse) afterwards")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    QueryBenchmark.Report r = QueryBenchmark.run(new QueryBenchmark.Options(scale, seed, iterations, maxSeconds,
        Path.of("data", "bench-query"), keep, false), out);
    QueryBenchmark.print(out, r);
    return r.correct() ? 0 : 1;
  }
}
