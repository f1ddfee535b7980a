package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.CitizenId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.satit.ingest.source.EmisGenerator.Options;
import org.satit.ingest.source.EmisGenerator.Scale;

/**
 * The generated source has the shape DOMAIN.md describes. Generated in memory at province scale
 * (Chiang Mai: six primary ESAs and a secondary one, ~950 schools) and checked against the targets;
 * every assertion fails when the generator drifts.
 */
class GeneratorDistributionTest {

  private static final Options OPTIONS = new Options(Scale.PROVINCE, 7, "5003", "50", 2561, 2563);
  private static Stats stats;

  @BeforeAll
  static void generate() {
    stats = new Stats();
    new EmisGenerator(OPTIONS).generate(new CapturingSink(stats::row), EmisGenerator.Progress.NONE);
  }

  /** Everything the assertions need, accumulated row by row. */
  static final class Stats {
    final Map<String, Boolean> schoolIsSecondary = new HashMap<>();
    final Map<String, Integer> schoolCluster = new HashMap<>();
    final Map<String, Integer> firstYearPupils = new HashMap<>();
    final Map<Integer, Integer> p6Enrolled = new HashMap<>();
    final Map<Integer, Integer> enrolled = new HashMap<>();
    final Map<Integer, Set<Long>> p6Takers = new HashMap<>();
    final Map<String, double[]> moments = new HashMap<>(); // test/grade/subject/year -> n, sum, sum2, sum3
    final Map<String, double[]> schoolResidual = new HashMap<>(); // school/year -> n, sum of (score - national)
    final Map<Long, String> teacherSchool = new HashMap<>();
    final Map<String, Integer> teachers = new HashMap<>();
    final Map<Long, Integer> sessionYear = new HashMap<>();
    final Map<String, Double> pdHours = new HashMap<>(); // school/year
    final Map<String, Integer> visits = new HashMap<>(); // school/year
    final Set<Long> studentIds = new HashSet<>();
    long duplicateStudents;
    long invalidCitizenIds;

    void row(SourceSpec t, List<Object> v) {
      switch (t.name()) {
        case "school" -> {
          schoolIsSecondary.put((String) v.get(0), v.get(10).equals("M1"));
          schoolCluster.put((String) v.get(0), ((Long) v.get(5)).intValue());
        }
        case "student" -> {
          if (!studentIds.add((Long) v.get(0))) {
            duplicateStudents++;
          }
          if (!CitizenId.isValid((String) v.get(1))) {
            invalidCitizenIds++;
          }
        }
        case "teacher" -> {
          teacherSchool.put((Long) v.get(0), (String) v.get(6));
          teachers.merge((String) v.get(6), 1, Integer::sum);
        }
        case "enrollment" -> {
          int year = ((Long) v.get(0)).intValue();
          enrolled.merge(year, 1, Integer::sum);
          if (year == OPTIONS.firstYear()) {
            firstYearPupils.merge((String) v.get(2), 1, Integer::sum);
          }
          if (v.get(3).equals("P6")) {
            p6Enrolled.merge(year, 1, Integer::sum);
          }
        }
        case "onet_score" -> score("ONET", (String) v.get(4), (String) v.get(5), v);
        case "nt_score" -> score("NT", "P3", (String) v.get(4), v);
        case "rt_score" -> score("RT", "P1", (String) v.get(4), v);
        case "pd_session" -> sessionYear.put((Long) v.get(0), ((Long) v.get(1)).intValue());
        case "pd_attendance" -> {
          String school = teacherSchool.get((Long) v.get(1));
          int year = sessionYear.get((Long) v.get(0));
          pdHours.merge(school + "/" + year, ((BigDecimal) v.get(3)).doubleValue(), Double::sum);
        }
        case "supervision_visit" -> visits.merge(v.get(2) + "/" + v.get(1), 1, Integer::sum);
        default -> {
        }
      }
    }

    void score(String test, String grade, String subject, List<Object> v) {
      int year = ((Long) v.get(1)).intValue();
      double score = ((BigDecimal) v.get(test.equals("ONET") ? 6 : 5)).doubleValue();
      double[] m = moments.computeIfAbsent(test + "/" + grade + "/" + subject + "/" + year, k -> new double[4]);
      m[0]++;
      m[1] += score;
      m[2] += score * score;
      m[3] += score * score * score;
      double[] r = schoolResidual.computeIfAbsent(v.get(3) + "/" + year, k -> new double[2]);
      r[0]++;
      r[1] += score - Curriculum.get().mean(test, grade, subject, year);
      if (test.equals("ONET") && grade.equals("P6") && subject.equals("THA")) {
        p6Takers.computeIfAbsent(year, k -> new HashSet<>()).add((Long) v.get(2));
      }
    }

    double mean(String key) {
      double[] m = moments.get(key);
      return m[1] / m[0];
    }

    double skewness(String key) {
      double[] m = moments.get(key);
      double n = m[0];
      double mu = m[1] / n;
      double var = m[2] / n - mu * mu;
      double third = m[3] / n - 3 * mu * m[2] / n + 2 * mu * mu * mu;
      return third / Math.pow(var, 1.5);
    }
  }

  @Test
  void aboutHalfOfPrimarySchoolsAreSmall() {
    int primary = 0;
    int small = 0;
    int medium = 0;
    int large = 0;
    for (var e : stats.firstYearPupils.entrySet()) {
      if (stats.schoolIsSecondary.get(e.getKey())) {
        continue;
      }
      primary++;
      int pupils = e.getValue();
      if (pupils <= 120) {
        small++;
      } else if (pupils <= 600) {
        medium++;
      } else {
        large++;
      }
    }
    assertThat(primary).isBetween(700, 1300);
    assertThat(small / (double) primary).as("share of small primary schools (1-120 pupils)").isBetween(0.42, 0.62);
    assertThat(medium / (double) primary).as("share of medium primary schools").isBetween(0.33, 0.55);
    assertThat(large / (double) primary).as("share of large and extra-large primary schools").isBetween(0.01, 0.08);
  }

  @Test
  void enrollmentIsStableFromYearToYear() {
    for (int year = OPTIONS.firstYear() + 1; year <= OPTIONS.lastYear(); year++) {
      double ratio = stats.enrolled.get(year) / (double) stats.enrolled.get(year - 1);
      assertThat(ratio).as("enrollment %d / %d", year, year - 1).isBetween(0.97, 1.01);
    }
  }

  @Test
  void subjectMeansAreNearTheNationalTableEveryYear() {
    int checked = 0;
    for (Curriculum.NationalMean m : Curriculum.get().means()) {
      if (m.year() < OPTIONS.firstYear() || m.year() > OPTIONS.lastYear()) {
        continue;
      }
      String key = m.test() + "/" + m.grade() + "/" + m.subject() + "/" + m.year();
      assertThat(stats.moments).as("scores for %s", key).containsKey(key);
      assertThat(stats.mean(key)).as("mean of %s", key).isCloseTo(m.mean(), within(2.5));
      checked++;
    }
    assertThat(checked).isEqualTo(3 * 13 + (3 + 2 + 2) + 3 * 2);
  }

  @Test
  void mathsAndEnglishAreRightSkewedThaiIsNot() {
    for (int year = OPTIONS.firstYear(); year <= OPTIONS.lastYear(); year++) {
      double thai = stats.skewness("ONET/P6/THA/" + year);
      assertThat(stats.skewness("ONET/P6/MAT/" + year)).as("maths skew " + year).isGreaterThan(0.25).isGreaterThan(thai + 0.2);
      assertThat(stats.skewness("ONET/P6/ENG/" + year)).as("English skew " + year).isGreaterThan(0.25);
      assertThat(thai).as("Thai skew " + year).isBetween(-0.3, 0.2);
    }
  }

  @Test
  void onetParticipationDropsWhenItBecomesVoluntaryInAy2563() {
    for (int year = OPTIONS.firstYear(); year <= OPTIONS.lastYear(); year++) {
      double share = stats.p6Takers.get(year).size() / (double) stats.p6Enrolled.get(year);
      if (year < EmisGenerator.VOLUNTARY_ONET_FROM) {
        assertThat(share).as("P6 participation %d", year).isGreaterThan(0.95);
      } else {
        assertThat(share).as("P6 participation %d", year).isBetween(0.6, 0.8);
      }
    }
  }

  @Test
  void thePlantedNetworkEffectIsThere() {
    // Regress each school's change in mean score residual (y -> y+1) on its PD hours per teacher and
    // supervision visits in y. The generator planted GAIN_PER_PD_HOUR and GAIN_PER_VISIT.
    List<double[]> obs = new java.util.ArrayList<>();
    for (String school : stats.teachers.keySet()) {
      for (int year = OPTIONS.firstYear(); year < OPTIONS.lastYear(); year++) {
        double[] now = stats.schoolResidual.get(school + "/" + year);
        double[] next = stats.schoolResidual.get(school + "/" + (year + 1));
        if (now == null || next == null || now[0] < 30 || next[0] < 30) {
          continue;
        }
        double change = next[1] / next[0] - now[1] / now[0];
        double hours = stats.pdHours.getOrDefault(school + "/" + year, 0.0) / stats.teachers.get(school);
        double visits = stats.visits.getOrDefault(school + "/" + year, 0);
        obs.add(new double[] {change, hours, visits});
      }
    }
    assertThat(obs.size()).isGreaterThan(800);
    double[] b = ols(obs);
    assertThat(b[1]).as("gain per PD hour per teacher").isCloseTo(EmisGenerator.GAIN_PER_PD_HOUR, within(0.03));
    assertThat(b[2]).as("gain per supervision visit").isCloseTo(EmisGenerator.GAIN_PER_VISIT, within(0.35));
  }

  /** Least squares of y on (1, x1, x2) by the normal equations. */
  static double[] ols(List<double[]> obs) {
    double[][] a = new double[3][4];
    for (double[] o : obs) {
      double[] x = {1, o[1], o[2]};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          a[i][j] += x[i] * x[j];
        }
        a[i][3] += x[i] * o[0];
      }
    }
    for (int p = 0; p < 3; p++) {
      for (int r = 0; r < 3; r++) {
        if (r != p) {
          double f = a[r][p] / a[p][p];
          for (int c = p; c < 4; c++) {
            a[r][c] -= f * a[p][c];
          }
        }
      }
    }
    return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
  }

  @Test
  void keysAreUniqueAndCitizenIdsValid() {
    assertThat(stats.duplicateStudents).isZero();
    assertThat(stats.invalidCitizenIds).isZero();
    assertThat(stats.studentIds.size()).isGreaterThan(100_000);
  }

  @Test
  void clustersLookLikeTheRealNetworks() {
    Map<Integer, Integer> perCluster = new HashMap<>();
    stats.schoolCluster.forEach((school, cluster) -> {
      if (!stats.schoolIsSecondary.get(school)) {
        perCluster.merge(cluster, 1, Integer::sum);
      }
    });
    assertThat(perCluster.values()).allSatisfy(n -> assertThat(n).isBetween(6, 24));
    double mean = perCluster.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertThat(mean).isBetween(10.0, 16.0);
  }

  @Test
  void sameSeedSameRowsOtherSeedOtherRows() {
    Options esa = Options.of(Scale.ESA, 7);
    assertThat(digest(esa)).isEqualTo(digest(esa));
    assertThat(digest(Options.of(Scale.ESA, 8))).isNotEqualTo(digest(esa));
  }

  @Test
  void anEsaLooksTheSameAtEveryScale() {
    // school 5003xxxx generated at esa scale equals the same school generated at province scale
    Map<String, List<Object>> atEsa = new HashMap<>();
    new EmisGenerator(Options.of(Scale.ESA, 7)).generate(new CapturingSink((t, v) -> {
      if (t.name().equals("school")) {
        atEsa.put((String) v.get(0), List.copyOf(v));
      }
    }), EmisGenerator.Progress.NONE);
    Map<String, List<Object>> atProvince = new HashMap<>();
    new EmisGenerator(OPTIONS).generate(new CapturingSink((t, v) -> {
      if (t.name().equals("school") && atEsa.containsKey((String) v.get(0))) {
        atProvince.put((String) v.get(0), List.copyOf(v));
      }
    }), EmisGenerator.Progress.NONE);
    assertThat(atEsa).hasSizeBetween(100, 300);
    assertThat(atProvince).isEqualTo(atEsa);
  }

  private static String digest(Options options) {
    Hasher h = Hashing.sha256().newHasher();
    Map<String, DelimitedRowEncoder> encoders = new HashMap<>();
    RowSink sink = t -> encoders.computeIfAbsent(t.name(), k -> new DelimitedRowEncoder(bytes -> {
      h.putInt(org.satit.ingest.spec.SourceSpecs.all().indexOf(t)); // the table's place among the specs
      h.putBytes(bytes);
    }));
    new EmisGenerator(options).generate(sink, EmisGenerator.Progress.NONE);
    encoders.values().forEach(DelimitedRowEncoder::flush);
    return h.hash().toString();
  }
}
