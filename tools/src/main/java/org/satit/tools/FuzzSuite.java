package org.satit.tools;

import org.satit.api.SatitStack;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.satit.api.auth.Users;
import org.satit.tools.bench.BenchSource;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.publish.PublishedAudit;

/**
 * {@code satit verify fuzz}: satit over a freshly generated source, then {@link RequestFuzzer}'s generated
 * requests over every route as every kind of caller, then the disclosure audit over every public table.
 */
final class FuzzSuite {

  record Options(EmisGenerator.Scale scale, long seed, int requests, Path dir) {
  }

  record Result(RequestFuzzer.Result fuzz, PublishedAudit.Verdict audit, int callers, int citizenIds) {
    boolean passed() {
      return fuzz.findings().isEmpty() && audit.passed();
    }
  }

  private FuzzSuite() {
  }

  static Result run(Options o, PrintWriter out) throws Exception {
    BenchSource.deleteRecursively(o.dir());
    Files.createDirectories(o.dir());
    try (EmbeddedSource source = EmbeddedSource.start(o.dir().resolve("source"), 0)) {
      out.printf("fuzz: generating a %s-scale source …%n", o.scale().name().toLowerCase());
      out.flush();
      SourceLoader.generate(source.target(), new EmisGenerator(EmisGenerator.Options.of(o.scale(), o.seed())),
          EmisGenerator.Progress.NONE, true);
      Set<String> citizenIds = new HashSet<>();
      try (Connection c = source.target().connect(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT citizen_id FROM student UNION ALL SELECT citizen_id FROM teacher")) {
        while (rs.next()) {
          citizenIds.add(rs.getString(1));
        }
      }
      DemoLogins.Demo demo = DemoLogins.ensure(o.dir());
      Map<String, String> logins = new LinkedHashMap<>();
      for (String line : Files.readAllLines(demo.loginsFile())) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String[] f = line.split(" ");
          logins.put(f[0], f[3]);
        }
      }
      String token = Users.load(o.dir().resolve(DemoLogins.USERS_FILE)).createToken("district", "fuzz", 1);
      List<String> secrets = List.of(HexFormat.of().formatHex(org.satit.ingest.cdc.PseudonymSecret.loadOrCreate(
          o.dir().resolve("pseudonym.key"))), HexFormat.of().formatHex(org.satit.ingest.cdc.PseudonymSecret.loadOrCreate(
          o.dir().resolve("embed.key"))));
      secrets = new java.util.ArrayList<>(secrets);
      secrets.addAll(logins.values());
      RequestFuzzer.Result fuzz;
      int callers;
      try (SatitStack stack = DemoStack.start(o.dir(), source, 0,
          new org.satit.api.ops.RateLimits(10_000_000, 10_000_000, org.satit.api.ops.TrustedProxies.none()))) {
        out.println("fuzz: satit is snapshotting the source …");
        out.flush();
        stack.awaitSettled();
        stack.releaseNow();
        String base = "http://127.0.0.1:" + stack.port();
        List<RequestFuzzer.Caller> all = RequestFuzzer.callers(base, logins, token);
        callers = all.size();
        RequestFuzzer fuzzer = new RequestFuzzer(base, all, citizenIds, secrets, DisclosureRules.defaults().minCount());
        fuzzer.learn(all.stream().filter(c -> c.name().equals("admin")).findFirst().orElseThrow());
        out.printf("fuzz: %,d generated requests as %d kinds of caller …%n", o.requests(), callers);
        out.flush();
        fuzz = fuzzer.run(o.requests(), o.seed());
      }
      try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"
          + o.dir().resolve(SatitStack.WAREHOUSE_FILE).toAbsolutePath())) {
        PublishedAudit.Verdict audit = PublishedAudit.audit(c, DisclosureRules.defaults());
        return new Result(fuzz, audit, callers, citizenIds.size());
      }
    } finally {
      BenchSource.deleteRecursively(o.dir());
    }
  }

  static void print(PrintWriter out, Result r) {
    out.println();
    out.printf("satit verify fuzz: %,d generated requests over every route as %d kinds of caller; answers by status: %s%n",
        r.fuzz().requests(), r.callers(), r.fuzz().byStatus());
    out.printf("checked in every answer: no 5xx, API errors as JSON, no stack trace or password hash, none of the"
        + " source's %,d citizen IDs, no key or password; the public gets only public charts with no hidden number%n",
        r.citizenIds());
    r.fuzz().findings().stream().limit(20).forEach(f -> out.printf("  finding: %s as %s -> %d: %s %s%n", f.request(),
        f.caller(), f.status(), f.problem(), f.body()));
    out.println("findings: " + r.fuzz().findings().size());
    out.println("disclosure audit of published_score_cell: " + r.audit().report().summary());
    out.println(r.passed() ? "PASSED" : "FAILED");
    out.flush();
  }
}
