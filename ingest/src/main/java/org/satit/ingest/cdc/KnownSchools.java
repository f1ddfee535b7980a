package org.satit.ingest.cdc;

import java.util.HashSet;
import java.util.Set;

/** The school codes the warehouse knows, for the unknown-school check. */
final class KnownSchools {

  private final Set<String> codes = new HashSet<>();

  boolean contains(String code) {
    return codes.contains(code);
  }

  /** Forgets every code (before reloading them from the warehouse). */
  void clear() {
    codes.clear();
  }

  /** Returns true when the code is new. */
  boolean add(String code) {
    return codes.add(code);
  }
}
