package org.satit.ingest.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * The source's own valid scores of the simulated year, by test × grade × subject and by school, which the
 * change simulator draws its new scores from: a late entry gets a score of its school's results in that
 * subject (the subject's results of all schools when its school has none), moved a few points. So late
 * entries follow each subject's own distribution (skew and floor included) and each school's level, and a
 * demo left running keeps its means and its planted network effect.
 */
final class SubjectScores {

  /** How far a correction (or a drawn score) moves: normal with this sd, cut at {@link #MAX_MOVE}. */
  static final double MOVE_SD = 2.5;
  static final double MAX_MOVE = 5.0;

  private final Map<String, List<Double>> bySubject = new HashMap<>();
  private final Map<String, List<Double>> bySchool = new HashMap<>();

  void add(String test, String grade, String subject, String school, double score) {
    String key = test + '|' + grade + '|' + subject;
    bySubject.computeIfAbsent(key, k -> new ArrayList<>()).add(score);
    bySchool.computeIfAbsent(key + '|' + school, k -> new ArrayList<>()).add(score);
  }

  /** A score for a late entry at the school, or empty when the source has none of the subject. */
  OptionalDouble draw(SplittableRandom random, String test, String grade, String subject, String school) {
    String key = test + '|' + grade + '|' + subject;
    List<Double> pool = bySchool.getOrDefault(key + '|' + school, bySubject.get(key));
    if (pool == null || pool.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(nearby(random, pool.get(random.nextInt(pool.size()))));
  }

  /**
   * A score a few points from the given one (what a correction makes of it): the move is symmetric and cut at
   * the distance to 0 and 100, so the result stays a valid score and, on average, moves no mean.
   */
  static double nearby(SplittableRandom random, double score) {
    double room = Math.min(MAX_MOVE, Math.min(score, 100 - score));
    double move = MOVE_SD * Seeds.gaussian(random);
    return score + Math.max(-room, Math.min(room, move));
  }

  int size() {
    return bySubject.values().stream().mapToInt(List::size).sum();
  }
}
