package org.satit.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.EmisGenerator.Options;
import org.satit.ingest.source.EmisGenerator.Scale;

/**
 * A demo left running must keep its data believable: an hour of the simulator's changes (the demo's rate
 * and share of bad rows; made as fast as the embedded PostgreSQL takes them) leaves every subject's mean
 * where the generator put it, per test × subject × grade of the year the simulator changes. Bad rows are
 * left out of the means: ingest quarantines them.
 */
class SimulatorDistributionTest {

  @TempDir
  Path dir;

  /** Valid scores of the latest academic year, per test × subject × grade as the source holds them. */
  static final String MEANS = """
      SELECT 'ONET', subject_code, grade, COUNT(*), AVG(score) FROM onet_score
      WHERE academic_year = (SELECT MAX(academic_year) FROM enrollment) AND score BETWEEN 0 AND 100
        AND student_id IS NOT NULL AND school_code IN (SELECT school_code FROM school) GROUP BY subject_code, grade
      UNION ALL
      SELECT 'NT', domain_code, 'P3', COUNT(*), AVG(score) FROM nt_score
      WHERE academic_year = (SELECT MAX(academic_year) FROM enrollment) AND score BETWEEN 0 AND 100
        AND student_id IS NOT NULL AND school_code IN (SELECT school_code FROM school) GROUP BY domain_code
      UNION ALL
      SELECT 'RT', part_code, 'P1', COUNT(*), AVG(score) FROM rt_score
      WHERE academic_year = (SELECT MAX(academic_year) FROM enrollment) AND score BETWEEN 0 AND 100
        AND student_id IS NOT NULL AND school_code IN (SELECT school_code FROM school) GROUP BY part_code""";

  record Mean(long scores, double mean) {
  }

  @Test
  void anHourOfDemoChangesKeepsEverySubjectMeanWithinOnePoint() throws Exception {
    double rate = Double.parseDouble(ChangeSimulator.DEFAULT_RATE);
    long hour = Math.round(rate * 3600);
    try (EmbeddedSource source = EmbeddedSource.start(dir.resolve("pg"), 0)) {
      SourceLoader.generate(source.target(), new EmisGenerator(Options.of(Scale.ESA, 7)), EmisGenerator.Progress.NONE,
          false);
      Map<String, Mean> before = means(source.target());
      ChangeSimulator simulator = new ChangeSimulator(source.target(),
          new ChangeSimulator.Config(rate, Double.parseDouble(ChangeSimulator.DEFAULT_BAD_RATE), 7));
      long started = System.nanoTime();
      simulator.makeChanges(hour);
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      Map<String, Mean> after = means(source.target());

      assertThat(simulator.total()).isEqualTo(hour);
      assertThat(simulator.counts().get(ChangeSimulator.Kind.SCORE_CORRECTION)).isPositive();
      System.out.printf("an hour of demo changes (%,d at %s/s) in %d s: %s%n", hour, ChangeSimulator.DEFAULT_RATE,
          seconds, simulator.counts());
      System.out.println("test subject grade: scores before -> after, mean before -> after");
      SoftAssertions each = new SoftAssertions();
      for (var e : before.entrySet()) {
        Mean b = e.getValue();
        Mean a = after.get(e.getKey());
        System.out.printf("  %-16s %,7d -> %,7d  %6.2f -> %6.2f  (%+.2f)%n", e.getKey(), b.scores(), a.scores(),
            b.mean(), a.mean(), a.mean() - b.mean());
        each.assertThat(a.mean()).as("mean of " + e.getKey() + " after an hour (was %.2f)", b.mean())
            .isBetween(b.mean() - 1, b.mean() + 1);
      }
      each.assertThat(after.keySet()).as("subjects").isEqualTo(before.keySet());
      each.assertAll();
    }
  }

  static Map<String, Mean> means(SourceLoader.Target target) throws SQLException {
    Map<String, Mean> out = new TreeMap<>();
    try (Connection c = target.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(MEANS)) {
      while (rs.next()) {
        out.put(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3), new Mean(rs.getLong(4), rs.getDouble(5)));
      }
    }
    return out;
  }
}
