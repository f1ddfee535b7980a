package org.satit.tools;

import java.util.List;
import org.satit.cli.Satit;

/**
 * The {@code satit} command line of the tools jar (what {@code ./satit} runs): the demo and the commands around it
 * (generate, simulate, reset, bench, verify) in front of the production ones ({@link Satit}: serve, user, audit).
 */
public final class SatitTools {

  private SatitTools() {
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The whole command line; tests call {@code execute} on it. */
  public static picocli.CommandLine commandLine() {
    return Satit.commandLine(List.of(new DemoCommand(), new GenerateCommand(), new SimulateCommand(), new ResetCommand(),
        new BenchCommand(), new VerifyCommand()));
  }
}
