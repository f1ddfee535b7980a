package org.satit.tools;

import java.util.stream.Collectors;
import org.satit.ingest.source.ChangeSimulator;

/** One status line about the simulator, printed periodically. */
final class SimulatorStatus {

  private SimulatorStatus() {
  }

  static String line(ChangeSimulator sim) {
    String kinds = sim.counts().entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getKey().name().toLowerCase() + "=" + e.getValue()).collect(Collectors.joining(" "));
    return String.format("source changes: %,d (bad rows %,d, failed %,d) %s", sim.total(), sim.badRows(), sim.errors(),
        kinds);
  }
}
