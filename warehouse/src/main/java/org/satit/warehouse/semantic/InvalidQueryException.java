package org.satit.warehouse.semantic;

/** A request the semantic model cannot answer as asked: unknown names, wrong value types, missing context. */
public class InvalidQueryException extends IllegalArgumentException {
  public InvalidQueryException(String message) {
    super(message);
  }
}
