package org.satit.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.QueryFixture;

/**
 * Injection, oversized and malformed input on every route the API document lists, as the public sends it:
 * every path parameter, every documented query parameter and every parameter of every public chart gets
 * each hostile value; every JSON body route gets broken bodies; raw malformed HTTP goes through a socket.
 * Every such request gets a 4xx with a JSON message; nothing gets a 5xx; the warehouse is unchanged.
 */
class PublicRoutesFuzzTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  static Http anyone;

  static final List<String> HOSTILE = List.of("' OR '1'='1", "1; DROP TABLE fact_test_score; --", "\" OR \"\"=\"",
      "<script>alert(1)</script>", "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "\u0000", "%00", "x".repeat(5000),
      "ก".repeat(1500), "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "-1", "1e309", "NaN", "", " ", "null", "[]",
      "2563 UNION SELECT citizen_id FROM stg_student", "\uD83D\uDE00", "\\", "%", "*");

  @BeforeAll
  static void start() throws Exception {
    warehouse = QueryFixture.warehouse();
    try (DuckDBConnection c = (DuckDBConnection) warehouse.duplicate()) {
      org.satit.warehouse.publish.ScoreRelease.release(c, org.satit.warehouse.disclosure.DisclosureRules.defaults());
    }
    server = new TestServer(warehouse, Users.load(dir.resolve("users.yaml")),
        new RateLimits(100_000, 100_000, TrustedProxies.none()));
    anyone = new Http(server.url());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    warehouse.close();
  }

  private final List<String> failures = new ArrayList<>();
  private int sent;

  private void expect4xx(String method, String path, String body) throws Exception {
    Http.Reply r;
    try {
      try {
        r = anyone.send(method, path, body);
      } catch (java.io.IOException stale) {
        r = anyone.sendOnNewConnection(method, path, body);
      }
    } catch (java.io.IOException e) {
      failures.add(method + " " + abbreviate(path) + (body == null ? "" : " " + abbreviate(body)) + " -> no answer: " + e);
      return;
    }
    sent++;
    boolean json = r.body() != null && r.body().path("error").isTextual() && r.body().path("status").asInt() == r.status();
    if (r.status() < 400 || r.status() > 499 || !json) {
      failures.add(method + " " + abbreviate(path) + (body == null ? "" : " " + abbreviate(body)) + " -> " + r.status()
          + " " + abbreviate(r.raw()));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…(" + s.length() + ")";
  }

  @Test
  void hostileValuesInEveryParameterOfEveryRouteGet4xxJson() throws Exception {
    JsonNode doc = anyone.get("/api/openapi.json").body();
    List<String> publicCharts = new ArrayList<>();
    for (JsonNode c : anyone.get("/api/dashboards/public").body().path("charts")) {
      publicCharts.add(c.path("id").asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = e.getKey();
      for (Iterator<Map.Entry<String, JsonNode>> ops = e.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase();
        for (JsonNode p : op.getValue().path("parameters")) {
          String name = p.path("name").asText();
          boolean inPath = p.path("in").asText().equals("path");
          for (String v : HOSTILE) {
            if (inPath) {
              if (v.isBlank() || v.equals("\\") || v.equals("*")) {
                continue; // an empty or a stray path segment is another route: tried below as unknown routes
              }
              String filled = path.replace("{" + name + "}", Http.q(v));
              // a real route name must stay a real route: /api/charts/{hostile}/data, never /api/charts/x
              expect4xx(method, filled, method.equals("GET") || method.equals("DELETE") ? null : "{}");
            } else if (!name.equals("q") || !v.isBlank()) {
              if (path.contains("{")) {
                String concrete = path.replace("{id}", publicCharts.get(0)).replace("{chart}", publicCharts.get(0))
                    .replace("{lang}", "en").replace("{name}", "area");
                // parameters of a concrete route: a bad value of a real parameter
                if (name.equals("lang") || (!concrete.contains("{") && !name.equals("id") && !name.equals("chart")
                    && !name.equals("name"))) {
                  expect4xx(method, concrete + "?" + name + "=" + Http.q(v), null);
                }
              } else if (name.equals("q") && v.length() > 60) {
                expect4xx(method, path + "?q=" + Http.q(v), null);
              }
            }
          }
        }
      }
    }
    // every parameter of every public chart, in the dashboards' and the embeds' data routes and the CSV export
    for (String chart : publicCharts) {
      JsonNode params = anyone.get("/api/dashboards/public").body().path("charts");
      for (JsonNode c : params) {
        if (!c.path("id").asText().equals(chart)) {
          continue;
        }
        for (JsonNode p : c.path("params")) {
          for (String v : HOSTILE) {
            for (String route : List.of("/api/charts/" + chart + "/data", "/api/charts/" + chart + "/data.csv",
                "/api/embed/" + chart + "/data")) {
              expect4xx("GET", route + "?" + p.asText() + "=" + Http.q(v), null);
            }
          }
          expect4xx("GET", "/api/charts/" + chart + "/data?" + p.asText() + "=TH&" + p.asText() + "=TH", null);
        }
        expect4xx("GET", "/api/charts/" + chart + "/data?colour=red", null);
        expect4xx("GET", "/api/embed/" + chart + "/data?" + Http.q("' OR 1=1") + "=1", null);
      }
    }
    for (String v : HOSTILE) {
      expect4xx("GET", "/api/dimensions/area/values?" + "level=" + Http.q(v), null);
      expect4xx("GET", "/api/search?q=" + Http.q(v) + "&extra=1", null);
    }
    assertThat(failures).as("%d of %d hostile requests", failures.size(), sent).isEmpty();
    assertThat(sent).isGreaterThan(1000);
    System.out.printf("fuzz: %d hostile parameter values, every one a 4xx JSON error%n", sent);
  }

  @Test
  void brokenBodiesOnEveryJsonRouteGet4xxJson() throws Exception {
    List<String> bodies = List.of("", "not json", "[]", "null", "42", "\"text\"", "{", "{\"user\":", "[".repeat(5000),
        "{\"user\":\"" + "x".repeat(900_000) + "\"}", "{\"token\":{\"a\":1}}", "{\"chart\":[\"x\"]}", "{\"days\":\"ten\"}",
        "{\"user\":1,\"password\":2}", "{\"token\":\"" + "a.".repeat(3000) + "\"}");
    for (String route : List.of("/api/login", "/api/embed/refresh", "/api/embed/tokens", "/api/admin/tokens")) {
      for (String b : bodies) {
        expect4xx("POST", route, b);
      }
    }
    for (String b : bodies) {
      expect4xx("PUT", "/api/admin/users/someone", b);
    }
    assertThat(failures).as("%d of %d broken bodies", failures.size(), sent).isEmpty();
  }

  @Test
  void malformedHttpGets4xxJson() throws Exception {
    List<String> raw = List.of(
        "GET /api/search?q=%zz HTTP/1.1",
        "GET /api/charts/%zz/data HTTP/1.1",
        "GET /api/charts/public_trend/data?area=%E0%B8 HTTP/1.1",
        "GET /api/search?q=" + "x".repeat(20_000) + " HTTP/1.1",
        "GET /embed/%00 HTTP/1.1",
        "GET /../../etc/passwd HTTP/1.1",
        "GET /api/health HTTP/1.1\r\nX-Big: " + "y".repeat(20_000),
        "BREW /api/health HTTP/1.1",
        // a body over the limit is refused from its declared length, before it is read
        "POST /api/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 5000000",
        "PUT /api/admin/users/x HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2000000");
    for (String line : raw) {
      try (Socket s = new Socket("127.0.0.1", server.server.port())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write((line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String status = answer.isEmpty() ? "none" : answer.substring(9, 12);
        String body = answer.contains("\r\n\r\n") ? answer.substring(answer.indexOf("\r\n\r\n") + 4) : "";
        sent++;
        if (!status.startsWith("4") || !answer.toLowerCase().contains("content-type: application/json")
            || !body.contains("\"error\"")) {
          failures.add(abbreviate(line) + " -> " + abbreviate(answer));
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void afterwardsTheServerAnswersAndTheFactTableIsWhole() throws Exception {
    hostileValuesInEveryParameterOfEveryRouteGet4xxJson();
    assertThat(anyone.get("/api/health").status()).isEqualTo(200);
    try (var c = warehouse.duplicate(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT COUNT(*) FROM fact_test_score")) {
      rs.next();
      assertThat(rs.getLong(1)).isPositive();
    }
  }
}
