package org.satit.tools;

import org.satit.ingest.source.ChangeSimulator;
import picocli.CommandLine.Option;

/** How fast and how dirty the live change simulator is. */
final class SimulatorOptions {

  @Option(names = "--rate", defaultValue = ChangeSimulator.DEFAULT_RATE,
      description = "simulated source changes per second; 0 = no simulator. Default: ${DEFAULT-VALUE}")
  double rate;

  @Option(names = "--bad-rate", defaultValue = ChangeSimulator.DEFAULT_BAD_RATE,
      description = "share of changes that are bad rows (score 105, unknown school, missing key, impossible date, "
          + "invalid citizen ID). Default: ${DEFAULT-VALUE}")
  double badRate;

  ChangeSimulator.Config config(long seed) {
    return new ChangeSimulator.Config(rate, badRate, seed);
  }

  void validate() {
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be 0 or more changes/s, got " + rate);
    }
    if (badRate < 0 || badRate > 1) {
      throw new IllegalArgumentException("--bad-rate must be between 0 and 1, got " + badRate);
    }
  }
}
