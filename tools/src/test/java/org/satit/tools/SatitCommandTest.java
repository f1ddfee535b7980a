package org.satit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SatitCommandTest {

  record Run(int exit, String out, String err) {
  }

  static Run run(String... args) {
    CommandLine cl = SatitTools.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void userTokenPrintsATokenOnceAndKeepsOnlyItsDigest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("users.yaml");
    org.satit.api.auth.Users.add(file, "somchai", org.satit.warehouse.query.Role.DISTRICT, "5003", "somchai-secret-1");
    Run r = run("user", "token", "--file", file.toString(), "--name", "somchai", "--label", "monthly report", "--days", "30");
    assertThat(r.exit()).as(r.err()).isZero();
    String token = r.out().strip();
    assertThat(token).startsWith("satit_");
    assertThat(java.nio.file.Files.readString(file)).contains("monthly report").doesNotContain(token);
    assertThat(org.satit.api.auth.Users.load(file).authenticateToken(token).orElseThrow().esaCode()).isEqualTo("5003");
    assertOneLineError(run("user", "token", "--file", file.toString(), "--name", "nobody"), "no user");
    assertOneLineError(run("user", "token", "--file", file.toString(), "--name", "somchai", "--days", "0"), "1 to 731");
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("demo", "generate", "simulate", "./satit test");
    assertThat(run("generate", "--help").out()).contains("--scale", "--seed", "--target", "country");
  }

  @Test
  void badArgumentsGiveOneLineAndExitCode2() {
    assertOneLineError(run("generate"), "--target");
    assertOneLineError(run("generate", "--scale", "galaxy", "--target", "jdbc:postgresql://127.0.0.1/x"), "unknown scale");
    assertOneLineError(run("generate", "--target", "jdbc:oracle:thin:@x"), "unsupported JDBC URL");
    assertOneLineError(run("generate", "--years", "2570-2571", "--target", "jdbc:postgresql://127.0.0.1/x"), "not available");
    assertOneLineError(run("generate", "--esa", "9999", "--target", "jdbc:postgresql://127.0.0.1/x"), "unknown ESA code");
    assertOneLineError(run("generate", "--seed", "abc", "--target", "jdbc:postgresql://127.0.0.1/x"), "abc");
    assertOneLineError(run("demo", "--rate", "-1"), "--rate");
    assertOneLineError(run("frobnicate"), "frobnicate");
    assertOneLineError(run("serve"), "--config");
    assertOneLineError(run("serve", "--config", "/nonexistent/satit.yaml"), "does not exist");
    assertOneLineError(run("bench", "ingest", "--rate", "0"), "--rate");
    assertOneLineError(run("bench", "ingest", "--scale", "moon"), "unknown scale");
  }

  private static void assertOneLineError(Run r, String mentions) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("satit: ").contains(mentions);
  }

  @Test
  void anUnreachableTargetIsAClearErrorNotAStackTrace() {
    Run r = run("generate", "--target", "jdbc:postgresql://127.0.0.1:1/emis");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("satit: ").contains("refused");
  }

  static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void demoStartsTheSourceLoadsItKeepsItChangingAndRestartsOnItsData(@TempDir Path dir) throws Exception {
    int port = freePort();
    java.util.concurrent.CompletableFuture<Run> running = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        run("demo", "--scale", "esa", "--data-dir", dir.toString(), "--source-port", "0", "--port",
            Integer.toString(port), "--rate", "100", "--duration", "75", "--status-every", "5"));
    // the health endpoint shows the warehouse following the source while the simulator runs
    var http = java.net.http.HttpClient.newHttpClient();
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/health")).build();
    com.fasterxml.jackson.databind.JsonNode health = null;
    long deadline = System.currentTimeMillis() + 70_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        var body = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        com.fasterxml.jackson.databind.JsonNode onet = null;
        for (var t : health.get("tables")) {
          if (t.get("name").asText().equals("onet_score")) {
            onet = t;
          }
        }
        if (onet != null && onet.get("rows").asLong() > 40_000 && !onet.get("lagMs").isNull()) {
          break;
        }
      } catch (java.io.IOException notYet) {
        // the server is not up yet
      }
      Thread.sleep(1000);
    }
    assertThat(health).as("health answered").isNotNull();
    assertThat(health.get("warehouseVersion").asLong()).isPositive();
    assertThat(health.get("source").get("jdbcUrl").asText()).startsWith("jdbc:postgresql://127.0.0.1:");
    assertThat(health.get("quarantined").isNumber()).isTrue();
    assertThat(health.get("tables")).hasSize(org.satit.ingest.spec.SourceSpecs.emisData().size());
    for (var t : health.get("tables")) {
      assertThat(t.has("name") && t.has("rows") && t.has("lastSourceCommit") && t.has("lagMs")).as(t.toString()).isTrue();
      if (t.get("name").asText().equals("onet_score")) {
        assertThat(t.get("rows").asLong()).as(t.toString()).isGreaterThan(40_000);
        assertThat(t.get("lagMs").isNull()).as("a streamed change was applied: %s", t).isFalse();
      }
    }
    // an analyst's JDBC session, as the demo prints it: the Avatica URL and a login from demo-logins.txt
    java.util.Map<String, String> passwords = new java.util.HashMap<>();
    for (String line : java.nio.file.Files.readAllLines(dir.resolve(DemoLogins.LOGINS_FILE))) {
      if (!line.startsWith("#")) {
        String[] f = line.split(" ");
        passwords.put(f[0], f[3]);
      }
    }
    String jdbcUrl = "jdbc:avatica:remote:url=http://127.0.0.1:" + port + "/api/jdbc;serialization=protobuf";
    try (java.sql.Connection analyst = java.sql.DriverManager.getConnection(jdbcUrl, "analyst", passwords.get("analyst"));
         java.sql.Statement st = analyst.createStatement();
         java.sql.ResultSet rs = st.executeQuery("SELECT esa_code, SUM(takers) FROM score_cells GROUP BY esa_code")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("5003");
      assertThat(rs.getLong(2)).isGreaterThan(10_000);
    }
    try (java.sql.Connection district = java.sql.DriverManager.getConnection(jdbcUrl, "district", passwords.get("district"));
         java.sql.Statement st = district.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeQuery("SELECT COUNT(*) FROM quarantine_summary"))
          .isInstanceOf(java.sql.SQLException.class);
    }
    Run first = running.get();
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("first start: generating the esa scale source", "JDBC URL : jdbc:postgresql://127.0.0.1:",
        "wal_level=logical", "simulator: 100 changes/s", "ingest: Flink CDC job in a local MiniCluster, fresh snapshot",
        "warehouse: version", "ready: the warehouse is whole", "JDBC (analysts): jdbc:avatica:remote:url=http://127.0.0.1:" + port + "/api/jdbc");
    long changes = first.out().lines().filter(l -> l.startsWith("source changes:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("source changes: ([\\d,]+).*", "$1").replace(",", ""))).max()
        .orElse(0);
    assertThat(changes).as(first.out()).isGreaterThan(100);

    Run second = run("demo", "--data-dir", dir.toString(), "--source-port", "0", "--port", "0", "--rate", "0",
        "--duration", "3");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("source already generated: esa scale, seed 7", "simulator: off",
        "ingest: Flink CDC job in a local MiniCluster, resumed from checkpoint chk-");

    Run reset = run("reset", "--data-dir", dir.toString());
    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("dropped replication slot satit_emis", "deleted", "reset done",
        "kept the public release history and the embed registry");
    assertThat(dir.resolve("checkpoints")).doesNotExist();
    assertThat(dir.resolve("warehouse.duckdb")).doesNotExist();
    assertThat(dir.resolve("source")).isDirectory();
    assertThat(dir.resolve(org.satit.warehouse.KeptHistory.FOLDER)).isDirectory();

    Run third = run("demo", "--data-dir", dir.toString(), "--source-port", "0", "--port", "0", "--rate", "0",
        "--duration", "2");
    assertThat(third.exit()).as(third.err()).isZero();
    assertThat(third.out()).contains("source already generated", "ingest: Flink CDC job in a local MiniCluster, fresh snapshot");
    // the rebuilt warehouse took back what the public saw
    assertThat(dir.resolve(org.satit.warehouse.KeptHistory.FOLDER)).doesNotExist();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
         java.sql.Statement st = c.createStatement();
         java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM public_release")) {
      rs.next();
      assertThat(rs.getLong(1)).as("releases kept across the reset").isPositive();
    }
  }
}
