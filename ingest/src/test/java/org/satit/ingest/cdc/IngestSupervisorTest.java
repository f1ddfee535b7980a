package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * The source down longer than Flink's restarts cover: the job ends, and {@link LocalIngest} starts it again
 * from its latest checkpoint until the source is back; then the warehouse catches up and equals the source.
 */
class IngestSupervisorTest {

  @TempDir
  Path dir;

  @Test
  void aJobThatEndsIsStartedAgainFromItsCheckpoint() throws Exception {
    Pseudonyms pseudonyms = new Pseudonyms(PostgresIngestTest.SECRET);
    Path pgDir = dir.resolve("pg");
    EmbeddedSource pg = EmbeddedSource.start(pgDir, 0);
    int port = pg.port();
    CdcSource cdc = new CdcSource("emis", CdcSource.Engine.POSTGRES, "127.0.0.1", port, EmbeddedSource.DATABASE,
        EmbeddedSource.USER, null);
    try (DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"))) {
      SourceLoader.generate(pg.target(), new EmisGenerator(new EmisGenerator.Options(EmisGenerator.Scale.ESA, 11,
          EmisGenerator.Options.DEFAULT_ESA, EmisGenerator.Options.DEFAULT_PROVINCE, 2563, 2563)),
          EmisGenerator.Progress.NONE, false);
      WarehouseIngest ingest = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(cdc), ingest,
          IngestJob.Settings.defaults())) {
        try (Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
          PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
        }
        Thread.sleep(3000); // a checkpoint after the snapshot
        pg.close();
        // Flink gives up after its restarts within the window; satit starts the job again
        long deadline = System.currentTimeMillis() + 180_000;
        while (job.relaunches() < 1) {
          assertThat(System.currentTimeMillis()).as("the job did not end with its source down").isLessThan(deadline);
          Thread.sleep(500);
        }
        assertThat(job.freshStarts()).as("a source outage is no reason to snapshot afresh").isZero();
        pg = EmbeddedSource.start(pgDir, port);
        try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(200, 0.1, 3)).start()) {
          Thread.sleep(4000);
        }
        try (Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
          PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
        }
        assertThat(job.freshStarts()).isZero();
      }
    } finally {
      pg.close();
    }
  }
}
