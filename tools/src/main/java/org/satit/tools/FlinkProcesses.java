package org.satit.tools;

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

/**
 * A standalone Flink session cluster as separate JVM processes, the way {@code bin/start-cluster.sh} starts one:
 * a JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), from
 * the Flink runtime artifacts on satit's classpath (the production cluster has satit's jar in Flink's lib/; here
 * satit's classpath plays lib/). Everything on loopback; each process logs to a file of its own. A TaskManager can
 * be killed with SIGKILL and another started in its place.
 */
final class FlinkProcesses implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path dir;
  private final int restPort;
  private final Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();

  private FlinkProcesses(Path dir, int restPort, Process jobManager) {
    this.dir = dir;
    this.restPort = restPort;
    this.jobManager = jobManager;
  }

  /** Starts the JobManager and waits until its REST API answers. */
  static FlinkProcesses start(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    int rpc = freePort();
    int rest = freePort();
    Files.writeString(dir.resolve("conf/config.yaml"), String.join("\n",
        "jobmanager.rpc.address: 127.0.0.1",
        "jobmanager.rpc.port: " + rpc,
        "jobmanager.bind-host: 127.0.0.1",
        "jobmanager.memory.process.size: 768m",
        "rest.address: 127.0.0.1",
        "rest.bind-address: 127.0.0.1",
        "rest.port: " + rest,
        "taskmanager.host: 127.0.0.1",
        "taskmanager.bind-host: 127.0.0.1",
        "taskmanager.numberOfTaskSlots: 2",
        "taskmanager.memory.process.size: 1200m",
        "taskmanager.memory.managed.size: 64m",
        "taskmanager.memory.network.min: 32m",
        "taskmanager.memory.network.max: 64m",
        "parallelism.default: 1",
        // a TaskManager killed hard is noticed within seconds, not after the default 50 s
        "heartbeat.interval: 1000",
        "heartbeat.timeout: 8000",
        "") + "\n");
    Process jm = java(dir, "jobmanager", "-Xmx512m",
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
    FlinkProcesses flink = new FlinkProcesses(dir, rest, jm);
    long deadline = System.currentTimeMillis() + 90_000;
    while (!flink.answers("/overview")) {
      if (!jm.isAlive() || System.currentTimeMillis() > deadline) {
        flink.close();
        throw new IllegalStateException("the JobManager did not come up:\n" + tail(dir.resolve("jobmanager.log")));
      }
      Thread.sleep(300);
    }
    return flink;
  }

  /**
   * Starts a TaskManager and waits until the JobManager counts {@code expected} TaskManagers. Its JVM sizes and
   * resource options are derived from the configuration by Flink's own code, as {@code taskmanager.sh} has
   * {@code BashJavaUtils} do.
   */
  Process startTaskManager(int expected) throws Exception {
    org.apache.flink.configuration.Configuration conf =
        org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(dir.resolve("conf").toString());
    org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec spec =
        org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils.processSpecFromConfig(conf);
    String jvm = org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils.generateJvmParametersStr(spec);
    String dynamic = org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils.generateDynamicConfigsStr(spec);
    Process tm = java(dir, "taskmanager-" + (taskManagers.size() + 1), jvm.strip(),
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", dynamic.strip().split("\\s+"));
    taskManagers.add(tm);
    long deadline = System.currentTimeMillis() + 90_000;
    while (taskManagerCount() < expected) {
      if (!tm.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the TaskManager did not register:\n"
            + tail(dir.resolve("taskmanager-" + taskManagers.size() + ".log")));
      }
      Thread.sleep(300);
    }
    return tm;
  }

  /** Kills the TaskManager with SIGKILL (no shutdown of any kind) and waits until it is gone. */
  static void killHard(Process taskManager) throws Exception {
    taskManager.destroyForcibly();
    taskManager.waitFor();
  }

  URI rest() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  String get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(rest().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private boolean answers(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(rest().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException | InterruptedException notYet) {
      return false;
    }
  }

  /** TaskManagers the JobManager counts now (a killed one counts until its heartbeat times out). */
  int taskManagerCount() throws Exception {
    String body = get("/taskmanagers");
    return body.split("\"id\"", -1).length - 1;
  }

  private static Process java(Path dir, String name, String jvm, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvm.split("\\s+")));
    cmd.add("-Dlog.file=" + dir.resolve(name + ".flink.log"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(dir.resolve("conf").toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process tm : taskManagers) {
      tm.destroy();
    }
    jobManager.destroy();
    for (Process p : taskManagers) {
      waitOrKill(p);
    }
    waitOrKill(jobManager);
  }

  private static void waitOrKill(Process p) {
    try {
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
