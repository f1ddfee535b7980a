package org.satit.ingest.source;

import com.google.common.util.concurrent.RateLimiter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.satit.ingest.source.Curriculum.NationalMean;
import org.satit.warehouse.NamedSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a generated source changing the way a real EMIS/OBEC database does while satit runs: late
 * test scores entered during test season, corrections, double entries and their deletion, student
 * transfers, new PD sessions with attendance, supervision visits, PLC meetings, school record
 * edits (now and then a school moves to another cluster) and, at {@code badRate}, rows a real
 * source contains that ingest must quarantine.
 *
 * <p>One change is one source transaction's worth of work (a PD session with its attendance is one
 * change). At high rates several changes share a transaction (at most 200 commits a second).
 */
public final class ChangeSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeSimulator.class);

  /** The kinds of change; the BAD_ ones are the rows ingest must quarantine. */
  public enum Kind {
    NEW_SCORE(30), SCORE_CORRECTION(20), DOUBLE_ENTRY(4), ERRONEOUS_DELETE(5), TRANSFER(10), PD_SESSION(6),
    SUPERVISION_VISIT(10), PLC_ACTIVITY(10), SCHOOL_UPDATE(5),
    BAD_SCORE_OUT_OF_RANGE(1), BAD_UNKNOWN_SCHOOL(1), BAD_MISSING_KEY(1), BAD_IMPOSSIBLE_DATE(1), BAD_CITIZEN_ID(1);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }

    public boolean isBad() {
      return name().startsWith("BAD_");
    }
  }

  /** A school code that exists in no school table: what a mistyped entry looks like. */
  public static final String UNKNOWN_SCHOOL_CODE = "1099999999";
  /** The visit date of an impossible-date row. */
  public static final LocalDate IMPOSSIBLE_DATE = LocalDate.of(2099, 2, 28);

  /** The demo's rate and share of bad rows (the defaults of {@code --rate} and {@code --bad-rate}). */
  public static final String DEFAULT_RATE = "50";
  public static final String DEFAULT_BAD_RATE = "0.01";
  /** Changes to a transaction at most when changes come as fast as the source takes them. */
  private static final int BURST_TRANSACTION = 200;

  /** {@code rate}: changes per second; {@code badRate}: share of changes that are bad rows. */
  public record Config(double rate, double badRate, long seed) {
    public Config {
      if (!(rate > 0)) {
        throw new IllegalArgumentException("rate must be > 0 changes/s, got " + rate);
      }
      if (badRate < 0 || badRate > 1) {
        throw new IllegalArgumentException("bad-rate must be between 0 and 1, got " + badRate);
      }
    }
  }

  private record School(String code, String esa, int cluster) {
  }

  private record Candidate(long studentId, String school, String grade) {
  }

  /** An O-NET score the simulator may correct, enter twice or delete, with its score as the source has it. */
  private record ScoreRow(long scoreId, long studentId, String school, String grade, String subject, double score) {
  }

  private record Enrolled(long studentId, String school) {
  }

  private final SourceLoader.Target target;
  private final Config config;
  private final NamedSql sql = NamedSql.load("emis/simulator.sql");
  private final SplittableRandom random;
  private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
  private final AtomicLong errors = new AtomicLong();
  private final Kind[] goodKinds;
  private final Kind[] badKinds;
  private final int goodWeight;

  private volatile boolean running;
  private Thread thread;
  private Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  // state read from the source at start
  private int year;
  private List<School> schools = List.of();
  private final Map<String, School> schoolByCode = new HashMap<>();
  private final Map<String, List<School>> schoolsByEsa = new HashMap<>();
  private final Map<Integer, List<School>> schoolsByCluster = new HashMap<>();
  private final Map<String, List<Long>> teachersBySchool = new HashMap<>();
  private final Map<String, List<Integer>> supervisorsByEsa = new HashMap<>();
  private final Deque<Candidate> candidates = new ArrayDeque<>();
  private final List<ScoreRow> scores = new ArrayList<>();
  private final SubjectScores subjectScores = new SubjectScores();
  private final List<Enrolled> enrolled = new ArrayList<>();
  private final Deque<Long> doubleEntries = new ArrayDeque<>();
  private long nextOnet;
  private long nextNt;
  private long nextRt;
  private long nextSession;
  private long nextVisit;
  private long nextPlc;
  private long nextStudent;

  public ChangeSimulator(SourceLoader.Target target, Config config) {
    this.target = target;
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    for (Kind k : Kind.values()) {
      counts.put(k, new AtomicLong());
    }
    goodKinds = java.util.Arrays.stream(Kind.values()).filter(k -> !k.isBad()).toArray(Kind[]::new);
    badKinds = java.util.Arrays.stream(Kind.values()).filter(Kind::isBad).toArray(Kind[]::new);
    goodWeight = java.util.Arrays.stream(goodKinds).mapToInt(k -> k.weight).sum();
  }

  /** Reads what it needs from the source, then changes it in a background thread until closed. */
  public ChangeSimulator start() throws SQLException {
    connect();
    loadState();
    running = true;
    thread = new Thread(this::loop, "change-simulator");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * Reads what it needs from the source, then makes {@code changes} changes on the caller's thread as fast as
   * the source takes them (the rate is ignored): an hour of the demo in as long as the source needs for it.
   */
  public void makeChanges(long changes) throws SQLException {
    connect();
    try {
      loadState();
      for (long made = 0; made < changes; made += BURST_TRANSACTION) {
        transaction((int) Math.min(BURST_TRANSACTION, changes - made));
      }
    } finally {
      closeConnection();
    }
  }

  /** Changes made so far, by kind. */
  public Map<Kind, Long> counts() {
    Map<Kind, Long> out = new EnumMap<>(Kind.class);
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long badRows() {
    return counts.entrySet().stream().filter(e -> e.getKey().isBad()).mapToLong(e -> e.getValue().get()).sum();
  }

  public long errors() {
    return errors.get();
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeConnection();
  }

  // ---------------------------------------------------------------- loop

  private void loop() {
    RateLimiter limiter = RateLimiter.create(config.rate());
    int perTransaction = (int) Math.max(1, Math.ceil(config.rate() / 200.0));
    while (running) {
      limiter.acquire(perTransaction);
      if (!running) {
        break;
      }
      try {
        if (connection == null) {
          connect();
        }
        transaction(perTransaction);
      } catch (SQLException | RuntimeException e) {
        errors.incrementAndGet();
        LOG.warn("simulated change failed ({}); reconnecting", e.getMessage());
        closeConnection();
        sleepQuietly(1000);
      }
    }
  }

  /** Makes that many changes in one source transaction. */
  private void transaction(int changes) throws SQLException {
    List<Kind> done = new ArrayList<>(changes);
    for (int i = 0; i < changes; i++) {
      Kind k = nextKind();
      apply(k);
      done.add(k);
    }
    connection.commit();
    done.forEach(k -> counts.get(k).incrementAndGet());
  }

  private Kind nextKind() {
    if (random.nextDouble() < config.badRate()) {
      return badKinds[random.nextInt(badKinds.length)];
    }
    int pick = random.nextInt(goodWeight);
    for (Kind k : goodKinds) {
      pick -= k.weight;
      if (pick < 0) {
        return k;
      }
    }
    throw new IllegalStateException();
  }

  private void apply(Kind kind) throws SQLException {
    switch (kind) {
      case NEW_SCORE -> newScore();
      case SCORE_CORRECTION -> correction();
      case DOUBLE_ENTRY -> doubleEntry();
      case ERRONEOUS_DELETE -> erroneousDelete();
      case TRANSFER -> transfer();
      case PD_SESSION -> pdSession();
      case SUPERVISION_VISIT -> visit(pick(schools), academicDay());
      case PLC_ACTIVITY -> plc();
      case SCHOOL_UPDATE -> schoolUpdate();
      case BAD_SCORE_OUT_OF_RANGE -> badScore(random.nextBoolean() ? 105.0 : -5.0, pick(schools).code(), true);
      case BAD_UNKNOWN_SCHOOL -> badScore(55.0, UNKNOWN_SCHOOL_CODE, true);
      case BAD_MISSING_KEY -> badScore(48.0, pick(schools).code(), false);
      case BAD_IMPOSSIBLE_DATE -> visit(pick(schools), IMPOSSIBLE_DATE);
      case BAD_CITIZEN_ID -> badCitizen();
    }
  }

  // ---------------------------------------------------------------- the changes

  private void newScore() throws SQLException {
    Candidate c = candidates.pollFirst();
    if (c == null) {
      correction();
      return;
    }
    String test = switch (c.grade()) {
      case "P1" -> "RT";
      case "P3" -> "NT";
      default -> "ONET";
    };
    LocalDateTime now = now();
    for (NationalMean m : sittingOrLatest(test, c.grade())) {
      // the subject's own distribution as the source holds it; the national mean only for a subject it has not
      double score = cents(subjectScores.draw(random, test, c.grade(), m.subject(), c.school())
          .orElseGet(() -> EmisGenerator.clamp(m.mean() + 14 * Seeds.gaussian(random))));
      switch (test) {
        case "ONET" -> {
          long id = ++nextOnet;
          insertOnet(id, c.studentId(), c.school(), c.grade(), m.subject(), score, now);
          scores.add(new ScoreRow(id, c.studentId(), c.school(), c.grade(), m.subject(), score));
        }
        case "NT" -> insertOther("insert_nt", ++nextNt, c.studentId(), c.school(), m.subject(), score, now);
        default -> insertOther("insert_rt", ++nextRt, c.studentId(), c.school(), m.subject(), score, now);
      }
    }
  }

  private void correction() throws SQLException {
    if (scores.isEmpty()) {
      visit(pick(schools), academicDay());
      return;
    }
    // a correction is a small change near the old score (a mistyped or misread mark), not a new draw
    int i = random.nextInt(scores.size());
    ScoreRow row = scores.get(i);
    double score = cents(SubjectScores.nearby(random, row.score()));
    PreparedStatement ps = statement("correct_onet");
    ps.setBigDecimal(1, decimal(score));
    ps.setTimestamp(2, Timestamp.valueOf(now()));
    ps.setLong(3, row.scoreId());
    ps.executeUpdate();
    scores.set(i, new ScoreRow(row.scoreId(), row.studentId(), row.school(), row.grade(), row.subject(), score));
  }

  private void doubleEntry() throws SQLException {
    if (scores.isEmpty()) {
      newScore();
      return;
    }
    ScoreRow row = pick(scores);
    long id = ++nextOnet;
    insertOnet(id, row.studentId(), row.school(), row.grade(), row.subject(), row.score(), now()); // keyed twice
    doubleEntries.addLast(id);
  }

  private void erroneousDelete() throws SQLException {
    Long id = doubleEntries.pollFirst();
    if (id == null) {
      if (scores.isEmpty()) {
        return;
      }
      id = scores.remove(random.nextInt(scores.size())).scoreId();
    }
    PreparedStatement ps = statement("delete_onet");
    ps.setLong(1, id);
    ps.executeUpdate();
  }

  private void transfer() throws SQLException {
    if (enrolled.isEmpty()) {
      return;
    }
    int i = random.nextInt(enrolled.size());
    Enrolled e = enrolled.get(i);
    School from = schoolByCode.getOrDefault(e.school(), pick(schools));
    School to = pick(schoolsByEsa.get(from.esa()));
    PreparedStatement ps = statement("transfer");
    ps.setString(1, to.code());
    ps.setTimestamp(2, Timestamp.valueOf(now()));
    ps.setInt(3, year);
    ps.setLong(4, e.studentId());
    ps.executeUpdate();
    enrolled.set(i, new Enrolled(e.studentId(), to.code()));
  }

  private void pdSession() throws SQLException {
    School anchor = pick(schools);
    long id = ++nextSession;
    double hours = new double[] {3, 6, 12}[random.nextInt(3)];
    PreparedStatement ps = statement("insert_pd_session");
    ps.setLong(1, id);
    ps.setInt(2, year);
    ps.setString(3, anchor.esa());
    ps.setInt(4, anchor.cluster());
    ps.setString(5, "การพัฒนาครูด้านการจัดการเรียนรู้เชิงรุก");
    ps.setString(6, "active_learning");
    ps.setString(7, random.nextBoolean() ? "onsite" : "online");
    ps.setDate(8, Date.valueOf(academicDay()));
    ps.setBigDecimal(9, BigDecimal.valueOf(hours).setScale(1));
    ps.executeUpdate();
    PreparedStatement att = statement("insert_pd_attendance");
    List<Long> invited = new ArrayList<>();
    for (School s : schoolsByCluster.getOrDefault(anchor.cluster(), List.of(anchor))) {
      invited.addAll(teachersBySchool.getOrDefault(s.code(), List.of()));
    }
    Collections.shuffle(invited, new java.util.Random(random.nextLong()));
    for (long teacher : invited.subList(0, Math.min(30, invited.size()))) {
      boolean attended = random.nextInt(100) < 75;
      att.setLong(1, id);
      att.setLong(2, teacher);
      att.setBoolean(3, attended);
      att.setBigDecimal(4, BigDecimal.valueOf(attended ? hours : 0).setScale(1));
      att.addBatch();
    }
    att.executeBatch();
  }

  private void visit(School s, LocalDate day) throws SQLException {
    PreparedStatement ps = statement("insert_visit");
    ps.setLong(1, ++nextVisit);
    ps.setInt(2, year);
    ps.setString(3, s.code());
    ps.setInt(4, pick(supervisorsByEsa.getOrDefault(s.esa(), List.of(1))));
    ps.setDate(5, Date.valueOf(day));
    ps.setString(6, new String[] {"curriculum", "assessment", "reading", "classroom"}[random.nextInt(4)]);
    ps.setInt(7, 1 + random.nextInt(4));
    ps.setBoolean(8, random.nextInt(100) < 30);
    ps.executeUpdate();
  }

  private void plc() throws SQLException {
    School s = pick(schools);
    PreparedStatement ps = statement("insert_plc");
    ps.setLong(1, ++nextPlc);
    ps.setInt(2, year);
    ps.setString(3, s.code());
    ps.setInt(4, s.cluster());
    ps.setDate(5, Date.valueOf(academicDay()));
    ps.setString(6, "lesson_study");
    ps.setBigDecimal(7, new BigDecimal("1.5"));
    ps.setInt(8, 2 + random.nextInt(10));
    ps.executeUpdate();
  }

  private void schoolUpdate() throws SQLException {
    int i = random.nextInt(schools.size());
    School s = schools.get(i);
    int cluster = s.cluster();
    if (random.nextInt(100) < 10) { // now and then a school is moved to another cluster of its ESA
      cluster = pick(schoolsByEsa.get(s.esa())).cluster();
    }
    PreparedStatement ps = statement("update_school");
    ps.setInt(1, cluster);
    ps.setBigDecimal(2, BigDecimal.valueOf(5 + random.nextInt(600), 1));
    ps.setTimestamp(3, Timestamp.valueOf(now()));
    ps.setString(4, s.code());
    ps.executeUpdate();
    if (cluster != s.cluster()) {
      School moved = new School(s.code(), s.esa(), cluster);
      schools.set(i, moved);
      schoolByCode.put(moved.code(), moved);
      schoolsByCluster.get(s.cluster()).removeIf(x -> x.code().equals(s.code()));
      schoolsByCluster.computeIfAbsent(cluster, k -> new ArrayList<>()).add(moved);
    }
  }

  private void badScore(double score, String school, boolean withStudent) throws SQLException {
    long student = scores.isEmpty() ? 0 : pick(scores).studentId();
    PreparedStatement ps = statement("insert_nt");
    ps.setLong(1, ++nextNt);
    ps.setInt(2, year);
    if (withStudent) {
      ps.setLong(3, student);
    } else {
      ps.setNull(3, Types.BIGINT);
    }
    ps.setString(4, school);
    ps.setString(5, "LIT");
    ps.setBigDecimal(6, decimal(score));
    ps.setTimestamp(7, Timestamp.valueOf(now()));
    ps.executeUpdate();
  }

  private void badCitizen() throws SQLException {
    long id = ++nextStudent;
    School s = pick(schools);
    PreparedStatement ps = statement("insert_student");
    ps.setLong(1, id);
    ps.setString(2, SyntheticCitizenIds.withWrongCheckDigit(SyntheticCitizenIds.of(1, id % 100_000_000_000L, 99_991L)));
    ps.setString(3, "เด็กหญิง");
    ps.setString(4, ThaiNames.firstName(random, false));
    ps.setString(5, ThaiNames.lastName(random));
    ps.setString(6, "F");
    ps.setDate(7, Date.valueOf(LocalDate.of(year - 543 - 7, 3, 3)));
    ps.executeUpdate();
    PreparedStatement en = statement("insert_enrollment");
    en.setInt(1, year);
    en.setLong(2, id);
    en.setString(3, s.code());
    en.setString(4, "P2");
    en.setTimestamp(5, Timestamp.valueOf(now()));
    en.executeUpdate();
  }

  // ---------------------------------------------------------------- helpers

  private void insertOnet(long id, long student, String school, String grade, String subject, double score,
                          LocalDateTime at) throws SQLException {
    PreparedStatement ps = statement("insert_onet");
    ps.setLong(1, id);
    ps.setInt(2, year);
    ps.setLong(3, student);
    ps.setString(4, school);
    ps.setString(5, grade);
    ps.setString(6, subject);
    ps.setBigDecimal(7, decimal(score));
    ps.setTimestamp(8, Timestamp.valueOf(at));
    ps.executeUpdate();
  }

  private void insertOther(String statement, long id, long student, String school, String code, double score,
                           LocalDateTime at) throws SQLException {
    PreparedStatement ps = statement(statement);
    ps.setLong(1, id);
    ps.setInt(2, year);
    ps.setLong(3, student);
    ps.setString(4, school);
    ps.setString(5, code);
    ps.setBigDecimal(6, decimal(score));
    ps.setTimestamp(7, Timestamp.valueOf(at));
    ps.executeUpdate();
  }

  private List<NationalMean> sittingOrLatest(String test, String grade) {
    List<NationalMean> s = Curriculum.get().sitting(test, grade, year);
    return s.isEmpty() ? Curriculum.get().sitting(test, grade, Curriculum.get().years().last()) : s;
  }

  private static BigDecimal decimal(double score) {
    return BigDecimal.valueOf(Math.round(score * 100), 2);
  }

  /** The score as the source stores it (two decimals). */
  private static double cents(double score) {
    return Math.round(score * 100) / 100.0;
  }

  private LocalDate academicDay() {
    return EmisGenerator.academicDay(random, year - 543);
  }

  private static LocalDateTime now() {
    return LocalDateTime.now(ZoneOffset.UTC).withNano(0);
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private PreparedStatement statement(String name) throws SQLException {
    PreparedStatement ps = prepared.get(name);
    if (ps == null) {
      ps = connection.prepareStatement(sql.get(name));
      prepared.put(name, ps);
    }
    return ps;
  }

  private void connect() throws SQLException {
    connection = target.connect();
    connection.setAutoCommit(false);
  }

  private void closeConnection() {
    prepared.clear();
    if (connection != null) {
      try {
        connection.rollback();
        connection.close();
      } catch (SQLException ignored) {
        // the connection is gone already
      }
      connection = null;
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loadState() throws SQLException {
    try (ResultSet rs = statement("latest_year").executeQuery()) {
      rs.next();
      year = rs.getInt(1);
      if (rs.wasNull()) {
        throw new IllegalStateException("the source has no enrollment: generate it first");
      }
    }
    List<School> all = new ArrayList<>();
    try (ResultSet rs = statement("schools").executeQuery()) {
      while (rs.next()) {
        School s = new School(rs.getString(1).strip(), rs.getString(2).strip(), rs.getInt(3));
        all.add(s);
        schoolByCode.put(s.code(), s);
        schoolsByEsa.computeIfAbsent(s.esa(), k -> new ArrayList<>()).add(s);
        schoolsByCluster.computeIfAbsent(s.cluster(), k -> new ArrayList<>()).add(s);
      }
    }
    if (all.isEmpty()) {
      throw new IllegalStateException("the source has no schools: generate it first");
    }
    schools = all;
    try (ResultSet rs = statement("teachers").executeQuery()) {
      while (rs.next()) {
        teachersBySchool.computeIfAbsent(rs.getString(2).strip(), k -> new ArrayList<>()).add(rs.getLong(1));
      }
    }
    try (ResultSet rs = statement("supervisors").executeQuery()) {
      while (rs.next()) {
        supervisorsByEsa.computeIfAbsent(rs.getString(2).strip(), k -> new ArrayList<>()).add(rs.getInt(1));
      }
    }
    long enrolledCount = count("count_enrollment");
    long every = Math.max(1, enrolledCount / 20_000);
    PreparedStatement ps = statement("exam_candidates");
    ps.setInt(1, year);
    ps.setLong(2, every);
    List<Candidate> found = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        found.add(new Candidate(rs.getLong(1), rs.getString(2).strip(), rs.getString(3)));
      }
    }
    Collections.shuffle(found, new java.util.Random(config.seed()));
    candidates.addAll(found);
    ps = statement("score_sample");
    long everyStudent = Math.max(1, count("count_onet") / 20_000);
    for (int t = 0; t < 3; t++) {
      ps.setInt(1 + 2 * t, year);
      ps.setLong(2 + 2 * t, everyStudent);
    }
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String test = rs.getString(1);
        ScoreRow row = new ScoreRow(rs.getLong(2), rs.getLong(3), rs.getString(4).strip(), rs.getString(5).strip(),
            rs.getString(6).strip(), rs.getDouble(7));
        subjectScores.add(test, row.grade(), row.subject(), row.school(), row.score());
        if (test.equals("ONET")) {
          scores.add(row);
        }
      }
    }
    ps = statement("enrollment_sample");
    ps.setInt(1, year);
    ps.setLong(2, every);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        enrolled.add(new Enrolled(rs.getLong(1), rs.getString(2).strip()));
      }
    }
    try (ResultSet rs = statement("max_ids").executeQuery()) {
      rs.next();
      nextOnet = rs.getLong(1);
      nextNt = rs.getLong(2);
      nextRt = rs.getLong(3);
      nextSession = rs.getLong(4);
      nextVisit = rs.getLong(5);
      nextPlc = rs.getLong(6);
      nextStudent = rs.getLong(7);
    }
    connection.commit();
    LOG.info("simulator ready: AY {}, {} schools, {} exam candidates without scores, {} scores sampled ({} O-NET)",
        year, schools.size(), candidates.size(), subjectScores.size(), scores.size());
  }

  private long count(String name) throws SQLException {
    PreparedStatement ps = statement(name);
    ps.setInt(1, year);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
