package org.satit.cli;

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
import org.satit.ingest.bench.BenchSource;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.ingest.source.SourceTable;
import org.satit.ingest.source.TableChecksum;
import org.satit.ingest.verify.WarehouseComparison;

/**
 * {@code satit verify chaos}: {@code satit serve} in a child JVM over a generated source that the simulator
 * keeps changing (bad rows included), killed with SIGKILL at random moments of the snapshot and of streaming
 * and started again each time; the source PostgreSQL itself restarted under it mid-stream. Then the source
 * stops changing, satit catches up, and every warehouse table is compared with its source (row counts and
 * content checksums), the quarantine with the source's bad rows, and the warehouse is searched for personal data.
 */
final class ChaosSuite {

  record Options(EmisGenerator.Scale scale, int kills, int sourceRestarts, long seed, Path dir, boolean keep) {
  }

  record Kill(int n, String phase, long rowsAtKill, long version, long aliveMillis) {
  }

  record Result(long seed, List<Kill> kills, int sourceRestarts, String lastStart, List<WarehouseComparison.Table> tables,
                List<String> problems) {
    boolean passed() {
      return problems.isEmpty() && tables.stream().allMatch(WarehouseComparison.Table::equal);
    }
  }

  private ChaosSuite() {
  }

  static Result run(Options o, PrintWriter out) throws Exception {
    Random random = new Random(o.seed());
    BenchSource.deleteRecursively(o.dir());
    Files.createDirectories(o.dir());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.writeString(o.dir().resolve("pseudonym.key"), HexFormat.of().formatHex(secret));
    EmbeddedSource pg = EmbeddedSource.start(o.dir().resolve("source"), 0);
    int port = pg.port();
    List<Kill> kills = new ArrayList<>();
    int restarts = 0;
    String lastStart;
    try {
      out.printf("chaos: generating a %s-scale source (seed %d) …%n", o.scale().name().toLowerCase(), o.seed());
      out.flush();
      SourceLoader.generate(pg.target(), new EmisGenerator(EmisGenerator.Options.of(o.scale(), o.seed())),
          EmisGenerator.Progress.NONE, false);
      Map<String, Long> sourceCounts = sourceCounts(pg);
      long sourceRows = sourceCounts.values().stream().mapToLong(Long::longValue).sum();
      Path config = writeConfig(o.dir(), port);
      // restart the source at these kills' runs (while satit streams), spread over the second half
      List<Integer> restartAt = new ArrayList<>();
      for (int r = 1; r <= o.sourceRestarts(); r++) {
        restartAt.add(Math.max(1, o.kills() / 2 + r * (o.kills() / 2) / (o.sourceRestarts() + 1)));
      }
      try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(150, 0.05, o.seed())).start()) {
        for (int k = 1; k <= o.kills(); k++) {
          ChildSatit child = ChildSatit.start(o.dir().resolve("serve-" + k + ".log"), "serve", "--config", config.toString());
          long started = System.currentTimeMillis();
          child.healthUri();
          if (restartAt.contains(k)) {
            awaitSnapshot(child, sourceCounts);
            long before = child.health().path("warehouseVersion").asLong();
            pg.close();
            Thread.sleep(1000 + random.nextInt(2000));
            pg = EmbeddedSource.start(o.dir().resolve("source"), port);
            restarts++;
            // the pipeline resumes by itself: the warehouse moves again
            long deadline = System.currentTimeMillis() + 120_000;
            while (child.health().path("warehouseVersion").asLong() <= before + 1) {
              if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the warehouse did not move in 2 minutes after the source restarted:\n"
                    + child.log());
              }
              Thread.sleep(200);
            }
            out.printf("chaos: source PostgreSQL restarted under satit (run %d); the warehouse moved on from version %,d%n",
                k, before);
          }
          if (k <= Math.max(1, o.kills() / 4)) {
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
          out.printf("chaos: kill -9 #%d during %s (%,d rows in the warehouse, version %,d, %.1f s after start)%n",
              k, kill.phase(), rows, kill.version(), kill.aliveMillis() / 1000.0);
          out.flush();
          Thread.sleep(200 + random.nextInt(1500)); // the source changes while satit is down
        }
        ChildSatit last = ChildSatit.start(o.dir().resolve("serve-final.log"), "serve", "--config", config.toString());
        awaitSnapshot(last, sourceCounts);
        lastStart = last.resumeLine();
        out.println("chaos: restarted for the last time: " + lastStart);
        Thread.sleep(2000);
        sim.close();
        out.println("chaos: " + SimulatorStatus.line(sim));
        last.awaitQuiet(java.time.Duration.ofSeconds(5), 300);
        last.stop();
      }
      Pseudonyms pseudonyms = new Pseudonyms(secret);
      try (Connection src = pg.target().connect();
           Connection wh = DriverManager.getConnection("jdbc:duckdb:" + o.dir().resolve("serve/warehouse.duckdb"))) {
        List<WarehouseComparison.Table> tables = WarehouseComparison.compare(src, wh, pseudonyms);
        List<String> problems = new ArrayList<>(WarehouseComparison.quarantineProblems(src, wh));
        problems.addAll(WarehouseComparison.personalDataProblems(src, wh));
        return new Result(o.seed(), kills, restarts, lastStart, tables, problems);
      }
    } finally {
      pg.close();
      if (!o.keep()) {
        BenchSource.deleteRecursively(o.dir());
      }
    }
  }

  static void print(PrintWriter out, Result r) {
    long snapshot = r.kills().stream().filter(k -> k.phase().equals("snapshot")).count();
    out.println();
    out.printf("satit verify chaos (seed %d): %d kills with SIGKILL (%d during the snapshot, %d while streaming),"
        + " %d restarts of the source PostgreSQL under a running satit%n", r.seed(), r.kills().size(), snapshot,
        r.kills().size() - snapshot, r.sourceRestarts());
    out.printf("%-20s %12s %12s  %s%n", "table", "source rows", "warehouse", "content checksum");
    for (WarehouseComparison.Table t : r.tables()) {
      out.printf("%-20s %,12d %,12d  %s%n", t.name(), t.sourceRows(), t.warehouseRows(),
          t.equal() ? "equal" : "DIFFERS (source " + Long.toHexString(t.sourceSum()) + ", warehouse "
              + Long.toHexString(t.warehouseSum()) + ")");
    }
    out.println("quarantine: " + (r.problems().stream().noneMatch(p -> p.startsWith("quarantine"))
        ? "every bad source row quarantined exactly once" : "MISMATCH"));
    out.println("personal data in the warehouse: " + (r.problems().stream().allMatch(p -> p.startsWith("quarantine"))
        ? "none" : "FOUND"));
    for (String p : r.problems()) {
      out.println("  problem: " + p);
    }
    out.println(r.passed() ? "PASSED: the warehouse equals the source" : "FAILED");
    out.flush();
  }

  /** Rows per source table as generated (before the simulator starts). */
  private static Map<String, Long> sourceCounts(EmbeddedSource pg) throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = pg.target().connect()) {
      for (SourceTable t : SourceTable.values()) {
        if (t.isEmisData()) {
          rows.put(t.tableName(), TableChecksum.of(c, t).rows());
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

  private static void awaitSnapshot(ChildSatit child, Map<String, Long> sourceCounts) throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    while (!snapshotDone(child.health(), sourceCounts)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the snapshot did not finish in 10 minutes:\n" + child.log());
      }
      Thread.sleep(200);
    }
  }

  private static Path writeConfig(Path dir, int port) throws java.io.IOException {
    Path config = dir.resolve("satit.yaml");
    Files.writeString(config, String.join("\n",
        "dataDir: serve",
        "pseudonymKey: pseudonym.key",
        "server: {host: 127.0.0.1, port: 0}",
        "sources:",
        "  - name: emis",
        "    engine: postgres",
        "    host: 127.0.0.1",
        "    port: " + port,
        "    database: " + EmbeddedSource.DATABASE,
        "    user: " + EmbeddedSource.USER,
        ""));
    return config;
  }
}
