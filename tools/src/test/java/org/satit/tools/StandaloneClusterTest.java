package org.satit.tools;

import org.satit.api.SatitStack;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.WebApp;
import org.satit.api.auth.Users;
import org.satit.api.ingest.IngestTls;
import org.satit.ingest.cdc.IngestJob;
import org.satit.ingest.cdc.PostgresIngestTest;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.disclosure.DisclosureRules;

/**
 * The production shape of a Flink cluster: a JobManager and a TaskManager as separate JVM processes, started from
 * the Flink runtime artifacts with the entry points {@code bin/start-cluster.sh} uses. satit's server submits the
 * job through the JobManager's REST API; the TaskManager delivers its batches to the server's ingest endpoint over
 * TLS (the server's certificate trusted from a file, the pseudonym key read from a file on the TaskManager). The
 * TaskManager is killed with SIGKILL while changes stream and a new one is started: Flink restarts the job from its
 * checkpoint on the new TaskManager (the server does not submit it again), and the warehouse equals the source. The
 * batches cross a TLS-terminating proxy that keeps their bytes: no citizen ID and no name of the source is in them.
 */
@Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class StandaloneClusterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theJobRecoversFromItsCheckpointWhenItsTaskManagerIsKilledHard() throws Exception {
    byte[] secret = PostgresIngestTest.SECRET;
    Pseudonyms pseudonyms = new Pseudonyms(secret);
    Path keyFile = dir.resolve("tm-secrets/pseudonym.key");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, HexFormat.of().formatHex(secret));
    Path keyStore = dir.resolve("server.p12");
    Path certificate = dir.resolve("tm-secrets/server.pem");
    String password = "a-key-store-password";
    TestCertificates.selfSigned(keyStore, certificate, password);

    try (EmbeddedSource source = EmbeddedSource.start(dir.resolve("source"), 0);
         FlinkProcesses flink = FlinkProcesses.start(dir.resolve("flink"))) {
      SourceLoader.generate(source.target(), new EmisGenerator(new EmisGenerator.Options(EmisGenerator.Scale.ESA, 7,
          EmisGenerator.Options.DEFAULT_ESA, EmisGenerator.Options.DEFAULT_PROVINCE, 2563, 2563)),
          EmisGenerator.Progress.NONE, false);
      Process first = flink.startTaskManager(1);
      String token = "an-ingest-token-of-at-least-32-characters";
      int tlsPort;
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        tlsPort = free.getLocalPort();
      }
      // the batches cross a TLS-terminating proxy that keeps their bytes, as a load balancer would see them
      try (BatchCapture capture = BatchCapture.tls("https://127.0.0.1:" + tlsPort, keyStore, password, certificate)) {
        SatitStack.Plan plan = new SatitStack.Plan(dir.resolve("data"), secret, List.of(DemoStack.cdcOf(source)),
            "127.0.0.1", 0, IngestJob.Settings.defaults(), Map.of(), Users.none(), DisclosureRules.defaults(), DemoStack.RELEASES,
            org.satit.api.ops.RateLimits.defaults(), WebApp.Embedding.local(secret),
            new SatitStack.Cluster(flink.rest(), capture.url(), token, dir.resolve("data/checkpoints"), keyFile,
                new IngestTls(tlsPort, keyStore, password), certificate));
        killTheTaskManagerWhileStreaming(plan, source, flink, first, pseudonyms, token, capture);
      }
    }
  }

  private static void killTheTaskManagerWhileStreaming(SatitStack.Plan plan, EmbeddedSource source,
      FlinkProcesses flink, Process first, Pseudonyms pseudonyms, String token, BatchCapture capture) throws Exception {
    try (SatitStack stack = SatitStack.start(plan)) {
      JobID job = stack.cluster().orElseThrow().jobId();
      assertThat(stack.tlsPort()).isPositive();
      try (Connection src = source.target().connect(); Connection wh = stack.warehouseConnection()) {
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 300);
        // over plain HTTP the endpoint takes no batch, even with the token
        Http plain = new Http("http://127.0.0.1:" + stack.port()).with("Authorization", "Bearer " + token);
        assertThat(plain.send("POST", "/api/ingest/batch", "x").status()).isEqualTo(403);

        try (ChangeSimulator sim = new ChangeSimulator(source.target(), new ChangeSimulator.Config(200, 0.1, 17))
            .start()) {
          Thread.sleep(4000); // checkpoints with streamed changes in them
          FlinkProcesses.killHard(first);
          Thread.sleep(3000); // changes go on while no TaskManager runs
          flink.startTaskManager(1);
          Thread.sleep(4000);
        }
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 300);
        PostgresIngestTest.assertQuarantine(src, wh);
        PostgresIngestTest.assertNoPersonalData(src, wh);
        // nothing personal crossed the network: the job pseudonymised before its sink
        capture.assertNothingPersonalCrossed(src);
      }
      assertThat(stack.cluster().get().jobId()).as("Flink restarted the job; satit did not submit another")
          .isEqualTo(job);
      assertThat(stack.cluster().get().relaunches()).isZero();
      JsonNode checkpoints = JSON.readTree(flink.get("/jobs/" + job + "/checkpoints"));
      assertThat(checkpoints.path("counts").path("restored").asLong()).as(checkpoints.toString()).isPositive();
      assertThat(checkpoints.path("latest").path("restored").isMissingNode()
          || checkpoints.path("latest").path("restored").isNull()).as("restored from a checkpoint").isFalse();
      assertThat(JSON.readTree(flink.get("/jobs/" + job)).path("state").asText()).isEqualTo("RUNNING");
    }
  }
}
