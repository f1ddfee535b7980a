package org.satit.ingest.cdc;

import java.util.HashSet;
import java.util.Set;

/** The school codes the warehouse knows, for the unknown-school check. */
final class KnownSchools {

  private final Set<String> codes = new HashSet<>();

  boolean contains(String code) {
    return codes.contains(code);
  }

  /** Returns true when the code is new. */
  boolean add(String code) {
    return codes.add(code);
  }
}
