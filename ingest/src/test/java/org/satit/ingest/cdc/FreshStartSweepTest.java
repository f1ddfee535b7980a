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

        public void beforeFreshSnapshot(List<CdcSource> sources) throws Exception {
          again.beforeFreshSnapshot(sources);
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

  private static String firstSchool(Connection src) throws Exception {
    try (Statement st = src.createStatement();
         var rs = st.executeQuery("SELECT school_code FROM school ORDER BY school_code LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
