package org.satit.warehouse.semantic;

import java.util.List;
import java.util.Map;

/**
 * A question to the semantic model: measures of a dataset, grouped by dimensions, filtered by dimension
 * values (each filter keeps rows whose value is one of those given), sorted, limited. Values arrive as
 * text (from URLs and definition files) and are checked against the dimension's type.
 */
public record SemanticQuery(String dataset, List<String> measures, List<String> groupBy,
                            Map<String, List<String>> filters, List<Order> orderBy, Integer limit) {

  public SemanticQuery {
    measures = List.copyOf(measures);
    groupBy = List.copyOf(groupBy);
    filters = Map.copyOf(filters);
    orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
  }

  /** Sort by a grouped dimension or a measure of the query. */
  public record Order(String field, boolean descending) {
  }
}
