package org.satit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.EmisGenerator;

/**
 * {@code satit verify chaos} at CI size: {@code satit serve} in a child JVM killed with SIGKILL four times (the
 * first in the middle of the snapshot), the source restarted as the snapshot's last chunks are read and once
 * mid-stream, the source changing throughout; while satit is down, its log position lost once (PostgreSQL: the
 * slot dropped) and the source replaced by another server holding a dump of its data once; then the same with
 * a MariaDB source (4 kills, the server killed with SIGKILL and restarted, its binlogs purged, replaced);
 * then on a Flink cluster of separate JobManager and TaskManager processes, the TaskManager killed with SIGKILL
 * and replaced twice and satit serve killed once; afterwards every warehouse table equals its source (counts and
 * content checksums), bad rows are quarantined exactly once, no personal data, and satit snapshotted afresh
 * after each fault saying why. The full run is {@code ./satit verify chaos} (20 kills,
 * 2 source restarts). The seed is printed; {@code -Dsatit.chaos.seed=N} repeats a run.
 */
@org.junit.jupiter.api.Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class ChaosSuiteTest {

  @TempDir
  Path dir;

  @Test
  void killedAnywhereAndWithTheSourceRestartedTheWarehouseStillEqualsTheSource() throws Exception {
    long seed = Long.getLong("satit.chaos.seed", System.nanoTime());
    // the suite's progress goes to the test's output as it happens, so a run that times out still shows where it was
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8),
        true);
    ChaosSuite.Result r = ChaosSuite.run(new ChaosSuite.Options(EmisGenerator.Scale.ESA, 4, 1, 4, 1, true, true, 2, seed,
        dir.resolve("chaos"), false), out);
    ChaosSuite.print(out, r);
    assertThat(r.skipped()).as("SKIPPED: a MariaDB server is needed for the MariaDB run").isEmpty();
    assertThat(r.phases()).extracting(ChaosSuite.Phase::source).containsExactly("PostgreSQL", "MariaDB",
        "PostgreSQL on a Flink cluster");
    ChaosSuite.Phase pg = r.phases().get(0);
    assertThat(pg.kills()).hasSize(4);
    assertThat(pg.kills().get(0).phase()).as("the first kill hits the snapshot").isEqualTo("snapshot");
    assertThat(pg.kills()).anySatisfy(k -> assertThat(k.phase()).isEqualTo("streaming"));
    ChaosSuite.Phase cluster = r.phases().get(2);
    assertThat(cluster.kills()).hasSize(2).allSatisfy(k -> assertThat(k.phase()).isEqualTo("taskmanager"));
    assertThat(cluster.tables()).hasSize(org.satit.ingest.spec.SourceSpecs.emisData().size())
        .allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
    assertThat(cluster.problems()).isEmpty();
    for (ChaosSuite.Phase p : r.phases().subList(0, 2)) {
      assertThat(p.sourceRestarts()).as(p.source()).isEqualTo(1);
      assertThat(p.faults()).as(p.source() + ": log position lost, then replaced by a restored dump").hasSize(2);
      assertThat(p.resnapshots()).as(p.source() + ": each fault made satit snapshot afresh, saying why")
          .isGreaterThanOrEqualTo(2);
      assertThat(p.lastStart()).as(p.source()).contains("resumed from checkpoint");
      assertThat(p.tables()).as(p.source()).hasSize(org.satit.ingest.spec.SourceSpecs.emisData().size())
          .allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
      assertThat(p.problems()).as(p.source()).isEmpty();
    }
    assertThat(r.passed()).isTrue();
  }
}
