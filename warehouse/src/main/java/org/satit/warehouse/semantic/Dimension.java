package org.satit.warehouse.semantic;

/**
 * Something to slice by: its column in the datasets' views (null for {@code nation}, the whole table),
 * the type its filter values must have, and its label.
 */
public record Dimension(String name, String column, Type type, Label label) {

  /** What a filter value of this dimension must be. */
  public enum Type { STRING, INTEGER }
}
