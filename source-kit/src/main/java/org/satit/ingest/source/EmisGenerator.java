package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.satit.ingest.source.Curriculum.NationalMean;
import org.satit.ingest.source.Geography.EsaOffice;
import org.satit.ingest.source.Geography.Province;
import org.satit.ingest.source.ThaiNames.Name;

/**
 * Generates a synthetic but realistic EMIS/OBEC source: provinces, ESA offices, clusters, schools,
 * teachers, students, enrollment, O-NET / NT / RT scores and the academic networks' activity (PD
 * sessions and attendance, supervision visits, PLC meetings).
 *
 * <p>Deterministic: every value comes from a random stream keyed by the seed and the entity it
 * describes ({@link Seeds}). Streaming: one cluster of schools at a time is held in memory.
 *
 * <p><b>Planted network effect</b> (documented in README; tests and later the dashboards must find
 * it): a school's scores in year y+1 move, relative to year y, by {@link #GAIN_PER_PD_HOUR} points
 * per PD hour per teacher attended in year y above {@link #EXPECTED_PD_HOURS}, plus
 * {@link #GAIN_PER_VISIT} points per supervision visit in year y above {@link #EXPECTED_VISITS},
 * plus noise. Nothing else changes a school's level from year to year.
 */
public final class EmisGenerator {

  /** The generator's handle on each table it writes: the table's spec (emis/tables.yaml). */
  private static final class Table {
    static final SourceSpec ENROLLMENT = SourceSpecs.named("enrollment");
    static final SourceSpec ESA_OFFICE = SourceSpecs.named("esa_office");
    static final SourceSpec NT_SCORE = SourceSpecs.named("nt_score");
    static final SourceSpec ONET_SCORE = SourceSpecs.named("onet_score");
    static final SourceSpec PD_ATTENDANCE = SourceSpecs.named("pd_attendance");
    static final SourceSpec PD_SESSION = SourceSpecs.named("pd_session");
    static final SourceSpec PLC_ACTIVITY = SourceSpecs.named("plc_activity");
    static final SourceSpec PROVINCE = SourceSpecs.named("province");
    static final SourceSpec RT_SCORE = SourceSpecs.named("rt_score");
    static final SourceSpec SCHOOL = SourceSpecs.named("school");
    static final SourceSpec SCHOOL_BUDGET = SourceSpecs.named("school_budget");
    static final SourceSpec SCHOOL_CLUSTER = SourceSpecs.named("school_cluster");
    static final SourceSpec STUDENT = SourceSpecs.named("student");
    static final SourceSpec SUBJECT_STRAND = SourceSpecs.named("subject_strand");
    static final SourceSpec SUPERVISION_VISIT = SourceSpecs.named("supervision_visit");
    static final SourceSpec SUPERVISOR = SourceSpecs.named("supervisor");
    static final SourceSpec TEACHER = SourceSpecs.named("teacher");
    static final SourceSpec TEST_SUBJECT = SourceSpecs.named("test_subject");
  }

  public enum Scale {
    /** One ESA office ({@link Options#esaCode()}). */
    ESA,
    /** One primary office in each of the six regions and one secondary office: the demo's default. */
    SAMPLE,
    /** Every office seated in one province ({@link Options#provinceCode()}). */
    PROVINCE,
    /** All 245 offices. */
    COUNTRY;

    public static Scale parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown scale '" + s + "' (expected esa, sample, province or country)");
      }
    }
  }

  /** What to generate. {@code esaCode} is used at esa scale, {@code provinceCode} at province scale. */
  public record Options(Scale scale, long seed, String esaCode, String provinceCode, int firstYear, int lastYear) {

    public static final String DEFAULT_ESA = "5003";
    public static final String DEFAULT_PROVINCE = "50";
    public static final int DEFAULT_FIRST_YEAR = 2561;
    public static final int DEFAULT_LAST_YEAR = 2563;

    public static Options of(Scale scale, long seed) {
      return new Options(scale, seed, DEFAULT_ESA, DEFAULT_PROVINCE, DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR);
    }

    public Options {
      var years = Curriculum.get().years();
      if (firstYear > lastYear || !years.contains(firstYear) || !years.contains(lastYear)) {
        throw new IllegalArgumentException("academic years " + firstYear + "-" + lastYear
            + " not available: national means exist for " + years.first() + "-" + years.last());
      }
      Geography.get().office(esaCode);
      Geography.get().province(provinceCode);
    }
  }

  /** Called as the work advances, for progress bars. */
  public interface Progress {
    Progress NONE = new Progress() { };

    default void planned(int schools) {
    }

    default void schoolDone() {
    }

    /** A new phase of the work begins (e.g. adding keys after the load). */
    default void phase(String description) {
    }
  }

  public static final double GAIN_PER_PD_HOUR = 0.10;
  public static final double GAIN_PER_VISIT = 0.8;
  public static final double EXPECTED_PD_HOURS = 6 * 9.0 * 0.725 * 0.95;
  public static final double EXPECTED_VISITS = 1.95;
  /** Year-to-year drift of a school's level that the network does not explain (points, sd). */
  static final double DRIFT_SD = 1.0;
  /** Lifts the school effects so the pupil-weighted mean effect is about zero (small/rural schools are −3). */
  static final double SCHOOL_EFFECT_CENTRE = 1.8;
  /** First academic year of voluntary O-NET participation. */
  public static final int VOLUNTARY_ONET_FROM = 2563;

  static final String[] GRADES = {"K1", "K2", "K3", "P1", "P2", "P3", "P4", "P5", "P6", "M1", "M2", "M3", "M4", "M5",
      "M6"};
  private static final int P1 = 3;
  private static final int P3 = 5;
  private static final int P6 = 8;
  private static final int M1 = 9;
  private static final int M3 = 11;
  private static final int M4 = 12;
  private static final int M6 = 14;
  private static final int[] ENTRY_GRADES = {0, 1, P1, M1, M4};
  private static final String[] STANDINGS = {"ครูผู้ช่วย", "ครู", "ชำนาญการ", "ชำนาญการพิเศษ", "เชี่ยวชาญ"};
  private static final double[] STANDING_SHARE = {0.10, 0.15, 0.35, 0.35, 0.05};
  private static final String[] MAJORS = {"THA", "MAT", "SCI", "ENG", "SOC", "HPE", "ART", "OCC", "ECE"};
  private static final String[] PD_TOPICS = {"literacy", "numeracy", "science", "english", "active_learning",
      "assessment", "coding", "inclusive"};
  private static final String[] PD_TITLES = {"การพัฒนาทักษะการอ่านและการเขียนภาษาไทย", "การสอนคณิตศาสตร์เพื่อยกระดับผลสัมฤทธิ์",
      "การจัดการเรียนรู้วิทยาศาสตร์เชิงรุก", "การพัฒนาทักษะการสื่อสารภาษาอังกฤษ", "การจัดการเรียนรู้เชิงรุก (Active Learning)",
      "การวัดและประเมินผลตามสภาพจริง", "วิทยาการคำนวณและโค้ดดิ้ง", "การจัดการเรียนรวมสำหรับเด็กพิเศษ"};
  private static final double[] PD_HOURS = {3, 6, 6, 6, 12, 12, 18};
  private static final String[] PD_MODES = {"onsite", "onsite", "onsite", "onsite", "onsite", "online", "online",
      "online", "hybrid", "hybrid"};
  private static final String[] VISIT_FOCUS = {"curriculum", "assessment", "reading", "classroom", "management",
      "numeracy"};
  private static final String[] PLC_TOPICS = {"lesson_study", "student_work", "reading", "numeracy", "assessment",
      "behaviour"};

  private final Options options;
  private final Geography geo = Geography.get();
  private final Curriculum curriculum = Curriculum.get();

  public EmisGenerator(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  /** The offices whose schools this run generates. */
  public List<EsaOffice> populatedOffices() {
    return switch (options.scale()) {
      case ESA -> List.of(geo.office(options.esaCode()));
      case SAMPLE -> geo.sampleOffices();
      case PROVINCE -> geo.officesOf(geo.province(options.provinceCode()));
      case COUNTRY -> geo.offices();
    };
  }

  public int plannedSchools() {
    return populatedOffices().stream().mapToInt(e -> planEsa(e).schools()).sum();
  }

  public void generate(RowSink sink, Progress progress) {
    List<EsaOffice> offices = populatedOffices();
    progress.planned(offices.stream().mapToInt(e -> planEsa(e).schools()).sum());
    writeReferenceTables(sink);
    for (EsaOffice office : offices) {
      EsaPlan plan = planEsa(office);
      for (ClusterPlan cluster : plan.clusters()) {
        writeCluster(sink, office, cluster);
        new ClusterRun(sink, office, cluster, plan.supervisors(), progress).run();
      }
    }
  }

  // ---------------------------------------------------------------- reference tables

  private void writeReferenceTables(RowSink sink) {
    RowWriter w = sink.writer(Table.PROVINCE);
    for (Province p : geo.provinces()) {
      w.text(p.code()).text(p.nameTh()).text(p.nameEn()).text(p.region()).end();
    }
    w = sink.writer(Table.ESA_OFFICE);
    RowWriter sup = sink.writer(Table.SUPERVISOR);
    for (EsaOffice e : geo.offices()) {
      w.text(e.code()).text(e.type()).text(e.seat().code()).integer(e.areaNo()).text(e.nameTh()).text(e.nameEn()).end();
      SplittableRandom r = Seeds.random(options.seed(), "supervisors", e.code());
      for (int id : planEsa(e).supervisors()) {
        boolean male = r.nextInt(100) < 45;
        sup.integer(id).text(e.code()).text(ThaiNames.firstName(r, male)).text(ThaiNames.lastName(r))
            .text(r.nextInt(100) < 70 ? "ชำนาญการพิเศษ" : "เชี่ยวชาญ").end();
      }
    }
    w = sink.writer(Table.TEST_SUBJECT);
    RowWriter strands = sink.writer(Table.SUBJECT_STRAND);
    for (Curriculum.Subject s : curriculum.subjects()) {
      w.text(s.test()).text(s.code()).text(s.nameTh()).text(s.nameEn()).end();
      for (int i = 0; i < s.strandsTh().size(); i++) {
        strands.text(s.code()).integer(i + 1).text(s.strandsTh().get(i)).text(s.strandsEn().get(i)).end();
      }
    }
  }

  // ---------------------------------------------------------------- planning an ESA

  record ClusterPlan(int clusterId, Name district, int number, boolean numbered, int[] smisSeqs) {
  }

  record EsaPlan(List<ClusterPlan> clusters, int[] supervisors) {
    int schools() {
      return clusters.stream().mapToInt(c -> c.smisSeqs().length).sum();
    }
  }

  EsaPlan planEsa(EsaOffice e) {
    SplittableRandom r = Seeds.random(options.seed(), "esa", e.code());
    int schools = e.primary()
        ? Seeds.clamp(Math.round(Seeds.lognormal(r, 137, 0.3)), 100, 300)
        : Seeds.clamp(Math.round(Seeds.lognormal(r, 38, 0.35)), 12, 90);
    int clusters = e.primary()
        ? Seeds.clamp(Math.round(schools / 13.0), 8, 15)
        : Seeds.clamp((long) Math.ceil(schools / 8.0), 2, 10);
    double[] weights = new double[clusters];
    double total = 0;
    for (int i = 0; i < clusters; i++) {
      weights[i] = 0.6 + 0.8 * r.nextDouble();
      total += weights[i];
    }
    int[] sizes = new int[clusters];
    int assigned = 0;
    for (int i = 0; i < clusters; i++) {
      sizes[i] = Math.max(1, (int) Math.floor(schools * weights[i] / total));
      assigned += sizes[i];
    }
    for (int i = 0; assigned < schools; i = (i + 1) % clusters) {
      sizes[i]++;
      assigned++;
    }
    int districts = Math.max(1, (int) Math.round(clusters * 0.7));
    List<Name> districtNames = new ArrayList<>();
    while (districtNames.size() < districts) {
      Name n = ThaiNames.place(r);
      if (districtNames.stream().noneMatch(d -> d.th().equals(n.th()))) {
        districtNames.add(n);
      }
    }
    int[] perDistrict = new int[districts];
    for (int k = 0; k < clusters; k++) {
      perDistrict[k % districts]++;
    }
    List<ClusterPlan> plans = new ArrayList<>();
    int esaNumber = Integer.parseInt(e.code());
    int smisSeq = 0;
    for (int k = 0; k < clusters; k++) {
      int d = k % districts;
      int[] seqs = new int[sizes[k]];
      for (int s = 0; s < sizes[k]; s++) {
        smisSeq += r.nextInt(100) < 4 ? 2 : 1; // gaps: merged or closed schools
        seqs[s] = smisSeq;
      }
      plans.add(new ClusterPlan(esaNumber * 100 + k + 1, districtNames.get(d), k / districts + 1, perDistrict[d] > 1,
          seqs));
    }
    int supervisorCount = e.primary() ? 10 + r.nextInt(16) : 6 + r.nextInt(10);
    int[] supervisors = new int[supervisorCount];
    for (int i = 0; i < supervisorCount; i++) {
      supervisors[i] = esaNumber * 100 + i + 1;
    }
    return new EsaPlan(plans, supervisors);
  }

  private void writeCluster(RowSink sink, EsaOffice e, ClusterPlan c) {
    String suffixTh = c.numbered() ? " " + c.number() : "";
    String nameTh = e.primary() ? "กลุ่มเครือข่ายพัฒนาคุณภาพการศึกษา" + c.district().th() + suffixTh
        : "สหวิทยาเขต" + c.district().th() + suffixTh;
    String nameEn = c.district().en() + (e.primary() ? " Quality Development Network" : " Secondary School Consortium")
        + (c.numbered() ? " " + c.number() : "");
    sink.writer(Table.SCHOOL_CLUSTER).integer(c.clusterId()).text(e.code()).text(nameTh).text(nameEn)
        .text(c.district().th()).text(c.district().en()).end();
  }

  // ---------------------------------------------------------------- one cluster, all years

  /** A child on the roll of a school. */
  private static final class Pupil {
    final long id;
    int grade;
    final double ability;

    Pupil(long id, int grade, double ability) {
      this.id = id;
      this.grade = grade;
      this.ability = ability;
    }
  }

  /** The generator's state of one school while its cluster is generated. */
  private final class SchoolState {
    final String code;
    final long smisNumber;
    final long denseKey;
    final boolean secondary;
    final boolean small;
    final boolean rural;
    final int lowest;
    final int highest;
    final int[] baseCounts = new int[GRADES.length];
    final double level;
    final double[] subjectOffset = new double[5];
    final double[][] strandOffset = new double[5][5];
    final double voluntaryParticipation;
    final List<Long> teachers = new ArrayList<>();
    List<Pupil> pupils = new ArrayList<>();
    int nextLocal = 1;
    double change;
    double pdHours;
    int visits;

    SchoolState(String code, long smisNumber, long denseKey, boolean secondary, boolean small, boolean rural, int lowest,
                int highest, double level, double voluntaryParticipation) {
      this.code = code;
      this.smisNumber = smisNumber;
      this.denseKey = denseKey;
      this.secondary = secondary;
      this.small = small;
      this.rural = rural;
      this.lowest = lowest;
      this.highest = highest;
      this.level = level;
      this.voluntaryParticipation = voluntaryParticipation;
    }

    double effect() {
      return level + change;
    }
  }

  private final class ClusterRun {
    final RowSink sink;
    final EsaOffice office;
    final ClusterPlan cluster;
    final int[] supervisors;
    final Progress progress;
    final List<SchoolState> schools = new ArrayList<>();
    final RowWriter studentW;
    final RowWriter enrollmentW;
    final RowWriter onetW;
    final RowWriter ntW;
    final RowWriter rtW;

    ClusterRun(RowSink sink, EsaOffice office, ClusterPlan cluster, int[] supervisors, Progress progress) {
      this.sink = sink;
      this.office = office;
      this.cluster = cluster;
      this.supervisors = supervisors;
      this.progress = progress;
      this.studentW = sink.writer(Table.STUDENT);
      this.enrollmentW = sink.writer(Table.ENROLLMENT);
      this.onetW = sink.writer(Table.ONET_SCORE);
      this.ntW = sink.writer(Table.NT_SCORE);
      this.rtW = sink.writer(Table.RT_SCORE);
    }

    void run() {
      for (int seq : cluster.smisSeqs()) {
        schools.add(createSchool(seq));
      }
      for (int year = options.firstYear(); year <= options.lastYear(); year++) {
        for (SchoolState s : schools) {
          if (year > options.firstYear()) {
            advanceYear(s, year);
          }
          writeEnrollment(s, year);
          writeScores(s, year);
        }
        networkActivity(year);
      }
      for (int i = 0; i < schools.size(); i++) {
        progress.schoolDone();
      }
    }

    // ----- school, teachers, first roll

    SchoolState createSchool(int smisSeq) {
      SplittableRandom r = Seeds.random(options.seed(), "school", office.code(), smisSeq);
      boolean secondary = !office.primary();
      Province province = office.provinces().size() == 1 || r.nextInt(100) < 60
          ? office.seat() : Seeds.pick(r, office.provinces().subList(1, office.provinces().size()));
      String smis = office.code() + String.format("%04d", smisSeq);
      String code = "10" + province.code() + (secondary ? "2" : "1") + (office.areaNo() % 10)
          + String.format("%04d", smisSeq);
      int pupils = secondary
          ? Seeds.clamp(Math.round(Seeds.lognormal(r, 720, 0.75)), 80, 4500)
          : Seeds.clamp(Math.round(Seeds.lognormal(r, 110, 0.85)), 6, 2500);
      boolean small = secondary ? pupils <= 499 : pupils <= 120;
      double urbanChance = (secondary ? 0.35 : office.areaNo() == 1 ? 0.30 : 0.07) + (pupils > (secondary ? 1500 : 600) ? 0.45 : 0);
      boolean rural = r.nextDouble() >= urbanChance;
      boolean extended = !secondary && pupils >= 60 && r.nextDouble() < (pupils > 200 ? 0.35 : 0.18);
      int lowest = secondary ? M1 : 0;
      int highest = secondary ? M6 : extended ? M3 : P6;
      double level = 6.5 * Seeds.gaussian(r) - ((small || rural) ? 3.0 : 0.0) + SCHOOL_EFFECT_CENTRE;
      double participation = 0.5 + 0.4 * r.nextDouble();
      int denseProvince = geo.provinces().indexOf(office.seat());
      long denseKey = ((long) denseProvince * 100 + office.areaNo()) * 1000 + smisSeq;
      SchoolState s = new SchoolState(code, Long.parseLong(smis), denseKey, secondary, small, rural, lowest, highest,
          level, participation);
      for (int i = 0; i < 5; i++) {
        s.subjectOffset[i] = 2.0 * Seeds.gaussian(r);
        double sum = 0;
        for (int k = 0; k < 5; k++) {
          s.strandOffset[i][k] = 4.0 * Seeds.gaussian(r);
          sum += s.strandOffset[i][k];
        }
        for (int k = 0; k < 5; k++) {
          s.strandOffset[i][k] -= sum / 5; // a school's strands are weak or strong around its subject level
        }
      }
      double weightSum = 0;
      double[] weights = new double[GRADES.length];
      for (int g = lowest; g <= highest; g++) {
        weights[g] = g == 0 ? 0.3 : g < P1 ? 0.9 : g >= M4 ? 0.85 : g >= M1 && !secondary ? 0.8 : 1.0;
        weightSum += weights[g];
      }
      for (int g = lowest; g <= highest; g++) {
        s.baseCounts[g] = (int) Math.round(pupils * weights[g] / weightSum * Math.exp(0.15 * Seeds.gaussian(r)));
      }
      Name place = ThaiNames.place(r);
      Name name = ThaiNames.school(r, place, secondary);
      Name tambon = ThaiNames.place(r);
      LocalDate founded = LocalDate.of(1920, 1, 1).plusDays(r.nextInt(76 * 365));
      int distanceTenths = (int) Math.round(Seeds.lognormal(r, rural ? 35 : 8, 0.6) * 10);
      LocalDateTime updated = LocalDateTime.of(2020, 5, 1, 8, 0).plusMinutes(r.nextInt(60 * 24 * 30));
      sink.writer(Table.SCHOOL).text(code).text(smis).text(name.th()).text(name.en()).text(office.code())
          .integer(cluster.clusterId()).text(province.code()).text(cluster.district().th()).text(tambon.th())
          .text(rural ? "rural" : "urban").text(GRADES[lowest]).text(GRADES[highest]).bool(extended).date(founded)
          .decimal(Math.min(distanceTenths, 9999), 1).text("open").timestamp(updated).end();
      writeTeachers(s, r, pupils);
      LocalDate rollDate = junTen(options.firstYear());
      for (int g = lowest; g <= highest; g++) {
        for (int i = 0; i < s.baseCounts[g]; i++) {
          s.pupils.add(newPupil(s, r, g, options.firstYear(), rollDate));
        }
      }
      return s;
    }

    void writeTeachers(SchoolState s, SplittableRandom r, int pupils) {
      int count = s.secondary
          ? Math.max(10, (int) Math.round(pupils / 19.0))
          : Math.max(2, (int) Math.round(pupils / 20.0 * Math.exp(0.1 * Seeds.gaussian(r))));
      RowWriter w = sink.writer(Table.TEACHER);
      for (int k = 1; k <= count; k++) {
        long id = s.smisNumber * 1000 + k;
        boolean male = r.nextInt(100) < 35;
        double u = r.nextDouble();
        int standing = 0;
        for (double acc = STANDING_SHARE[0]; u > acc && standing < STANDINGS.length - 1; acc += STANDING_SHARE[++standing]) {
          // cumulative pick
        }
        boolean director = k == 1;
        int startYear = 1985 + r.nextInt(38);
        w.integer(id).text(SyntheticCitizenIds.of(3, s.denseKey * 1000 + k, 7_013_590_221L)).text(male ? "นาย" : "นาง")
            .text(ThaiNames.firstName(r, male)).text(ThaiNames.lastName(r)).text(male ? "M" : "F").text(s.code)
            .text(director ? "ผู้อำนวยการสถานศึกษา" : standing == 0 ? "ครูผู้ช่วย" : "ครู")
            .text(director ? "ชำนาญการพิเศษ" : STANDINGS[standing])
            .text(Seeds.pick(r, MAJORS)).date(LocalDate.of(startYear, 5, 16)).end();
        s.teachers.add(id);
      }
    }

    Pupil newPupil(SchoolState s, SplittableRandom r, int grade, int year, LocalDate rollDate) {
      int local = s.nextLocal++;
      long id = s.smisNumber * 10_000 + local;
      boolean male = r.nextInt(1000) < 512;
      int age = grade + 3 + (r.nextInt(100) < 5 ? 1 : 0);
      int birthYear = (year - 543) - age;
      LocalDate birth = LocalDate.of(birthYear, 5, 17).minusDays(r.nextInt(365));
      studentW.integer(id).text(SyntheticCitizenIds.of(1, s.denseKey * 10_000 + local, 3_141_592_653L))
          .text(age < 15 ? (male ? "เด็กชาย" : "เด็กหญิง") : (male ? "นาย" : "นางสาว"))
          .text(ThaiNames.firstName(r, male)).text(ThaiNames.lastName(r)).text(male ? "M" : "F").date(birth).end();
      return new Pupil(id, grade, 8.0 * Seeds.gaussian(r));
    }

    // ----- one year

    void advanceYear(SchoolState s, int year) {
      SplittableRandom r = Seeds.random(options.seed(), "roll", s.code, year);
      LocalDate rollDate = junTen(year);
      List<Pupil> next = new ArrayList<>(s.pupils.size() + 16);
      for (Pupil p : s.pupils) {
        p.grade++;
        boolean stays = p.grade <= s.highest && r.nextInt(1000) >= 5; // 0.5% leave or drop out a year
        if (stays && p.grade == M4) {
          stays = r.nextInt(100) < 75; // some leave after M3 for vocational colleges
        }
        if (stays) {
          next.add(p);
        }
      }
      // Entry grades (อ.1, อ.2, ป.1, ม.1, ม.4) take in new children up to the school's usual cohort size;
      // small schools shrink by ~3% a year as rural births fall.
      double shrink = Math.pow(s.small ? 0.97 : 1.0, year - options.firstYear());
      int[] count = new int[GRADES.length];
      for (Pupil p : next) {
        count[p.grade]++;
      }
      for (int g : ENTRY_GRADES) {
        if (g < s.lowest || g > s.highest) {
          continue;
        }
        int target = (int) Math.round(s.baseCounts[g] * shrink * Math.exp(0.08 * Seeds.gaussian(r)));
        for (int i = count[g]; i < target; i++) {
          next.add(newPupil(s, r, g, year, rollDate));
        }
      }
      s.pupils = next;
    }

    void writeEnrollment(SchoolState s, int year) {
      SplittableRandom r = Seeds.random(options.seed(), "enrollment", s.code, year);
      LocalDateTime at = junTen(year).atTime(8, 0);
      int[] seen = new int[GRADES.length];
      int[] rooms = new int[GRADES.length];
      for (Pupil p : s.pupils) {
        rooms[p.grade]++;
      }
      for (Pupil p : s.pupils) {
        int perRoom = Math.max(1, (int) Math.ceil(rooms[p.grade] / Math.ceil(rooms[p.grade] / 40.0)));
        int classroom = 1 + seen[p.grade]++ / perRoom;
        enrollmentW.integer(year).integer(p.id).text(s.code).text(GRADES[p.grade]).integer(classroom)
            .timestamp(at.plusSeconds(r.nextInt(3600 * 10))).end();
      }
    }

    void writeScores(SchoolState s, int year) {
      SplittableRandom r = Seeds.random(options.seed(), "scores", s.code, year);
      LocalDateTime entered = LocalDate.of(year - 543 + 1, 3, 20).atTime(9, 0);
      for (Pupil p : s.pupils) {
        switch (p.grade) {
          case P1 -> sit(s, r, p, "RT", "P1", year, 0.98, entered, rtW, false);
          case P3 -> sit(s, r, p, "NT", "P3", year, 0.97, entered, ntW, false);
          case P6, M3, M6 -> sit(s, r, p, "ONET", GRADES[p.grade], year,
              year >= VOLUNTARY_ONET_FROM ? s.voluntaryParticipation : 0.985, entered, onetW, true);
          default -> {
          }
        }
      }
    }

    void sit(SchoolState s, SplittableRandom r, Pupil p, String test, String grade, int year, double participation,
             LocalDateTime entered, RowWriter w, boolean onet) {
      if (r.nextDouble() >= participation) {
        return;
      }
      List<NationalMean> subjects = curriculum.sitting(test, grade, year);
      for (int i = 0; i < subjects.size(); i++) {
        NationalMean m = subjects.get(i);
        if (r.nextInt(1000) < 8) {
          continue; // absent for one subject
        }
        boolean skewed = m.subject().equals("MAT") || m.subject().equals("ENG");
        double x = p.ability + 10.0 * Seeds.gaussian(r);
        if (skewed) {
          x = skew(x);
        }
        double score = clamp(m.mean() + s.effect() + s.subjectOffset[i] + x);
        long scoreId = p.id * 100 + (year - 2559) * 10L + i;
        w.integer(scoreId).integer(year).integer(p.id).text(s.code);
        if (onet) {
          w.text(grade).text(m.subject()).decimal(cents(score), 2);
          int strands = curriculum.subject("ONET", m.subject()).strandsTh().size();
          for (int k = 0; k < 5; k++) {
            if (k < strands) {
              w.decimal(cents(clamp(score + s.strandOffset[i][k] + 9.0 * Seeds.gaussian(r))), 2);
            } else {
              w.nul();
            }
          }
        } else {
          w.text(m.subject()).decimal(cents(score), 2);
        }
        w.timestamp(entered.plusSeconds(r.nextInt(3600 * 24 * 5))).end();
      }
    }

    // ----- the academic network's year: PD, supervision, PLC; and its planted effect on next year

    void networkActivity(int year) {
      SplittableRandom r = Seeds.random(options.seed(), "network", cluster.clusterId(), year);
      int yearIndex = year - 2559;
      int ce = year - 543;
      double[] attendance = new double[schools.size()];
      for (int i = 0; i < schools.size(); i++) {
        attendance[i] = 0.55 + 0.35 * r.nextDouble();
        schools.get(i).pdHours = 0;
        schools.get(i).visits = 0;
      }
      RowWriter sessionW = sink.writer(Table.PD_SESSION);
      RowWriter attendW = sink.writer(Table.PD_ATTENDANCE);
      int sessions = 4 + r.nextInt(5);
      for (int n = 1; n <= sessions; n++) {
        long sessionId = cluster.clusterId() * 100L + yearIndex * 10L + n;
        int topic = r.nextInt(PD_TOPICS.length);
        double hours = PD_HOURS[r.nextInt(PD_HOURS.length)];
        LocalDate held = academicDay(r, ce);
        sessionW.integer(sessionId).integer(year).text(office.code()).integer(cluster.clusterId())
            .text(PD_TITLES[topic]).text(PD_TOPICS[topic]).text(Seeds.pick(r, PD_MODES)).date(held)
            .decimal(Math.round(hours * 10), 1).end();
        for (int i = 0; i < schools.size(); i++) {
          SchoolState s = schools.get(i);
          for (long teacher : s.teachers) {
            boolean attended = r.nextDouble() < attendance[i];
            double got = attended ? (r.nextInt(100) < 10 ? hours / 2 : hours) : 0;
            attendW.integer(sessionId).integer(teacher).bool(attended).decimal(Math.round(got * 10), 1).end();
            s.pdHours += got;
          }
        }
      }
      RowWriter visitW = sink.writer(Table.SUPERVISION_VISIT);
      for (SchoolState s : schools) {
        double p = 0.3 + (s.small ? 0.25 : 0) + (s.level < -4 ? 0.2 : 0);
        int visits = 1 + (r.nextDouble() < p ? 1 : 0) + (r.nextDouble() < p ? 1 : 0) + (r.nextInt(100) < 5 ? 1 : 0);
        for (int n = 1; n <= visits; n++) {
          int rating = Seeds.clamp(Math.round(2.5 + s.level / 6 + 0.7 * Seeds.gaussian(r)), 1, 4);
          visitW.integer(s.smisNumber * 100 + yearIndex * 10L + n).integer(year).text(s.code)
              .integer(supervisors[r.nextInt(supervisors.length)]).date(academicDay(r, ce))
              .text(Seeds.pick(r, VISIT_FOCUS)).integer(rating).bool(rating <= 2).end();
        }
        s.visits = visits;
      }
      writePlc(r, year, yearIndex, ce);
      writeBudgets(year);
      for (SchoolState s : schools) {
        double hoursPerTeacher = s.pdHours / s.teachers.size();
        s.change += GAIN_PER_PD_HOUR * (hoursPerTeacher - EXPECTED_PD_HOURS)
            + GAIN_PER_VISIT * (s.visits - EXPECTED_VISITS) + DRIFT_SD * Seeds.gaussian(r);
      }
    }

    /**
     * Each school's per-head subsidy for the year (its pupils of the 10 June count times the rate of its level:
     * about 1,900 baht a primary pupil, 3,600 a secondary one) and its teacher-development spending (3-12 % of it;
     * no effect on results is planted). A random stream of its own, so the other tables do not change.
     */
    void writeBudgets(int year) {
      RowWriter w = sink.writer(Table.SCHOOL_BUDGET);
      for (SchoolState s : schools) {
        SplittableRandom r = Seeds.random(options.seed(), "budget", s.code, year);
        long perHeadCents = Math.round(s.pupils.size() * (s.secondary ? 3_600.0 : 1_900.0) * 100);
        long developmentCents = Math.round(perHeadCents * (0.03 + 0.09 * r.nextDouble()));
        w.text(s.code).integer(year).decimal(perHeadCents, 2).decimal(developmentCents, 2)
            .timestamp(junTen(year).atTime(9, 0).plusSeconds(r.nextInt(3600 * 8))).end();
      }
    }

    void writePlc(SplittableRandom r, int year, int yearIndex, int ce) {
      RowWriter w = sink.writer(Table.PLC_ACTIVITY);
      int smallTeachers = 0;
      for (SchoolState s : schools) {
        if (s.teachers.size() < 6) {
          smallTeachers += s.teachers.size();
          continue;
        }
        int meetings = 8 + r.nextInt(16);
        for (int n = 1; n <= meetings; n++) {
          int participants = Math.max(2, (int) Math.round(s.teachers.size() * (0.6 + 0.4 * r.nextDouble())));
          w.integer(s.smisNumber * 1000 + yearIndex * 100L + n).integer(year).text("school").text(s.code)
              .integer(cluster.clusterId()).date(academicDay(r, ce)).text(Seeds.pick(r, PLC_TOPICS))
              .decimal(10 + 5L * r.nextInt(5), 1).integer(participants).end();
        }
      }
      if (smallTeachers > 0) {
        int meetings = 10 + r.nextInt(11);
        for (int n = 1; n <= meetings; n++) {
          int participants = Math.max(2, (int) Math.round(smallTeachers * (0.6 + 0.3 * r.nextDouble())));
          w.integer(cluster.clusterId() * 1000L + yearIndex * 100L + n).integer(year).text("cluster").nul()
              .integer(cluster.clusterId()).date(academicDay(r, ce)).text(Seeds.pick(r, PLC_TOPICS))
              .decimal(20 + 5L * r.nextInt(5), 1).integer(participants).end();
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Standardised right-skewed transform (lognormal, σ = 0.5) with the same mean and sd as x ~ N(0, 12.8). */
  static double skew(double x) {
    double sd = Math.sqrt(8.0 * 8.0 + 10.0 * 10.0);
    double z = x / sd;
    double mean = Math.exp(0.125);
    double dev = Math.sqrt((Math.exp(0.25) - 1) * Math.exp(0.25));
    return sd * (Math.exp(0.5 * z) - mean) / dev;
  }

  static double clamp(double score) {
    return Math.max(0, Math.min(100, score));
  }

  static long cents(double score) {
    return Math.round(score * 100);
  }

  static LocalDate junTen(int yearBe) {
    return LocalDate.of(yearBe - 543, 6, 10);
  }

  /** A school day of the academic year starting in May of {@code ce}: mid-May to mid-March, weekdays. */
  static LocalDate academicDay(SplittableRandom r, int ce) {
    LocalDate d = LocalDate.of(ce, 5, 16).plusDays(r.nextInt(300));
    return switch (d.getDayOfWeek()) {
      case SATURDAY -> d.plusDays(2);
      case SUNDAY -> d.plusDays(1);
      default -> d;
    };
  }
}
