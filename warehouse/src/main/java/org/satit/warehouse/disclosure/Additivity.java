package org.satit.warehouse.disclosure;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A linear relation that public output lets anyone check: {@code count(total) = Σ count(parts)} and
 * {@code sum(total) = Σ sum(parts)}. One per published hierarchy level (an ESA over its clusters) and per published
 * breakdown (a school over its male and female takers). Guaranteed: at least one part, no part twice, and the total
 * is not one of its parts.
 */
public record Additivity(String total, List<String> parts) {

  public Additivity {
    Objects.requireNonNull(total, "total");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("additivity of " + total + " has no parts");
    }
    var seen = new HashSet<String>(parts.size() * 2);
    for (String part : parts) {
      if (part.equals(total)) {
        throw new IllegalArgumentException("additivity of " + total + " lists its total among its parts");
      }
      if (!seen.add(part)) {
        throw new IllegalArgumentException("additivity of " + total + " lists part " + part + " twice");
      }
    }
  }

  public static Additivity of(String total, String... parts) {
    return new Additivity(total, List.of(parts));
  }
}
