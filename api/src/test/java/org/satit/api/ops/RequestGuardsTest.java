package org.satit.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/** Security headers on every response, CSRF protection of state changes, and rate limits (small, to test). */
class RequestGuardsTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    warehouse = QueryFixture.warehouse();
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "ana", Role.ANALYST, null, "ana-secret");
    server = new TestServer(warehouse, Users.load(usersFile), new RateLimits(5, 30, TrustedProxies.none()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    warehouse.close();
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path));
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    for (String path : List.of("/", "/public/", "/assets/app.js", "/fonts/sarabun-thai-400-normal.woff2", "/api/me", "/api/nothing",
        "/api/charts/esa_clusters/data", "/metrics", "/api/docs")) {
      HttpResponse<String> r = send(at(path).header("Cookie", "satit_session=x"));
      var h = r.headers();
      assertThat(h.firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(v ->
          assertThat(v).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"));
      assertThat(h.firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
      assertThat(h.firstValue("X-Frame-Options")).as(path).contains("DENY");
      assertThat(h.firstValue("Referrer-Policy")).as(path).isPresent();
    }
  }

  @Test
  void stateChangesNeedTheCsrfTokenAndOtherOriginsAreRefused() throws Exception {
    HttpResponse<String> login = send(at("/api/login").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ana\",\"password\":\"ana-secret\"}")));
    assertThat(login.statusCode()).isEqualTo(200);
    List<String> cookies = login.headers().allValues("Set-Cookie");
    String session = cookies.stream().filter(c -> c.startsWith("satit_session=")).findFirst().orElseThrow().split(";")[0];
    String csrf = cookies.stream().filter(c -> c.startsWith("satit_csrf=")).findFirst().orElseThrow();
    assertThat(csrf).doesNotContain("HttpOnly").containsIgnoringCase("SameSite=Strict");
    String token = csrf.split(";")[0].substring("satit_csrf=".length());
    String both = session + "; satit_csrf=" + token;

    HttpResponse<String> forged = send(at("/api/logout").header("Cookie", both).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(new ObjectMapper().readTree(forged.body()).path("error").asText()).contains("X-Satit-CSRF");
    HttpResponse<String> wrong = send(at("/api/logout").header("Cookie", both).header("X-Satit-CSRF", token + "x")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<String> crossSite = send(at("/api/login").header("Origin", "http://evil.example")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ana\",\"password\":\"ana-secret\"}")));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(send(at("/api/me").header("Cookie", both)).body()).contains("\"role\":\"analyst\"");

    HttpResponse<String> ok = send(at("/api/logout").header("Cookie", both).header("X-Satit-CSRF", token)
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(send(at("/api/me").header("Cookie", both)).body()).contains("\"role\":\"public\"");
  }

  @Test
  void theRateLimitAnswers429WithRetryAfterAndStaticFilesAreNotCounted() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertThat(send(at("/assets/satit.css")).statusCode()).isEqualTo(200);
    }
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> limited = null;
    for (int i = 0; i < 60; i++) {
      HttpResponse<String> r = send(at("/api/dashboards"));
      statuses.add(r.statusCode());
      if (r.statusCode() == 429 && limited == null) {
        limited = r;
      }
    }
    assertThat(limited).as("some request was limited: %s", statuses.stream().map(String::valueOf)
        .collect(Collectors.joining(","))).isNotNull();
    // a burst of 30 (less what the other tests of this class used) and a refill of 5 a second
    assertThat(statuses.stream().filter(s -> s == 200).count()).as("%s", statuses).isBetween(1L, 40L);
    int first429 = statuses.indexOf(429);
    assertThat(statuses.subList(0, first429)).as("allowed until the bucket ran dry").containsOnly(200);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(new ObjectMapper().readTree(limited.body()).path("status").asInt()).isEqualTo(429);
  }
}
