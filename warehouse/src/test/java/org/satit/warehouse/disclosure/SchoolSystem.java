package org.satit.warehouse.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random school systems for tests: per slice a hierarchy (nation → … → school, {@code fanout} children per
 * level) where every group is published three times (all takers, male, female) under two views: the hierarchy
 * ({@code group = Σ child groups}, for all, male and female) and the sex breakdown ({@code group = male + female}).
 * School sizes are lognormal with median 18 takers, so about a quarter of schools and half of the sex cells have fewer
 * than 10 takers; one school in fifty has none. Sums are whole-score sums of plausible means.
 */
final class SchoolSystem {

  private final Random random;
  private final CellTable.Builder table = CellTable.builder();

  private SchoolSystem(long seed) {
    random = new Random(seed);
  }

  static CellTable generate(long seed, int slices, int... fanout) {
    SchoolSystem system = new SchoolSystem(seed);
    for (int s = 0; s < slices; s++) {
      system.group("y" + s + "/n", fanout, 0);
    }
    return system.table.build();
  }

  /** Adds group {@code id} and its subtree; returns {count, sum} of all, male and female takers. */
  private long[] group(String id, int[] fanout, int level) {
    long[] totals;
    if (level == fanout.length) {
      totals = school();
    } else {
      totals = new long[6];
      List<String> all = new ArrayList<>();
      List<String> male = new ArrayList<>();
      List<String> female = new ArrayList<>();
      for (int c = 0; c < fanout[level]; c++) {
        String child = id + "." + c;
        long[] t = group(child, fanout, level + 1);
        for (int k = 0; k < 6; k++) {
          totals[k] += t[k];
        }
        all.add(child);
        male.add(child + "/m");
        female.add(child + "/f");
      }
      table.additivity(id, all).additivity(id + "/m", male).additivity(id + "/f", female);
    }
    table.cell(id, totals[0], totals[1])
        .cell(id + "/m", totals[2], totals[3])
        .cell(id + "/f", totals[4], totals[5])
        .additivity(id, id + "/m", id + "/f");
    return totals;
  }

  private long[] school() {
    long takers = random.nextInt(50) == 0 ? 0 : Math.max(1, Math.round(18 * Math.exp(random.nextGaussian())));
    long male = Math.round(takers * (0.3 + 0.4 * random.nextDouble()));
    long female = takers - male;
    long maleSum = scoreSum(male);
    long femaleSum = scoreSum(female);
    return new long[] {takers, maleSum + femaleSum, male, maleSum, female, femaleSum};
  }

  private long scoreSum(long takers) {
    double mean = Math.min(95, Math.max(5, 45 + 12 * random.nextGaussian()));
    return Math.round(takers * mean);
  }
}
