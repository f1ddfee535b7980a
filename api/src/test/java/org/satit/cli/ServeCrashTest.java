package org.satit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.cdc.PostgresIngestTest;
import org.satit.ingest.cdc.Pseudonyms;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.ingest.source.SourceTable;
import org.satit.ingest.source.TableChecksum;

/**
 * Kills {@code satit serve} hard (SIGKILL, no shutdown hook runs) in the middle of the snapshot and
 * again in the middle of streaming, while the source keeps changing, restarts it each time, and
 * then checks that the warehouse equals the source table by table (counts and content digests),
 * that bad rows are quarantined exactly once, and that no personal data got in.
 */
class ServeCrashTest {

  @TempDir
  Path dir;

  @Test
  void killedMidSnapshotAndMidStreamTheWarehouseStillEqualsTheSource() throws Exception {
    long seed = Long.getLong("satit.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("crash test seed " + seed + " (-Dsatit.crash.seed=" + seed + " repeats it)");
    try (EmbeddedSource pg = EmbeddedSource.start(dir.resolve("source"), 0)) {
      SourceLoader.generate(pg.target(), new EmisGenerator(EmisGenerator.Options.of(EmisGenerator.Scale.ESA, 7)),
          EmisGenerator.Progress.NONE, false);
      long sourceRows = sourceRows(pg);
      Path config = writeConfig(pg);
      try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(150, 0.05, seed)).start()) {
        // 1. killed in the middle of the snapshot
        ChildSatit first = ChildSatit.start(dir.resolve("serve-1.log"), "serve", "--config", config.toString());
        double fraction = 0.2 + 0.5 * random.nextDouble();
        long rowsAtKill = first.awaitRows(r -> r >= fraction * sourceRows && r < sourceRows * 0.95, 180);
        first.kill();
        System.out.printf("killed mid-snapshot at %,d of %,d rows%n", rowsAtKill, sourceRows);
        assertThat(rowsAtKill).isLessThan(sourceRows);
        Thread.sleep(500 + random.nextInt(2000)); // the source changes while satit is down

        // 2. restarted: finishes the snapshot, streams; killed again in the middle of streaming
        ChildSatit second = ChildSatit.start(dir.resolve("serve-2.log"), "serve", "--config", config.toString());
        second.awaitRows(r -> r >= sourceRows, 240);
        long streamFor = 2000 + random.nextInt(4000);
        Thread.sleep(streamFor);
        long version = second.health().path("warehouseVersion").asLong();
        second.kill();
        System.out.printf("killed mid-stream %d ms after the snapshot completed (warehouse version %d); %s%n",
            streamFor, version, second.resumeLine());
        Thread.sleep(500 + random.nextInt(2000));

        // 3. restarted from the latest checkpoint; the source stops changing; satit catches up and stops
        ChildSatit third = ChildSatit.start(dir.resolve("serve-3.log"), "serve", "--config", config.toString());
        third.awaitRows(r -> r >= sourceRows, 120);
        assertThat(third.resumeLine()).as(third.log()).contains("resumed from checkpoint");
        Thread.sleep(3000);
        sim.close();
        System.out.println(SimulatorStatus.line(sim));
        third.awaitQuiet(java.time.Duration.ofSeconds(5), 120);
        third.stop();
      }
      Pseudonyms pseudonyms = new Pseudonyms(PostgresIngestTest.SECRET);
      try (Connection src = pg.target().connect();
           Connection wh = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("serve/warehouse.duckdb"))) {
        assertThat(PostgresIngestTest.differences(src, wh, pseudonyms)).as("tables where the warehouse differs").isEmpty();
        PostgresIngestTest.assertQuarantine(src, wh);
        PostgresIngestTest.assertNoPersonalData(src, wh);
      }
    }
  }

  private static long sourceRows(EmbeddedSource pg) throws Exception {
    long rows = 0;
    try (Connection c = pg.target().connect()) {
      for (SourceTable t : SourceTable.values()) {
        if (t.isEmisData()) {
          rows += TableChecksum.of(c, t).rows();
        }
      }
    }
    return rows;
  }

  private Path writeConfig(EmbeddedSource pg) throws IOException {
    Path key = dir.resolve("pseudonym.key");
    Files.writeString(key, HexFormat.of().formatHex(PostgresIngestTest.SECRET));
    Path config = dir.resolve("satit.yaml");
    Files.writeString(config, String.join("\n",
        "dataDir: serve",
        "pseudonymKey: pseudonym.key",
        "server: {host: 127.0.0.1, port: 0}",
        "sources:",
        "  - name: emis",
        "    engine: postgres",
        "    host: 127.0.0.1",
        "    port: " + pg.port(),
        "    database: " + EmbeddedSource.DATABASE,
        "    user: " + EmbeddedSource.USER,
        ""));
    return config;
  }
}
