package org.satit.warehouse.disclosure;

import java.util.Objects;

/**
 * One publishable group of students: how many there are and the sum of one per-student value.
 *
 * <p>The per-student value is on a 0–{@value #MAX_VALUE} scale: a test score, or {@value #MAX_VALUE} for a student who
 * meets a bar (scores ≥ 50) and 0 otherwise, so that {@code sum / count} is the share in percent. Count-only tables
 * use {@code sum = 0}. A cell is guaranteed to satisfy {@code count ≥ 0} and {@code 0 ≤ sum ≤ MAX_VALUE × count},
 * which the disclosure audit relies on (an attacker knows the scale too).
 */
public record Cell(String id, long count, double sum) {

  /** Highest per-student value. */
  public static final int MAX_VALUE = 100;

  public Cell {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a cell id must not be blank");
    }
    if (count < 0) {
      throw new IllegalArgumentException("cell " + id + " has a negative count: " + count);
    }
    if (!Double.isFinite(sum) || sum < 0 || sum > (double) MAX_VALUE * count * (1 + 1e-12)) {
      throw new IllegalArgumentException("cell " + id + " has sum " + sum + ", outside 0.." + MAX_VALUE + " × count "
          + count);
    }
  }

  /** A cell of a count-only table. */
  public static Cell ofCount(String id, long count) {
    return new Cell(id, count, 0);
  }
}
