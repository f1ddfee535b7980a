package org.satit.ingest.cdc;

/**
 * satit carries a patched copy of one Debezium class that Flink CDC 3.5 bundles unpatched (Debezium 1.9.8's
 * {@code WalPositionLocator}, which after a restart from a checkpoint taken while a PostgreSQL source was quiet
 * skips the first transaction that followed). The copy only works if it is the one loaded, ahead of Flink CDC's:
 * satit's jars are built that way, but a Flink cluster with Flink CDC's own jar in {@code lib/} would load the
 * original and lose changes silently. So the job refuses to run without it, saying why.
 */
final class PatchedDebezium {

  private PatchedDebezium() {
  }

  /** Throws when the class loaded is Debezium's original, naming where it came from. */
  static void require() {
    Class<?> locator = io.debezium.connector.postgresql.connection.WalPositionLocator.class;
    try {
      locator.getField("SATIT_PATCH");
    } catch (NoSuchFieldException original) {
      java.security.CodeSource from = locator.getProtectionDomain().getCodeSource();
      throw new IllegalStateException("Debezium's unpatched WalPositionLocator is loaded (from "
          + (from == null ? "an unknown place" : from.getLocation()) + "), ahead of satit's patched copy: after a"
          + " restart it can skip a PostgreSQL transaction. Put satit-flink-job.jar ahead of any Flink CDC jar (or"
          + " remove that jar: satit's carries the connectors)");
    }
  }
}
