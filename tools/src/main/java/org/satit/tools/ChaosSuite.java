package org.satit.tools;

import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.satit.tools.bench.BenchSource;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.cdc.WarehouseIngest;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.ingest.source.TableChecksum;
import org.satit.ingest.verify.WarehouseComparison;

/**
 * {@code satit verify chaos}: {@code satit serve} in a child JVM over a generated source that the simulator
 * keeps changing (bad rows included), killed with SIGKILL at random moments of the snapshot and of streaming
 * and started again each time; the source database itself restarted under it mid-stream. Then the source stops
 * changing, satit catches up, and every warehouse table is compared with its source (row counts and content
 * checksums), the quarantine with the source's bad rows, and the warehouse is searched for personal data.
 * Once over the embedded PostgreSQL, once over a MariaDB server of its own (where Debian's MariaDB is installed).
 */
final class ChaosSuite {

  /**
   * {@code snapshotEndRestart}: also restart each source the moment the snapshot's rows are in while its last
   * chunks are read (the moment that wedges Flink CDC 3.5's MySQL source, FLINK-40052: satit must notice and
   * snapshot afresh by itself).
   */
  record Options(EmisGenerator.Scale scale, int kills, int sourceRestarts, int mariadbKills, int mariadbRestarts,
                 boolean snapshotEndRestart, boolean sourceFaults, int taskManagerKills, long seed, Path dir,
                 boolean keep) {
  }

  record Kill(int n, String phase, long rowsAtKill, long version, long aliveMillis) {
  }

  /** One source engine's run. */
  record Phase(String source, List<Kill> kills, int sourceRestarts, int snapshotEndRestarts, int freshStarts,
               List<String> faults, int resnapshots, String lastStart, long sourceChanges,
               List<WarehouseComparison.Table> tables, List<String> problems) {
    boolean passed() {
      return problems.isEmpty() && tables.stream().allMatch(WarehouseComparison.Table::equal);
    }
  }

  record Result(long seed, List<Phase> phases, List<String> skipped) {
    boolean passed() {
      return !phases.isEmpty() && phases.stream().allMatch(Phase::passed);
    }
  }

  /** Flink's 10 restarts at about 2.5 s each, the supervisor's 5 s, the fresh start's sweep and preload. */
  static final java.time.Duration SETTLED = java.time.Duration.ofSeconds(45);

  private ChaosSuite() {
  }

  static Result run(Options o, PrintWriter out) throws Exception {
    BenchSource.deleteRecursively(o.dir());
    Files.createDirectories(o.dir());
    List<Phase> phases = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      try (ChaosSource pg = ChaosSource.postgres(o.dir().resolve("postgres/source"))) {
        phases.add(phase(pg, o.kills(), o.sourceRestarts(), o, o.dir().resolve("postgres"), out));
      }
      if (o.mariadbKills() > 0) {
        ChaosSource maria;
        try {
          maria = ChaosSource.mariadb(o.dir().resolve("mariadb/source"));
        } catch (ChaosSource.Unavailable e) {
          skipped.add("MariaDB: " + e.getMessage());
          out.println("chaos: SKIPPED the MariaDB run: " + e.getMessage());
          maria = null;
        }
        if (maria != null) {
          try (ChaosSource m = maria) {
            phases.add(phase(m, o.mariadbKills(), o.mariadbRestarts(), o, o.dir().resolve("mariadb"), out));
          }
        }
      }
      if (o.taskManagerKills() > 0) {
        Files.createDirectories(o.dir().resolve("cluster"));
        try (ChaosSource pg = ChaosSource.postgres(o.dir().resolve("cluster/source"))) {
          phases.add(ClusterChaos.run(pg, o.taskManagerKills(), o, o.dir().resolve("cluster"), out));
        }
      }
      Result result = new Result(o.seed(), phases, skipped);
      if (!result.passed()) {
        out.println("chaos: keeping " + o.dir() + " (sources, warehouses, every run's log) for a look");
      }
      return result;
    } finally {
      if (!o.keep() && phases.stream().allMatch(Phase::passed)) {
        BenchSource.deleteRecursively(o.dir());
      }
    }
  }

  private static Phase phase(ChaosSource source, int killCount, int restartCount, Options o, Path dir, PrintWriter out)
      throws Exception {
    Random random = new Random(o.seed());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.writeString(dir.resolve("pseudonym.key"), HexFormat.of().formatHex(secret));
    String name = source.name();
    out.printf("chaos %s: generating a %s-scale source (seed %d) …%n", name, o.scale().name().toLowerCase(), o.seed());
    out.flush();
    SourceLoader.generate(source.target(), new EmisGenerator(EmisGenerator.Options.of(o.scale(), o.seed())),
        EmisGenerator.Progress.NONE, false);
    Map<String, Long> sourceCounts = sourceCounts(source);
    long sourceRows = sourceCounts.values().stream().mapToLong(Long::longValue).sum();
    Path config = dir.resolve("satit.yaml");
    Files.writeString(config, "dataDir: serve\npseudonymKey: pseudonym.key\nserver: {host: 127.0.0.1, port: 0}\n"
        + "sources:\n  - name: emis\n" + source.config());
    // restart the source at these runs (while satit streams), spread over the runs after the snapshot kills
    List<Integer> restartAt = new ArrayList<>();
    int snapshotKills = Math.max(1, killCount / 4); // the first runs' kills aim at the snapshot
    int snapshotEndRun = Math.max(2, snapshotKills); // restarts the source at the snapshot's end
    int first = Math.min(killCount, snapshotKills + 1);
    for (int r = 1; r <= restartCount; r++) {
      restartAt.add(Math.min(killCount, first + r * (killCount - first + 1) / (restartCount + 1)));
    }
    // while satit is down: the log position its checkpoint needs is lost, then the source is replaced by a restored
    // dump on another server (each must make the next start snapshot afresh, with the reason)
    int replaceAt = o.sourceFaults() && killCount >= 3 ? killCount - 1 : -1;
    int loseAt = replaceAt > 0 ? Math.max(Math.max(1, killCount / 4) + 1, replaceAt - 1) : -1; // after the snapshot
    if (loseAt >= replaceAt) {
      loseAt = -1; // too few kills for both: the replacement alone
    }
    List<String> faults = new ArrayList<>();
    List<Kill> kills = new ArrayList<>();
    int restarts = 0;
    int snapshotEndRestarts = 0;
    String lastStart;
    long changes;
    try (ChangeSimulator sim = new ChangeSimulator(source.target(), new ChangeSimulator.Config(150, 0.05, o.seed())).start()) {
      for (int k = 1; k <= killCount; k++) {
        ChildSatit child = ChildSatit.start(dir.resolve("serve-" + k + ".log"), "serve", "--config", config.toString());
        long started = System.currentTimeMillis();
        child.healthUri();
        boolean snapshotEnd = o.snapshotEndRestart() && k == snapshotEndRun
            && kills.get(kills.size() - 1).phase().equals("snapshot") && !snapshotDone(child.health(), sourceCounts);
        if (snapshotEnd) {
          // the last run aimed at the snapshot resumes it: restart the source as its last rows arrive, then kill
          // satit while it streams
          awaitSnapshot(child, sourceCounts);
          restartUnder(child, source, k, "as the snapshot's last chunks were read", out);
          snapshotEndRestarts++;
        }
        if (restartAt.contains(k)) {
          // mid-stream: the snapshot done and streamed changes arriving
          awaitStreaming(child, sourceCounts);
          restartUnder(child, source, k, "mid-stream", out);
          restarts++;
        }
        if (k - 1 == loseAt || k - 1 == replaceAt) {
          // the start after a fault snapshots afresh: let it reach its stream and checkpoint it before the next
          // kill, so that later starts have a checkpoint to resume (or to refuse)
          awaitOk(child);
          Thread.sleep(3000);
        }
        if (k <= snapshotKills && !snapshotEnd) {
          // the first quarter of the kills aim at the snapshot: a random share of the rows still to come
          long now = ChildSatit.rows(child.health());
          long target = now + (long) ((sourceRows * 0.95 - now) * (0.2 + 0.6 * random.nextDouble()));
          child.awaitRows(r -> r >= target, 600);
        } else {
          Thread.sleep(500 + random.nextInt(7000));
        }
        var health = child.health();
        long rows = ChildSatit.rows(health);
        child.kill();
        Kill kill = new Kill(k, snapshotDone(health, sourceCounts) ? "streaming" : "snapshot", rows,
            health.path("warehouseVersion").asLong(), System.currentTimeMillis() - started);
        kills.add(kill);
        out.printf("chaos %s: kill -9 #%d during %s (%,d rows in the warehouse, version %,d, %.1f s after start)%n",
            name, k, kill.phase(), rows, kill.version(), kill.aliveMillis() / 1000.0);
        out.flush();
        if (k == loseAt) {
          source.loseLogPosition();
          faults.add("after kill #" + k + ": " + source.logLoss());
          out.printf("chaos %s: while satit is down, %s%n", name, source.logLoss());
          out.flush();
        }
        if (k == replaceAt) {
          source.replaceWithRestoredDump();
          faults.add("after kill #" + k + ": replaced by another server holding a dump of its data");
          out.printf("chaos %s: while satit is down, the source was replaced by another server holding a dump of its"
              + " data%n", name);
          out.flush();
        }
        Thread.sleep(200 + random.nextInt(1500)); // the source changes while satit is down
      }
      ChildSatit last = ChildSatit.start(dir.resolve("serve-final.log"), "serve", "--config", config.toString());
      awaitSnapshot(last, sourceCounts);
      lastStart = last.resumeLine();
      out.printf("chaos %s: restarted for the last time: %s%n", name, lastStart);
      Thread.sleep(2000);
      sim.close();
      changes = sim.total();
      out.printf("chaos %s: %s%n", name, SimulatorStatus.line(sim));
      // quiet for longer than satit takes to notice a job that keeps failing and start it again (Flink's
      // restarts, then the supervisor's): a wedged job is quiet too, and must be given the time to recover
      last.awaitQuiet(SETTLED, 600);
      last.stop();
    }
    Comparison compared = compare(source, dir, secret);
    List<WarehouseComparison.Table> tables = compared.tables();
    List<String> problems = compared.problems();
    // every snapshot after the first start says why in the log: a checkpoint it would not resume ("resnapshot:
    // …"), or none left to resume (the job after a fault killed before its first checkpoint)
    int resnapshots = logLines(dir, "snapshot of source ") - logLines(dir, "(" + WarehouseIngest.FIRST_START + ")");
    if (resnapshots < faults.size()) {
      problems.add("satit snapshotted afresh " + resnapshots + " times after " + faults.size() + " faults that needed it");
    }
    return new Phase(name, kills, restarts, snapshotEndRestarts, freshStarts(dir), faults, resnapshots, lastStart,
        changes, tables, problems);
  }

  /** A run's warehouse against its source: every table, and the quarantine and personal-data problems found. */
  record Comparison(List<WarehouseComparison.Table> tables, List<String> problems) {
  }

  /** Compares the warehouse of the run in {@code dir} (its {@code serve/} data) with the source. */
  static Comparison compare(ChaosSource source, Path dir, byte[] secret) throws Exception {
    try (Connection src = source.target().connect();
         Connection wh = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("serve/warehouse.duckdb"))) {
      List<WarehouseComparison.Table> tables = WarehouseComparison.compare(src, wh, new Pseudonyms(secret));
      List<String> problems = new ArrayList<>(WarehouseComparison.quarantineProblems(src, wh));
      problems.addAll(WarehouseComparison.personalDataProblems(src, wh));
      problems.addAll(WarehouseComparison.rollupProblems(wh));
      // a table that differs says which rows went missing or stayed stale, and what the quarantine holds of it
      for (WarehouseComparison.Table t : tables) {
        if (!t.equal()) {
          problems.add(WarehouseComparison.explain(src, wh, new Pseudonyms(secret), t.name(), 10));
          problems.add(t.name() + " in quarantine by reason: " + quarantined(wh, t.name()));
        }
      }
      return new Comparison(tables, problems);
    }
  }

  private static Map<String, Long> quarantined(Connection wh, String table) throws java.sql.SQLException {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (java.sql.PreparedStatement ps = wh.prepareStatement("SELECT reason || CASE WHEN released_at IS NULL THEN ''"
        + " ELSE ' (released)' END, COUNT(*) FROM quarantine WHERE table_name = ? GROUP BY ALL")) {
      ps.setString(1, table);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /** Restarts the source under a running satit; the pipeline must resume by itself (the warehouse moves on). */
  private static void restartUnder(ChildSatit child, ChaosSource source, int run, String when, PrintWriter out)
      throws Exception {
    long before = child.health().path("warehouseVersion").asLong();
    long restarted = System.currentTimeMillis();
    source.restart();
    long deadline = System.currentTimeMillis() + 180_000;
    while (child.health().path("warehouseVersion").asLong() <= before + 1) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the warehouse did not move in 3 minutes after " + source.name()
            + " restarted:\n" + child.log());
      }
      Thread.sleep(200);
    }
    out.printf("chaos %s: the source restarted under satit %s (run %d); the warehouse moved on from version %,d"
        + " %.1f s after the restart began%n", source.name(), when, run, before,
        (System.currentTimeMillis() - restarted) / 1000.0);
    out.flush();
  }

  /** How often satit discarded a wedged checkpoint and snapshotted afresh, from the runs' logs. */
  private static int freshStarts(Path dir) throws java.io.IOException {
    return logLines(dir, org.satit.ingest.cdc.LocalIngest.FRESH_AFTER_WEDGE);
  }

  /** Lines of the runs' logs that contain the text. */
  private static int logLines(Path dir, String text) throws java.io.IOException {
    int n = 0;
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().matches("serve-.*\\.log")).toList()) {
        n += (int) Files.readString(log).lines().filter(l -> l.contains(text)).count();
      }
    }
    return n;
  }

  static void print(PrintWriter out, Result r) {
    out.println();
    out.printf("satit verify chaos (seed %d)%n", r.seed());
    for (Phase p : r.phases()) {
      long snapshot = p.kills().stream().filter(k -> k.phase().equals("snapshot")).count();
      long taskManager = p.kills().stream().filter(k -> k.phase().equals("taskmanager")).count();
      if (taskManager > 0) {
        out.printf("%n%s: %d kills of the TaskManager with SIGKILL (each replaced by a new one) and one of satit serve,"
            + " %,d source changes made meanwhile%n", p.source(), taskManager, p.sourceChanges());
      } else {
        out.printf("%n%s source: %d kills with SIGKILL (%d during the snapshot, %d while streaming), %d restarts of the"
            + " source under a running satit mid-stream and %d as the snapshot's last chunks were read, %,d source"
            + " changes made meanwhile%n", p.source(), p.kills().size(), snapshot, p.kills().size() - snapshot,
            p.sourceRestarts(), p.snapshotEndRestarts(), p.sourceChanges());
      }
      for (String f : p.faults()) {
        out.printf("fault %s%n", f);
      }
      out.printf("satit snapshotted afresh %d time(s) after its first start, saying why in its log%n", p.resnapshots());
      if (p.freshStarts() > 0) {
        out.printf("satit found its checkpoint wedged (FLINK-40052) %d time(s) and snapshotted afresh by itself%n",
            p.freshStarts());
      }
      out.printf("%-20s %12s %12s  %s%n", "table", "source rows", "warehouse", "content checksum");
      for (WarehouseComparison.Table t : p.tables()) {
        out.printf("%-20s %,12d %,12d  %s%n", t.name(), t.sourceRows(), t.warehouseRows(),
            t.equal() ? "equal" : "DIFFERS (source " + Long.toHexString(t.sourceSum()) + ", warehouse "
                + Long.toHexString(t.warehouseSum()) + ")");
      }
      out.println("quarantine: " + (p.problems().stream().noneMatch(x -> x.startsWith("quarantine"))
          ? "every bad source row quarantined exactly once" : "MISMATCH"));
      out.println("personal data in the warehouse: " + (p.problems().stream().allMatch(x -> x.startsWith("quarantine"))
          ? "none" : "FOUND"));
      for (String x : p.problems()) {
        out.println("  problem: " + x);
      }
      out.println(p.passed() ? "PASSED: the warehouse equals the source" : "FAILED");
    }
    for (String s : r.skipped()) {
      out.println("SKIPPED " + s);
    }
    out.println(r.passed() ? "PASSED" : "FAILED");
    out.flush();
  }

  /** Rows per source table as generated (before the simulator starts). */
  static Map<String, Long> sourceCounts(ChaosSource source) throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = source.target().connect()) {
      for (SourceSpec t : SourceSpecs.all()) {
        if (t.isEmisData()) {
          rows.put(t.name(), TableChecksum.of(c, t).rows());
        }
      }
    }
    return rows;
  }

  /**
   * Whether the snapshot is in: every table holds at least 97 % of the rows its source table had when
   * generated (some source rows are bad and quarantined; the simulator adds and removes a few more).
   */
  static boolean snapshotDone(com.fasterxml.jackson.databind.JsonNode health, Map<String, Long> sourceCounts) {
    for (var t : health.path("tables")) {
      Long expected = sourceCounts.get(t.path("name").asText());
      if (expected != null && t.path("rows").asLong() < expected * 0.97) {
        return false;
      }
    }
    return true;
  }

  /** Until the snapshot is in and changes are being streamed (a table shows the lag of a streamed change). */
  private static void awaitStreaming(ChildSatit child, Map<String, Long> sourceCounts) throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    while (true) {
      var health = child.health();
      boolean streaming = false;
      for (var t : health.path("tables")) {
        streaming |= !t.path("lagMs").isNull() && !t.path("lagMs").isMissingNode();
      }
      if (streaming && snapshotDone(health, sourceCounts)) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no streamed change in 10 minutes:\n" + child.log());
      }
      Thread.sleep(200);
    }
  }

  /**
   * Until health says every source is ok: its stream delivers fresh heartbeats (a fresh snapshot is through). Five
   * minutes at most (it takes seconds): then the failure carries the child's log, well inside a test's timeout.
   */
  private static void awaitOk(ChildSatit child) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    while (!ChildSatit.streamingFresh(child.health())) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("health did not say ok in 5 minutes: " + child.health() + "\nthe end of its log:\n"
            + tail(child.log(), 20_000));
      }
      Thread.sleep(200);
    }
  }

  private static void awaitSnapshot(ChildSatit child, Map<String, Long> sourceCounts) throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    while (!snapshotDone(child.health(), sourceCounts)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the snapshot did not finish in 10 minutes:\n" + child.log());
      }
      Thread.sleep(200);
    }
  }

  private static String tail(String text, int chars) {
    return text.length() <= chars ? text : "…" + text.substring(text.length() - chars);
  }
}
