package org.satit.ingest.cdc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** A failure and everything behind it: its causes and suppressed exceptions, each once (cycles do not loop). */
final class Causes {

  private Causes() {
  }

  static List<Throwable> of(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> todo = new ArrayDeque<>();
    List<Throwable> out = new ArrayList<>();
    if (failure != null) {
      todo.add(failure);
    }
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      out.add(t);
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      Collections.addAll(todo, t.getSuppressed());
    }
    return out;
  }
}
