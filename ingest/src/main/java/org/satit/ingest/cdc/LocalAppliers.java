package org.satit.ingest.cdc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appliers living in this JVM, by name. In local mode (Flink MiniCluster inside satit) the sink finds
 * the warehouse writer here; a serialisable sink cannot carry the writer itself.
 */
public final class LocalAppliers {

  private static final Map<String, ChangeApplier> APPLIERS = new ConcurrentHashMap<>();

  private LocalAppliers() {
  }

  public static void register(String name, ChangeApplier applier) {
    APPLIERS.put(name, applier);
  }

  public static void unregister(String name) {
    APPLIERS.remove(name);
  }

  /** The factory a sink carries to find the applier registered under {@code name} in the JVM it runs in. */
  public static ChangeApplier.Factory factory(String name) {
    return () -> get(name);
  }

  static ChangeApplier get(String name) {
    ChangeApplier a = APPLIERS.get(name);
    if (a == null) {
      throw new IllegalStateException("no change applier '" + name + "' registered in this JVM");
    }
    return a;
  }
}
