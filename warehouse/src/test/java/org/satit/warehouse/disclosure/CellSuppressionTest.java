package org.satit.warehouse.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.satit.warehouse.disclosure.Suppressed.Reason.COMPLEMENTARY;
import static org.satit.warehouse.disclosure.Suppressed.Reason.PRIMARY;
import static org.satit.warehouse.disclosure.Suppressed.Reason.REQUESTED;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CellSuppressionTest {

  private static final DisclosureRules RULES = DisclosureRules.defaults();

  @Test
  void hidesExactlyTheGroupsWithOneToNineStudents() {
    CellTable table = CellTable.builder()
        .cell("empty", 0).cell("one", 1).cell("nine", 9).cell("ten", 10).cell("big", 250)
        .build();

    Suppressed s = CellSuppression.protect(table, RULES);

    assertThat(s.reasons()).containsExactly(entry("nine", PRIMARY), entry("one", PRIMARY));
    assertThat(s.isHidden("empty")).isFalse();
    assertThat(s.isHidden("ten")).isFalse();
    assertThat(s.isProtected()).isTrue();
  }

  @Test
  void emptyGroupsAreNeverComplementsAndCannotBeForcedHidden() {
    CellTable table = CellTable.builder()
        .cell("cluster", 45).cell("s1", 3).cell("s2", 0).cell("s3", 0).cell("s4", 42)
        .additivity("cluster", "s1", "s2", "s3", "s4")
        .build();

    Suppressed s = CellSuppression.protect(table, RULES);

    assertThat(s.reasons()).containsExactly(entry("s1", PRIMARY), entry("s4", COMPLEMENTARY));
    assertThatThrownBy(() -> CellSuppression.protect(table, RULES, Set.of("s2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s2 has no students");
    assertThatThrownBy(() -> CellSuppression.protect(table, RULES, Set.of("nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown cell nope");
  }

  @Test
  void aSmallSchoolInAClusterTakesExactlyItsSmallestSiblingAsComplement() {
    CellTable table = CellTable.builder()
        .cell("cluster", 65).cell("s1", 3).cell("s2", 20).cell("s3", 12).cell("s4", 30)
        .additivity("cluster", "s1", "s2", "s3", "s4")
        .build();

    Suppressed s = CellSuppression.protect(table, RULES);

    assertThat(s.reasons()).containsExactly(entry("s1", PRIMARY), entry("s3", COMPLEMENTARY));
    assertThat(DisclosureAudit.audit(table, s.hidden(), RULES).passed()).isTrue();
  }

  @Test
  void aLoneSchoolInItsClusterMovesTheComplementUpToASiblingClusterAndDownIntoIt() {
    CellTable table = CellTable.builder()
        .cell("esa", 78).cell("c1", 3).cell("c2", 25).cell("c3", 50)
        .cell("c1.x", 3).cell("c2.y1", 12).cell("c2.y2", 13).cell("c3.z1", 20).cell("c3.z2", 30)
        .additivity("esa", "c1", "c2", "c3")
        .additivity("c1", "c1.x")
        .additivity("c2", "c2.y1", "c2.y2")
        .additivity("c3", "c3.z1", "c3.z2")
        .build();

    Suppressed s = CellSuppression.protect(table, RULES);

    assertThat(s.reasons()).containsExactly(
        entry("c1", PRIMARY), entry("c1.x", PRIMARY), entry("c2", COMPLEMENTARY), entry("c2.y1", COMPLEMENTARY));
    AuditReport audit = DisclosureAudit.audit(table, s.hidden(), RULES);
    assertThat(audit.passed()).isTrue();
    assertThat(audit.cells()).filteredOn(c -> c.id().equals("c1.x"))
        .singleElement().satisfies(c -> {
          assertThat(c.minCount()).isEqualTo(1);
          assertThat(c.maxCount()).isEqualTo(14);
        });
  }

  @Test
  void aClusterWhoseOtherSchoolsAreHiddenIsHiddenItselfAndProtectedOneLevelUp() {
    CellTable table = CellTable.builder()
        .cell("esa", 82).cell("c1", 11).cell("c2", 31).cell("c3", 40)
        .cell("c1.a", 3).cell("c1.b", 8).cell("c1.none", 0)
        .cell("c2.d1", 15).cell("c2.d2", 16).cell("c3.f1", 20).cell("c3.f2", 20)
        .additivity("esa", "c1", "c2", "c3")
        .additivity("c1", "c1.a", "c1.b", "c1.none")
        .additivity("c2", "c2.d1", "c2.d2")
        .additivity("c3", "c3.f1", "c3.f2")
        .build();

    Suppressed s = CellSuppression.protect(table, RULES);

    // a + b = 11 would pin both to 1..10 (9 wide), and no other school can help: the cluster goes, then a sibling
    // cluster to protect it in the ESA, then a school of that sibling to protect the sibling
    assertThat(s.reasons()).containsExactly(
        entry("c1", COMPLEMENTARY), entry("c1.a", PRIMARY), entry("c1.b", PRIMARY),
        entry("c2", COMPLEMENTARY), entry("c2.d1", COMPLEMENTARY));
    assertThat(DisclosureAudit.audit(table, s.hidden(), RULES).passed()).isTrue();
  }

  @Test
  void aSchoolsBySexTableGetsTheClassicTwoByTwoPattern() {
    CellTable table = CellTable.builder()
        .cell("A", 18).cell("A/m", 3).cell("A/f", 15)
        .cell("B", 26).cell("B/m", 12).cell("B/f", 14)
        .cell("C", 45).cell("C/m", 20).cell("C/f", 25)
        .cell("T", 89).cell("T/m", 35).cell("T/f", 54)
        .additivity("A", "A/m", "A/f").additivity("B", "B/m", "B/f").additivity("C", "C/m", "C/f")
        .additivity("T/m", "A/m", "B/m", "C/m").additivity("T/f", "A/f", "B/f", "C/f")
        .additivity("T", "A", "B", "C").additivity("T", "T/m", "T/f")
        .build();

    Suppressed s = CellSuppression.protect(table, RULES);

    assertThat(s.reasons()).containsExactly(
        entry("A/f", COMPLEMENTARY), entry("A/m", PRIMARY), entry("B/f", COMPLEMENTARY), entry("B/m", COMPLEMENTARY));
    // one degree of freedom t: A/m = 3 + t, A/f = 15 − t, B/m = 12 − t, B/f = 14 + t with −2 ≤ t ≤ 11
    AuditReport audit = DisclosureAudit.audit(table, s.hidden(), RULES);
    assertThat(audit.cells()).extracting(AuditReport.HiddenCell::id, AuditReport.HiddenCell::minCount,
            AuditReport.HiddenCell::maxCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A/f", 4L, 17L), org.assertj.core.groups.Tuple.tuple("A/m", 1L, 14L),
            org.assertj.core.groups.Tuple.tuple("B/f", 12L, 25L), org.assertj.core.groups.Tuple.tuple("B/m", 1L, 14L));
    assertThat(audit.passed()).isTrue();
  }

  @Test
  void theLinearProgramsHideMoreWhereEachRelationLooksSafeOnItsOwn() {
    // "big" was hidden in an earlier release. Relation by relation all is well: big + small = 41 (39 wide), and
    // big is hidden alongside a. Together they pin a: big = a + 30 and small = 41 − big ≥ 1 leave a in 1..10.
    CellTable table = CellTable.builder()
        .cell("esa", 41).cell("big", 31).cell("small", 10).cell("big.a", 1).cell("big.p", 30)
        .additivity("esa", "big", "small")
        .additivity("big", "big.a", "big.p")
        .build();
    Set<String> relationWise = Set.of("big", "big.a", "small");
    AuditReport leaky = DisclosureAudit.audit(table, relationWise, RULES);
    assertThat(leaky.passed()).isFalse();
    assertThat(leaky.failures()).extracting(AuditReport.HiddenCell::id).contains("big.a");

    Suppressed s = CellSuppression.protect(table, RULES, Set.of("big"));

    assertThat(s.reasons()).containsExactly(
        entry("big", REQUESTED), entry("big.a", PRIMARY), entry("big.p", COMPLEMENTARY),
        entry("small", COMPLEMENTARY));
    assertThat(s.isProtected()).isTrue();
    assertThat(DisclosureAudit.audit(table, s.hidden(), RULES).passed()).isTrue();
  }

  @Test
  void relationsThatOnlyTogetherPinCellsAreCaughtByTheLinearPrograms() {
    // a + b, a + c and b + c published: every relation has two hidden members, yet a = 2, b = 9, c = 8 follow
    CellTable table = CellTable.builder()
        .cell("x", 11).cell("y", 10).cell("z", 17).cell("a", 2).cell("b", 9).cell("c", 8)
        .additivity("x", "a", "b").additivity("y", "a", "c").additivity("z", "b", "c")
        .build();
    DisclosureRules onlyNeverExact = new DisclosureRules(10, 0, 1, 5, 95);
    assertThat(DisclosureAudit.audit(table, Set.of("a", "b", "c"), onlyNeverExact).failures())
        .extracting(AuditReport.HiddenCell::id).containsExactly("a", "b", "c");

    Suppressed s = CellSuppression.protect(table, onlyNeverExact);

    assertThat(s.reasons()).containsEntry("a", PRIMARY).containsEntry("b", PRIMARY).containsEntry("c", PRIMARY)
        .containsValue(COMPLEMENTARY);
    assertThat(s.isProtected()).isTrue();
    assertThat(DisclosureAudit.audit(table, s.hidden(), onlyNeverExact).passed()).isTrue();
  }

  @Test
  void isDeterministicWhateverTheOrderCellsAndRelationsArriveIn() {
    CellTable table = SchoolSystem.generate(5, 1, 2, 3, 4, 6);
    var reversed = CellTable.builder();
    List<Cell> cells = List.copyOf(table.cells().values());
    for (int i = cells.size() - 1; i >= 0; i--) {
      reversed.cell(cells.get(i));
    }
    table.additivities().forEach(reversed::additivity);

    Suppressed first = CellSuppression.protect(table, RULES);

    assertThat(CellSuppression.protect(table, RULES)).isEqualTo(first);
    assertThat(CellSuppression.protect(reversed.build(), RULES)).isEqualTo(first);
    assertThat(first.count(COMPLEMENTARY)).isPositive();
  }
}
