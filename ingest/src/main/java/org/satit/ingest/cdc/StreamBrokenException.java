package org.satit.ingest.cdc;

/**
 * A batch was refused because its heartbeats prove the source's stream broken ({@link HeartbeatLedger}); nothing
 * of it was applied. The job's owner has been told and snapshots afresh (or stops, with refuse).
 */
public final class StreamBrokenException extends Exception {

  private static final long serialVersionUID = 1L;

  public StreamBrokenException(String reason) {
    super("refused a batch: " + reason);
  }
}
