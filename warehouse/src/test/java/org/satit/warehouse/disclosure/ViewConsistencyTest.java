package org.satit.warehouse.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two public views share school s2: view 1 breaks cluster C into its schools, view 2 breaks group G (say, the
 * ESA's rural schools) into s2 and s5. Suppressing each view on its own hides s2 in view 1 but shows it in view 2,
 * which gives away s1 in view 1. One table over both views hides s2 everywhere.
 */
class ViewConsistencyTest {

  private static final DisclosureRules RULES = DisclosureRules.defaults();

  private static final CellTable CLUSTER_VIEW = CellTable.builder()
      .cell("C", 60).cell("s1", 3).cell("s2", 20).cell("s3", 37)
      .additivity("C", "s1", "s2", "s3").build();
  private static final CellTable GROUP_VIEW = CellTable.builder()
      .cell("G", 60).cell("s2", 20).cell("s5", 40)
      .additivity("G", "s2", "s5").build();
  private static final CellTable BOTH = CellTable.builder()
      .cell("C", 60).cell("s1", 3).cell("s2", 20).cell("s3", 37).cell("G", 60).cell("s5", 40)
      .additivity("C", "s1", "s2", "s3").additivity("G", "s2", "s5").build();

  @Test
  void viewsSuppressedOnTheirOwnLeakTheSmallSchool() {
    Suppressed clusterView = CellSuppression.protect(CLUSTER_VIEW, RULES);
    Suppressed groupView = CellSuppression.protect(GROUP_VIEW, RULES);
    assertThat(clusterView.hidden()).containsExactly("s1", "s2");
    assertThat(groupView.hidden()).isEmpty();

    // what the public sees: a cell is known as soon as one view shows it
    Set<String> hiddenEverywhere = new HashSet<>(clusterView.hidden());
    hiddenEverywhere.removeIf(id -> GROUP_VIEW.cells().containsKey(id) && !groupView.isHidden(id));

    assertThat(hiddenEverywhere).containsExactly("s1");
    assertThat(new Attacker(BOTH, hiddenEverywhere).byDifferencing()).containsExactly(entry("s1", 3L));
    assertThat(DisclosureAudit.audit(BOTH, hiddenEverywhere, RULES).passed()).isFalse();
  }

  @Test
  void oneTableOverBothViewsHidesTheSharedSchoolInBoth() {
    Suppressed s = CellSuppression.protect(BOTH, RULES);

    assertThat(s.hidden()).containsExactly("s1", "s2", "s5");
    assertThat(new Attacker(BOTH, s.hidden()).byDifferencing()).isEmpty();
    assertThat(new Attacker(BOTH, s.hidden()).determinedByElimination()).isEmpty();
    assertThat(DisclosureAudit.audit(BOTH, s.hidden(), RULES).passed()).isTrue();
  }
}
