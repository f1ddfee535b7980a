package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/** Slot housekeeping never leaves a slot without the publication it is decoded through. */
class ReplicationSlotsTest {

  @TempDir
  Path dir;

  @Test
  void aSlotThatIsReadKeepsItsPublicationAndAFreshSnapshotEndsItsOldReader() throws Exception {
    try (PostgresIngestTest.Source pg = PostgresIngestTest.embeddedPostgres(dir.resolve("pg"))) {
      CdcSource cdc = pg.cdc();
      try (Connection c = cdc.connect(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE t (id int PRIMARY KEY)");
        st.execute("CREATE PUBLICATION satit_emis FOR TABLE t");
        st.execute("SELECT pg_create_logical_replication_slot('satit_emis', 'pgoutput')");
      }
      // a reader holds the slot (a job's walsender): the reset leaves slot and publication alone
      try (Connection replication = replicationConnection(cdc);
           PGReplicationStream stream = read(replication)) {
        assertThat(ReplicationSlots.dropIfInactive(cdc, "satit_emis")).isFalse();
        assertThat(exists(cdc, "postgres.slot")).isTrue();
        assertThat(exists(cdc, "postgres.publication")).as("the read slot's publication").isTrue();

        // a fresh snapshot ends that reader (a job that is gone) and drops the slot; the publication stays
        ReplicationSlots.dropForFreshSnapshot(cdc);
        assertThat(exists(cdc, "postgres.slot")).isFalse();
        assertThat(exists(cdc, "postgres.publication")).isTrue();
      } catch (java.sql.SQLException readerEnded) {
        // closing the stream of a walsender that was terminated
      }
      // nothing reads it: both go
      try (Connection c = cdc.connect(); Statement st = c.createStatement()) {
        st.execute("SELECT pg_create_logical_replication_slot('satit_emis', 'pgoutput')");
      }
      assertThat(ReplicationSlots.dropIfInactive(cdc, "satit_emis")).isTrue();
      assertThat(exists(cdc, "postgres.slot")).isFalse();
      assertThat(exists(cdc, "postgres.publication")).isFalse();
    }
  }

  private static Connection replicationConnection(CdcSource cdc) throws Exception {
    Properties p = new Properties();
    PGProperty.USER.set(p, cdc.user());
    PGProperty.REPLICATION.set(p, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
    PGProperty.PREFER_QUERY_MODE.set(p, "simple");
    return DriverManager.getConnection(cdc.jdbcUrl(), p);
  }

  private static PGReplicationStream read(Connection replication) throws Exception {
    return replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
        .withSlotName("satit_emis").withSlotOption("proto_version", 1).withSlotOption("publication_names", "satit_emis")
        .start();
  }

  private static boolean exists(CdcSource cdc, String statement) throws Exception {
    try (Connection c = cdc.connect()) {
      return SourceProbe.exists(c, statement, "satit_emis");
    }
  }
}
