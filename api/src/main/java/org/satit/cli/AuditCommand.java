package org.satit.cli;

import org.satit.api.SatitStack;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.publish.PublishedAudit;
import org.satit.warehouse.publish.ReleaseHistoryAudit;
import org.satit.warehouse.publish.ScoreRelease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code satit audit disclosure}: can anything hidden in the public tables be worked out from what is published? */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit what satit publishes.",
    subcommands = {AuditCommand.Disclosure.class})
final class AuditCommand implements Runnable {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "disclosure", mixinStandardHelpOptions = true,
      description = {"For every hidden cell of every public table, solve the linear programs for the fewest and most",
          "students it could hold given everything published; fail (exit 1) when an interval is narrower than the",
          "protection margin. Audits what the public sees (the last release): it makes no release of its own.",
          "Needs the warehouse file to itself: stop the demo/server first."})
  static final class Disclosure implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "where the warehouse lives. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--min-count", defaultValue = "10", description = "k: smallest group shown. Default: ${DEFAULT-VALUE}")
    int minCount;

    @Option(names = "--margin", description = "protection margin in students. Default: k")
    Integer margin;

    @Option(names = "--history", description = {"also audit the archive of every public release: for every pair of",
        "releases, no shown cell, and no parent minus its shown children, may differ by fewer than k records"})
    boolean history;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Path file = dataDir.resolve(SatitStack.WAREHOUSE_FILE);
      if (!Files.exists(file)) {
        throw new IllegalArgumentException("no warehouse at " + file + " (run ./satit demo first, or give --data-dir)");
      }
      DisclosureRules defaults = DisclosureRules.withMinCount(minCount);
      DisclosureRules rules = new DisclosureRules(minCount, margin == null ? minCount : margin, defaults.meanDecimals(),
          defaults.shareFloorPercent(), defaults.shareCeilingPercent());
      try (DuckDBConnection c = open(file)) {
        org.satit.warehouse.Migrations.apply(c); // a warehouse of an older satit is brought up to date, as at start
        // what the public saw, not a release of the audit's own: a release is a snapshot the public can archive and
        // difference, made on the server's schedule or an admin's Publish now
        java.util.Optional<ScoreRelease.Released> last = ScoreRelease.lastRelease(c);
        long version = ScoreRelease.warehouseVersion(c);
        if (last.isEmpty()) {
          out.println("no public release yet: the public has seen nothing to audit");
          out.flush();
          return 0;
        }
        out.println("the public sees release " + last.get().releaseId() + " of " + last.get().releasedAt()
            + " (warehouse version " + last.get().warehouseVersion()
            + (last.get().warehouseVersion() == version ? ", as the warehouse is now)"
                : "; the warehouse is at " + version + ", to be released on the server's schedule)"));
        long start = System.nanoTime();
        PublishedAudit.Verdict v = PublishedAudit.audit(c, rules);
        out.println("audited published_score_cell (k = " + rules.minCount() + ", margin = " + rules.protectionMargin()
            + ") in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        out.println(v.report().summary());
        v.problems().stream().limit(10).forEach(p -> out.println("  problem: " + p));
        out.println(v.passed() ? "PASSED: no hidden cell can be narrowed below the margin"
            : "FAILED: the published tables give away hidden cells");
        boolean passed = v.passed();
        if (history) {
          long t = System.nanoTime();
          ReleaseHistoryAudit.Verdict h = ReleaseHistoryAudit.audit(c, rules);
          out.printf("audited the archive: %,d releases, %,d pairs of a cell's or a family's changes, in %,d ms%n",
              h.releases(), h.pairsChecked(), (System.nanoTime() - t) / 1_000_000);
          h.leaks().stream().limit(10).forEach(l -> out.println("  leak: " + l.describe()));
          out.println(h.passed() ? "PASSED: no two releases differ by fewer than k records anywhere"
              : "FAILED: " + h.leaks().size() + " differences between releases give away fewer than k records");
          passed &= h.passed();
        }
        out.flush();
        return passed ? 0 : 1;
      }
    }

    private static DuckDBConnection open(Path file) throws SQLException {
      try {
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
      } catch (SQLException e) {
        if (String.valueOf(e.getMessage()).contains("lock")) {
          throw new IllegalStateException("the warehouse " + file + " is open in a running satit: stop it first");
        }
        throw e;
      }
    }
  }
}
