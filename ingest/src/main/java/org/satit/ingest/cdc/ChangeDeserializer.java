package org.satit.ingest.cdc;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

/**
 * Turns Debezium records (from either bundled Flink CDC connector: they relocate Kafka Connect the
 * same way) straight into {@link SourceChange}s: typed values, no JSON in between.
 */
public final class ChangeDeserializer implements DebeziumDeserializationSchema<SourceChange> {

  private static final long serialVersionUID = 1L;

  private final String sourceName;

  public ChangeDeserializer(String sourceName) {
    this.sourceName = sourceName;
  }

  @Override
  public void deserialize(SourceRecord record, Collector<SourceChange> out) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
      return; // heartbeats, schema changes, transaction markers
    }
    Struct source = value.getStruct("source");
    String table = source.getString("table");
    char op = value.getString("op").charAt(0);
    Map<String, Object> key = record.key() instanceof Struct k ? values(k) : Map.of();
    Map<String, Object> row = op == 'd' ? null : values(value.getStruct("after"));
    // a snapshot read is not a commit: its ts_ms is when it was read, so it carries no commit time
    Long ts = op == 'r' ? null : source.getInt64("ts_ms");
    out.collect(new SourceChange(sourceName, table, op, key, row, ts == null ? 0 : ts, position(source)));
  }

  static String position(Struct source) {
    Schema s = source.schema();
    if (s.field("lsn") != null && source.get("lsn") != null) {
      return "lsn:" + source.get("lsn");
    }
    if (s.field("file") != null && source.get("file") != null) {
      return source.get("file") + ":" + source.get("pos");
    }
    return null;
  }

  static Map<String, Object> values(Struct struct) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : struct.schema().fields()) {
      out.put(f.name(), normalise(f.schema(), struct.get(f)));
    }
    return out;
  }

  /** One representation per logical type, whatever the engine. */
  static Object normalise(Schema schema, Object v) {
    if (v == null) {
      return null;
    }
    String logical = schema.name();
    if (logical != null) {
      switch (logical) {
        case "io.debezium.time.Date":
          return ((Number) v).intValue(); // epoch days
        case "io.debezium.time.MicroTimestamp":
          return ((Number) v).longValue();
        case "io.debezium.time.Timestamp":
          return ((Number) v).longValue() * 1000; // millis -> micros
        case "io.debezium.time.NanoTimestamp":
          return ((Number) v).longValue() / 1000;
        default:
          break;
      }
    }
    if (v instanceof Byte || v instanceof Short) {
      return ((Number) v).intValue();
    }
    if (v instanceof BigDecimal || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    return v.toString();
  }

  @Override
  public TypeInformation<SourceChange> getProducedType() {
    return TypeInformation.of(SourceChange.class);
  }
}
