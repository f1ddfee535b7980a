package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * The moment Debezium 1.9.8 lost a change (ClusterIngestTest in CI): a PostgreSQL source falls quiet, the job takes
 * a checkpoint there (its offset is the end of the last commit), one transaction follows, and the job restarts
 * before its next checkpoint (here: the warehouse refuses the first batch holding that transaction). The
 * restarted job resumes from the quiet checkpoint and must read that transaction again; unpatched, Debezium
 * took it for processed (its BEGIN carries the stored LSN) and skipped it for good.
 */
@org.junit.jupiter.api.Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
class QuietCheckpointRestartTest {

  @TempDir
  Path dir;

  @Test
  void theFirstTransactionAfterAQuietCheckpointSurvivesARestart() throws Exception {
    Pseudonyms pseudonyms = new Pseudonyms(PostgresIngestTest.SECRET);
    try (PostgresIngestTest.Source pg = PostgresIngestTest.embeddedPostgres(dir.resolve("pg"));
         DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"))) {
      SourceLoader.generate(pg.target(), new EmisGenerator(new EmisGenerator.Options(EmisGenerator.Scale.ESA, 3,
          EmisGenerator.Options.DEFAULT_ESA, EmisGenerator.Options.DEFAULT_PROVINCE, 2563, 2563)),
          EmisGenerator.Progress.NONE, false);
      WarehouseIngest ingest = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      AtomicInteger refused = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean refuseNext = new java.util.concurrent.atomic.AtomicBoolean();
      ChangeApplier refusesOnce = new ChangeApplier() {
        public void apply(List<SourceChange> changes) throws Exception {
          if (changes.stream().anyMatch(c -> c.table.equals("plc_activity") && c.op == 'c')
              && refuseNext.compareAndSet(true, false)) {
            refused.incrementAndGet();
            throw new IllegalStateException("the warehouse is briefly unavailable");
          }
          ingest.apply(changes);
        }

        public PseudonymKey pseudonymKey() {
          return ingest.pseudonymKey();
        }

        public void beforeFreshSnapshot(List<CdcSource> sources, String reason) throws Exception {
          ingest.beforeFreshSnapshot(sources, reason);
        }
      };
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()), refusesOnce,
          IngestJob.Settings.defaults());
           Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
        long first = PostgresIngestTest.count(src, "SELECT MIN(plc_id) FROM plc_activity");
        for (int round = 1; round <= 3; round++) {
          // one transaction, then quiet until a checkpoint holds the end of its commit
          try (Statement st = src.createStatement()) {
            st.execute("UPDATE plc_activity SET participants = participants + 1 WHERE plc_id = " + first);
          }
          long want = PostgresIngestTest.count(src, "SELECT participants FROM plc_activity WHERE plc_id = " + first);
          long deadline = System.currentTimeMillis() + 120_000;
          while (PostgresIngestTest.count(wh, "SELECT participants FROM fact_plc_activity WHERE plc_id = " + first) != want) {
            assertThat(System.currentTimeMillis()).as("the update never arrived").isLessThan(deadline);
            Thread.sleep(100);
          }
          java.util.Optional<Path> before = LocalIngest.latestCheckpoint(dir.resolve("checkpoints"));
          while (LocalIngest.latestCheckpoint(dir.resolve("checkpoints")).equals(before)) {
            assertThat(System.currentTimeMillis()).as("no checkpoint after the update").isLessThan(deadline);
            Thread.sleep(50);
          }
          // the next transaction right away (no other WAL between), and the job restarts before its next checkpoint
          long id = 90_000_000_000L + round;
          refuseNext.set(true);
          try (Statement st = src.createStatement()) {
            st.execute("INSERT INTO plc_activity (plc_id, academic_year, level, school_code, cluster_id, met_on, topic,"
                + " hours, participants) SELECT " + id + ", 2563, 'school', school_code, cluster_id, DATE '2020-07-01',"
                + " 'lesson_study', 1.5, 4 FROM school ORDER BY school_code LIMIT 1");
          }
          while (PostgresIngestTest.count(wh, "SELECT COUNT(*) FROM fact_plc_activity WHERE plc_id = " + id) == 0) {
            assertThat(System.currentTimeMillis()).as("PLC meeting %d never arrived after the restart (refused %d"
                + " times)", id, refused.get()).isLessThan(deadline);
            Thread.sleep(500);
          }
          assertThat(refused.get()).as("the job restarted after the transaction").isEqualTo(round);
        }
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 60);
      }
    }
  }
}
