package org.satit.warehouse.semantic;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Something to slice by ({@code semantic/dimensions.yaml}): its column in the datasets' views (null for
 * {@code nation}, the whole table), the type its values must have, its label, and, when it can be a request
 * parameter, where its values come from.
 */
public record Dimension(String name, String column, Type type, Label label, Values values) {

  /** What a filter value of this dimension must be. */
  public enum Type { STRING, INTEGER }

  /** A value with its label and its parents / attributes (an ESA's province, a school's cluster, size band …). */
  public record Member(String value, Label label, Map<String, String> attributes) {
  }

  /**
   * Where the values a request may name come from: exactly one of a fixed {@code list}, an {@code sql} query over
   * the asking role's views, or the {@code areas} of a hierarchy (every value of each of its {@code levels}); the
   * default ({@code defaultSql} or a literal {@code defaultValue}, or neither); the warehouse tables the query and
   * the default read.
   */
  public record Values(List<Member> list, String sql, List<String> areaLevels, String defaultSql, String defaultValue,
                       Set<String> reads) {
  }

  /** True when requests may name a value of this dimension (it has a list, a query or areas). */
  public boolean isParameter() {
    return values != null;
  }
}
