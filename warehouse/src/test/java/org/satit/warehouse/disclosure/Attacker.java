package org.satit.warehouse.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * Someone who reads the public output and tries to recover hidden counts, written apart from the engine: it sees the
 * counts and sums of published cells, which cells are hidden, and the additivities; never a hidden value.
 */
final class Attacker {

  private final Map<String, Long> publishedCounts = new HashMap<>();
  private final Map<String, Double> publishedSums = new HashMap<>();
  private final List<String> hidden;
  private final List<Additivity> relations;
  /** Relations with a hidden member: the others only restate published values. */
  private final List<Additivity> involved;

  Attacker(CellTable table, Set<String> hiddenIds) {
    table.cells().values().forEach(c -> {
      if (!hiddenIds.contains(c.id())) {
        publishedCounts.put(c.id(), c.count());
        publishedSums.put(c.id(), c.sum());
      }
    });
    hidden = hiddenIds.stream().sorted().toList();
    relations = table.additivities();
    involved = relations.stream()
        .filter(a -> hiddenIds.contains(a.total()) || a.parts().stream().anyMatch(hiddenIds::contains))
        .toList();
  }

  /** (a) Subtracts published parts from published totals, reusing what it learns, until nothing new comes out. */
  Map<String, Long> byDifferencing() {
    Map<String, Long> known = new HashMap<>(publishedCounts);
    boolean learned = true;
    while (learned) {
      learned = false;
      for (Additivity a : relations) {
        List<String> members = new ArrayList<>(a.parts());
        members.add(a.total());
        List<String> unknown = members.stream().filter(m -> !known.containsKey(m)).toList();
        if (unknown.size() != 1) {
          continue;
        }
        String target = unknown.get(0);
        long partsSum = a.parts().stream().filter(p -> !p.equals(target)).mapToLong(known::get).sum();
        known.put(target, target.equals(a.total()) ? partsSum : known.get(a.total()) - partsSum);
        learned = true;
      }
    }
    Map<String, Long> recovered = new LinkedHashMap<>();
    hidden.forEach(h -> {
      if (known.containsKey(h)) {
        recovered.put(h, known.get(h));
      }
    });
    return recovered;
  }

  /**
   * (b) Any linear combination of published relations, e.g. one view's relation minus another's: Gaussian
   * elimination over the hidden counts; a hidden cell is determined when its unit vector lies in the row space.
   */
  Set<String> determinedByElimination() {
    Map<String, Integer> column = new HashMap<>();
    hidden.forEach(h -> column.put(h, column.size()));
    List<double[]> rows = new ArrayList<>();
    for (Additivity a : relations) {
      double[] row = new double[hidden.size()];
      boolean any = false;
      Integer t = column.get(a.total());
      if (t != null) {
        row[t] = 1;
        any = true;
      }
      for (String p : a.parts()) {
        Integer c = column.get(p);
        if (c != null) {
          row[c] = -1;
          any = true;
        }
      }
      if (any) {
        rows.add(row);
      }
    }
    int rank = 0;
    int[] pivotColumn = new int[rows.size()];
    for (int col = 0; col < hidden.size() && rank < rows.size(); col++) {
      int best = rank;
      for (int r = rank + 1; r < rows.size(); r++) {
        if (Math.abs(rows.get(r)[col]) > Math.abs(rows.get(best)[col])) {
          best = r;
        }
      }
      if (Math.abs(rows.get(best)[col]) < 1e-9) {
        continue;
      }
      double[] pivot = rows.get(best);
      rows.set(best, rows.get(rank));
      rows.set(rank, pivot);
      double p = pivot[col];
      for (int k = 0; k < pivot.length; k++) {
        pivot[k] /= p;
      }
      for (int r = 0; r < rows.size(); r++) {
        double[] row = rows.get(r);
        double f = row[col];
        if (r != rank && Math.abs(f) > 1e-12) {
          for (int k = 0; k < row.length; k++) {
            row[k] -= f * pivot[k];
          }
        }
      }
      pivotColumn[rank++] = col;
    }
    Set<String> determined = new HashSet<>();
    for (int r = 0; r < rank; r++) {
      double[] row = rows.get(r);
      int nonZero = 0;
      for (double v : row) {
        if (Math.abs(v) > 1e-9) {
          nonZero++;
        }
      }
      if (nonZero == 1) {
        determined.add(hidden.get(pivotColumn[r]));
      }
    }
    return determined;
  }

  /**
   * (c) Linear-programming bounds from every published relation that involves a hidden cell, all in one program: cells of those relations are variables, published ones fixed to
   * their values, hidden ones at least 1 with 0 ≤ sum ≤ 100 × count. Returns {min, max}, max null when unbounded.
   */
  Long[] boundsOf(String id) {
    return new Long[] {solve(id, false), solve(id, true)};
  }

  private Long solve(String id, boolean maximise) {
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    Map<String, Variable> count = new HashMap<>();
    Map<String, Variable> sum = new HashMap<>();
    for (Additivity a : involved) {
      List<String> members = new ArrayList<>(a.parts());
      members.add(a.total());
      for (String c : members) {
        if (count.containsKey(c)) {
          continue;
        }
        Variable n = model.addVariable(c + "#n");
        Variable s = model.addVariable(c + "#s");
        if (publishedCounts.containsKey(c)) {
          n.level(publishedCounts.get(c));
          s.level(publishedSums.get(c) / 100);
        } else {
          n.lower(1);
          s.lower(0);
          model.addExpression(c + "#scale").upper(0).set(s, 1).set(n, -1);
        }
        count.put(c, n);
        sum.put(c, s);
      }
    }
    int i = 0;
    for (Additivity a : involved) {
      Expression counts = model.addExpression("n" + i).level(0).set(count.get(a.total()), 1);
      Expression sums = model.addExpression("s" + i++).level(0).set(sum.get(a.total()), 1);
      for (String p : a.parts()) {
        counts.set(count.get(p), -1);
        sums.set(sum.get(p), -1);
      }
    }
    count.get(id).weight(1);
    Optimisation.Result result = maximise ? model.maximise() : model.minimise();
    if (result.getState() == Optimisation.State.UNBOUNDED) {
      return null;
    }
    if (!result.getState().isOptimal()) {
      throw new IllegalStateException(id + ": " + result.getState());
    }
    return maximise ? (long) Math.floor(result.getValue() + 1e-6) : (long) Math.ceil(result.getValue() - 1e-6);
  }
}
