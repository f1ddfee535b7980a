package org.satit.tools;

import org.satit.api.SatitStack;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.WebApp;
import org.satit.api.auth.Users;
import org.satit.ingest.cdc.ChangeBatchCodec;
import org.satit.ingest.cdc.ClusterIngest;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.cdc.IngestJob;
import org.satit.ingest.cdc.PostgresIngestTest;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.disclosure.DisclosureRules;

/**
 * The production path without Docker: a Flink cluster started in this JVM with its REST endpoint (a
 * MiniCluster: JobManager, one TaskManager, the REST API), satit's server in cluster mode submitting the
 * ingest job through that REST API ({@code RestClusterClient}), the job's sink delivering its batches over
 * HTTP to the server's authenticated ingest endpoint. The warehouse must equal the source after the snapshot
 * and after streaming; a restarted server keeps the running job instead of submitting another; a job that
 * fails for good on the cluster (its source down for minutes) is submitted again by the server from its
 * checkpoint, and one an operator cancelled is not.
 */
@org.junit.jupiter.api.Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClusterIngestTest {

  @TempDir
  Path dir;

  @Test
  void theJobSubmittedThroughFlinksRestApiKeepsTheWarehouseEqualToTheSource() throws Exception {
    String token = "an-ingest-token-of-at-least-32-characters";
    Configuration flink = new Configuration();
    flink.set(RestOptions.BIND_PORT, "0");
    flink.set(RestOptions.ADDRESS, "127.0.0.1");
    EmbeddedSource source = EmbeddedSource.start(dir.resolve("source"), 0);
    int sourcePort = source.port();
    try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(flink)
             .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build())) {
      SourceLoader.generate(source.target(), new EmisGenerator(EmisGenerator.Options.of(EmisGenerator.Scale.ESA, 7)),
          EmisGenerator.Progress.NONE, true);
      try (ChangeSimulator sim = new ChangeSimulator(source.target(), new ChangeSimulator.Config(200, 0.3, 5)).start()) {
        Thread.sleep(1000); // a few bad rows already there for the snapshot
      }
      cluster.start();
      URI rest = cluster.getRestAddress().get();
      Http flinkRest = new Http(rest.toString().replaceAll("/$", ""));
      byte[] secret = PostgresIngestTest.SECRET;
      int port; // a fixed port, as in production: the running job keeps sending to the same address
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        port = free.getLocalPort();
      }
      // the pseudonym key reaches the TaskManagers as a file; the batches cross a proxy that keeps their bytes
      Path keyFile = dir.resolve("pseudonym.key");
      java.nio.file.Files.writeString(keyFile, java.util.HexFormat.of().formatHex(secret));
      BatchCapture capture = new BatchCapture("http://127.0.0.1:" + port);
      SatitStack.Plan plan = new SatitStack.Plan(dir.resolve("data"), secret, List.of(DemoStack.cdcOf(source)),
          "127.0.0.1", port, IngestJob.Settings.defaults(), Map.of(), Users.none(), DisclosureRules.defaults(), DemoStack.RELEASES,
          org.satit.api.ops.RateLimits.defaults(), WebApp.Embedding.local(secret),
          new SatitStack.Cluster(rest, capture.url(), token, dir.resolve("data").resolve("checkpoints"), keyFile));
      Pseudonyms pseudonyms = new Pseudonyms(secret);
      try (SatitStack stack = SatitStack.start(plan)) {
        assertThat(stack.cluster()).isPresent();
        assertThat(stack.cluster().get().attached()).isFalse();
        // the job runs on the cluster, as its REST API says
        String overview = flinkRest.get("/jobs/overview").raw();
        assertThat(overview).contains("\"name\":\"satit ingest\"");
        try (Connection src = source.target().connect(); Connection wh = stack.warehouseConnection()) {
          PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
          try (ChangeSimulator sim = new ChangeSimulator(source.target(), new ChangeSimulator.Config(300, 0.1, 9)).start()) {
            Thread.sleep(5000);
          }
          PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 120);
          PostgresIngestTest.assertQuarantine(src, wh);
          PostgresIngestTest.assertNoPersonalData(src, wh);
          // nothing personal crossed the network: the job pseudonymised before its sink
          capture.assertNothingPersonalCrossed(src);
        }
        // the ingest endpoint takes batches only with the token, and only well-formed ones
        Http server = new Http("http://127.0.0.1:" + stack.port());
        assertThat(server.send("POST", "/api/ingest/batch", "{}").status()).isEqualTo(401);
        Http withToken = server.with("Authorization", "Bearer " + token);
        assertThat(withToken.send("POST", "/api/ingest/batch", "not a batch").status()).isEqualTo(400);
        assertThat(ChangeBatchCodec.decode(ChangeBatchCodec.encode(List.of()))).isEmpty();
      }
      // a restarted server finds the job still running on the cluster and keeps it; changes made while the
      // server was down arrive (the job retried its batch until the server answered)
      try (ChangeSimulator sim = new ChangeSimulator(source.target(), new ChangeSimulator.Config(200, 0.1, 11)).start()) {
        Thread.sleep(3000);
      }
      try (SatitStack again = SatitStack.start(plan)) {
        assertThat(again.cluster().get().attached()).as("the running job is kept, not submitted twice").isTrue();
        try (Connection src = source.target().connect(); Connection wh = again.warehouseConnection()) {
          awaitEqual(src, wh, pseudonyms, 180, capture);
        }

        // the source down longer than Flink's restarts cover: the job fails on the cluster, and the server
        // submits it again from its checkpoint; once the source is back the warehouse catches up
        ClusterIngest ingest = again.cluster().get();
        JobID before = ingest.jobId();
        Thread.sleep(3000); // a checkpoint of the kept job
        source.close();
        long deadline = System.currentTimeMillis() + 240_000;
        while (ingest.relaunches() < 1) {
          assertThat(System.currentTimeMillis()).as("the job did not fail with its source down").isLessThan(deadline);
          Thread.sleep(500);
        }
        source = EmbeddedSource.start(dir.resolve("source"), sourcePort);
        try (ChangeSimulator sim = new ChangeSimulator(source.target(), new ChangeSimulator.Config(200, 0.1, 13)).start()) {
          Thread.sleep(3000);
        }
        try (Connection src = source.target().connect(); Connection wh = again.warehouseConnection()) {
          awaitEqual(src, wh, pseudonyms, 240, capture);
        }
        assertThat(ingest.jobId()).as("submitted again").isNotEqualTo(before);
        assertThat(flinkRest.get("/jobs/" + ingest.jobId()).raw()).contains("\"state\":\"RUNNING\"");

        // an operator's cancel is final: the server does not submit the job again
        ingest.cancel();
        Thread.sleep(12_000);
        assertThat(ingest.relaunches()).isEqualTo(1);
        assertThat(flinkRest.get("/jobs/overview").raw()).doesNotContain("\"state\":\"RUNNING\"");
      }
    } finally {
      source.close();
    }
  }

  /** As {@link PostgresIngestTest#awaitEqual}; on failure also where the missing plc activities crossed (or not). */
  private static void awaitEqual(Connection src, Connection wh, Pseudonyms p, int seconds, BatchCapture capture)
      throws Exception {
    try {
      PostgresIngestTest.awaitEqual(src, wh, p, seconds);
    } catch (AssertionError e) {
      StringBuilder trace = new StringBuilder(e.getMessage());
      java.util.Set<Long> inWarehouse = new java.util.HashSet<>();
      for (List<Object> r : org.satit.ingest.verify.WarehouseComparison.rows(wh, "SELECT plc_id FROM fact_plc_activity")) {
        inWarehouse.add(((Number) r.get(0)).longValue());
      }
      for (List<Object> r : org.satit.ingest.verify.WarehouseComparison.rows(src, "SELECT plc_id, xmin::text FROM plc_activity")) {
        long id = ((Number) r.get(0)).longValue();
        if (!inWarehouse.contains(id)) {
          trace.append("\nplc_activity ").append(id).append(" (xmin ").append(r.get(1)).append(") crossed: ")
              .append(capture.trace("plc_activity", "plc_id", id));
        }
      }
      throw new AssertionError(trace.toString(), e);
    }
  }
}
