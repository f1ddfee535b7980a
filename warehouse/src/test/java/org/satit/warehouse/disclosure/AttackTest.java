package org.satit.warehouse.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random school systems (240 schools in 48 clusters, many of them small, every group also broken down by sex)
 * protected by {@link CellSuppression}, then attacked by {@link Attacker}, which shares no code with the engine:
 * differencing and elimination over every hidden cell, its own linear program over the whole table for a sample of
 * primary cells (which must also agree with the audit's per-component programs), and the audit for all of them.
 */
class AttackTest {

  private static final DisclosureRules RULES = DisclosureRules.defaults();
  /** Primary cells per table that the attacker's own program bounds (each costs two programs over the table). */
  private static final int LP_SAMPLE = 30;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void noHiddenCountCanBeRecoveredOrPinnedWithinTheMargin(long seed) {
    CellTable table = SchoolSystem.generate(seed, 1, 2, 3, 2, 4, 5);
    Suppressed s = CellSuppression.protect(table, RULES);
    Attacker attacker = new Attacker(table, s.hidden());
    Set<String> primary = s.reasons().entrySet().stream()
        .filter(e -> e.getValue() == Suppressed.Reason.PRIMARY).map(Map.Entry::getKey).collect(Collectors.toSet());
    assertThat(primary).hasSizeGreaterThan(50);
    assertThat(s.isProtected()).isTrue();

    assertThat(attacker.byDifferencing()).as("recovered by differencing").isEmpty();
    assertThat(attacker.determinedByElimination()).as("determined by combining relations").isEmpty();
    AuditReport report = DisclosureAudit.audit(table, s.hidden(), RULES);
    assertThat(report.passed()).isTrue();
    Map<String, AuditReport.HiddenCell> audit = report.cells().stream()
        .collect(Collectors.toMap(AuditReport.HiddenCell::id, Function.identity()));
    List<String> sorted = primary.stream().sorted().toList();
    for (int i = 0; i < sorted.size(); i += sorted.size() / LP_SAMPLE) {
      String id = sorted.get(i);
      Long[] bounds = attacker.boundsOf(id);
      assertThat(bounds[1] == null || bounds[1] - bounds[0] >= RULES.protectionMargin())
          .as("%s feasible %s..%s", id, bounds[0], bounds[1]).isTrue();
      assertThat(bounds).as("audit of %s agrees with the whole-table program", id)
          .containsExactly(audit.get(id).minCount(), audit.get(id).maxCount());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void theAttackerBreaksPrimarySuppressionAlone(long seed) {
    CellTable table = SchoolSystem.generate(seed, 1, 2, 3, 2, 4, 5);
    Set<String> primaryOnly = table.cells().values().stream()
        .filter(c -> c.count() >= 1 && c.count() < RULES.minCount()).map(Cell::id).collect(Collectors.toSet());

    Attacker attacker = new Attacker(table, primaryOnly);

    Map<String, Long> recovered = attacker.byDifferencing();
    assertThat(recovered).isNotEmpty()
        .allSatisfy((id, count) -> assertThat(count).isEqualTo(table.cell(id).count()));
    assertThat(attacker.determinedByElimination()).containsAll(recovered.keySet());
    String leaked = recovered.keySet().iterator().next();
    Long[] bounds = attacker.boundsOf(leaked);
    assertThat(bounds[0]).isEqualTo(bounds[1]).isEqualTo(table.cell(leaked).count());
  }
}
