package org.satit.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.TestServer;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/**
 * The users file under concurrent changes from the admin page: 8 threads add 16 users, remove 16 others and
 * make 8 API tokens at the same time, over HTTP, in two rounds; afterwards the file (read afresh) and the
 * server's own view hold exactly the users and tokens expected, none lost to another change written over it.
 */
class UsersFileConcurrencyTest {

  @TempDir
  Path dir;

  static final int EACH = 16;

  @Test
  void concurrentAddsRemovesAndTokensLoseNothing() throws Exception {
    Path file = dir.resolve("users.yaml");
    Users.add(file, "root", Role.ADMIN, null, "root-secret-123");
    for (int i = 0; i < EACH; i++) {
      Users.add(file, "a-" + i, Role.ANALYST, null, "analyst-secret-" + i);
    }
    try (DuckDBConnection warehouse = QueryFixture.warehouse();
         TestServer server = new TestServer(warehouse, Users.load(file))) {
      Http root = Http.loggedIn(server.url(), "root", "root-secret-123");
      int tokens = 0;
      String from = "a-";
      String to = "b-";
      for (int round = 1; round <= 2; round++) {
        List<Callable<Integer>> changes = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
          String add = to + i;
          String remove = from + i;
          changes.add(() -> root.send("PUT", "/api/admin/users/" + add,
              "{\"role\":\"district\",\"esa\":\"5101\",\"password\":\"district-secret-1\"}").status());
          changes.add(() -> root.send("DELETE", "/api/admin/users/" + remove, null).status());
          if (i % 2 == 0) {
            String label = "round " + round + " token " + i;
            changes.add(() -> root.send("POST", "/api/admin/tokens", "{\"user\":\"root\",\"label\":\"" + label + "\"}")
                .status());
            tokens++;
          }
        }
        assertThat(runTogether(changes, 8)).as("round %d: every change accepted", round).containsOnly(200, 201);

        Set<String> expected = new TreeSet<>();
        expected.add("root");
        for (int i = 0; i < EACH; i++) {
          expected.add(to + i);
        }
        Users reread = Users.load(file);
        assertThat(names(reread.list())).as("round %d: the file", round).isEqualTo(expected);
        assertThat(reread.tokens()).as("round %d: the file's tokens", round).hasSize(tokens);
        Set<String> listed = new TreeSet<>();
        root.get("/api/admin/users").body().path("users").forEach(u -> listed.add(u.path("name").asText()));
        assertThat(listed).as("round %d: the server's view", round).isEqualTo(expected);
        String swap = from;
        from = to;
        to = swap;
      }
    }
  }

  /** Runs the changes on {@code threads} threads, all released at once; their answers. */
  static List<Integer> runTogether(List<Callable<Integer>> changes, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (Callable<Integer> c : changes) {
        answers.add(pool.submit(() -> {
          go.await();
          return c.call();
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : answers) {
        statuses.add(f.get(2, TimeUnit.MINUTES));
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  static Set<String> names(List<Principal> users) {
    return users.stream().map(Principal::name).collect(Collectors.toCollection(TreeSet::new));
  }
}
