package org.satit.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.EmisGenerator;

/**
 * {@code satit bench ingest} at esa scale, briefly: every part runs to its end and reports what it measured (the
 * drain after streaming once waited forever, because satit's own heartbeats kept arriving). No timing is asserted;
 * the timeout only ends a run that hangs.
 */
class IngestBenchmarkTest {

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyPartRunsToItsEndAndReportsItsFigures(@TempDir Path dir) throws Exception {
    StringWriter log = new StringWriter();
    IngestBenchmark.Report r;
    try (PrintWriter out = new PrintWriter(log, true)) {
      r = IngestBenchmark.run(new IngestBenchmark.Options(EmisGenerator.Scale.ESA, 7, 200, 5, 5_000,
          dir.resolve("bench")), out);
    } finally {
      System.out.println(log);
    }
    assertThat(r.snapshot().rows()).isEqualTo(r.sourceRows()).isPositive();
    assertThat(r.baseline().rows()).isPositive();
    assertThat(r.streaming().changes()).as("simulator changes").isPositive();
    assertThat(r.streaming().latency().count()).as("EMIS changes that reached DuckDB").isPositive();
    assertThat(r.burst()).hasValueSatisfying(b -> assertThat(b.rows()).isEqualTo(5_000));
    assertThat(r.keyedPlans()).isNotEmpty();
    assertThat(dir.resolve("bench")).doesNotExist();
  }
}
