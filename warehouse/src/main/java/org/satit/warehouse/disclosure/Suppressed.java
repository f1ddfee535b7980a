package org.satit.warehouse.disclosure;

import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which cells public output must hide, and why. Produced by {@link CellSuppression}; the same table, rules and
 * requested cells always give the same result.
 *
 * @param reasons     every hidden cell with the reason it is hidden, sorted by id
 * @param unprotected hidden cells that still failed the audit when nothing more could be hidden; empty when the
 *                    suppression is protected (see {@link #isProtected()})
 */
public record Suppressed(SortedMap<String, Reason> reasons, SortedSet<String> unprotected) {

  /** Why a cell is hidden. */
  public enum Reason {
    /** 1 ≤ count &lt; k: the group is too small to show. */
    PRIMARY,
    /** Hidden so that published totals do not give away other hidden cells. */
    COMPLEMENTARY,
    /** Hidden because the caller asked (e.g. hidden in an earlier release), although it is not too small. */
    REQUESTED
  }

  public Suppressed {
    reasons = Collections.unmodifiableSortedMap(new TreeMap<>(reasons));
    unprotected = Collections.unmodifiableSortedSet(new TreeSet<>(unprotected));
  }

  public boolean isHidden(String id) {
    return reasons.containsKey(id);
  }

  /** The reason {@code id} is hidden, or null when it is published. */
  public Reason reason(String id) {
    return reasons.get(id);
  }

  public Set<String> hidden() {
    return reasons.keySet();
  }

  /** True when every hidden cell passed the audit: no hidden count can be narrowed below the protection margin. */
  public boolean isProtected() {
    return unprotected.isEmpty();
  }

  public long count(Reason reason) {
    return reasons.values().stream().filter(reason::equals).count();
  }

  @Override
  public String toString() {
    return "Suppressed[" + reasons.size() + " hidden: " + count(Reason.PRIMARY) + " primary, "
        + count(Reason.COMPLEMENTARY) + " complementary, " + count(Reason.REQUESTED) + " requested"
        + (isProtected() ? "" : "; UNPROTECTED " + unprotected) + "]";
  }
}
