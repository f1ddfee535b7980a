package org.satit.warehouse.writer;

import java.util.Arrays;
import java.util.List;

/**
 * One change to one warehouse row: an upsert carrying every column of {@link WarehouseTable#columns()},
 * or a delete carrying the key columns (in {@link WarehouseTable#key()} order).
 */
public record RowChange(WarehouseTable table, boolean delete, Object[] values) {

  public RowChange {
    int expected = delete ? table.key().size() : table.columns().size();
    if (values.length != expected) {
      throw new IllegalArgumentException(table + (delete ? " delete" : " upsert") + " needs " + expected
          + " values, got " + values.length);
    }
  }

  public static RowChange upsert(WarehouseTable table, Object... values) {
    return new RowChange(table, false, values);
  }

  public static RowChange delete(WarehouseTable table, Object... key) {
    return new RowChange(table, true, key);
  }

  /** The key values of this change. */
  public List<Object> key() {
    if (delete) {
      return Arrays.asList(values);
    }
    int[] idx = table.keyIndexes();
    Object[] k = new Object[idx.length];
    for (int i = 0; i < idx.length; i++) {
      k[i] = values[idx[i]];
    }
    return Arrays.asList(k);
  }
}
