package org.satit.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.EmisGenerator;

/**
 * {@code satit bench query} at esa scale with a few iterations, with bad rows of every kind planted in
 * the source before the snapshot: Calcite, DuckDB and the source SQL agree on every dashboard query, and
 * every query returns rows. No timing is asserted (this machine is shared).
 */
class QueryBenchmarkTest {

  @Test
  void theThreePathsAgreeOnEveryDashboardQuery(@TempDir Path dir) throws Exception {
    StringWriter log = new StringWriter();
    QueryBenchmark.Report r;
    try (PrintWriter out = new PrintWriter(log, true)) {
      r = QueryBenchmark.run(new QueryBenchmark.Options(EmisGenerator.Scale.ESA, 7, 3, 5, dir.resolve("bench-query"),
          false, true), out);
      QueryBenchmark.print(out, r);
    } finally {
      System.out.println(log);
    }
    assertThat(r.mismatches()).as("results that differ between the paths").isEmpty();
    assertThat(r.correct()).isTrue();
    assertThat(r.quarantined()).as("the planted bad rows are in quarantine").isEqualTo(9);
    assertThat(r.queries()).hasSize(DashboardQueries.load().queries().size()).isNotEmpty();
    assertThat(r.queries()).allSatisfy(q -> {
      assertThat(q.rows()).as("rows of %s", q.name()).isPositive();
      assertThat(q.calcite().executions()).isEqualTo(3);
      assertThat(q.duckdb().executions()).isEqualTo(3);
      assertThat(q.postgres().executions()).isPositive();
    });
    assertThat(log.toString()).contains("ingest job stopped").contains("goals:");
    assertThat(dir.resolve("bench-query")).doesNotExist();
  }
}
