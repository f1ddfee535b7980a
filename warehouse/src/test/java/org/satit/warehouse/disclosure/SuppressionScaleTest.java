package org.satit.warehouse.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Runs at realistic sizes and prints how long it took (wall and process CPU: the CPU figure is the fairer one on a
 * shared machine); asserts outcomes, never times.
 */
class SuppressionScaleTest {

  private static final DisclosureRules RULES = DisclosureRules.defaults();

  @Test
  void protectsACountryOfSchoolsBySex() {
    // one slice × 21,600 schools (6 regions, 72 provinces, 216 ESAs, 2,160 clusters), every group by sex: ~72,000
    // cells (three slices, 216,495 cells, took 15-50 s here: too long for every CI run)
    CellTable table = SchoolSystem.generate(11, 1, 6, 12, 3, 10, 10);

    long start = System.nanoTime();
    long cpu = processCpuNanos();
    Suppressed s = CellSuppression.protect(table, RULES);
    long millis = (System.nanoTime() - start) / 1_000_000;

    System.out.printf("protect: %,d cells, %,d additivities -> %s in %,d ms (%,d ms CPU)%n",
        table.cells().size(), table.additivities().size(), s, millis, (processCpuNanos() - cpu) / 1_000_000);
    assertThat(table.cells()).hasSizeGreaterThan(70_000);
    assertThat(s.isProtected()).isTrue();
    assertThat(s.count(Suppressed.Reason.COMPLEMENTARY)).isPositive();
  }

  @Test
  void auditsAnEsaInSeconds() {
    // one ESA (15 clusters × 12 schools) in 17 slices (tests × grades × subjects × years), every group by sex
    CellTable table = SchoolSystem.generate(12, 17, 1, 15, 12);
    Suppressed s = CellSuppression.protect(table, RULES);

    long start = System.nanoTime();
    long cpu = processCpuNanos();
    AuditReport report = DisclosureAudit.audit(table, s.hidden(), RULES);
    long millis = (System.nanoTime() - start) / 1_000_000;

    System.out.printf("audit: %,d cells -> %s in %,d ms (%,d ms CPU)%n", table.cells().size(), report.summary(), millis,
        (processCpuNanos() - cpu) / 1_000_000);
    assertThat(table.cells()).hasSizeGreaterThan(9_000);
    assertThat(report.hiddenCount()).isGreaterThan(2_000);
    assertThat(report.passed()).isTrue();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
