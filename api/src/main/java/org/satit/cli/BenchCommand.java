package org.satit.cli;

import picocli.CommandLine.Command;

/** {@code satit bench …}: benchmarks that print satit's figures next to a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure satit against a baseline on this machine, in one run, and print both side by side."},
    subcommands = {BenchIngestCommand.class, BenchQueryCommand.class})
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
