package org.satit.api.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * The dashboards' API over a small warehouse with known answers: roles, parameter checking (every bad
 * request a 4xx with a JSON message, never a 5xx), the cache by table version, the live event's
 * datasets, metrics and the API document.
 */
class DashboardApiTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static String analystCookie;
  static String districtCookie;

  @BeforeAll
  static void start() throws Exception {
    warehouse = QueryFixture.warehouse();
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "ana", Role.ANALYST, null, "ana-secret");
    Users.add(usersFile, "dao", Role.DISTRICT, "5101", "dao-secret");
    try (DuckDBConnection c = (DuckDBConnection) warehouse.duplicate()) {
      org.satit.warehouse.publish.ScoreRelease.release(c, org.satit.warehouse.disclosure.DisclosureRules.defaults());
    }
    // generous request limits: the public sweep asks every public chart with every allowed parameter value
    server = new TestServer(warehouse, Users.load(usersFile), new org.satit.api.ops.RateLimits(10_000, 10_000,
        org.satit.api.ops.TrustedProxies.none()));
    analystCookie = login("ana", "ana-secret");
    districtCookie = login("dao", "dao-secret");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    warehouse.close();
  }

  record Reply(int status, JsonNode body, String raw, HttpResponse<String> response) {
  }

  static Reply get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = null;
    try {
      body = JSON.readTree(r.body());
    } catch (Exception notJson) {
      // HTML, metrics
    }
    return new Reply(r.statusCode(), body, r.body(), r);
  }

  static String login(String user, String password) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    return setCookie.split(";")[0];
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void thePublicSeesOnlyThePublicDashboardAndIsAskedToLogInForMore() throws Exception {
    JsonNode list = get("/api/dashboards", null).body().path("dashboards");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).path("id").asText()).isEqualTo("public");
    assertThat(list.get(1).path("id").asText()).as("activity counts, not about children").isEqualTo("public_network");
    Reply r = get("/api/dashboards/esa", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().path("error").asText()).contains("log in");
    assertThat(get("/api/charts/esa_clusters/data", null).status()).isEqualTo(401);
    assertThat(get("/api/me", null).body().path("role").asText()).isEqualTo("public");
  }

  @Test
  void publicChartsShowNoNumberOfAGroupUnderTheThreshold() throws Exception {
    // every public chart, every allowed value of every parameter: a shown cell has at least 10 takers,
    // a hidden one shows no number at all
    org.satit.api.PublicSweep.Result sweep = org.satit.api.PublicSweep.run(new org.satit.api.Http(server.url()), 10, 2);
    assertThat(sweep.violations()).isEmpty();
    assertThat(sweep.requests()).isGreaterThan(250);
    assertThat(sweep.shown()).isPositive();
    assertThat(sweep.hidden()).as("the fixture's small schools are hidden").isPositive();
    assertThat(get("/api/labels/en", null).body().path("disclosure.hidden").asText()).contains("fewer than 10 students");
    // the public reaches no private chart, and the search refuses silly questions
    assertThat(get("/api/charts/esa_schools/data", null).status()).isEqualTo(401);
    assertThat(get("/api/search?q=", null).status()).isEqualTo(400);
    assertThat(get("/api/search?q=" + "x".repeat(61), null).status()).isEqualTo(400);
    assertThat(get("/api/search?q=" + q("Ban Song"), null).body().path("results").get(0).path("area").asText())
        .isEqualTo("1050000002");
    assertThat(get("/api/search?q=" + q("บ้านสี่"), null).body().path("results").get(0).path("area").asText())
        .isEqualTo("1051000004");
  }

  @Test
  void aDistrictOfficeSeesItsOwnEsaByDefaultAndNothingOfAnotherEsasSchools() throws Exception {
    Reply dash = get("/api/dashboards/esa", districtCookie);
    assertThat(dash.body().path("defaults").path("esa").asText()).isEqualTo("5101");
    Reply own = get("/api/charts/esa_schools/data?year=2563&test=ONET&grade=P6&subject=MAT", districtCookie);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.body().path("rows")).hasSize(2);
    // another ESA's schools: the district views hold none of them
    Reply other = get("/api/charts/esa_schools/data?esa=5003&year=2563&test=ONET&grade=P6&subject=MAT", districtCookie);
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.body().path("rows")).isEmpty();
    // the data-quality dashboard is for analysts
    assertThat(get("/api/dashboards/quality", districtCookie).status()).isEqualTo(403);
    assertThat(get("/api/charts/quality_quarantine/data", districtCookie).status()).isEqualTo(403);
  }

  @Test
  void aChartAnswersWithKnownNumbersLabelsAndFreshness() throws Exception {
    Reply r = get("/api/charts/esa_clusters/data?esa=5003&year=2563&test=ONET&grade=P6&subject=MAT", analystCookie);
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.body();
    assertThat(body.path("template").asText()).isEqualTo("bar_reference");
    // cluster 1: schools 1 and 2 (4 + 20 takers, 160 + 1000 points); ESA 5003: 36 takers, 1640 points
    JsonNode first = body.path("rows").get(0);
    assertThat(first.get(0).asInt()).isEqualTo(1);
    assertThat(first.get(1).asDouble()).isCloseTo(1160.0 / 24, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(first.get(2).asDouble()).isCloseTo(1640.0 / 36, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(body.path("labels").path("cluster").path("1").path("en").asText()).isEqualTo("Mae Taeng 1");
    assertThat(body.path("updatedAt").asText()).isNotEmpty();
    assertThat(body.path("params").path("esa").asText()).isEqualTo("5003");
  }

  @Test
  void badParametersGetA4xxJsonErrorNeverA5xx() throws Exception {
    String chart = "/api/charts/school_subjects/data?";
    List<String> bad = List.of(
        chart + "school=9999999999",                                   // unknown school: 404
        chart + "school=" + q("1050000001' OR '1'='1"),               // injection: 400
        chart + "school=" + q("1050000001; DROP TABLE fact_test_score"),
        chart + "school=1050000001&year=abc",                          // wrong type
        chart + "school=1050000001&year=" + q("2563 OR 1=1"),
        chart + "school=1050000001&year=99999",                        // unknown year
        chart + "school=1050000001&year=2563&year=2562",               // repeated
        chart + "school=1050000001&colour=red",                        // not a parameter of the chart
        chart + "school=" + "1".repeat(5000),                          // oversized
        chart + "school=" + q("<script>alert(1)</script>"),
        chart + "school=1050000001&test=" + q("ONET\u0000"),
        chart + "school=1050000001&grade=M6&test=NT",                  // grade outside its test
        "/api/charts/" + q("../../etc/passwd") + "/data",
        "/api/charts/no_such_chart/data",
        "/api/dashboards/" + q("' OR 1=1 --"),
        "/api/dimensions/" + q("school; DROP") + "/values",
        "/api/dimensions/school/values?esa=" + q("5003' --"),
        "/api/labels/fr",
        "/api/nothing/here");
    for (String path : bad) {
      Reply r = get(path, analystCookie);
      assertThat(r.status()).as(path + " -> " + r.raw()).isBetween(400, 499);
      assertThat(r.body()).as(path + " answers JSON: " + r.raw()).isNotNull();
      assertThat(r.body().path("error").asText()).as(path).isNotBlank();
      assertThat(r.body().path("status").asInt()).isEqualTo(r.status());
    }
    assertThat(get(chart + "school=9999999999", analystCookie).status()).isEqualTo(404);
    assertThat(get(chart + "school=1050000001&year=abc", analystCookie).body().path("error").asText())
        .contains("year must be an integer");
    // the warehouse is untouched
    assertThat(get(chart + "school=1050000001&year=2563", analystCookie).status()).isEqualTo(200);
  }

  @Test
  void answersAreCachedUntilATableTheyReadChanges() throws Exception {
    String path = "/api/charts/esa_trend/data?esa=5003&test=ONET&grade=P6&subject=MAT";
    var stats = server.web.charts().cache();
    Reply first = get(path, analystCookie);
    long hits = stats.stats().hitCount();
    Reply second = get(path, analystCookie);
    assertThat(stats.stats().hitCount()).isEqualTo(hits + 1);
    assertThat(second.raw()).isEqualTo(first.raw());
    // a commit that touches PD tables only leaves score charts cached
    WarehouseWriter.Commit pd = new WarehouseWriter.Commit(first.body().path("version").asLong() + 1, Instant.now(),
        Set.of("fact_pd_attendance"));
    fire(pd);
    get(path, analystCookie);
    assertThat(stats.stats().hitCount()).isEqualTo(hits + 2);
    // one that touches test scores does not
    fire(new WarehouseWriter.Commit(pd.version() + 1, Instant.now(), Set.of("fact_test_score", "rollup_school_score")));
    Reply third = get(path, analystCookie);
    assertThat(stats.stats().hitCount()).isEqualTo(hits + 2);
    assertThat(third.body().path("version").asLong()).isEqualTo(pd.version() + 1);
  }

  /** What the writer's commit listener receives (the writer calls exactly this after each commit). */
  private static void fire(WarehouseWriter.Commit c) {
    server.web.live().committed(c);
  }

  @Test
  void theLiveStreamNamesTheDatasetsACommitChanged() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + "/api/live")).header("Accept", "text/event-stream").build();
    HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    var lines = r.body().iterator();
    assertThat(nextData(lines).path("version").asLong()).isNotNegative();
    // commits fired by other tests of this class are announced within one flush (100 ms): let them go first,
    // so they are not coalesced into the event this test looks at
    Thread.sleep(300);
    fire(new WarehouseWriter.Commit(1_000, Instant.now(), Set.of("fact_supervision_visit", "rollup_school_visits",
        "ingest_table_state")));
    JsonNode event = nextData(lines);
    for (int skipped = 0; event.path("version").asLong() < 1_000 && skipped < 5; skipped++) {
      event = nextData(lines); // an earlier test's commit, announced just after this client joined
    }
    assertThat(event.path("version").asLong()).isEqualTo(1_000);
    List<String> datasets = JSON.convertValue(event.path("datasets"), List.class);
    assertThat(datasets).containsExactlyInAnyOrder("network", "network_effect", "cluster_activity", "ingest_tables");
    r.body().close();
  }

  private static JsonNode nextData(java.util.Iterator<String> lines) throws Exception {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data:")) {
        return JSON.readTree(line.substring(5).trim());
      }
    }
    throw new AssertionError("stream ended");
  }

  @Test
  void metricsAndTheApiDocumentAreServed() throws Exception {
    get("/api/dashboards", analystCookie);
    Reply metrics = get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw()).contains("satit_http_requests_seconds_count", "route=\"/api/dashboards\"",
        "satit_warehouse_version", "cache_gets_total", "jvm_memory_used_bytes");
    Reply doc = get("/api/openapi.json", null);
    assertThat(doc.body().path("openapi").asText()).startsWith("3.");
    assertThat(doc.body().path("paths").has("/api/charts/{id}/data")).isTrue();
    JsonNode ids = doc.body().path("paths").path("/api/charts/{id}/data").path("get").path("parameters").get(0)
        .path("schema").path("enum");
    java.util.Set<String> charted = new java.util.TreeSet<>(); // every chart of every dashboard an analyst sees (all of them)
    for (JsonNode d : get("/api/dashboards", analystCookie).body().path("dashboards")) {
      get("/api/dashboards/" + d.path("id").asText(), analystCookie).body().path("charts")
          .forEach(c -> charted.add(c.path("id").asText()));
    }
    java.util.Set<String> documented = new java.util.TreeSet<>();
    ids.forEach(i -> documented.add(i.asText()));
    assertThat(documented).isEqualTo(charted).contains("quality_sources", "network_budget");
    assertThat(get("/api/docs", null).raw()).contains("swagger-ui-bundle.js");
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js"))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/webjars/echarts/5.5.0/echarts.min.js"))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
  }
}
