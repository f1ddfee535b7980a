package org.satit.api.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/**
 * Embedding and exports over the small known warehouse: public charts embed without a token, others only
 * with a genuine, unexpired token whose chart and parameters it locks; the framing policy; a token past its
 * short life is swapped while its grant runs and refused after; CSV keeps hidden cells empty.
 */
class EmbedApiTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  static Http anyone;
  static Http dao;

  @BeforeAll
  static void start() throws Exception {
    warehouse = QueryFixture.warehouse();
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "dao", Role.DISTRICT, "5101", "dao-secret-123");
    Users.add(usersFile, "root", Role.ADMIN, null, "root-secret-123");
    try (DuckDBConnection c = (DuckDBConnection) warehouse.duplicate()) {
      org.satit.warehouse.publish.ScoreRelease.release(c, org.satit.warehouse.disclosure.DisclosureRules.defaults());
    }
    server = new TestServer(warehouse, Users.load(usersFile));
    anyone = new Http(server.url());
    dao = Http.loggedIn(server.url(), "dao", "dao-secret-123");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    warehouse.close();
  }

  static final String SCHOOLS = "year=2563&test=ONET&grade=P6&subject=MAT";

  @Test
  void publicChartsEmbedWithoutATokenAndOnlyListedOriginsMayFrameThem() throws Exception {
    Http.Reply embedded = anyone.get("/api/embed/public_trend/data?level=nation&area=TH");
    assertThat(embedded.status()).isEqualTo(200);
    assertThat(embedded.body().path("rows")).isEqualTo(anyone.get("/api/charts/public_trend/data?level=nation&area=TH").body().path("rows"));
    Http.Reply page = anyone.get("/embed/public_trend?level=nation&area=TH");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'self' http://127.0.0.1:* http://localhost:*");
    assertThat(page.header("X-Frame-Options")).isNull();
    assertThat(anyone.get("/").header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(anyone.get("/").header("X-Frame-Options")).isEqualTo("DENY");
    Http.Reply script = anyone.get("/embed.js");
    assertThat(script.header("Content-Type")).startsWith("text/javascript");
    assertThat(script.header("Cross-Origin-Resource-Policy")).isEqualTo("cross-origin");
    assertThat(script.raw()).contains("customElements.define('satit-chart'");
    assertThat(anyone.get("/embed/no_such_chart").status()).isEqualTo(404);
    Http.Reply restricted = anyone.get("/api/embed/esa_schools/data");
    assertThat(restricted.status()).isEqualTo(401);
    assertThat(restricted.body().path("error").asText()).contains("embed token");
    assertThat(new org.satit.api.ops.SecurityHeaders(List.of("https://www.esa5003.go.th")).embedOrigins()).hasSize(1);
    for (String bad : List.of("https://x.go.th/path", "https://x.go.th; script-src *", "'unsafe-inline'", "*")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new org.satit.api.ops.SecurityHeaders(List.of(bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aTokenShowsItsChartWithItsParametersOnlyAsItsGrantorSeesIt() throws Exception {
    Http.Reply grant = dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":{\"year\":2563,"
        + "\"test\":\"ONET\",\"grade\":\"P6\",\"subject\":\"MAT\"},\"days\":30}");
    assertThat(grant.status()).as(grant.raw()).isEqualTo(200);
    assertThat(grant.body().path("params").path("esa").asText()).as("a district token is locked to its ESA").isEqualTo("5101");
    String token = grant.body().path("token").asText();
    Http bearer = anyone.with("Authorization", "Bearer " + token);
    Http.Reply data = bearer.get("/api/embed/esa_schools/data?" + SCHOOLS);
    assertThat(data.status()).as(data.raw()).isEqualTo(200);
    assertThat(data.body().path("rows")).isEqualTo(dao.get("/api/charts/esa_schools/data?" + SCHOOLS).body().path("rows"));
    assertThat(data.body().path("rows")).hasSize(2);
    assertThat(bearer.get("/api/embed/esa_schools/data").status()).as("the locked parameters by themselves").isEqualTo(200);
    // other parameters, another chart, a forged or foreign token: refused
    assertThat(bearer.get("/api/embed/esa_schools/data?esa=5003&" + SCHOOLS).status()).isEqualTo(403);
    assertThat(bearer.get("/api/embed/esa_schools/data?year=2562").status()).isEqualTo(403);
    assertThat(bearer.get("/api/embed/esa_trend/data").status()).isEqualTo(403);
    String forged = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
    assertThat(anyone.with("Authorization", "Bearer " + forged).get("/api/embed/esa_schools/data").status()).isEqualTo(401);
    EmbedTokens foreign = new EmbedTokens("another satit's key, also 32 bytes long".getBytes(), Duration.ofMinutes(5),
        Clock.systemUTC(), name -> java.util.Optional.empty());
    String theirs = foreign.issue(new EmbedTokens.Grant("esa_schools", Map.of(), new Principal("x", Role.ANALYST, null), "x",
        Instant.now().plus(1, ChronoUnit.DAYS)));
    assertThat(anyone.with("Authorization", "Bearer " + theirs).get("/api/embed/esa_schools/data").status()).isEqualTo(401);
    String none = "eyJhbGciOiJub25lIn0." + token.split("\\.")[1] + ".";
    assertThat(anyone.with("Authorization", "Bearer " + none).get("/api/embed/esa_schools/data").status()).isEqualTo(401);
    assertThat(anyone.with("Authorization", "Basic abc").get("/api/embed/esa_schools/data").status()).isEqualTo(401);
    // the CSV of an embedded chart carries the same rows
    Http.Reply csv = bearer.get("/api/embed/esa_schools/data.csv?lang=en");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(parse(csv.raw())).hasSize(2);
    // bad grants
    assertThat(dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"days\":0}").status()).isEqualTo(400);
    assertThat(dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":[1]}").status()).isEqualTo(400);
    assertThat(dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":{\"colour\":\"red\"}}").status())
        .isEqualTo(400);
    assertThat(dao.send("POST", "/api/embed/tokens", "[]").status()).isEqualTo(400);
    assertThat(dao.send("POST", "/api/embed/tokens", "{\"chart\":\"quality_quarantine\"}").status()).isEqualTo(403);
  }

  @Test
  void anExpiredTokenIsSwappedWhileItsGrantRunsAndRefusedAfter() throws Exception {
    Principal dao = new Principal("dao", Role.DISTRICT, "5101");
    Instant now = Instant.now();
    // issued an hour ago with a 15-minute life; the grant runs another day
    EmbedTokens past = new EmbedTokens(TestServer.KEY, Duration.ofMinutes(15), Clock.fixed(now.minus(1, ChronoUnit.HOURS), ZoneOffset.UTC),
        Users.load(dir.resolve("users.yaml"))::account);
    String stale = past.issue(new EmbedTokens.Grant("esa_schools", Map.of("year", "2563"), dao, "dao", now.plus(1, ChronoUnit.DAYS)));
    Http.Reply expired = anyone.with("Authorization", "Bearer " + stale).get("/api/embed/esa_schools/data");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.body().path("error").asText()).contains("expired");
    Http.Reply swapped = anyone.send("POST", "/api/embed/refresh", "{\"token\":\"" + stale + "\"}");
    assertThat(swapped.status()).as(swapped.raw()).isEqualTo(200);
    String fresh = swapped.body().path("token").asText();
    assertThat(anyone.with("Authorization", "Bearer " + fresh).get("/api/embed/esa_schools/data").status()).isEqualTo(200);
    // a grant that ended yesterday
    String ended = past.issue(new EmbedTokens.Grant("esa_schools", Map.of(), dao, "dao", now.minus(1, ChronoUnit.DAYS)));
    Http.Reply refused = anyone.send("POST", "/api/embed/refresh", "{\"token\":\"" + ended + "\"}");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body().path("error").asText()).contains("new embed code");
    assertThat(anyone.send("POST", "/api/embed/refresh", "{\"token\":\"garbage\"}").status()).isEqualTo(401);
    assertThat(anyone.send("POST", "/api/embed/refresh", "{}").status()).isEqualTo(401);
    assertThat(anyone.send("POST", "/api/embed/refresh", "{\"token\":5}").status()).isEqualTo(400);
  }

  /** An embed token for esa_schools made by {@code who}. */
  static String grant(Http who) throws Exception {
    Http.Reply g = who.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":{\"year\":2563,"
        + "\"test\":\"ONET\",\"grade\":\"P6\",\"subject\":\"MAT\"},\"days\":366}");
    assertThat(g.status()).as(g.raw()).isEqualTo(200);
    return g.body().path("token").asText();
  }

  static Http.Reply data(String token) throws Exception {
    return anyone.with("Authorization", "Bearer " + token).get("/api/embed/esa_schools/data");
  }

  static Http.Reply refresh(String token) throws Exception {
    return anyone.send("POST", "/api/embed/refresh", "{\"token\":\"" + token + "\"}");
  }

  static void refused(Http.Reply r, String what) {
    assertThat(r.status()).as("%s: %s", what, r.raw()).isIn(401, 403);
    assertThat(r.body().path("status").asInt()).as(what).isEqualTo(r.status());
  }

  @Test
  void aTokenDiesWithItsGrant() throws Exception {
    Http root = Http.loggedIn(server.url(), "root", "root-secret-123");
    String district = "{\"role\":\"district\",\"esa\":\"5101\",\"password\":\"noi-secret-123\"}";
    assertThat(root.send("PUT", "/api/admin/users/noi", district).status()).isEqualTo(200);
    String first = grant(Http.loggedIn(server.url(), "noi", "noi-secret-123"));
    assertThat(data(first).status()).isEqualTo(200);
    Http.Reply swapped = refresh(first);
    assertThat(swapped.status()).as(swapped.raw()).isEqualTo(200);
    String renewed = swapped.body().path("token").asText();
    // the grantor loses the role that may see the chart: every token of the grant is refused at once
    assertThat(root.send("PUT", "/api/admin/users/noi", "{\"role\":\"public\",\"password\":\"noi-secret-123\"}")
        .status()).isEqualTo(200);
    refused(data(first), "data, grantor demoted");
    refused(data(renewed), "renewed token's data, grantor demoted");
    refused(refresh(first), "refresh, grantor demoted");
    // and giving the role back does not bring the old grant back: it was the old user's
    assertThat(root.send("PUT", "/api/admin/users/noi", district).status()).isEqualTo(200);
    refused(data(first), "data, grantor made again");
    refused(refresh(renewed), "refresh, grantor made again");
    // a new grant works until its grantor is removed
    String second = grant(Http.loggedIn(server.url(), "noi", "noi-secret-123"));
    assertThat(data(second).status()).isEqualTo(200);
    assertThat(root.send("DELETE", "/api/admin/users/noi", null).status()).isEqualTo(200);
    refused(data(second), "data, grantor removed");
    refused(refresh(second), "refresh, grantor removed");
  }

  @Test
  void csvExportsKeepHiddenCellsEmpty() throws Exception {
    // cluster 1 of ESA 5003: school 1 has 4 takers (hidden), school 2 has 20
    Http.Reply r = anyone.get("/api/charts/public_children/data.csv?area=1&test=ONET&grade=P6&subject=MAT&year=2563&lang=en");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.header("Content-Disposition")).contains("attachment").contains(".csv");
    assertThat(r.raw()).startsWith("\uFEFF");
    List<CSVRecord> rows = parse(r.raw());
    int hidden = 0;
    for (CSVRecord row : rows) {
      if (row.get("suppressed").equals("true")) {
        hidden++;
        assertThat(row.get("takers")).isEmpty();
        assertThat(row.get("mean_score")).isEmpty();
        assertThat(row.get("share_at_least_50")).isEmpty();
      } else {
        assertThat(Integer.parseInt(row.get("takers"))).isGreaterThanOrEqualTo(10);
        assertThat(row.get("mean_score")).isNotEmpty();
      }
    }
    assertThat(hidden).as("the small school is in the file, hidden").isPositive();
    assertThat(rows).anySatisfy(row -> assertThat(row.get("area_name")).isEqualTo("Ban Song School"));
    assertThat(anyone.get("/api/charts/public_children/data.csv?area=1&lang=fr").status()).isEqualTo(400);
    assertThat(anyone.get("/api/charts/esa_schools/data.csv").status()).isEqualTo(401);
  }

  static List<CSVRecord> parse(String csv) throws Exception {
    String body = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
    return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body)).getRecords();
  }
}
