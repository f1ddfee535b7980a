package org.satit.ingest.spec;

/**
 * satit will not go on, and says why in one line (the command line prints the message and exits 1): a
 * checkpoint that cannot be proven against its source while {@code ingest.onInvalidCheckpoint} is
 * {@code refuse}, or a demo source port held by a server that is not the demo's own.
 */
public final class RefusedStart extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RefusedStart(String message) {
    super(message);
  }
}
