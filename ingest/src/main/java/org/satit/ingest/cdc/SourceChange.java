package org.satit.ingest.cdc;

import java.io.Serializable;
import java.util.Map;

/**
 * One row change read from a source database by CDC: a snapshot read ({@code r}), insert ({@code c}),
 * update ({@code u}) or delete ({@code d}). Values are plain Java types so the change travels through
 * Flink cheaply: strings, numbers, booleans, {@link java.math.BigDecimal}; dates as epoch days
 * ({@link Integer}) and timestamps as epoch microseconds ({@link Long}), the same for every engine.
 *
 * <p>A Flink POJO (public fields, no-arg constructor), not a record: Flink's serializers set fields.
 */
public final class SourceChange implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The configured source it came from (e.g. "emis"). */
  public String source;
  /** The source table's name, without schema or database. */
  public String table;
  /** r, c, u or d. */
  public char op;
  /** Primary-key columns and values. */
  public Map<String, Object> key;
  /** The row after the change; null for a delete. */
  public Map<String, Object> row;
  /** When the change was committed in the source (epoch millis). */
  public long commitMillis;
  /** Where in the source's log it is (PostgreSQL LSN or MySQL binlog file:position). */
  public String position;
  /** When the warehouse sink received it (epoch millis; 0 before): for the latency breakdown. */
  public long receivedMillis;

  public SourceChange() {
  }

  public SourceChange(String source, String table, char op, Map<String, Object> key, Map<String, Object> row,
                      long commitMillis, String position) {
    this.source = source;
    this.table = table;
    this.op = op;
    this.key = key;
    this.row = row;
    this.commitMillis = commitMillis;
    this.position = position;
  }

  public boolean isDelete() {
    return op == 'd';
  }

  @Override
  public String toString() {
    return source + "." + table + " " + op + " " + key + " @" + position;
  }
}
