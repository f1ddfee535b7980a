package org.satit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code satit demo} killed hard (SIGKILL) leaves its embedded PostgreSQL server running on the data
 * directory; the next {@code satit demo} must stop that orphan, start its own server on the same data,
 * and resume ingest from the latest checkpoint.
 */
class DemoKillTest {

  @TempDir
  Path dir;

  @Test
  void aDemoKilledHardStartsAgainOnTheSameData() throws Exception {
    Path data = dir.resolve("demo");
    String[] demo = {"demo", "--scale", "esa", "--rate", "20", "--data-dir", data.toString(), "--source-port", "0", "--port", "0",
        "--status-every", "5"};
    ChildSatit first = ChildSatit.start(dir.resolve("demo-1.log"), demo);
    long rows = first.awaitRows(r -> r > 280_000, 240);
    Thread.sleep(3000); // at least one checkpoint after the snapshot
    first.kill();
    long orphan = Long.parseLong(Files.readAllLines(data.resolve("source/postmaster.pid")).get(0).strip());
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the killed demo's PostgreSQL still runs")
        .contains(true);

    ChildSatit second = ChildSatit.start(dir.resolve("demo-2.log"), demo);
    try {
      assertThat(second.awaitRows(r -> r >= rows, 180)).isGreaterThanOrEqualTo(rows);
      assertThat(second.resumeLine()).as(second.log()).contains("resumed from checkpoint");
      assertThat(second.log()).contains("source already generated");
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).as("the orphan was stopped")
          .isFalse();
      second.stop();
      assertThat(second.log()).contains("demo stopped");
    } finally {
      // whatever happened, leave no PostgreSQL server behind
      second.process().destroy();
      ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroy);
    }
  }
}
