package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
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
 * A start without a checkpoint into a warehouse that already holds data (checkpoints lost, slot
 * gone): rows deleted from the source while satit was not reading must leave the warehouse too, and
 * the rollups must move with them; so must rows deleted after the first sweep but before the new job's
 * stream begins (the second sweep, once streaming). Without the sweeps the deleted rows would stay.
 */
class FreshStartSweepTest {

  @TempDir
  Path dir;

  @Test
  void rowsThatVanishedWhileDownAreRemovedOnAFreshStart() throws Exception {
    Pseudonyms pseudonyms = new Pseudonyms(PostgresIngestTest.SECRET);
    try (PostgresIngestTest.Source pg = PostgresIngestTest.embeddedPostgres(dir.resolve("pg"));
         DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"))) {
      SourceLoader.generate(pg.target(), new EmisGenerator(new EmisGenerator.Options(EmisGenerator.Scale.ESA, 7,
          EmisGenerator.Options.DEFAULT_ESA, EmisGenerator.Options.DEFAULT_PROVINCE, 2563, 2563)),
          EmisGenerator.Progress.NONE, false);
      WarehouseIngest ingest = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()), ingest,
          IngestJob.Settings.defaults());
           Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
      }

      // satit is down, its checkpoints and slot are lost; meanwhile the source loses rows in every kind of table
      MoreFiles.deleteRecursively(dir.resolve("checkpoints"), RecursiveDeleteOption.ALLOW_INSECURE);
      ReplicationSlots.dropIfInactive(pg.cdc(), pg.cdc().slotName());
      String gone; // one school goes, with its teachers, enrollments, scores, visits and PLC meetings
      try (Connection src = pg.target().connect(); Statement st = src.createStatement()) {
        String school = firstSchool(src);
        assertThat(school).isNotNull();
        gone = school;
        st.execute("DELETE FROM onet_score WHERE score_id % 7 = 0");
        st.execute("DELETE FROM nt_score WHERE score_id % 11 = 0");
        st.execute("DELETE FROM enrollment WHERE student_id % 13 = 0");
        st.execute("DELETE FROM student WHERE student_id % 17 = 0");
        st.execute("DELETE FROM pd_attendance WHERE teacher_id % 5 = 0");
        st.execute("DELETE FROM plc_activity WHERE plc_id % 3 = 0");
        st.execute("DELETE FROM supervision_visit WHERE visit_id % 4 = 0");
        st.execute("DELETE FROM teacher WHERE school_code = '" + school + "'");
        st.execute("DELETE FROM school WHERE school_code = '" + school + "'");
        st.execute("DELETE FROM onet_score WHERE school_code = '" + school + "'");
        st.execute("DELETE FROM nt_score WHERE school_code = '" + school + "'");
        st.execute("DELETE FROM rt_score WHERE school_code = '" + school + "'");
        st.execute("DELETE FROM enrollment WHERE school_code = '" + school + "'");
        st.execute("DELETE FROM supervision_visit WHERE school_code = '" + school + "'");
        st.execute("DELETE FROM plc_activity WHERE school_code = '" + school + "'");
        st.execute("UPDATE rt_score SET score = 100 - score WHERE score_id % 19 = 0");
      }
      try (Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        assertThat(PostgresIngestTest.differences(src, wh, pseudonyms)).as("the source really moved away")
            .containsKeys("onet_score", "enrollment", "student", "school", "plc_activity");
      }

      WarehouseIngest again = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      // the source keeps changing: rows deleted just after the first sweep, before the new job's stream begins,
      // are in neither the snapshot nor the stream
      ChangeApplier racing = new ChangeApplier() {
        public void apply(List<SourceChange> changes) throws Exception {
          again.apply(changes);
        }

        public PseudonymKey pseudonymKey() {
          return again.pseudonymKey();
        }

        public void beforeResume(List<CdcSource> sources) throws Exception {
          again.beforeResume(sources);
        }

        public java.util.Optional<String> invalidCheckpoint(List<CdcSource> sources) throws Exception {
          return again.invalidCheckpoint(sources);
        }

        public void beforeFreshSnapshot(List<CdcSource> sources, String reason) throws Exception {
          again.beforeFreshSnapshot(sources, reason);
          try (Connection src = pg.target().connect(); Statement st = src.createStatement()) {
            st.execute("DELETE FROM onet_score WHERE score_id % 5 = 1");
            st.execute("DELETE FROM pd_attendance WHERE teacher_id % 7 = 1");
          }
        }
      };
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()), racing,
          IngestJob.Settings.defaults());
           Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        assertThat(job.restoredFrom()).isEmpty();
        // streamed changes after the snapshot (the second sweep runs before the first of them is applied)
        try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(100, 0.0, 21)).start()) {
          Thread.sleep(4000);
        }
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
        assertThat(PostgresIngestTest.count(wh, "SELECT COUNT(*) FROM dim_school WHERE school_code = '" + gone
            + "' AND is_current")).isZero();
        assertThat(PostgresIngestTest.count(wh, "SELECT COUNT(*) FROM dim_school WHERE school_code = '" + gone
            + "'")).as("the vanished school keeps its closed history").isPositive();
        PostgresIngestTest.assertRollupMatchesFacts(wh);
        assertThat(PostgresIngestTest.count(wh, "SELECT COUNT(*) FROM rollup_school_score WHERE school_code = '" + gone
            + "' AND takers > 0")).isZero();
      }
    }
  }

  /**
   * A fresh snapshot over a warehouse that holds data, stopped (satit killed) after a checkpoint but before its
   * stream delivered anything, is resumed from that checkpoint by the next start: that start must still run the
   * second sweep, or rows deleted between the first sweep and the start of the stream stay for good (found by the
   * chaos suite: 21 stale onet_score rows after a source replaced while satit was down).
   */
  @Test
  void aFreshSnapshotResumedFromItsCheckpointStillSweepsOnceStreaming() throws Exception {
    Pseudonyms pseudonyms = new Pseudonyms(PostgresIngestTest.SECRET);
    try (PostgresIngestTest.Source pg = PostgresIngestTest.embeddedPostgres(dir.resolve("pg"));
         DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"))) {
      SourceLoader.generate(pg.target(), new EmisGenerator(new EmisGenerator.Options(EmisGenerator.Scale.ESA, 7,
          EmisGenerator.Options.DEFAULT_ESA, EmisGenerator.Options.DEFAULT_PROVINCE, 2563, 2563)),
          EmisGenerator.Progress.NONE, false);
      WarehouseIngest ingest = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()), ingest,
          IngestJob.Settings.defaults());
           Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 240);
      }
      MoreFiles.deleteRecursively(dir.resolve("checkpoints"), RecursiveDeleteOption.ALLOW_INSECURE);
      ReplicationSlots.dropIfInactive(pg.cdc(), pg.cdc().slotName());

      // a fresh start whose stream never gets going: every batch with a streamed change is refused, as if satit
      // died the moment its stream began; rows deleted right after the first sweep wait for the second
      WarehouseIngest second = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      java.util.concurrent.atomic.AtomicBoolean streamed = new java.util.concurrent.atomic.AtomicBoolean();
      ChangeApplier dies = new ChangeApplier() {
        public void apply(List<SourceChange> changes) throws Exception {
          if (changes.stream().anyMatch(c -> c.op != 'r')) {
            streamed.set(true);
            throw new IllegalStateException("satit died as its stream began");
          }
          second.apply(changes);
        }

        public PseudonymKey pseudonymKey() {
          return second.pseudonymKey();
        }

        public void beforeFreshSnapshot(List<CdcSource> sources, String reason) throws Exception {
          second.beforeFreshSnapshot(sources, reason);
          try (Connection src = pg.target().connect(); Statement st = src.createStatement()) {
            st.execute("DELETE FROM onet_score WHERE score_id % 5 = 1");
          }
        }
      };
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()), dies,
          IngestJob.Settings.defaults())) {
        assertThat(job.restoredFrom()).isEmpty();
        long deadline = System.currentTimeMillis() + 240_000;
        // the source quiet until the job has a checkpoint (a streamed change fails every checkpoint after it)
        while (LocalIngest.latestCheckpoint(dir.resolve("checkpoints")).isEmpty()) {
          assertThat(System.currentTimeMillis()).as("no checkpoint of the fresh snapshot").isLessThan(deadline);
          Thread.sleep(200);
        }
        try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(50, 0.0, 23)).start()) {
          while (!streamed.get()) {
            assertThat(System.currentTimeMillis()).as("no streamed change").isLessThan(deadline);
            Thread.sleep(200);
          }
        }
      }

      // the next start, a new process: it resumes the checkpoint, and sweeps once its stream delivers
      WarehouseIngest third = new WarehouseIngest(new WarehouseWriter((DuckDBConnection) duck.duplicate()), pseudonyms);
      try (LocalIngest job = LocalIngest.start(dir.resolve("checkpoints"), List.of(pg.cdc()), third,
          IngestJob.Settings.defaults());
           Connection src = pg.target().connect(); Connection wh = duck.duplicate()) {
        assertThat(job.restoredFrom()).as("resumed, not snapshotted afresh").isPresent();
        try (ChangeSimulator sim = new ChangeSimulator(pg.target(), new ChangeSimulator.Config(50, 0.0, 29)).start()) {
          Thread.sleep(3000);
        }
        PostgresIngestTest.awaitEqual(src, wh, pseudonyms, 90);
        PostgresIngestTest.assertRollupMatchesFacts(wh);
      }
    }
  }

  private static String firstSchool(Connection src) throws Exception {
    try (Statement st = src.createStatement();
         var rs = st.executeQuery("SELECT school_code FROM school ORDER BY school_code LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
