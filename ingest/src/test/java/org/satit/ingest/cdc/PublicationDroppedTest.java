package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.ChangeSimulator;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * An operator drops satit's PostgreSQL publication while its slot stays. pgoutput then cannot decode the changes
 * made while it was missing ("publication … does not exist"), even once it is made again (Flink CDC makes it at the
 * job's next start), at every restart, for good. satit sees it before resuming (the publication is gone) and while
 * streaming (the failure says so), and snapshots afresh with a new slot, saying why; the warehouse ends equal to
 * the source.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class PublicationDroppedTest {

  @TempDir
  Path dir;

  @Test
  void aDroppedPublicationMakesSatitSnapshotAfreshInsteadOfFailingForGood() throws Exception {
    Pseudonyms pseudonyms = new Pseudonyms(PostgresIngestTest.SECRET);
    try (PostgresIngestTest.Source pg = PostgresIngestTest.embeddedPostgres(dir.resolve("pg"));
         DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"))) {
      SourceLoader.generate(pg.target(), new EmisGenerator(new EmisGenerator.Options(EmisGenerator.Scale.ESA, 5,
          EmisGenerator.Options.DEFAULT_ESA, EmisGenerator.Options.DEFAULT_PROVINCE, 2563, 2563)),
          EmisGenerator.Progress.NONE, false);
      WarehouseWriter writer = new WarehouseWriter((DuckDBConnection) duck.duplicate());
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()), new WarehouseIngest(writer,
          pseudonyms), IngestJob.Settings.defaults());
           Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
        Thread.sleep(3000); // a checkpoint after the snapshot
      }

      // while satit is down (its reader gone from the slot): the publication is dropped; the source changes meanwhile
      try (Connection c = pg.target().connect(); Statement st = c.createStatement()) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (PostgresIngestTest.count(c, "SELECT COUNT(*) FROM pg_replication_slots WHERE active") > 0) {
          assertThat(System.currentTimeMillis()).as("the stopped job still reads its slot").isLessThan(deadline);
          Thread.sleep(100);
        }
        st.execute("DROP PUBLICATION satit_emis");
      }
      try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(200, 0.1, 3)).start()) {
        Thread.sleep(2000);
      }
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()),
          new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms),
          IngestJob.Settings.defaults());
           Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(200, 0.1, 4)).start()) {
          Thread.sleep(2000);
        }
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
        assertThat(writer.lineage("emis")).hasValueSatisfying(l -> assertThat(l.snapshotReason())
            .contains("publication satit_emis is gone"));

        // and while streaming: dropped under the running job, made again by Flink CDC at its next start
        Thread.sleep(3000); // a checkpoint of the new job
        try (Statement st = src.createStatement()) {
          st.execute("DROP PUBLICATION satit_emis");
        }
        try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(200, 0.1, 5)).start()) {
          Thread.sleep(2000);
        }
        long deadline = System.currentTimeMillis() + 240_000;
        while (job.freshStarts() < 1) {
          assertThat(System.currentTimeMillis()).as("satit did not snapshot afresh").isLessThan(deadline);
          Thread.sleep(500);
        }
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
        assertThat(writer.lineage("emis")).hasValueSatisfying(l -> assertThat(l.snapshotReason())
            .contains("publication satit_emis was dropped"));
      }
    }
  }
}
