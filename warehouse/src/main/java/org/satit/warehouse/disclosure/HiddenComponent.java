package org.satit.warehouse.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Hidden cells that are linked through relations containing at least one of them, with those relations. What an
 * attacker can infer about a hidden cell depends only on its component: every other relation involves published
 * values only, and the published members of the component's relations are constants.
 *
 * @param cells     hidden cells, ascending
 * @param relations relations with at least one hidden member, ascending
 */
record HiddenComponent(int[] cells, int[] relations) {

  /** Position of {@code cell} in {@link #cells()}, or a negative number when it is not in this component. */
  int localIndex(int cell) {
    return Arrays.binarySearch(cells, cell);
  }

  /** The distinct components containing {@code seeds} (hidden cells), ordered by their first seed. */
  static List<HiddenComponent> around(RelationGraph g, BitSet hidden, int[] seeds) {
    BitSet seenCell = new BitSet(g.cellCount());
    BitSet seenRelation = new BitSet(g.relationCount());
    List<HiddenComponent> out = new ArrayList<>();
    for (int seed : seeds) {
      if (seenCell.get(seed)) {
        continue;
      }
      int[] cells = new int[16];
      int cellCount = 0;
      int[] relations = new int[16];
      int relationCount = 0;
      seenCell.set(seed);
      cells[cellCount++] = seed;
      for (int head = 0; head < cellCount; head++) {
        int c = cells[head];
        for (int m = g.memberStart[c]; m < g.memberStart[c + 1]; m++) {
          int r = g.memberOf[m];
          if (seenRelation.get(r)) {
            continue;
          }
          seenRelation.set(r);
          if (relationCount == relations.length) {
            relations = Arrays.copyOf(relations, relationCount * 2);
          }
          relations[relationCount++] = r;
          int[] found = hiddenMembers(g, hidden, r);
          for (int other : found) {
            if (!seenCell.get(other)) {
              seenCell.set(other);
              if (cellCount == cells.length) {
                cells = Arrays.copyOf(cells, cellCount * 2);
              }
              cells[cellCount++] = other;
            }
          }
        }
      }
      int[] sortedCells = Arrays.copyOf(cells, cellCount);
      int[] sortedRelations = Arrays.copyOf(relations, relationCount);
      Arrays.sort(sortedCells);
      Arrays.sort(sortedRelations);
      out.add(new HiddenComponent(sortedCells, sortedRelations));
    }
    return out;
  }

  private static int[] hiddenMembers(RelationGraph g, BitSet hidden, int r) {
    int from = g.partStart[r];
    int to = g.partStart[r + 1];
    int[] out = new int[to - from + 1];
    int k = 0;
    if (hidden.get(g.total[r])) {
      out[k++] = g.total[r];
    }
    for (int j = from; j < to; j++) {
      if (hidden.get(g.parts[j])) {
        out[k++] = g.parts[j];
      }
    }
    return Arrays.copyOf(out, k);
  }
}
