package org.satit.cli;

import org.satit.api.SatitStack;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.SqlScript;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.publish.ReleasePolicy;
import org.satit.warehouse.publish.ScoreRelease;
import org.satit.warehouse.writer.WarehouseWriter;
import picocli.CommandLine;

/** {@code satit audit disclosure} on a warehouse file: passes on a release, fails once a table is made to leak. */
class AuditCommandTest {

  @TempDir
  Path dir;

  @Test
  void passesOnTheReleaseAndFailsOnATableBuiltToLeak() throws Exception {
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(SatitStack.WAREHOUSE_FILE))) {
      Migrations.apply(c);
      SqlScript.load("query/fixture.sql").run(c);
      SqlScript.load("query/many_small_schools.sql").run(c);
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
    }
    Run none = audit("--history");
    assertThat(none.exit).as(none.out).isZero();
    assertThat(none.out).contains("no public release yet");
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(SatitStack.WAREHOUSE_FILE))) {
      ScoreRelease.release(c, DisclosureRules.defaults());
    }
    Run first = audit("--history");
    assertThat(first.exit).as(first.out).isZero();
    assertThat(first.out).contains("the public sees release 1", "PASSED", "audited the archive: 1 releases",
        "PASSED: no two releases differ by fewer than k records anywhere");

    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(SatitStack.WAREHOUSE_FILE));
         Statement st = c.createStatement()) {
      // a careless hand edit: show the complement of a small school again
      int changed = st.executeUpdate("""
          UPDATE published_score_cell p SET suppressed = false, takers = r.takers
          FROM rollup_school_score r
          WHERE p.level = 'school' AND p.area_code = r.school_code AND p.subject_code = r.subject_code
            AND p.academic_year = r.academic_year AND p.test_code = r.test_code AND p.grade = r.grade
            AND p.suppressed AND r.takers >= 10""");
      assertThat(changed).isPositive();
    }
    Run second = audit();
    assertThat(second.exit).as(second.out).isEqualTo(1);
    assertThat(second.out).contains("FAILED");
  }

  /**
   * A deliberately leaky sequence: released after a single deleted score in a school that stays over k, without the
   * release policy (as satit did up to issue 17). The history audit finds the pair of releases that gives the score away and exits 1; the same change
   * released under the policy passes.
   */
  @Test
  void theHistoryAuditFailsOnALeakySequenceOfReleasesAndPassesThePolicys() throws Exception {
    for (ReleasePolicy policy : ReleasePolicy.values()) {
      Path data = dir.resolve(policy.name());
      java.nio.file.Files.createDirectories(data);
      try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + data.resolve(SatitStack.WAREHOUSE_FILE))) {
        Migrations.apply(c);
        // the release tests' small world (warehouse test resources): 24 schools whose rollups come from their scores
        SqlScript.load("publish/release_world.sql").run(c);
        SqlScript.load("warehouse/writer/after_snapshot/fact_test_score.sql").run(c);
        SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
        ScoreRelease.release(c, DisclosureRules.defaults(), policy);
        long scoreId;
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("""
            SELECT f.score_id FROM fact_test_score f JOIN published_score_cell p ON p.level = 'school'
              AND p.area_code = f.school_code AND p.test_code = f.test_code AND p.grade = f.grade
              AND p.subject_code = f.subject_code AND p.academic_year = f.academic_year
            WHERE NOT p.suppressed AND p.takers >= 12 ORDER BY f.score_id LIMIT 1""")) {
          assertThat(rs.next()).isTrue();
          scoreId = rs.getLong(1);
        }
        WarehouseWriter writer = new WarehouseWriter((DuckDBConnection) c.duplicate());
        org.satit.warehouse.writer.Batch b = new org.satit.warehouse.writer.Batch();
        b.add(org.satit.warehouse.writer.RowChange.delete(org.satit.warehouse.writer.WarehouseTable.FACT_TEST_SCORE,
            "ONET", scoreId));
        writer.apply(b);
        ScoreRelease.release(c, DisclosureRules.defaults(), policy);
      }
      Run run = auditIn(data, "--history");
      if (policy == ReleasePolicy.EVERY_CHANGE) {
        assertThat(run.exit).as(run.out).isEqualTo(1);
        assertThat(run.out).contains("audited the archive: 2 releases", "leak:", "FAILED: ");
      } else {
        assertThat(run.exit).as(run.out).isZero();
        assertThat(run.out).contains("audited the archive: 2 releases", "PASSED: no two releases differ");
      }
    }
  }

  record Run(int exit, String out) {
  }

  Run audit(String... more) {
    return auditIn(dir, more);
  }

  Run auditIn(Path data, String... more) {
    StringWriter out = new StringWriter();
    CommandLine cl = Satit.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("audit", "disclosure", "--data-dir",
        data.toString()));
    args.addAll(java.util.List.of(more));
    int exit = cl.execute(args.toArray(String[]::new));
    return new Run(exit, out.toString());
  }
}
