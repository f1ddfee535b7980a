package org.satit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.EmisGenerator;

/**
 * {@code satit verify chaos} at CI size: {@code satit serve} in a child JVM killed with SIGKILL four times (the
 * first in the middle of the snapshot), the source PostgreSQL restarted once under it mid-stream, the source
 * changing throughout; then the same with a MariaDB source (2 kills, the MariaDB server killed and restarted
 * once); afterwards every warehouse table equals its source (counts and content checksums), bad
 * rows are quarantined exactly once, no personal data. The full run is {@code ./satit verify chaos} (20 kills,
 * 2 source restarts). The seed is printed; {@code -Dsatit.chaos.seed=N} repeats a run.
 */
@org.junit.jupiter.api.Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class ChaosSuiteTest {

  @TempDir
  Path dir;

  @Test
  void killedAnywhereAndWithTheSourceRestartedTheWarehouseStillEqualsTheSource() throws Exception {
    long seed = Long.getLong("satit.chaos.seed", System.nanoTime());
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    ChaosSuite.Result r = ChaosSuite.run(new ChaosSuite.Options(EmisGenerator.Scale.ESA, 4, 1, 2, 1, false, seed,
        dir.resolve("chaos"), false), out);
    ChaosSuite.print(out, r);
    System.out.println(text);
    assertThat(r.skipped()).as("SKIPPED: a MariaDB server is needed for the MariaDB run").isEmpty();
    assertThat(r.phases()).extracting(ChaosSuite.Phase::source).containsExactly("PostgreSQL", "MariaDB");
    ChaosSuite.Phase pg = r.phases().get(0);
    assertThat(pg.kills()).hasSize(4);
    assertThat(pg.kills().get(0).phase()).as("the first kill hits the snapshot").isEqualTo("snapshot");
    assertThat(pg.kills()).anySatisfy(k -> assertThat(k.phase()).isEqualTo("streaming"));
    for (ChaosSuite.Phase p : r.phases()) {
      assertThat(p.sourceRestarts()).as(p.source()).isEqualTo(1);
      assertThat(p.lastStart()).as(p.source()).contains("resumed from checkpoint");
      assertThat(p.tables()).as(p.source()).hasSize(13).allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
      assertThat(p.problems()).as(p.source()).isEmpty();
    }
    assertThat(r.passed()).isTrue();
  }
}
