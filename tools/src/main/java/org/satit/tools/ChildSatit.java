package org.satit.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code satit} command in a child JVM (this JVM's class path: the satit jar, or the tests' class path), its
 * output in a log file: for the crash tests and {@code satit verify chaos}, which kill it hard.
 */
record ChildSatit(Process process, Path logFile) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern HEALTH = Pattern.compile("health: (http://\\S+)");

  static ChildSatit start(Path log, String... args) throws IOException {
    return start(log, java.util.Map.of(), args);
  }

  /** The same with these environment variables set (e.g. the ingest token of cluster mode). */
  static ChildSatit start(Path log, java.util.Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), SatitTools.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    b.environment().putAll(env);
    return new ChildSatit(b.start(), log);
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
        throw new IllegalStateException("satit exited with " + process.exitValue() + ":\n" + log());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("satit printed no health URL in 60 s:\n" + log());
  }

  /** The health answer: 200 when every source is ok, 503 (with the same body) while not. */
  JsonNode health() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(healthUri()).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 && r.statusCode() != 503) {
      throw new IllegalStateException("health answered " + r.statusCode() + ": " + r.body());
    }
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
    throw new IllegalStateException("warehouse rows stayed at " + last + ":\n" + log());
  }

  /** Row changes applied so far, over every source table (heartbeats not counted). */
  static long applied(JsonNode health) {
    long n = 0;
    for (JsonNode t : health.path("tables")) {
      n += t.path("rowsApplied").asLong();
    }
    return n;
  }

  /**
   * Waits until no row change has been applied for {@code quiet} and health says every source is {@code ok} with a
   * heartbeat younger than 5 s: the stream runs and has caught up (a job failing over and over, or snapshotting
   * afresh, delivers no heartbeat and so never looks settled, however quiet its rows are).
   */
  void awaitQuiet(Duration quiet, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    long version = -1;
    long since = System.currentTimeMillis();
    JsonNode h = null;
    while (System.currentTimeMillis() < deadline) {
      h = health();
      long now = applied(h);
      if (now != version) {
        version = now;
        since = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - since >= quiet.toMillis() && streamingFresh(h)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the warehouse never fell quiet with every source streaming (last health: "
        + (h == null ? "none" : h.path("status") + " " + h.path("sources")) + "):\n" + log());
  }

  /** Health says ok, and every source's newest heartbeat arrived within the last 5 s. */
  static boolean streamingFresh(JsonNode health) {
    if (!"ok".equals(health.path("status").asText())) {
      return false;
    }
    for (JsonNode s : health.path("sources")) {
      if (s.path("freshnessSeconds").isNull() || s.path("freshnessSeconds").asDouble() >= 5) {
        return false;
      }
    }
    return true;
  }


  /** SIGKILL: no shutdown hook, no flush, no clean cancel. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 137) {
      throw new IllegalStateException("satit did not die of SIGKILL (exit " + (process.isAlive() ? "none" : process.exitValue())
          + ")");
    }
  }

  /** SIGTERM: the clean stop (Ctrl-C path). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(org.satit.cli.RunLength.STOP_SECONDS + 10, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("satit did not stop in " + (org.satit.cli.RunLength.STOP_SECONDS + 10) + " s:\n"
          + log());
    }
  }
}
