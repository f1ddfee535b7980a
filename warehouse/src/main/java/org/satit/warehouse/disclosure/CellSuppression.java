package org.satit.warehouse.disclosure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.satit.warehouse.disclosure.Suppressed.Reason;

/**
 * Decides which cells of a {@link CellTable} public output hides.
 *
 * <ol>
 *   <li><b>Primary:</b> every cell with 1 ≤ count &lt; k. A cell with count 0 is an empty group: it identifies nobody,
 *   is published as 0 (so an attacker knows it exactly) and is never hidden, not even as a complement.</li>
 *   <li><b>Complementary, per relation:</b> until stable, every additivity with a hidden member must have at least two
 *   hidden members and, when its total is published, hidden members carrying enough students that each one's
 *   interval within that relation alone (Σ hidden − number hidden) reaches the protection margin. A missing
 *   complement is the smallest part (count, then id) that closes the gap alone, else the largest part, else the
 *   total. Each relation is revisited only when one of its members becomes hidden: near-linear in table size.</li>
 *   <li><b>Verified:</b> the {@link DisclosureAudit} linear programs run on each connected component of hidden cells
 *   (components without a hidden cell need none). For each failing component, the cell nearest to its first failing
 *   cell (a part before a total, then the smallest) is hidden, step 2 runs again, and the changed components are
 *   audited again. Every round hides at least one more cell, so this ends; if a failing component has nothing left to
 *   hide, its failing cells are reported in {@link Suppressed#unprotected()} instead of looping.</li>
 * </ol>
 *
 * <p>Guarantee when {@link Suppressed#isProtected()}: for every hidden cell, an attacker who sees all published
 * counts and sums, knows which cells are hidden, that hidden cells have at least one student and that values are on
 * the 0–100 scale, and solves linear programs over all published additivities, cannot narrow its count to fewer than
 * {@code protectionMargin + 1} possible values (nor to one value). Consistency across views holds when the table
 * holds every view's cells and additivities.
 */
public final class CellSuppression {

  private CellSuppression() {
  }

  public static Suppressed protect(CellTable table, DisclosureRules rules) {
    return protect(table, rules, Set.of());
  }

  /**
   * As {@link #protect(CellTable, DisclosureRules)}, with {@code alreadyHidden} hidden from the start (reason
   * {@link Reason#REQUESTED} unless they are primary). They must be known cells with at least one student.
   */
  public static Suppressed protect(CellTable table, DisclosureRules rules, Set<String> alreadyHidden) {
    return protect(table, rules, alreadyHidden, Set.of());
  }

  /**
   * As {@link #protect(CellTable, DisclosureRules, Set)}, and {@code known}: cells whose value the public already knows
   * (an earlier release showed it). Hiding one protects nothing, so none serves as a complement; the linear programs
   * count them as published. A relation that has only known cells left to hide is reported unprotected.
   */
  public static Suppressed protect(CellTable table, DisclosureRules rules, Set<String> alreadyHidden,
                                   Set<String> known) {
    RelationGraph g = RelationGraph.of(table);
    Run run = new Run(g, Math.max(1, rules.protectionMargin()));
    for (int c : g.indexesOfHideable(known)) {
      run.known.set(c);
    }
    for (int c = 0; c < g.cellCount(); c++) {
      if (g.count[c] >= 1 && g.count[c] < rules.minCount()) {
        run.hide(c, Reason.PRIMARY);
      }
    }
    for (int c : g.indexesOfHideable(alreadyHidden)) {
      if (!run.hidden.get(c)) {
        run.hide(c, Reason.REQUESTED);
      }
    }
    run.complementUntilStable();
    run.verify();
    return run.result();
  }

  /** Mutable state of one protection run. */
  private static final class Run {
    private final RelationGraph g;
    private final int required;
    private final BitSet hidden;
    private final Reason[] reason;
    private final int[] hiddenMembers;
    private final long[] hiddenStudents;
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private final BitSet queued;
    private final BitSet unprotected;
    /** Cells the public knows from an earlier release: never a complement. */
    private final BitSet known;
    private final List<Integer> log = new ArrayList<>();

    Run(RelationGraph g, int required) {
      this.g = g;
      this.required = required;
      hidden = new BitSet(g.cellCount());
      reason = new Reason[g.cellCount()];
      hiddenMembers = new int[g.relationCount()];
      hiddenStudents = new long[g.relationCount()];
      queued = new BitSet(g.relationCount());
      unprotected = new BitSet(g.cellCount());
      known = new BitSet(g.cellCount());
    }

    void hide(int cell, Reason why) {
      hidden.set(cell);
      reason[cell] = why;
      log.add(cell);
      for (int m = g.memberStart[cell]; m < g.memberStart[cell + 1]; m++) {
        int r = g.memberOf[m];
        hiddenMembers[r]++;
        hiddenStudents[r] += g.count[cell];
        if (!queued.get(r)) {
          queued.set(r);
          queue.add(r);
        }
      }
    }

    void complementUntilStable() {
      while (!queue.isEmpty()) {
        int r = queue.poll();
        queued.clear(r);
        int complement = complementFor(r);
        if (complement >= 0) {
          hide(complement, Reason.COMPLEMENTARY);
        }
      }
    }

    /** The cell relation {@code r} still needs hidden, or −1 when it is protected on its own. */
    private int complementFor(int r) {
      int h = hiddenMembers[r];
      if (h == 0) {
        return -1;
      }
      if (hidden.get(g.total[r])) {
        return h >= 2 ? -1 : smallestPart(r, 1);
      }
      long width = hiddenStudents[r] - h;
      if (h >= 2 && width >= required) {
        return -1;
      }
      int part = smallestPart(r, Math.max(1, required - hiddenStudents[r] + h + 1));
      if (part < 0) {
        part = largestPart(r);
      }
      // none left that is not known: the linear programs of verify() find the cell unprotected
      return part >= 0 ? part : known.get(g.total[r]) ? -1 : g.total[r];
    }

    /** Smallest published part of {@code r} with at least {@code atLeast} (≥ 1) students, or −1. */
    private int smallestPart(int r, long atLeast) {
      int lo = g.partStart[r];
      int hi = g.partStart[r + 1];
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (g.count[g.parts[mid]] < atLeast) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      for (int j = lo; j < g.partStart[r + 1]; j++) {
        if (!hidden.get(g.parts[j]) && !known.get(g.parts[j])) {
          return g.parts[j];
        }
      }
      return -1;
    }

    /** Largest published part of {@code r} with students, or −1. */
    private int largestPart(int r) {
      for (int j = g.partStart[r + 1] - 1; j >= g.partStart[r]; j--) {
        int p = g.parts[j];
        if (g.count[p] == 0) {
          return -1;
        }
        if (!hidden.get(p) && !known.get(p)) {
          return p;
        }
      }
      return -1;
    }

    /** Audits the components around newly hidden cells and hides more until they pass or nothing is left. */
    void verify() {
      int[] seeds = hidden.stream().toArray();
      while (seeds.length > 0) {
        List<HiddenComponent> components = HiddenComponent.around(g, hidden, seeds);
        List<BitSet> failing = components.parallelStream()
            .map(component -> new AttackProgram(g, component).unprotected(required))
            .toList();
        int before = log.size();
        for (int i = 0; i < components.size(); i++) {
          int[] cells = components.get(i).cells();
          BitSet fails = failing.get(i);
          for (int j = 0; j < cells.length; j++) {
            unprotected.set(cells[j], fails.get(j));
          }
          if (!fails.isEmpty()) {
            int further = nearestPublished(cells[fails.nextSetBit(0)]);
            if (further >= 0) {
              hide(further, Reason.COMPLEMENTARY);
            }
          }
        }
        complementUntilStable();
        seeds = log.subList(before, log.size()).stream().mapToInt(Integer::intValue).sorted().toArray();
      }
    }

    /**
     * The published cell with students closest to hidden cell {@code from} through relations with hidden members:
     * relations of {@code from} first, then those of the hidden cells they contain, and so on. Within one step a part
     * beats a total, then the smaller count, then the smaller id. −1 when the whole component is hidden.
     */
    private int nearestPublished(int from) {
      Set<Integer> seenCells = new HashSet<>(List.of(from));
      Set<Integer> seenRelations = new HashSet<>();
      List<Integer> frontier = List.of(from);
      while (!frontier.isEmpty()) {
        long[] best = {Long.MAX_VALUE};
        List<Integer> next = new ArrayList<>();
        for (int cell : frontier) {
          for (int m = g.memberStart[cell]; m < g.memberStart[cell + 1]; m++) {
            int r = g.memberOf[m];
            if (!seenRelations.add(r)) {
              continue;
            }
            g.forEachMember(r, (member, coefficient) -> {
              if (hidden.get(member)) {
                if (seenCells.add(member)) {
                  next.add(member);
                }
              } else if (g.count[member] > 0 && !known.get(member)) {
                long role = coefficient > 0 ? 1 : 0;
                best[0] = Math.min(best[0], (role << 62) | (g.count[member] << 31) | member);
              }
            });
          }
        }
        if (best[0] != Long.MAX_VALUE) {
          return (int) (best[0] & Integer.MAX_VALUE);
        }
        frontier = next;
      }
      return -1;
    }

    Suppressed result() {
      var reasons = new TreeMap<String, Reason>();
      hidden.stream().forEach(c -> reasons.put(g.ids[c], reason[c]));
      var failed = new TreeSet<String>();
      unprotected.stream().forEach(c -> failed.add(g.ids[c]));
      return new Suppressed(reasons, failed);
    }
  }
}
