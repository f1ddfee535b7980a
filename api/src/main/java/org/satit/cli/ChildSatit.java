package org.satit.cli;

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
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), Satit.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildSatit(p, log);
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

  JsonNode health() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(healthUri()).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
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
    throw new IllegalStateException("the warehouse never fell quiet:\n" + log());
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
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("satit did not stop in 60 s:\n" + log());
    }
  }
}
