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
    Http root = Http.loggedIn(server.url(), "root", "root-secret-123");
    Http.Reply marked = root.send("PUT", "/api/admin/embeds/sites",
        "{\"site\":\"" + INTRANET + "\",\"internal\":true,\"note\":\"staff intranet\"}");
    assertThat(marked.status()).as(marked.raw()).isEqualTo(200);
  }

  /** The district's staff intranet, marked internal by the admin at the start. */
  static final String INTRANET = "https://intranet.esa5101.go.th";

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
    assertThat(restricted.body().path("error").asText()).contains("not public").contains("internal site");
    assertThat(new org.satit.api.ops.SecurityHeaders(List.of("https://www.esa5003.go.th")).embedOrigins()).hasSize(1);
    for (String bad : List.of("https://x.go.th/path", "https://x.go.th; script-src *", "'unsafe-inline'", "*")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new org.satit.api.ops.SecurityHeaders(List.of(bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aTokenShowsItsChartWithItsParametersOnlyAsItsGrantorSeesIt() throws Exception {
    Http.Reply grant = dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":{\"year\":2563,"
        + "\"test\":\"ONET\",\"grade\":\"P6\",\"subject\":\"MAT\"},\"days\":30,\"site\":\"" + INTRANET + "\"}");
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
        Instant.now().plus(1, ChronoUnit.DAYS), grant.body().path("grant").asText(), INTRANET));
    assertThat(anyone.with("Authorization", "Bearer " + theirs).get("/api/embed/esa_schools/data").status()).isEqualTo(401);
    String none = "eyJhbGciOiJub25lIn0." + token.split("\\.")[1] + ".";
    assertThat(anyone.with("Authorization", "Bearer " + none).get("/api/embed/esa_schools/data").status()).isEqualTo(401);
    assertThat(anyone.with("Authorization", "Basic abc").get("/api/embed/esa_schools/data").status()).isEqualTo(401);
    // the CSV of an embedded chart carries the same rows
    Http.Reply csv = bearer.get("/api/embed/esa_schools/data.csv?lang=en");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(parse(csv.raw())).hasSize(2);
    // bad grants
    assertThat(dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"days\":0,\"site\":\"" + INTRANET
        + "\"}").status()).isEqualTo(400);
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
    String id = recordedGrant();
    String stale = past.issue(new EmbedTokens.Grant("esa_schools", Map.of("year", "2563"), dao, "dao", now.plus(1, ChronoUnit.DAYS),
        id, INTRANET));
    Http.Reply expired = anyone.with("Authorization", "Bearer " + stale).get("/api/embed/esa_schools/data");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.body().path("error").asText()).contains("expired");
    Http.Reply swapped = anyone.send("POST", "/api/embed/refresh", "{\"token\":\"" + stale + "\"}");
    assertThat(swapped.status()).as(swapped.raw()).isEqualTo(200);
    String fresh = swapped.body().path("token").asText();
    assertThat(anyone.with("Authorization", "Bearer " + fresh).get("/api/embed/esa_schools/data").status()).isEqualTo(200);
    // a grant that ended yesterday
    String ended = past.issue(new EmbedTokens.Grant("esa_schools", Map.of(), dao, "dao", now.minus(1, ChronoUnit.DAYS), id,
        INTRANET));
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
        + "\"test\":\"ONET\",\"grade\":\"P6\",\"subject\":\"MAT\"},\"days\":366,\"site\":\"" + INTRANET + "\"}");
    assertThat(g.status()).as(g.raw()).isEqualTo(200);
    return g.body().path("token").asText();
  }

  /** The id of a grant dao made for the intranet (tokens the test issues itself name it). */
  static String recordedGrant() throws Exception {
    Http.Reply g = dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":{\"year\":2563},"
        + "\"site\":\"" + INTRANET + "\"}");
    assertThat(g.status()).as(g.raw()).isEqualTo(200);
    return g.body().path("grant").asText();
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

  /**
   * Embeds know their audience: a chart that is not public goes only to a site the admin marked internal, listed on the
   * admin page and revocable there; a code made before (no site) stops with a clear message; a public chart shows the
   * public release whoever granted it.
   */
  @Test
  void aChartThatIsNotPublicGoesOnlyToAnInternalSiteAndCanBeRevoked() throws Exception {
    Http root = Http.loggedIn(server.url(), "root", "root-secret-123");
    String body = "{\"chart\":\"esa_schools\",\"params\":{\"year\":2563},\"site\":\"%s\"}";
    // a public website, never marked: refused, saying why; nothing recorded
    int before = root.get("/api/admin/embeds").body().path("grants").size();
    Http.Reply onPublic = dao.send("POST", "/api/embed/tokens", body.formatted("https://www.esa5101.go.th"));
    assertThat(onPublic.status()).as(onPublic.raw()).isEqualTo(403);
    assertThat(onPublic.body().path("error").asText()).contains("is not marked internal").contains("public charts");
    for (String bad : List.of("intranet", "https://intranet.esa5101.go.th/page", "ftp://x.go.th", "")) {
      Http.Reply r = dao.send("POST", "/api/embed/tokens", body.formatted(bad));
      assertThat(r.status()).as(bad + ": " + r.raw()).isEqualTo(400);
    }
    assertThat(dao.send("POST", "/api/embed/tokens", "{\"chart\":\"public_trend\",\"site\":\"" + INTRANET + "\"}")
        .status()).as("a public chart needs no code").isEqualTo(400);
    assertThat(root.get("/api/admin/embeds").body().path("grants").size()).isEqualTo(before);
    // the intranet: granted, and listed for the admin with grantor, chart, choices, site and end
    Http.Reply granted = dao.send("POST", "/api/embed/tokens", body.formatted(INTRANET.toUpperCase().replace("HTTPS", "https")));
    assertThat(granted.status()).as(granted.raw()).isEqualTo(200);
    assertThat(granted.body().path("site").asText()).isEqualTo(INTRANET);
    String token = granted.body().path("token").asText();
    String id = granted.body().path("grant").asText();
    Http bearer = anyone.with("Authorization", "Bearer " + token);
    assertThat(bearer.get("/api/embed/esa_schools/data").status()).isEqualTo(200);
    assertThat(bearer.with("X-Satit-Embedder", INTRANET).get("/api/embed/esa_schools/data").status()).isEqualTo(200);
    Http.Reply elsewhere = bearer.with("X-Satit-Embedder", "https://www.esa5101.go.th").get("/api/embed/esa_schools/data");
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(elsewhere.body().path("error").asText()).contains("not for https://www.esa5101.go.th");
    var listed = root.get("/api/admin/embeds").body();
    var row = java.util.stream.StreamSupport.stream(listed.path("grants").spliterator(), false)
        .filter(g -> g.path("id").asText().equals(id)).findFirst().orElseThrow();
    assertThat(row.path("grantedBy").asText()).isEqualTo("dao");
    assertThat(row.path("chart").asText()).isEqualTo("esa_schools");
    assertThat(row.path("params").path("esa").asText()).isEqualTo("5101");
    assertThat(row.path("params").path("year").asText()).isEqualTo("2563");
    assertThat(row.path("site").asText()).isEqualTo(INTRANET);
    assertThat(row.path("refreshUntil").asText()).isNotEmpty();
    assertThat(anyone.get("/embed/esa_schools").header("Content-Security-Policy")).contains(INTRANET);
    // only admins see and change the registry; only the logged-in see the internal sites
    assertThat(dao.get("/api/admin/embeds").status()).isEqualTo(403);
    assertThat(dao.send("PUT", "/api/admin/embeds/sites", "{\"site\":\"https://x.go.th\",\"internal\":true}").status())
        .isEqualTo(403);
    assertThat(dao.send("DELETE", "/api/admin/embeds/grants/" + id, null).status()).isEqualTo(403);
    assertThat(anyone.get("/api/embed/sites").status()).isEqualTo(401);
    assertThat(dao.get("/api/embed/sites").body().path("internal").toString()).contains(INTRANET);
    assertThat(root.send("PUT", "/api/admin/embeds/sites", "{\"site\":\"https://x.go.th\",\"internal\":\"yes\"}").status())
        .isEqualTo(400);
    // revoked by the admin: the data and the renewal stop at once, saying so
    Http.Reply revoked = root.send("DELETE", "/api/admin/embeds/grants/" + id, null);
    assertThat(revoked.status()).as(revoked.raw()).isEqualTo(200);
    Http.Reply after = bearer.get("/api/embed/esa_schools/data");
    assertThat(after.status()).isEqualTo(403);
    assertThat(after.body().path("error").asText()).contains("revoked").contains("by root");
    assertThat(refresh(token).status()).isEqualTo(401);
    assertThat(root.send("DELETE", "/api/admin/embeds/grants/no-such-grant", null).status()).isEqualTo(404);
    // a site no longer internal takes its codes with it
    String other = grant(dao);
    assertThat(data(other).status()).isEqualTo(200);
    assertThat(root.send("PUT", "/api/admin/embeds/sites", "{\"site\":\"" + INTRANET + "\",\"internal\":false}").status())
        .isEqualTo(200);
    Http.Reply unmarked = data(other);
    assertThat(unmarked.status()).isEqualTo(403);
    assertThat(unmarked.body().path("error").asText()).contains("no longer marked internal");
    assertThat(root.send("PUT", "/api/admin/embeds/sites", "{\"site\":\"" + INTRANET + "\",\"internal\":true}").status())
        .isEqualTo(200);
    assertThat(data(other).status()).isEqualTo(200);
    // the registry is the warehouse's: a new one over it knows the same
    EmbedRegistry again = new EmbedRegistry(warehouse, Clock.systemUTC());
    assertThat(again.internal(INTRANET)).isTrue();
    assertThat(again.grant(id)).hasValueSatisfying(g -> assertThat(g.revokedBy()).isEqualTo("root"));
    again.close();
  }

  /** A code made before embeds knew their audience carries no site: for a chart that is not public it stops, saying why. */
  @Test
  void anOldCodeForAChartThatIsNotPublicStopsWithAClearMessage() throws Exception {
    Principal dao = new Principal("dao", Role.DISTRICT, "5101");
    EmbedTokens before = new EmbedTokens(TestServer.KEY, Duration.ofMinutes(15), Clock.systemUTC(),
        Users.load(dir.resolve("users.yaml"))::account);
    Instant until = Instant.now().plus(300, ChronoUnit.DAYS);
    String old = before.issue(new EmbedTokens.Grant("esa_schools", Map.of("esa", "5101"), dao, "dao", until, null, null));
    Http.Reply r = anyone.with("Authorization", "Bearer " + old).get("/api/embed/esa_schools/data");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().path("error").asText()).isEqualTo(EmbedApi.UNBOUND);
    Http.Reply renewal = refresh(old);
    assertThat(renewal.status()).isEqualTo(401);
    assertThat(renewal.body().path("error").asText()).isEqualTo(EmbedApi.UNBOUND);
    // an old code for a public chart shows what the public sees
    String publicOld = before.issue(new EmbedTokens.Grant("public_trend", Map.of("level", "nation", "area", "TH"), dao,
        "dao", until, null, null));
    Http.Reply shown = anyone.with("Authorization", "Bearer " + publicOld).get("/api/embed/public_trend/data");
    assertThat(shown.status()).as(shown.raw()).isEqualTo(200);
    assertThat(shown.body().path("rows"))
        .isEqualTo(anyone.get("/api/charts/public_trend/data?level=nation&area=TH").body().path("rows"));
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
