package org.satit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.cdc.PostgresIngestTest;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;

/**
 * Kills {@code satit serve} hard (SIGKILL, no shutdown hook runs) in the middle of the snapshot and
 * again in the middle of streaming, while the source keeps changing, restarts it each time, and
 * then checks that the warehouse equals the source table by table (counts and content digests),
 * that bad rows are quarantined exactly once, and that no personal data got in.
 */
class ServeCrashTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  @Test
  void killedMidSnapshotAndMidStreamTheWarehouseStillEqualsTheSource() throws Exception {
    long seed = Long.getLong("satit.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("crash test seed " + seed + " (-Dsatit.crash.seed=" + seed + " repeats it)");
    try (EmbeddedSource pg = EmbeddedSource.start(dir.resolve("source"), 0)) {
      SourceLoader.generate(pg.target(), new EmisGenerator(EmisGenerator.Options.of(EmisGenerator.Scale.ESA, 7)),
          EmisGenerator.Progress.NONE, false);
      long sourceRows = sourceRows(pg);
      Path config = writeConfig(pg);
      try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(150, 0.05, seed)).start()) {
        // 1. killed in the middle of the snapshot
        Serve first = Serve.start(config, dir.resolve("serve-1.log"));
        double fraction = 0.2 + 0.5 * random.nextDouble();
        long rowsAtKill = first.awaitRows(r -> r >= fraction * sourceRows && r < sourceRows * 0.95, 180);
        first.kill();
        System.out.printf("killed mid-snapshot at %,d of %,d rows%n", rowsAtKill, sourceRows);
        assertThat(rowsAtKill).isLessThan(sourceRows);
        Thread.sleep(500 + random.nextInt(2000)); // the source changes while satit is down

        // 2. restarted: finishes the snapshot, streams; killed again in the middle of streaming
        Serve second = Serve.start(config, dir.resolve("serve-2.log"));
        second.awaitRows(r -> r >= sourceRows, 240);
        long streamFor = 2000 + random.nextInt(4000);
        Thread.sleep(streamFor);
        long version = second.health().path("warehouseVersion").asLong();
        second.kill();
        System.out.printf("killed mid-stream %d ms after the snapshot completed (warehouse version %d); %s%n",
            streamFor, version, second.resumeLine());
        Thread.sleep(500 + random.nextInt(2000));

        // 3. restarted from the latest checkpoint; the source stops changing; satit catches up and stops
        Serve third = Serve.start(config, dir.resolve("serve-3.log"));
        third.awaitRows(r -> r >= sourceRows, 120);
        assertThat(third.resumeLine()).as(third.log()).contains("resumed from checkpoint");
        Thread.sleep(3000);
        sim.close();
        System.out.println(SimulatorStatus.line(sim));
        third.awaitQuiet(Duration.ofSeconds(5), 120);
        third.stop();
      }
      Pseudonyms pseudonyms = new Pseudonyms(PostgresIngestTest.SECRET);
      try (Connection src = pg.target().connect();
           Connection wh = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("serve/warehouse.duckdb"))) {
        assertThat(PostgresIngestTest.differences(src, wh, pseudonyms)).as("tables where the warehouse differs").isEmpty();
        PostgresIngestTest.assertQuarantine(src, wh);
        PostgresIngestTest.assertNoPersonalData(src, wh);
      }
    }
  }

  private static long sourceRows(EmbeddedSource pg) throws Exception {
    try (Connection c = pg.target().connect(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE relname <> 'satit_generation'")) {
      rs.next();
      return rs.getLong(1) > 0 ? rs.getLong(1) : 280_000;
    }
  }

  private Path writeConfig(EmbeddedSource pg) throws IOException {
    Path key = dir.resolve("pseudonym.key");
    Files.writeString(key, HexFormat.of().formatHex(PostgresIngestTest.SECRET));
    Path config = dir.resolve("satit.yaml");
    Files.writeString(config, String.join("\n",
        "dataDir: serve",
        "pseudonymKey: pseudonym.key",
        "server: {host: 127.0.0.1, port: 0}",
        "sources:",
        "  - name: emis",
        "    engine: postgres",
        "    host: 127.0.0.1",
        "    port: " + pg.port(),
        "    database: " + EmbeddedSource.DATABASE,
        "    user: " + EmbeddedSource.USER,
        ""));
    return config;
  }

  /** {@code satit serve} in a child JVM (the test's class path), its output in a log file. */
  private record Serve(Process process, Path logFile) {

    private static final Pattern HEALTH = Pattern.compile("health: (http://\\S+)");

    static Serve start(Path config, Path log) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g", "-cp", System.getProperty("java.class.path"), Satit.class.getName(), "serve", "--config",
          config.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Serve(p, log);
    }

    String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    String resumeLine() {
      return log().lines().filter(l -> l.startsWith("ingest:")).findFirst().orElse("(no ingest line yet)");
    }

    URI healthUri() throws InterruptedException {
      for (int i = 0; i < 600; i++) {
        Matcher m = HEALTH.matcher(log());
        if (m.find()) {
          return URI.create(m.group(1));
        }
        if (!process.isAlive()) {
          throw new AssertionError("satit serve exited with " + process.exitValue() + ":\n" + log());
        }
        Thread.sleep(100);
      }
      throw new AssertionError("satit serve printed no health URL in 60 s:\n" + log());
    }

    JsonNode health() throws Exception {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(healthUri()).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return JSON.readTree(r.body());
    }

    static long rows(JsonNode health) {
      long n = 0;
      for (JsonNode t : health.path("tables")) {
        n += t.path("rows").asLong();
      }
      return n;
    }

    /** Polls the health endpoint until the warehouse's row total satisfies the condition; returns it. */
    long awaitRows(java.util.function.LongPredicate ok, int seconds) throws Exception {
      long deadline = System.currentTimeMillis() + seconds * 1000L;
      long last = -1;
      while (System.currentTimeMillis() < deadline) {
        last = rows(health());
        if (ok.test(last)) {
          return last;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("warehouse rows stayed at " + last + ":\n" + log());
    }

    /** Waits until the warehouse version has not moved for {@code quiet}. */
    void awaitQuiet(Duration quiet, int seconds) throws Exception {
      long deadline = System.currentTimeMillis() + seconds * 1000L;
      long version = -1;
      long since = System.currentTimeMillis();
      while (System.currentTimeMillis() < deadline) {
        long now = health().path("warehouseVersion").asLong();
        if (now != version) {
          version = now;
          since = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - since >= quiet.toMillis()) {
          return;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("the warehouse never fell quiet:\n" + log());
    }

    /** SIGKILL: no shutdown hook, no flush, no clean cancel. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** SIGTERM: the clean stop (Ctrl-C path). */
    void stop() throws InterruptedException {
      process.destroy();
      assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(log()).isTrue();
    }
  }
}
