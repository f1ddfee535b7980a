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
    Run first = audit("--history");
    assertThat(first.exit).as(first.out).isZero();
    assertThat(first.out).contains("releasing", "PASSED", "audited the archive: 1 releases",
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
    assertThat(second.out).contains("FAILED").doesNotContain("releasing");
  }

  record Run(int exit, String out) {
  }

  Run audit(String... more) {
    StringWriter out = new StringWriter();
    CommandLine cl = Satit.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("audit", "disclosure", "--data-dir",
        dir.toString()));
    args.addAll(java.util.List.of(more));
    int exit = cl.execute(args.toArray(String[]::new));
    return new Run(exit, out.toString());
  }
}
