package org.satit.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.TestServer;
import org.satit.api.ops.RateLimits;
import org.satit.api.ops.TrustedProxies;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/**
 * Many logins at once: each Argon2id check holds 16 MiB, so only a few run at once (here one, with a wait of
 * 100 ms for a turn, so that 48 logins arriving together must overflow it); the rest are told to come back,
 * 503 with a JSON message and {@code Retry-After}, never another 5xx; the server stays healthy and a login
 * afterwards works. (Without the bound all 200 logins of an earlier version of this test were let in at once.)
 */
class LoginConcurrencyTest {

  @TempDir
  Path dir;

  @Test
  void manyLoginsAtOnceAreBoundedAndTheServerStaysHealthy() throws Exception {
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "ana", Role.ANALYST, null, "ana-secret-123");
    int callers = 48;
    try (DuckDBConnection warehouse = QueryFixture.warehouse();
         TestServer server = new TestServer(warehouse, Users.load(usersFile, new PasswordChecks(1, Duration.ofMillis(100))),
             new RateLimits(100_000, 100_000, TrustedProxies.none()))) {
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        HttpClient own = HttpClient.newHttpClient(); // one connection each: all arrive at once
        String password = i % 2 == 0 ? "ana-secret-123" : "wrong-password-" + i;
        answers.add(pool.submit(() -> {
          go.await();
          return own.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/login"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ana\",\"password\":\"" + password + "\"}")).build(),
              HttpResponse.BodyHandlers.ofString());
        }));
      }
      go.countDown();
      Map<Integer, Integer> byStatus = new TreeMap<>();
      List<HttpResponse<String>> busy = new ArrayList<>();
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get(5, TimeUnit.MINUTES);
        byStatus.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 503) {
          busy.add(r);
        }
      }
      pool.shutdown();
      System.out.println("48 logins at once, answers by status: " + byStatus);
      assertThat(byStatus.keySet()).as("statuses %s", byStatus).isSubsetOf(200, 401, 503);
      assertThat(busy).as("some logins were told to come back: %s", byStatus).isNotEmpty();
      assertThat(byStatus.getOrDefault(200, 0) + byStatus.getOrDefault(401, 0)).as("and some were checked: %s", byStatus)
          .isPositive();
      for (HttpResponse<String> r : busy) {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        var body = Http.JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("error").asText()).contains("too many logins at once");
      }
      assertThat(new Http(server.url()).get("/api/health").status()).isEqualTo(200);
      Http.loggedIn(server.url(), "ana", "ana-secret-123");
    }
  }
}
