package org.apache.flink.cdc.connectors.base.utils;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** satit's copy of Flink CDC's SourceRecordUtils is the one loaded, and answers as the original regex does. */
class SourceRecordUtilsPatchTest {

  @Test
  void theCopyLoadedIsSatitsAndDecidesAsTheOriginalRegex() throws Exception {
    assertThat(SourceRecordUtils.class.getField("SATIT_PATCH").getBoolean(null)).isTrue();
    List<String> names = List.of("io.debezium.connector.postgresql.SchemaChangeKey",
        "io.debezium.connector.mysql.SchemaChangeKey", "io.debezium.connector.common.Heartbeat",
        "emis.public.onet_score.Key", "ioXdebeziumYconnector.SchemaChangeKey", "io.debezium.connector.SchemaChangeKey",
        "io.debezium.connector.postgresql.SchemaChangeKeyX", "");
    for (String name : names) {
      Schema key = SchemaBuilder.struct().name(name).build();
      SourceRecord record = new SourceRecord(null, null, "t", null, key, null, null, null);
      assertThat(SourceRecordUtils.isSchemaChangeEvent(record)).as(name)
          .isEqualTo(name.matches(SourceRecordUtils.SCHEMA_CHANGE_EVENT_KEY_NAME));
    }
    assertThat(SourceRecordUtils.isSchemaChangeEvent(new SourceRecord(null, null, "t", null, null, null, null, null)))
        .isFalse();
  }
}
