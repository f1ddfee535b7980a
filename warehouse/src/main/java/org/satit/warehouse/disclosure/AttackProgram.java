package org.satit.warehouse.disclosure;

import java.math.BigDecimal;
import java.util.BitSet;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The linear programs an attacker can solve about one {@link HiddenComponent}. Hidden counts and sums are the
 * variables, published ones are constants. Constraints: every relation of the component, for counts and for sums;
 * count ≥ 1 for every hidden cell (hidden rows are shown with a marker, so the attacker knows someone is there);
 * 0 ≤ sum ≤ {@value Cell#MAX_VALUE} × count. Sums are scaled by 1/{@value Cell#MAX_VALUE} to keep the programs well
 * conditioned, and left out when no cell of the component carries a sum.
 *
 * <p>Bounds are linear-programming bounds rounded inwards to whole students: an attacker who also uses integrality
 * can do better only on tables whose relation matrix is not totally unimodular (hierarchies and two-way tables are).
 */
final class AttackProgram {

  private static final double TOLERANCE = 1e-6;

  /** Feasible interval of one hidden cell; {@code maxCount} is null when unbounded, means null without sums. */
  record Range(long minCount, Long maxCount, Double minMean, Double maxMean) {
  }

  private final RelationGraph g;
  private final HiddenComponent component;
  private final long[] countConstant;
  private final BigDecimal[] sumConstant;
  private final boolean withSums;

  AttackProgram(RelationGraph g, HiddenComponent component) {
    this.g = g;
    this.component = component;
    int[] relations = component.relations();
    countConstant = new long[relations.length];
    sumConstant = new BigDecimal[relations.length];
    boolean[] anySum = {false};
    for (int i = 0; i < relations.length; i++) {
      int index = i;
      sumConstant[i] = BigDecimal.ZERO;
      g.forEachMember(relations[i], (cell, coefficient) -> {
        anySum[0] |= g.sum[cell] != 0;
        if (component.localIndex(cell) < 0) {
          countConstant[index] -= coefficient * g.count[cell];
          sumConstant[index] = sumConstant[index].subtract(scaledSum(cell).multiply(BigDecimal.valueOf(coefficient)));
        }
      });
    }
    withSums = anySum[0];
  }

  /** Exact feasible interval of every hidden cell of the component, in the order of {@link HiddenComponent#cells()}. */
  Range[] ranges() {
    int n = component.cells().length;
    Witness witness = new Witness();
    Range[] out = new Range[n];
    for (int j = 0; j < n; j++) {
      double[] max = solveCounts(j, true, true);
      witness.record(max);
      Long maxCount = max == null ? null : (long) Math.floor(max[j] + tolerance(max[j]));
      long minCount;
      if (witness.low[j] <= 1 + TOLERANCE) {
        minCount = 1;
      } else {
        double[] min = solveCounts(j, false, true);
        witness.record(min);
        minCount = (long) Math.ceil(min[j] - tolerance(min[j]));
      }
      Double minMean = withSums ? solveMean(j, false) : null;
      Double maxMean = withSums ? solveMean(j, true) : null;
      out[j] = new Range(minCount, maxCount, minMean, maxMean);
    }
    return out;
  }

  /**
   * Local indexes of hidden cells whose count interval is narrower than {@code required} students. Solves as few and
   * as small programs as it can: every optimum is a feasible point, and a cell whose values across the points seen so
   * far already differ by {@code required} is protected without programs of its own. First come programs over counts
   * with every hidden sum held at its true value (count ≥ max(1, sum/100)): a restriction of the full program, half
   * its size, whose optima are feasible points of the full program. Only cells those points do not settle get the
   * full program; without sums the restriction is the full program.
   */
  BitSet unprotected(int required) {
    int n = component.cells().length;
    Witness witness = new Witness();
    BitSet failing = new BitSet(n);
    for (int j = 0; j < n; j++) {
      if (settle(witness, j, required, false) || withSums && settle(witness, j, required, true)) {
        continue;
      }
      failing.set(j);
    }
    return failing;
  }

  /** Whether the maximum and minimum of cell {@code j}'s count, added to the witness, show it protected. */
  private boolean settle(Witness witness, int j, int required, boolean full) {
    if (witness.protects(j, required)) {
      return true;
    }
    double[] max = solveCounts(j, true, full);
    if (max == null) {
      witness.unbounded.set(j);
      return true;
    }
    witness.record(max);
    if (witness.protects(j, required)) {
      return true;
    }
    witness.record(solveCounts(j, false, full));
    return witness.protects(j, required);
  }

  /** Hidden counts seen in feasible points of the full program, starting with the true one. */
  private final class Witness {
    final double[] low;
    final double[] high;
    final BitSet unbounded = new BitSet();

    Witness() {
      int n = component.cells().length;
      low = new double[n];
      for (int j = 0; j < n; j++) {
        low[j] = g.count[component.cells()[j]];
      }
      high = low.clone();
    }

    void record(double[] counts) {
      if (counts == null) {
        return;
      }
      for (int j = 0; j < counts.length; j++) {
        low[j] = Math.min(low[j], counts[j]);
        high[j] = Math.max(high[j], counts[j]);
      }
    }

    boolean protects(int j, int required) {
      return unbounded.get(j) || width(low[j], high[j]) >= required;
    }
  }

  /**
   * The sum of {@code cell} over {@value Cell#MAX_VALUE} as an exact decimal (ojAlgo models in BigDecimal): constants
   * built from it add up exactly, so the true values stay a solution of every program.
   */
  private BigDecimal scaledSum(int cell) {
    return BigDecimal.valueOf(g.sum[cell]).divide(BigDecimal.valueOf(Cell.MAX_VALUE)).stripTrailingZeros();
  }

  /** Whole students between the lowest and highest value, with the solver's tolerance. */
  private static double width(double low, double high) {
    return Math.floor(high + tolerance(high)) - Math.ceil(low - tolerance(low));
  }

  private static double tolerance(double value) {
    return TOLERANCE * Math.max(1, Math.abs(value));
  }

  /**
   * Optimal hidden counts when minimising or maximising the count of cell {@code j}; null when unbounded. With
   * {@code full}, hidden sums are variables; without, they are held at their true values. A fresh model each time:
   * ojAlgo's presolve writes tightened bounds back into the model it solves.
   */
  private double[] solveCounts(int j, boolean maximise, boolean full) {
    int n = component.cells().length;
    boolean sums = full && withSums;
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    Variable[] counts = new Variable[n];
    for (int i = 0; i < n; i++) {
      BigDecimal trueSum = scaledSum(component.cells()[i]);
      counts[i] = model.addVariable().lower(sums ? BigDecimal.ONE : trueSum.max(BigDecimal.ONE));
    }
    Variable[] scaledSums = sums ? new Variable[n] : null;
    if (sums) {
      for (int i = 0; i < n; i++) {
        scaledSums[i] = model.addVariable().lower(0);
        model.addExpression().upper(0).set(scaledSums[i], 1).set(counts[i], -1);
      }
    }
    addRelations(model, counts, scaledSums, null);
    counts[j].weight(1);
    Optimisation.Result result = maximise ? model.maximise() : model.minimise();
    if (maximise && result.getState() == Optimisation.State.UNBOUNDED) {
      return null;
    }
    check(result, j, maximise ? "maximum count" : "minimum count");
    double[] point = new double[n];
    for (int i = 0; i < n; i++) {
      point[i] = result.doubleValue(i);
    }
    return point;
  }

  /**
   * Lowest or highest mean of cell {@code j}: the fractional program sum/count made linear by Charnes–Cooper
   * (variables scaled by t = 1/count(j), so count(j) becomes 1 and every constant is multiplied by t).
   */
  private double solveMean(int j, boolean maximise) {
    int n = component.cells().length;
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    Variable scale = model.addVariable().lower(0);
    Variable[] counts = new Variable[n];
    Variable[] scaledSums = new Variable[n];
    for (int i = 0; i < n; i++) {
      counts[i] = model.addVariable();
      scaledSums[i] = model.addVariable().lower(0);
      model.addExpression().lower(0).set(counts[i], 1).set(scale, -1);
      model.addExpression().upper(0).set(scaledSums[i], 1).set(counts[i], -1);
    }
    counts[j].level(1);
    addRelations(model, counts, scaledSums, scale);
    scaledSums[j].weight(1);
    Optimisation.Result result = maximise ? model.maximise() : model.minimise();
    check(result, j, maximise ? "maximum mean" : "minimum mean");
    return Cell.MAX_VALUE * result.getValue();
  }

  /** Adds Σ coefficient × hidden = constant (× scale when given) for counts, and for sums when given. */
  private void addRelations(ExpressionsBasedModel model, Variable[] counts, Variable[] sums, Variable scale) {
    int[] relations = component.relations();
    for (int i = 0; i < relations.length; i++) {
      Expression countRow = model.addExpression();
      Expression sumRow = sums == null ? null : model.addExpression();
      g.forEachMember(relations[i], (cell, coefficient) -> {
        int local = component.localIndex(cell);
        if (local >= 0) {
          countRow.set(counts[local], coefficient);
          if (sumRow != null) {
            sumRow.set(sums[local], coefficient);
          }
        }
      });
      if (scale == null) {
        countRow.level(countConstant[i]);
        if (sumRow != null) {
          sumRow.level(sumConstant[i]);
        }
      } else {
        countRow.level(0);
        sumRow.level(0);
        if (countConstant[i] != 0) {
          countRow.set(scale, -countConstant[i]);
        }
        if (sumConstant[i].signum() != 0) {
          sumRow.set(scale, sumConstant[i].negate());
        }
      }
    }
  }

  private void check(Optimisation.Result result, int j, String what) {
    if (!result.getState().isOptimal()) {
      throw new IllegalStateException("linear program for the " + what + " of hidden cell "
          + g.ids[component.cells()[j]] + " ended " + result.getState() + " (component of "
          + component.cells().length + " hidden cells and " + component.relations().length + " relations)");
    }
  }
}
