package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.satit.warehouse.writer.SourceLineage;

/** When a checkpoint may be resumed against the server answering now, and the one-line reason when not. */
class CheckpointCheckTest {

  private static final CdcSource PG = new CdcSource("emis", CdcSource.Engine.POSTGRES, "db", 5432, "emis", "u", null);
  private static final CdcSource MY = new CdcSource("emis", CdcSource.Engine.MYSQL, "db", 3306, "emis", "u", null);

  private static Optional<SourceLineage> recorded(String identity, String position) {
    return Optional.of(new SourceLineage("emis", identity, "emis", "satit_emis", position, 9L, Instant.now(),
        "first start", Instant.now(), Instant.now(), 3L));
  }

  private static SourceProbe.Observation pg(String identity, boolean slot, long wal) {
    return new SourceProbe.Observation(identity, "emis", slot, true, wal, List.of());
  }

  private static SourceProbe.Observation my(String identity, SourceProbe.Binlog... logs) {
    return new SourceProbe.Observation(identity, "emis", false, false, null, List.of(logs));
  }

  @Test
  void theSameServerWithItsSlotAndALogPastTheWarehouseMayBeResumed() {
    assertThat(CheckpointCheck.judge(PG, recorded("postgresql 1", "lsn:1000"), pg("postgresql 1", true, 2000))).isEmpty();
  }

  @Test
  void noRecordOfTheServer() {
    assertThat(CheckpointCheck.judge(PG, Optional.empty(), pg("postgresql 1", true, 2000)))
        .hasValueSatisfying(r -> assertThat(r).contains("does not record which server"));
  }

  @Test
  void anotherServer() {
    assertThat(CheckpointCheck.judge(PG, recorded("postgresql 1", "lsn:1000"), pg("postgresql 2", true, 2000)))
        .hasValueSatisfying(r -> assertThat(r).contains("db:5432 is postgresql 2").contains("(postgresql 1)"));
  }

  @Test
  void theSlotIsGone() {
    assertThat(CheckpointCheck.judge(PG, recorded("postgresql 1", "lsn:1000"), pg("postgresql 1", false, 2000)))
        .hasValueSatisfying(r -> assertThat(r).contains("slot satit_emis is gone"));
  }

  @Test
  void thePublicationIsGone() {
    SourceProbe.Observation noPublication = new SourceProbe.Observation("postgresql 1", "emis", true, false, 2000L, List.of());
    assertThat(CheckpointCheck.judge(PG, recorded("postgresql 1", "lsn:1000"), noPublication))
        .hasValueSatisfying(r -> assertThat(r).contains("publication satit_emis is gone"));
  }

  @Test
  void theServersLogEndsBeforeWhatTheWarehouseHolds() {
    assertThat(CheckpointCheck.judge(PG, recorded("postgresql 1", "lsn:" + 0x2_0000_1000L), pg("postgresql 1", true, 500)))
        .hasValueSatisfying(r -> assertThat(r).contains("LSN 2/1000").contains("ends at 0/1F4").contains("restored"));
  }

  @Test
  void mysqlBinlogPurgedOrNotThere() {
    SourceProbe.Binlog b5 = new SourceProbe.Binlog("mariadb-bin.000005", 900);
    SourceProbe.Binlog b6 = new SourceProbe.Binlog("mariadb-bin.000006", 400);
    assertThat(CheckpointCheck.judge(MY, recorded("m 1", "mariadb-bin.000006:300"), my("m 1", b5, b6))).isEmpty();
    assertThat(CheckpointCheck.judge(MY, recorded("m 1", "mariadb-bin.000003:300"), my("m 1", b5, b6)))
        .hasValueSatisfying(r -> assertThat(r).contains("mariadb-bin.000003").contains("purged"));
    assertThat(CheckpointCheck.judge(MY, recorded("m 1", "mariadb-bin.000009:300"), my("m 1", b5, b6)))
        .hasValueSatisfying(r -> assertThat(r).contains("not on the server"));
    assertThat(CheckpointCheck.judge(MY, recorded("m 1", "mariadb-bin.000006:800"), my("m 1", b5, b6)))
        .hasValueSatisfying(r -> assertThat(r).contains("ends at 400"));
    assertThat(CheckpointCheck.judge(MY, recorded("m 1", null), my("m 1", b5, b6))).as("snapshot only").isEmpty();
  }
}
