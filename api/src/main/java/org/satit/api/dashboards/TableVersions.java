package org.satit.api.dashboards;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warehouse version at which each table last changed (fed by the writer's commits). A cache keyed by
 * {@link #versionOf} of the tables an answer reads stays valid until one of them changes, however often
 * the rest of the warehouse moves. Tables not written since satit started count as changed at the start
 * version.
 */
public final class TableVersions {

  /** A table's last change: the warehouse version and its commit time. */
  public record Change(long version, Instant at) {
  }

  private final Map<String, Change> lastChange = new ConcurrentHashMap<>();
  private volatile Change start;

  public TableVersions(long startVersion, Instant startAt) {
    this.start = new Change(startVersion, startAt);
  }

  public void changed(Collection<String> tables, long version, Instant at) {
    Change c = new Change(version, at);
    for (String t : tables) {
      lastChange.merge(t, c, (a, b) -> b.version() >= a.version() ? b : a);
    }
  }

  /** The latest change among the tables (the start when none changed since). */
  public Change lastChangeOf(Collection<String> tables) {
    Change best = start;
    for (String t : tables) {
      Change c = lastChange.get(t);
      if (c != null && c.version() > best.version()) {
        best = c;
      }
    }
    return best;
  }

  public long versionOf(Collection<String> tables) {
    return lastChangeOf(tables).version();
  }
}
