package org.satit.ingest.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What satit takes from one source table ({@code emis/tables.yaml}): its key, whether it is reference data read
 * first, the warehouse table its rows become (none for satit's own bookkeeping), the warehouse columns it fills
 * with a constant or leaves empty, and every source column with what it becomes.
 */
public record SourceSpec(String name, List<String> key, boolean reference, String warehouse, String current,
                         Map<String, Object> constants, List<String> nulls, List<SourceColumn> columns) {

  /** True for the tables that hold EMIS data (everything with a warehouse table). */
  public boolean isEmisData() {
    return warehouse != null;
  }

  /** The source column names, in source order. */
  public List<String> columnNames() {
    return columns.stream().map(SourceColumn::name).toList();
  }

  public Optional<SourceColumn> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The condition on the warehouse table that selects this table's rows (several source tables may share one
   * warehouse table: the score tables, told apart by their constant test code), or null for all rows.
   */
  public String warehouseRows() {
    StringBuilder where = new StringBuilder();
    if (current != null) {
      where.append(current);
    }
    constants.forEach((column, value) -> {
      if (sharesWarehouseTableBy(column)) {
        where.append(where.length() == 0 ? "" : " AND ").append(column).append(" = '").append(value).append('\'');
      }
    });
    return where.length() == 0 ? null : where.toString();
  }

  /** The constant that tells this table's rows from the other source tables' in the same warehouse table. */
  private boolean sharesWarehouseTableBy(String column) {
    return SourceSpecs.all().stream().anyMatch(o -> o != this && warehouse.equals(o.warehouse())
        && o.constants().containsKey(column) && !o.constants().get(column).equals(constants.get(column)));
  }
}
