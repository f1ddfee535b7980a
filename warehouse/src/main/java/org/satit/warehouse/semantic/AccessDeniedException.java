package org.satit.warehouse.semantic;

/** The principal's role may not read the dataset asked for. */
public class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
