package org.satit.ingest.source;

/** Loading generated rows into a source database failed; the message names the table and the cause. */
public final class SourceLoadException extends RuntimeException {
  public SourceLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
