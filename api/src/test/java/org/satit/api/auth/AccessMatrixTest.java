package org.satit.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.TestServer;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/**
 * Who reaches what: every role (and an API token, and a wrong token) against every kind of endpoint, with
 * the status each must get; a district office never sees another ESA's schools; the admin page's changes
 * take effect at once (new users log in, removed users' sessions end, revoked tokens stop working).
 */
class AccessMatrixTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  static Map<String, Http> callers = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    warehouse = QueryFixture.warehouse();
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "ana", Role.ANALYST, null, "ana-secret-123");
    Users.add(usersFile, "dao", Role.DISTRICT, "5101", "dao-secret-123");
    Users.add(usersFile, "som", Role.DISTRICT, "5003", "som-secret-123");
    Users.add(usersFile, "adm", Role.ADMIN, null, "adm-secret-123");
    try (DuckDBConnection c = (DuckDBConnection) warehouse.duplicate()) {
      org.satit.warehouse.publish.ScoreRelease.release(c, org.satit.warehouse.disclosure.DisclosureRules.defaults());
    }
    server = new TestServer(warehouse, Users.load(usersFile));
    String url = server.url();
    callers.put("public", new Http(url));
    callers.put("district 5101", Http.loggedIn(url, "dao", "dao-secret-123"));
    callers.put("district 5003", Http.loggedIn(url, "som", "som-secret-123"));
    callers.put("analyst", Http.loggedIn(url, "ana", "ana-secret-123"));
    Http admin = Http.loggedIn(url, "adm", "adm-secret-123");
    callers.put("admin", admin);
    Http.Reply t = admin.send("POST", "/api/admin/tokens", "{\"user\":\"ana\",\"label\":\"matrix test\",\"days\":1}");
    assertThat(t.status()).as(t.raw()).isEqualTo(201);
    callers.put("analyst token", new Http(url).with("Authorization", "Bearer " + t.body().path("token").asText()));
    Http.Reply marked = admin.send("PUT", "/api/admin/embeds/sites", "{\"site\":\"" + INTRANET + "\",\"internal\":true}");
    assertThat(marked.status()).as(marked.raw()).isEqualTo(200);
  }

  static final String INTRANET = "https://intranet.esa5101.go.th";

  @AfterAll
  static void stop() throws Exception {
    server.close();
    warehouse.close();
  }

  record Row(String method, String path, String body, int... expected) {
  }

  static final String ESA_SCHOOLS = "/api/charts/esa_schools/data?esa=5101&year=2563&test=ONET&grade=P6&subject=MAT";

  @Test
  void everyRoleGetsExactlyWhatItMayAtEveryEndpoint() throws Exception {
    //                                                                 public dist5101 dist5003 analyst admin token
    List<Row> matrix = List.of(
        new Row("GET", "/api/dashboards", null, 200, 200, 200, 200, 200, 200),
        new Row("GET", "/api/dashboards/public", null, 200, 200, 200, 200, 200, 200),
        new Row("GET", "/api/dashboards/esa", null, 401, 200, 200, 200, 200, 200),
        new Row("GET", "/api/dashboards/quality", null, 401, 403, 403, 200, 200, 200),
        new Row("GET", "/api/charts/public_subjects/data", null, 200, 200, 200, 200, 200, 200),
        new Row("GET", "/api/charts/public_children/data.csv", null, 200, 200, 200, 200, 200, 200),
        new Row("GET", ESA_SCHOOLS, null, 401, 200, 200, 200, 200, 200),
        new Row("GET", "/api/charts/quality_quarantine/data", null, 401, 403, 403, 200, 200, 200),
        new Row("GET", "/api/charts/quality_quarantine/data.csv", null, 401, 403, 403, 200, 200, 200),
        new Row("GET", "/api/dimensions/school/values?esa=5003", null, 200, 200, 200, 200, 200, 200),
        new Row("GET", "/api/admin/users", null, 401, 403, 403, 403, 200, 403),
        new Row("PUT", "/api/admin/users/newbie", "{\"role\":\"analyst\",\"password\":\"newbie-secret-1\"}",
            401, 403, 403, 403, 200, 403),
        new Row("POST", "/api/admin/tokens", "{\"user\":\"dao\",\"days\":1}", 401, 403, 403, 403, 201, 403),
        new Row("DELETE", "/api/admin/tokens/t-none", null, 401, 403, 403, 403, 404, 403),
        new Row("DELETE", "/api/admin/users/nobody", null, 401, 403, 403, 403, 404, 403),
        new Row("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":{\"year\":2563},\"site\":\""
            + INTRANET + "\"}", 401, 200, 200, 200, 200, 200),
        new Row("POST", "/api/embed/tokens", "{\"chart\":\"quality_quarantine\",\"site\":\"" + INTRANET + "\"}",
            401, 403, 403, 200, 200, 200),
        new Row("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"site\":\"https://www.esa5101.go.th\"}",
            401, 403, 403, 403, 403, 403),
        new Row("GET", "/api/embed/sites", null, 401, 200, 200, 200, 200, 200),
        new Row("GET", "/api/admin/embeds", null, 401, 403, 403, 403, 200, 403),
        new Row("PUT", "/api/admin/embeds/sites", "{\"site\":\"https://www.esa5003.go.th\",\"internal\":false}",
            401, 403, 403, 403, 200, 403),
        new Row("DELETE", "/api/admin/embeds/grants/g-none", null, 401, 403, 403, 403, 404, 403),
        new Row("GET", "/api/admin/release", null, 401, 403, 403, 403, 409, 403),
        new Row("POST", "/api/admin/release", null, 401, 403, 403, 403, 409, 403),
        new Row("GET", "/api/embed/public_trend/data", null, 200, 200, 200, 200, 200, 401),
        new Row("GET", "/api/embed/esa_schools/data", null, 401, 401, 401, 401, 401, 401),
        new Row("GET", "/embed/esa_schools", null, 200, 200, 200, 200, 200, 200),
        new Row("GET", "/api/me", null, 200, 200, 200, 200, 200, 200),
        new Row("GET", "/api/health", null, 200, 200, 200, 200, 200, 200));
    List<String> wrong = new ArrayList<>();
    List<String> roles = new ArrayList<>(callers.keySet());
    for (Row row : matrix) {
      for (int i = 0; i < roles.size(); i++) {
        Http.Reply r = callers.get(roles.get(i)).send(row.method(), row.path(), row.body());
        if (r.status() != row.expected()[i]) {
          wrong.add(roles.get(i) + " " + row.method() + " " + row.path() + ": " + r.status() + " (expected "
              + row.expected()[i] + ") " + r.raw().substring(0, Math.min(160, r.raw().length())));
        }
        if (r.status() >= 400) {
          assertThat(r.body()).as("%s %s answers JSON", row.method(), row.path()).isNotNull();
        }
      }
    }
    assertThat(wrong).as("the access matrix").isEmpty();
    // a token of the wrong kind is refused, not taken for the public
    Http bad = new Http(server.url()).with("Authorization", "Bearer satit_not-a-real-token");
    assertThat(bad.get("/api/charts/public_subjects/data").status()).isEqualTo(401);
  }

  @Test
  void aDistrictOfficeNeverSeesAnotherEsasSchoolsInAnyChart() throws Exception {
    Http dao = callers.get("district 5101");
    Http ana = callers.get("analyst");
    JsonNode dashboards = dao.get("/api/dashboards").body().path("dashboards");
    int checked = 0;
    boolean analystSeesThem = false;
    for (JsonNode d : dashboards) {
      for (JsonNode c : dao.get("/api/dashboards/" + d.path("id").asText()).body().path("charts")) {
        List<String> params = new ArrayList<>();
        c.path("params").forEach(p -> params.add(p.asText()));
        if (!params.contains("esa")) {
          continue;
        }
        String path = "/api/charts/" + c.path("id").asText() + "/data?esa=5003";
        Http.Reply mine = dao.get(path);
        if (mine.status() == 200) {
          // the schools of ESA 5003 are 10500000xx; none of their codes, names or numbers may show
          assertThat(mine.raw()).as(path).doesNotContain("105000000").doesNotContain("Ban Nueng").doesNotContain("Ban Song");
          checked++;
        } else {
          assertThat(mine.status()).as(path + " " + mine.raw()).isBetween(400, 499);
        }
        analystSeesThem |= ana.get(path).raw().contains("105000000");
      }
    }
    assertThat(checked).as("charts with an ESA parameter checked").isGreaterThan(5);
    assertThat(analystSeesThem).as("the check can fail: an analyst does see ESA 5003's schools").isTrue();
  }

  @Test
  void adminChangesTakeEffectAtOnce() throws Exception {
    Http admin = callers.get("admin");
    String url = server.url();
    assertThat(admin.send("PUT", "/api/admin/users/kit", "{\"role\":\"district\",\"esa\":\"5003\",\"password\":\"kit-secret-1234\"}")
        .status()).isEqualTo(200);
    Http kit = Http.loggedIn(url, "kit", "kit-secret-1234");
    assertThat(kit.get("/api/me").body().path("esa").asText()).isEqualTo("5003");
    // bad entries: a clear 400
    assertThat(admin.send("PUT", "/api/admin/users/x", "{\"role\":\"district\",\"password\":\"long-enough-pw\"}").status())
        .isEqualTo(400);
    assertThat(admin.send("PUT", "/api/admin/users/x", "{\"role\":\"analyst\",\"password\":\"short\"}").body()
        .path("error").asText()).contains("12");
    assertThat(admin.send("PUT", "/api/admin/users/" + Http.q("bad name!"), "{\"role\":\"analyst\",\"password\":\"long-enough-pw\"}")
        .status()).isEqualTo(400);
    assertThat(admin.send("PUT", "/api/admin/users/x", "{\"role\":\"king\",\"password\":\"long-enough-pw\"}").status())
        .isEqualTo(400);
    assertThat(admin.send("PUT", "/api/admin/users/x", "not json").status()).isEqualTo(400);
    // a token for nobody (found by the fuzz suite: it was a 500)
    assertThat(admin.send("POST", "/api/admin/tokens", "{}").status()).isEqualTo(400);
    // removing a user ends the user's sessions
    assertThat(admin.send("DELETE", "/api/admin/users/kit", null).status()).isEqualTo(200);
    assertThat(kit.get("/api/me").body().path("role").asText()).isEqualTo("public");
    // the last admin stays
    assertThat(admin.send("DELETE", "/api/admin/users/adm", null).status()).isEqualTo(409);
    assertThat(admin.send("PUT", "/api/admin/users/adm", "{\"role\":\"analyst\",\"password\":\"adm-secret-123\"}").status())
        .isEqualTo(409);
    // an API token works until revoked
    Http.Reply made = admin.send("POST", "/api/admin/tokens", "{\"user\":\"dao\",\"label\":\"script\",\"days\":30}");
    Http script = new Http(url).with("Authorization", "Bearer " + made.body().path("token").asText());
    assertThat(script.get("/api/me").body().path("user").asText()).isEqualTo("dao");
    JsonNode listed = admin.get("/api/admin/users").body();
    assertThat(listed.toString()).doesNotContain(made.body().path("token").asText()).doesNotContain("argon2");
    assertThat(admin.send("DELETE", "/api/admin/tokens/" + made.body().path("id").asText(), null).status()).isEqualTo(200);
    assertThat(script.get("/api/me").status()).isEqualTo(401);
    // and the file on disk holds neither passwords nor tokens
    String file = java.nio.file.Files.readString(dir.resolve("users.yaml"));
    assertThat(file).doesNotContain("kit-secret").doesNotContain(made.body().path("token").asText());
  }
}
