package org.satit.tools;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;

/**
 * The chaos suite's run on a Flink cluster: a JobManager and a TaskManager as separate processes
 * ({@link FlinkProcesses}), {@code satit serve} in cluster mode submitting the job through REST and taking the
 * batches at its ingest endpoint; while the simulator changes the source, the TaskManager is killed with SIGKILL
 * and a new one started, again and again (Flink restarts the job from its checkpoint on the new one), and the
 * satit server is killed once too (the job keeps running on the cluster, retrying its batch until the server is
 * back and keeps it). Then every table is compared as in the other runs.
 */
final class ClusterChaos {

  private ClusterChaos() {
  }

  static ChaosSuite.Phase run(ChaosSource source, int taskManagerKills, ChaosSuite.Options o, Path dir, PrintWriter out)
      throws Exception {
    Random random = new Random(o.seed() + 1);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.writeString(dir.resolve("pseudonym.key"), HexFormat.of().formatHex(secret));
    out.printf("chaos cluster: generating a %s-scale source (seed %d) …%n", o.scale().name().toLowerCase(), o.seed());
    out.flush();
    SourceLoader.generate(source.target(), new EmisGenerator(EmisGenerator.Options.of(o.scale(), o.seed())),
        EmisGenerator.Progress.NONE, false);
    Map<String, Long> sourceCounts = ChaosSuite.sourceCounts(source);
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort(); // fixed: the job on the cluster keeps sending to the same address
    }
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    List<ChaosSuite.Kill> kills = new ArrayList<>();
    long changes;
    String lastStart;
    try (FlinkProcesses flink = FlinkProcesses.start(dir.resolve("flink"))) {
      Process tm = flink.startTaskManager(1);
      Path config = dir.resolve("satit.yaml");
      Files.writeString(config, "dataDir: serve\npseudonymKey: pseudonym.key\nserver: {host: 127.0.0.1, port: " + port
          + "}\ningest:\n  flinkRestUrl: " + flink.rest() + "\n  checkpointDir: checkpoints\n"
          + "sources:\n  - name: emis\n" + source.config());
      Map<String, String> env = Map.of("SATIT_INGEST_TOKEN", token);
      ChildSatit serve = ChildSatit.start(dir.resolve("serve-1.log"), env, "serve", "--config", config.toString());
      serve.healthUri();
      awaitSnapshot(serve, sourceCounts);
      try (ChangeSimulator sim = new ChangeSimulator(source.target(), new ChangeSimulator.Config(150, 0.05, o.seed()))
          .start()) {
        int serveKillAt = Math.max(1, taskManagerKills / 2);
        for (int k = 1; k <= taskManagerKills; k++) {
          Thread.sleep(3000 + random.nextInt(5000));
          var health = serve.health();
          long started = System.currentTimeMillis();
          FlinkProcesses.killHard(tm);
          kills.add(new ChaosSuite.Kill(k, "taskmanager", ChildSatit.rows(health),
              health.path("warehouseVersion").asLong(), 0));
          out.printf("chaos cluster: kill -9 of the TaskManager #%d (%,d rows in the warehouse)%n", k,
              ChildSatit.rows(health));
          out.flush();
          Thread.sleep(500 + random.nextInt(3000)); // no TaskManager while the source changes
          tm = flink.startTaskManager(1);
          if (k == serveKillAt) {
            serve.kill();
            out.println("chaos cluster: kill -9 of satit serve too (the job keeps running on the cluster)");
            out.flush();
            Thread.sleep(1000 + random.nextInt(3000));
            serve = ChildSatit.start(dir.resolve("serve-2.log"), env, "serve", "--config", config.toString());
            serve.healthUri();
          }
          long before = serve.health().path("warehouseVersion").asLong();
          long deadline = System.currentTimeMillis() + 180_000;
          while (serve.health().path("warehouseVersion").asLong() <= before + 1) {
            if (System.currentTimeMillis() > deadline) {
              throw new IllegalStateException("the warehouse did not move in 3 minutes after the TaskManager was"
                  + " replaced:\n" + FlinkProcesses.tail(dir.resolve("flink/jobmanager.log")));
            }
            Thread.sleep(200);
          }
          out.printf("chaos cluster: the warehouse moved on %.1f s after the kill%n",
              (System.currentTimeMillis() - started) / 1000.0);
          out.flush();
        }
        lastStart = serve.resumeLine();
        Thread.sleep(2000);
        sim.close();
        changes = sim.total();
        out.printf("chaos cluster: %s%n", SimulatorStatus.line(sim));
        serve.awaitQuiet(ChaosSuite.SETTLED, 600);
      }
      serve.stop();
    }
    ChaosSuite.Comparison c = ChaosSuite.compare(source, dir, secret);
    return new ChaosSuite.Phase("PostgreSQL on a Flink cluster", kills, 0, 0, 0, List.of(), 0, lastStart, changes,
        c.tables(), c.problems());
  }

  private static void awaitSnapshot(ChildSatit child, Map<String, Long> sourceCounts) throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    while (!ChaosSuite.snapshotDone(child.health(), sourceCounts)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the snapshot did not finish in 10 minutes:\n" + child.log());
      }
      Thread.sleep(200);
    }
  }
}
