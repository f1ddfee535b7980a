package org.satit.tools;

import org.satit.cli.RunLength;
import org.satit.api.SatitStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.Callable;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.EmisGenerator.Options;
import org.satit.ingest.source.EmisGenerator.Scale;
import org.satit.ingest.source.SourceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run satit on a fresh machine with no set-up: starts an embedded PostgreSQL source",
        "(wal_level=logical), fills it on first start (a country sample: one primary ESA in each region",
        "and a secondary one), keeps it changing, and prints",
        "where everything is. Data is kept in --data-dir between runs."})
final class DemoCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  SimulatorOptions simulator;

  @Mixin
  RunLength runLength;

  @Option(names = "--data-dir", defaultValue = "data/demo", description = "where the demo keeps its data. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--source-port", defaultValue = "15432",
      description = "port of the embedded PostgreSQL source; 0 = any free port. Default: ${DEFAULT-VALUE}")
  int sourcePort;

  @Option(names = "--port", defaultValue = "8080",
      description = "port of the web server (loopback): /api/health. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--scale", defaultValue = "sample", converter = ScaleConverter.class,
      description = "what to generate on first start: sample (one primary ESA per region and a secondary one), "
          + "esa (สพป.เชียงใหม่ เขต 3 only) or province. Default: ${DEFAULT-VALUE}")
  Scale scale;

  @Option(names = "--seed", defaultValue = "7", description = "random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  private long started;

  @Override
  public Integer call() throws Exception {
    simulator.validate();
    if (scale == Scale.COUNTRY) {
      throw new IllegalArgumentException("the demo runs at sample, esa or province scale; use 'satit generate' for country");
    }
    runLength.validate();
    var out = spec.commandLine().getOut();
    started = System.nanoTime();
    out.printf("satit demo: starting the embedded PostgreSQL source (data in %s)%n", dataDir.toAbsolutePath());
    out.flush();
    try {
      return runDemo(out);
    } finally {
      runLength.cleanedUp();
    }
  }

  private int runDemo(java.io.PrintWriter out) throws Exception {
    try (EmbeddedSource source = EmbeddedSource.start(dataDir.resolve("source"), sourcePort)) {
      SourceLoader.Target target = source.target();
      Map<String, String> generation;
      try (Connection c = target.connect()) {
        generation = SourceLoader.generationOf(c);
      }
      if (generation.isEmpty()) {
        Options options = Options.of(scale, seed);
        out.printf("first start: generating the %s scale source (seed %d)%n", scale.name().toLowerCase(), seed);
        out.flush();
        SourceLoader.Result result = GenerateCommand.generateWithProgress(target, options, true);
        GenerationReport.print(out, options, result);
      } else {
        out.printf("source already generated: %s scale, seed %s, at %s%n", generation.get("scale"),
            generation.get("seed"), generation.get("generated_at"));
      }
      out.println();
      out.println("EMIS source (PostgreSQL " + "14, wal_level=" + source.walLevel() + ")");
      out.println("  JDBC URL : " + source.jdbcUrl());
      out.println("  user     : " + EmbeddedSource.USER + " (no password, loopback only)");
      out.println("  psql     : psql -h 127.0.0.1 -p " + source.port() + " -U " + EmbeddedSource.USER + " " + EmbeddedSource.DATABASE);
      out.flush();
      try (SatitStack stack = DemoStack.start(dataDir, source, port)) {
        out.println();
        out.println("warehouse (DuckDB): " + dataDir.resolve(SatitStack.WAREHOUSE_FILE).toAbsolutePath());
        out.println("ingest: Flink CDC job in a local MiniCluster, "
            + stack.restoredFrom().map(p -> "resumed from checkpoint " + p.getFileName()).orElse("fresh snapshot"));
        out.println("dashboards: http://127.0.0.1:" + stack.port() + "/  (log in with a login from "
            + dataDir.resolve(DemoLogins.LOGINS_FILE) + ")");
        out.println("public results: http://127.0.0.1:" + stack.port() + "/public/  (a release "
            + DemoStack.RELEASES.describe() + "; a real system releases daily)");
        out.println("health: http://127.0.0.1:" + stack.port() + "/api/health");
        out.println("JDBC (analysts): jdbc:avatica:remote:url=http://127.0.0.1:" + stack.port()
            + "/api/jdbc;serialization=protobuf  logins: " + dataDir.resolve(DemoLogins.LOGINS_FILE));
        ChangeSimulator sim = simulator.rate > 0 ? new ChangeSimulator(target, simulator.config(seed)).start() : null;
        if (sim != null) {
          out.printf("simulator: %.0f changes/s, %.1f%% bad rows%n", simulator.rate, simulator.badRate * 100);
        } else {
          out.println("simulator: off (--rate 0)");
        }
        out.println("Ctrl-C stops the demo.");
        out.flush();
        Thread ready = ReadyReport.start(out, stack::whole, started);
        try {
          runLength.await(out, () -> (sim == null ? "" : SimulatorStatus.line(sim) + "\n") + stack.statusLine());
        } finally {
          ready.interrupt();
          if (sim != null) {
            sim.close();
            out.println(SimulatorStatus.line(sim));
          }
          out.flush();
        }
      }
    }
    out.println("demo stopped; its data stays in " + dataDir.toAbsolutePath());
    out.flush();
    return 0;
  }
}
