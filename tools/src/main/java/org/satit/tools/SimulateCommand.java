package org.satit.tools;

import org.satit.cli.RunLength;
import java.util.concurrent.Callable;
import org.satit.ingest.source.ChangeSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Keep a generated source (PostgreSQL or MySQL/MariaDB) changing like a live EMIS database:",
        "late scores, corrections, deletions, transfers, PD sessions, supervision visits, PLC meetings, bad rows."})
final class SimulateCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  SimulatorOptions simulator;

  @Option(names = "--seed", defaultValue = "7", description = "random seed of the changes. Default: ${DEFAULT-VALUE}")
  long seed;

  @Mixin
  RunLength runLength;

  @Override
  public Integer call() throws Exception {
    simulator.validate();
    runLength.validate();
    if (simulator.rate == 0) {
      throw new IllegalArgumentException("--rate must be above 0 for simulate");
    }
    var out = spec.commandLine().getOut();
    try (ChangeSimulator sim = new ChangeSimulator(target.target(), simulator.config(seed)).start()) {
      out.printf("simulating %.0f changes/s on %s (Ctrl-C to stop)%n", simulator.rate, target.jdbcUrl);
      out.flush();
      runLength.await(out, () -> SimulatorStatus.line(sim));
    } finally {
      runLength.cleanedUp();
    }
    return 0;
  }
}
