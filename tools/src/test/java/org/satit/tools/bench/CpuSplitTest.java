package org.satit.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CPU split of the ingest benchmark: reading /proc, and the arithmetic between two samples. */
class CpuSplitTest {

  @Test
  void aProcessesOwnTicksAreReadFromProc() {
    long pid = ProcessHandle.current().pid();
    long own = CpuSplit.ticks(pid, false);
    assertThat(own).isNotNegative();
    assertThat(CpuSplit.ticks(pid, true)).as("with its ended children, read later").isGreaterThanOrEqualTo(own);
    assertThat(CpuSplit.ticks(Long.MAX_VALUE, false)).as("no such process").isEqualTo(-1);
    assertThat(CpuSplit.sample(Optional.of(pid)).postgres()).isNotNegative();
  }

  @Test
  void thePartsAreTheirDifferencesAndTheRestOfTheProcessIsOutsideJavaThreads() {
    CpuSplit.Sample a = new CpuSplit.Sample(0, 1_000_000_000L, 10_000_000_000L, Map.of(1L, 1_000_000_000L, 2L, 0L),
        Map.of(1L, "warehouse-apply", 2L, "Source Data Fetcher"));
    CpuSplit.Sample b = new CpuSplit.Sample(4_000_000_000L, 3_000_000_000L, 16_000_000_000L,
        Map.of(1L, 2_000_000_000L, 2L, 1_500_000_000L, 3L, 500_000_000L),
        Map.of(1L, "warehouse-apply", 2L, "Source Data Fetcher", 3L, "a new thread"));
    CpuSplit.Split s = CpuSplit.between(a, b);
    assertThat(s.wallSeconds()).isEqualTo(4.0);
    assertThat(s.postgres()).isEqualTo(2.0);
    assertThat(s.writer()).isEqualTo(1.0);
    assertThat(s.otherJava()).isEqualTo(2.0);
    assertThat(s.outsideJava()).isEqualTo(3.0); // 6 s of the process, 3 s in Java threads
    assertThat(s.cores(s.outsideJava())).isEqualTo(0.75);
    assertThat(CpuSplit.between(new CpuSplit.Sample(0, -1, 0, Map.of(), Map.of()), b).postgres()).isNaN();
  }
}
