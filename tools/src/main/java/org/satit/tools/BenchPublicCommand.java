package org.satit.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.ingest.source.EmisGenerator.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "public", mixinStandardHelpOptions = true,
    description = {"Serve a freshly generated source (embedded PostgreSQL, Flink CDC, DuckDB, the public release) and",
        "drive the server from a second process on loopback for a bounded time: a static file (the baseline),",
        "one public chart's JSON, and every public chart of every area. Prints req/s, p50/p99 and errors side",
        "by side. Works in data/bench-public (deleted afterwards)."})
final class BenchPublicCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--scale", defaultValue = "esa", converter = ScaleConverter.class,
      description = "source size: esa, sample, province or country. Default: ${DEFAULT-VALUE}")
  Scale scale;

  @Option(names = "--seed", defaultValue = "7", description = "random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--seconds", defaultValue = "15", description = "measured seconds per load. Default: ${DEFAULT-VALUE}")
  int seconds;

  @Option(names = "--connections", defaultValue = "16", description = "concurrent connections. Default: ${DEFAULT-VALUE}")
  int connections;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || seconds > 600 || connections < 1 || connections > 512) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--seconds must be 1-600 and --connections 1-512");
    }
    PrintWriter out = spec.commandLine().getOut();
    PublicLoadBenchmark.print(out, PublicLoadBenchmark.run(
        new PublicLoadBenchmark.Options(scale, seed, seconds, connections, Path.of("data", "bench-public")), out));
    return 0;
  }
}
