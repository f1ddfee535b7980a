package org.satit.tools;

import org.satit.api.SatitStack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.WebApp;
import org.satit.api.auth.Users;
import org.satit.ingest.cdc.IngestJob;
import org.satit.ingest.cdc.PostgresIngestTest;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.spec.RefusedStart;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.ingest.verify.WarehouseComparison;
import org.satit.warehouse.disclosure.DisclosureRules;

/**
 * The reproduction of issue 14 as a test. A second checkout's demo finds the port of its embedded source held
 * by the first checkout's orphaned server: it refuses, naming the port, that server's data directory and pid,
 * and the fix. A warehouse whose checkpoint was taken from another server (the first checkout's) starts against
 * its own, new server: satit does not resume that checkpoint but snapshots afresh, says why in health, and the
 * warehouse equals the new source. While nothing arrives from the source, health says stalled (503).
 */
class SourceReplacedTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void aServerThatIsNotItsOwnIsRefusedOrSnapshottedAfreshAndAStallIsReported() throws Exception {
    byte[] secret = PostgresIngestTest.SECRET;
    Pseudonyms pseudonyms = new Pseudonyms(secret);
    int portA = freePort();
    try (EmbeddedSource a = EmbeddedSource.start(dir.resolve("A/source"), portA)) {
      generate(a, 7);

      // 1. checkout B's demo on A's port: refused with one line, exit 1
      StringWriter err = new StringWriter();
      int exit = SatitTools.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
          .execute("demo", "--data-dir", dir.resolve("B").toString(), "--source-port", Integer.toString(portA),
              "--port", "0", "--duration", "5");
      assertThat(exit).as(err.toString()).isEqualTo(1);
      assertThat(err.toString().strip()).doesNotContain("\n")
          .contains("port " + portA).contains(dir.resolve("A/source").toString()).contains("(pid ")
          .contains("--source-port");

      // 2. what that demo did before the fix: B's warehouse snapshots A and keeps checkpoints taken against A
      Path dataB = dir.resolve("B");
      try (SatitStack stack = SatitStack.start(plan(dataB, a, secret, IngestJob.Settings.defaults()))) {
        awaitEqual(stack, a, pseudonyms);
        Thread.sleep(4000); // checkpoints after the snapshot
      }

      // 3. B's own server, with its own data; the checkpoint from A must not be resumed
      try (EmbeddedSource b = EmbeddedSource.start(dataB.resolve("source"), 0)) {
        generate(b, 8);
        IngestJob.Settings settings = IngestJob.Settings.defaults().stalledAfter(Duration.ofSeconds(6));
        try (SatitStack stack = SatitStack.start(plan(dataB, b, secret, settings))) {
          assertThat(stack.restoredFrom()).as("the checkpoint taken from A is not resumed").isEmpty();
          JsonNode during = health(stack).body;
          assertThat(during.path("sources").get(0).path("snapshotReason").asText())
              .contains("not the server the checkpoint was taken from");
          awaitEqual(stack, b, pseudonyms);
          Health ok = awaitStatus(stack, "ok", 60);
          assertThat(ok.code).isEqualTo(200);
          JsonNode src = ok.body.path("sources").get(0);
          assertThat(src.path("freshnessSeconds").asDouble()).isLessThan(6);
          assertThat(src.path("snapshotReason").asText()).contains("not the server the checkpoint was taken from");
          assertThat(metrics(stack)).contains("satit_source_freshness_seconds{source=\"emis\"}");

          // nothing arrives while the source is down: stalled, 503; back when it is up again
          int portB = b.port();
          b.close();
          Health stalled = awaitStatus(stack, "stalled", 60);
          assertThat(stalled.code).isEqualTo(503);
          assertThat(stalled.body.path("sources").get(0).path("freshnessSeconds").asDouble()).isGreaterThan(6);
          try (EmbeddedSource again = EmbeddedSource.start(dataB.resolve("source"), portB)) {
            assertThat(awaitStatus(stack, "ok", 120).code).isEqualTo(200);
          }
        }
      }

      // with refuse, a checkpoint from another server stops satit at start with one line
      IngestJob.Settings refusing = IngestJob.Settings.defaults().refusingInvalidCheckpoints(true);
      assertThatThrownBy(() -> SatitStack.start(plan(dataB, a, secret, refusing)).close())
          .isInstanceOf(RefusedStart.class)
          .hasMessageContaining("not the server the checkpoint was taken from")
          .hasMessageContaining("refuse");
    }
  }

  private static void generate(EmbeddedSource s, long seed) throws Exception {
    SourceLoader.generate(s.target(), new EmisGenerator(new EmisGenerator.Options(EmisGenerator.Scale.ESA, seed,
        EmisGenerator.Options.DEFAULT_ESA, EmisGenerator.Options.DEFAULT_PROVINCE, 2563, 2563)),
        EmisGenerator.Progress.NONE, false);
  }

  private static SatitStack.Plan plan(Path data, EmbeddedSource source, byte[] secret, IngestJob.Settings settings) {
    return new SatitStack.Plan(data, secret, List.of(DemoStack.cdcOf(source)), "127.0.0.1", 0, settings, Map.of(),
        Users.none(), DisclosureRules.defaults(), DemoStack.RELEASES, org.satit.api.ops.RateLimits.defaults(), WebApp.Embedding.local(secret),
        null);
  }

  private static void awaitEqual(SatitStack stack, EmbeddedSource source, Pseudonyms p) throws Exception {
    long deadline = System.currentTimeMillis() + 240_000;
    Map<String, String> diff = Map.of("never", "compared");
    while (System.currentTimeMillis() < deadline) {
      try (Connection src = source.target().connect(); Connection wh = stack.warehouseConnection()) {
        diff = WarehouseComparison.differences(src, wh, p);
      }
      if (diff.isEmpty()) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("the warehouse does not equal the source: " + diff);
  }

  private record Health(int code, JsonNode body) {
  }

  private static Health health(SatitStack stack) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port()
        + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
    return new Health(r.statusCode(), JSON.readTree(r.body()));
  }

  private static Health awaitStatus(SatitStack stack, String status, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    Health h = health(stack);
    while (!h.body.path("status").asText().equals(status)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("health stayed " + h.body.path("status") + " (" + h.code + "), not " + status + ": "
            + h.body.path("sources"));
      }
      Thread.sleep(500);
      h = health(stack);
    }
    return h;
  }

  private static String metrics(SatitStack stack) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
