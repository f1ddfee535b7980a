package org.satit.warehouse.semantic;

import java.util.List;

/** SQL over the role's views with its positional parameters, and what each result column is. */
public record CompiledQuery(String sql, List<Object> parameters, List<Column> columns) {

  /** A result column: a dimension or a measure, with its unit (null for dimensions) and label. */
  public record Column(String name, boolean measure, String unit, Label label) {
  }
}
