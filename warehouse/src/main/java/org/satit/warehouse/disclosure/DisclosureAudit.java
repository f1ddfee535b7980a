package org.satit.warehouse.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks a set of hidden cells the way an attacker would: for every hidden cell, the lowest and highest count (and
 * mean) consistent with everything published. The attacker is assumed to see every published count and sum, which
 * cells are hidden, every additivity of the table, that a hidden cell has at least one student (it is shown with a
 * marker), and that per-student values lie in 0–100; no upper bound on hidden counts is assumed beyond what the
 * published totals imply. Linear programs (ojAlgo) run per connected component of hidden cells, components in
 * parallel, so a table's audit costs about what its largest components cost.
 *
 * <p>A hidden cell passes when its count interval is unbounded above or at least {@code protectionMargin} wide (and
 * never a single value). Mean intervals are reported, not judged.
 */
public final class DisclosureAudit {

  private DisclosureAudit() {
  }

  public static AuditReport audit(CellTable table, Set<String> hidden, DisclosureRules rules) {
    RelationGraph g = RelationGraph.of(table);
    int[] hiddenCells = g.indexesOfHideable(hidden);
    BitSet hiddenSet = new BitSet(g.cellCount());
    for (int c : hiddenCells) {
      hiddenSet.set(c);
    }
    int required = Math.max(1, rules.protectionMargin());
    List<HiddenComponent> components = HiddenComponent.around(g, hiddenSet, hiddenCells);
    List<AttackProgram.Range[]> ranges = components.parallelStream()
        .map(component -> new AttackProgram(g, component).ranges())
        .toList();
    List<AuditReport.HiddenCell> cells = new ArrayList<>(hiddenCells.length);
    for (int i = 0; i < components.size(); i++) {
      int[] members = components.get(i).cells();
      for (int j = 0; j < members.length; j++) {
        AttackProgram.Range range = ranges.get(i)[j];
        boolean passed = range.maxCount() == null || range.maxCount() - range.minCount() >= required;
        cells.add(new AuditReport.HiddenCell(g.ids[members[j]], g.count[members[j]], range.minCount(),
            range.maxCount(), range.minMean(), range.maxMean(), passed));
      }
    }
    cells.sort(Comparator.comparing(AuditReport.HiddenCell::id));
    return new AuditReport(cells, components.size(), rules.protectionMargin());
  }
}
