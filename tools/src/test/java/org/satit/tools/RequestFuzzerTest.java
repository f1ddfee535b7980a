package org.satit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/**
 * The fuzz suite at CI size, over the small known warehouse: 4,000 generated requests over every route as
 * every kind of caller find no 5xx, no error that is not JSON, no stack trace, hash or password, and the
 * public gets no restricted chart nor a hidden number. The full run is {@code ./satit verify fuzz}.
 */
class RequestFuzzerTest {

  @TempDir
  Path dir;

  @Test
  void generatedRequestsOverEveryRouteFindNothing() throws Exception {
    long seed = Long.getLong("satit.fuzz.seed", System.nanoTime());
    System.out.println("fuzz seed " + seed + " (-Dsatit.fuzz.seed=" + seed + " repeats it)");
    Path usersFile = dir.resolve("users.yaml");
    Map<String, String> logins = new LinkedHashMap<>();
    logins.put("ana", "ana-secret-123");
    logins.put("dao", "dao-secret-123");
    logins.put("adm", "adm-secret-123");
    Users.add(usersFile, "ana", Role.ANALYST, null, logins.get("ana"));
    Users.add(usersFile, "dao", Role.DISTRICT, "5101", logins.get("dao"));
    Users.add(usersFile, "adm", Role.ADMIN, null, logins.get("adm"));
    String token = Users.load(usersFile).createToken("ana", "fuzz", 1);
    try (DuckDBConnection warehouse = QueryFixture.warehouse()) {
      try (DuckDBConnection c = (DuckDBConnection) warehouse.duplicate()) {
        org.satit.warehouse.publish.ScoreRelease.release(c, org.satit.warehouse.disclosure.DisclosureRules.defaults());
      }
      try (TestServer server = new TestServer(warehouse, Users.load(usersFile),
          new org.satit.api.ops.RateLimits(1_000_000, 1_000_000, org.satit.api.ops.TrustedProxies.none()))) {
        List<RequestFuzzer.Caller> callers = RequestFuzzer.callers(server.url(), logins, token);
        RequestFuzzer fuzzer = new RequestFuzzer(server.url(), callers, Set.of(),
            List.of("ana-secret-123", "dao-secret-123", "adm-secret-123"), 10);
        fuzzer.learn(callers.stream().filter(c -> c.name().equals("adm")).findFirst().orElseThrow());
        RequestFuzzer.Result r = fuzzer.run(4000, seed);
        System.out.println("fuzz: " + r.requests() + " requests, by status " + r.byStatus());
        assertThat(r.findings()).as("findings").isEmpty();
        assertThat(r.byStatus().keySet()).as("the run reached answers of every kind").contains(200, 400, 401, 403, 404);
      }
    }
  }
}
