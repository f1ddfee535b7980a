package org.satit.warehouse.disclosure;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CellTable} indexed for linear-time work: cells numbered in id order (so "ties broken by id" is "ties
 * broken by index"), additivities numbered in table order, each additivity's parts sorted by (count, id), and for
 * each cell the additivities it takes part in.
 */
final class RelationGraph {

  final String[] ids;
  final long[] count;
  final double[] sum;
  /** Total cell of each relation. */
  final int[] total;
  /** Parts of relation r are {@code parts[partStart[r] .. partStart[r + 1])}, by ascending (count, id). */
  final int[] partStart;
  final int[] parts;
  /** Relations of cell c (as total or part) are {@code memberOf[memberStart[c] .. memberStart[c + 1])}. */
  final int[] memberStart;
  final int[] memberOf;
  private final Map<String, Integer> index;

  private RelationGraph(CellTable table) {
    int n = table.cells().size();
    ids = table.cells().keySet().toArray(new String[0]);
    Arrays.sort(ids);
    index = new HashMap<>(n * 2);
    count = new long[n];
    sum = new double[n];
    for (int i = 0; i < n; i++) {
      index.put(ids[i], i);
      Cell c = table.cells().get(ids[i]);
      count[i] = c.count();
      sum[i] = c.sum();
    }
    List<Additivity> relations = table.additivities();
    int r = relations.size();
    total = new int[r];
    partStart = new int[r + 1];
    for (int i = 0; i < r; i++) {
      partStart[i + 1] = partStart[i] + relations.get(i).parts().size();
    }
    parts = new int[partStart[r]];
    int[] members = new int[n + 1];
    for (int i = 0; i < r; i++) {
      Additivity a = relations.get(i);
      total[i] = index.get(a.total());
      members[total[i]]++;
      long[] keys = new long[a.parts().size()];
      for (int j = 0; j < keys.length; j++) {
        int p = index.get(a.parts().get(j));
        members[p]++;
        keys[j] = (count[p] << 32) | p;
      }
      Arrays.sort(keys);
      for (int j = 0; j < keys.length; j++) {
        parts[partStart[i] + j] = (int) keys[j];
      }
    }
    memberStart = new int[n + 1];
    for (int c = 0; c < n; c++) {
      memberStart[c + 1] = memberStart[c] + members[c];
    }
    memberOf = new int[memberStart[n]];
    int[] fill = Arrays.copyOf(memberStart, n);
    for (int i = 0; i < r; i++) {
      memberOf[fill[total[i]]++] = i;
      for (int j = partStart[i]; j < partStart[i + 1]; j++) {
        memberOf[fill[parts[j]]++] = i;
      }
    }
  }

  /**
   * Indexes {@code table}. Counts must stay below 2^31 (far above any school system) for the packed sort keys.
   */
  static RelationGraph of(CellTable table) {
    table.cells().values().forEach(c -> {
      if (c.count() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("cell " + c.id() + " has an implausible count " + c.count());
      }
    });
    return new RelationGraph(table);
  }

  int cellCount() {
    return ids.length;
  }

  int relationCount() {
    return total.length;
  }

  /** Index of a known cell, or an IllegalArgumentException naming the unknown id. */
  int indexOf(String id) {
    Integer i = index.get(id);
    if (i == null) {
      throw new IllegalArgumentException("unknown cell " + id);
    }
    return i;
  }

  /**
   * Indexes of {@code hiddenIds}, which must be known cells with at least one student: a cell without students is
   * published as 0 (an empty group identifies nobody) and cannot be shown with the "at least one student" marker.
   */
  int[] indexesOfHideable(Collection<String> hiddenIds) {
    int[] out = new int[hiddenIds.size()];
    int k = 0;
    for (String id : hiddenIds) {
      int i = indexOf(id);
      if (count[i] == 0) {
        throw new IllegalArgumentException("cell " + id + " has no students: it is published as 0, never hidden");
      }
      out[k++] = i;
    }
    Arrays.sort(out);
    return out;
  }

  /** Calls {@code visitor} with every member (total first, then parts by count) of {@code relation}. */
  void forEachMember(int relation, MemberVisitor visitor) {
    visitor.visit(total[relation], 1);
    for (int j = partStart[relation]; j < partStart[relation + 1]; j++) {
      visitor.visit(parts[j], -1);
    }
  }

  /** Receives a relation member with its coefficient in {@code total − Σ parts = 0}. */
  @FunctionalInterface
  interface MemberVisitor {
    void visit(int cell, int coefficient);
  }
}
