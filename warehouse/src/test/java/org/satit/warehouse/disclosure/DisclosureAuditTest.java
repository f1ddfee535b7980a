package org.satit.warehouse.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DisclosureAuditTest {

  private static final DisclosureRules RULES = DisclosureRules.defaults();

  @Test
  void aSingleHiddenCellUnderAPublishedTotalIsDetermined() {
    CellTable table = CellTable.builder().cell("cluster", 23).cell("a", 3).cell("b", 20)
        .additivity("cluster", "a", "b").build();

    AuditReport report = DisclosureAudit.audit(table, Set.of("a"), RULES);

    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo("a");
      assertThat(a.count()).isEqualTo(3);
      assertThat(a.minCount()).isEqualTo(3);
      assertThat(a.maxCount()).isEqualTo(3);
      assertThat(a.isDetermined()).isTrue();
    });
    assertThat(report.summary()).startsWith("disclosure audit: 1 hidden cells in 1 components, margin 10: FAILED for 1")
        .contains("a: count 3, feasible 3..3 (determined)");
  }

  @Test
  void twoTinyHiddenCellsWithAPublishedSumAreTooNarrow() {
    CellTable table = CellTable.builder().cell("cluster", 33).cell("a", 1).cell("b", 2).cell("c", 30)
        .additivity("cluster", "a", "b", "c").build();

    AuditReport report = DisclosureAudit.audit(table, Set.of("a", "b"), RULES);

    assertThat(report.failedCount()).isEqualTo(2);
    assertThat(report.cells()).allSatisfy(c -> {
      assertThat(c.minCount()).isEqualTo(1);
      assertThat(c.maxCount()).isEqualTo(2);
      assertThat(c.isDetermined()).isFalse();
      assertThat(c.passed()).isFalse();
    });
  }

  @Test
  void aWideEnoughPairPassesAndAHiddenTopIsUnbounded() {
    CellTable table = CellTable.builder().cell("cluster", 34).cell("a", 1).cell("b", 11).cell("c", 22)
        .additivity("cluster", "a", "b", "c").build();

    AuditReport pair = DisclosureAudit.audit(table, Set.of("a", "b"), RULES);
    AuditReport top = DisclosureAudit.audit(table, Set.of("cluster", "a", "b"), RULES);

    assertThat(pair.passed()).isTrue();
    assertThat(pair.cells()).extracting(AuditReport.HiddenCell::maxCount).containsExactly(11L, 11L);
    assertThat(top.passed()).isTrue();
    assertThat(top.cells()).extracting(AuditReport.HiddenCell::maxCount).containsOnlyNulls();
    assertThat(top.summary()).isEqualTo("disclosure audit: 3 hidden cells in 1 components, margin 10: PASSED");
  }

  @Test
  void reportsTheFeasibleIntervalOfAHiddenMean() {
    // 20 students all scoring 100 and 3 averaging 83.3, 2250 points in all: if a had one student, b's 22 could
    // carry at most 2200 of them, so a's mean is at least 50 (and, with b at 100, a's could be anything up to 100)
    CellTable table = CellTable.builder().cell("cluster", 23, 2250).cell("a", 3, 250).cell("b", 20, 2000)
        .additivity("cluster", "a", "b").build();

    AuditReport report = DisclosureAudit.audit(table, Set.of("a", "b"), RULES);

    assertThat(report.cells()).allSatisfy(c -> {
      assertThat(c.minCount()).isEqualTo(1);
      assertThat(c.maxCount()).isEqualTo(22);
      assertThat(c.minMean()).isCloseTo(50, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(c.maxMean()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-6));
    });
  }

  @Test
  void publishedSumsNarrowHiddenCountsAndCountOnlyTablesReportNoMeans() {
    // the 2×2 pattern of the suppression test; A/m's 3 students all scored 100 and B/f's 14 all scored 0. Moving
    // students along the cycle A/m, A/f, B/f, B/m must move points along the same cycle, and B/f has none to give,
    // so A/m keeps its 300 points and at least 3 students
    CellTable withSums = bySex(300, 600, 600, 0, 1000);
    CellTable countsOnly = bySex(0, 0, 0, 0, 0);
    Set<String> hidden = Set.of("A/m", "A/f", "B/m", "B/f");

    AuditReport narrowed = DisclosureAudit.audit(withSums, hidden, RULES);
    AuditReport counts = DisclosureAudit.audit(countsOnly, hidden, RULES);

    assertThat(narrowed.cells()).filteredOn(c -> c.id().equals("A/m")).singleElement().satisfies(c -> {
      assertThat(c.minCount()).isEqualTo(3);
      assertThat(c.maxCount()).isEqualTo(14);
      assertThat(c.minMean()).isLessThan(100);
    });
    assertThat(counts.cells()).filteredOn(c -> c.id().equals("A/m")).singleElement().satisfies(c -> {
      assertThat(c.minCount()).isEqualTo(1);
      assertThat(c.maxCount()).isEqualTo(14);
      assertThat(c.minMean()).isNull();
      assertThat(c.maxMean()).isNull();
    });
  }

  private static CellTable bySex(double amSum, double afSum, double bmSum, double bfSum, double cSum) {
    double cmSum = cSum;
    double cfSum = cSum;
    return CellTable.builder()
        .cell("A", 18, amSum + afSum).cell("A/m", 3, amSum).cell("A/f", 15, afSum)
        .cell("B", 26, bmSum + bfSum).cell("B/m", 12, bmSum).cell("B/f", 14, bfSum)
        .cell("C", 45, cmSum + cfSum).cell("C/m", 20, cmSum).cell("C/f", 25, cfSum)
        .cell("T", 89, amSum + afSum + bmSum + bfSum + cmSum + cfSum)
        .cell("T/m", 35, amSum + bmSum + cmSum).cell("T/f", 54, afSum + bfSum + cfSum)
        .additivity("A", "A/m", "A/f").additivity("B", "B/m", "B/f").additivity("C", "C/m", "C/f")
        .additivity("T/m", "A/m", "B/m", "C/m").additivity("T/f", "A/f", "B/f", "C/f")
        .additivity("T", "A", "B", "C").additivity("T", "T/m", "T/f")
        .build();
  }

  @Test
  void rejectsHiddenCellsItCannotAudit() {
    CellTable table = CellTable.builder().cell("cluster", 23).cell("a", 23).cell("b", 0)
        .additivity("cluster", "a", "b").build();

    assertThatThrownBy(() -> DisclosureAudit.audit(table, Set.of("nope"), RULES))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown cell nope");
    assertThatThrownBy(() -> DisclosureAudit.audit(table, Set.of("b"), RULES))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b has no students");
  }
}
