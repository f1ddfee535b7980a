package org.satit.warehouse.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Someone who archived every public release and differences them, written apart from the release and the disclosure
 * engine: for every pair of releases, every cell shown in both (its takers and rounded mean give its score sum to
 * within the rounding), and every parent shown in both minus its children shown in both (what changed inside the
 * hidden ones). A difference that comes from fewer than k records (or from a correction that moved no count) is a
 * finding: it says how many records changed and bounds the sum of their score changes.
 */
final class ReleaseDifferencer {

  /** What changed in one cell (or one residual) between two releases: records in or out, and the score sum moved. */
  record Finding(String how, String cell, int from, int to, long records, double low, double high) {
    double width() {
      return high - low;
    }

    boolean bounds(double truth) {
      return low - 1e-9 <= truth && truth <= high + 1e-9;
    }
  }

  private final List<Map<String, ReleaseWorld.Shown>> releases;
  private final double halfUnit;

  ReleaseDifferencer(List<Map<String, ReleaseWorld.Shown>> releases, int meanDecimals) {
    this.releases = releases;
    this.halfUnit = 0.5 * Math.pow(10, -meanDecimals);
  }

  /** Every finding over every pair of releases (not only consecutive ones). */
  List<Finding> findings(int k) {
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < releases.size(); i++) {
      for (int j = i + 1; j < releases.size(); j++) {
        Map<String, ReleaseWorld.Shown> a = releases.get(i);
        Map<String, ReleaseWorld.Shown> b = releases.get(j);
        for (Map.Entry<String, ReleaseWorld.Shown> e : b.entrySet()) {
          Delta d = delta(a.get(e.getKey()), e.getValue());
          if (d != null) {
            add(out, "difference", e.getKey(), i, j, d, k);
          }
          Delta r = residual(e.getKey(), a, b);
          if (r != null) {
            add(out, "parent minus children", e.getKey(), i, j, r, k);
          }
        }
      }
    }
    return out;
  }

  private static void add(List<Finding> out, String how, String cell, int i, int j, Delta d, int k) {
    long records = Math.abs(d.count);
    boolean small = records > 0 && records < k;
    boolean correction = records == 0 && (d.low > 0 || d.high < 0);
    if (small || correction) {
      out.add(new Finding(how, cell, i, j, d.count, d.low, d.high));
    }
  }

  /** The change of one cell shown in both releases: count exactly, score sum within the means' rounding. */
  private Delta delta(ReleaseWorld.Shown before, ReleaseWorld.Shown after) {
    if (before == null || after == null || before.hidden() || after.hidden()) {
      return null;
    }
    double centre = after.takers() * after.mean() - before.takers() * before.mean();
    double w = halfUnit * (after.takers() + before.takers());
    return new Delta(after.takers() - before.takers(), centre - w, centre + w);
  }

  /** A parent shown in both releases minus its children shown in both: the change inside the others. */
  private Delta residual(String parentId, Map<String, ReleaseWorld.Shown> a, Map<String, ReleaseWorld.Shown> b) {
    ReleaseWorld.Shown parent = b.get(parentId);
    Delta d = delta(a.get(parentId), parent);
    if (d == null) {
      return null;
    }
    String slice = parentId.substring(parentId.indexOf('|'));
    Set<String> childLevels = switch (parent.level()) {
      case "nation" -> Set.of("region");
      case "region" -> Set.of("province");
      case "province" -> Set.of("esa");
      case "esa" -> Set.of("cluster", "school");
      case "cluster" -> Set.of("school");
      default -> Set.of();
    };
    if (childLevels.isEmpty()) {
      return null;
    }
    long count = d.count;
    double low = d.low;
    double high = d.high;
    boolean anyChild = false;
    for (Map.Entry<String, ReleaseWorld.Shown> e : b.entrySet()) {
      ReleaseWorld.Shown c = e.getValue();
      if (!e.getKey().endsWith(slice) || !childLevels.contains(c.level()) || !parent.area().equals(c.parent())) {
        continue;
      }
      Delta cd = delta(a.get(e.getKey()), c);
      if (cd != null) {
        anyChild = true;
        count -= cd.count;
        low -= cd.high;
        high -= cd.low;
      }
    }
    return anyChild ? new Delta(count, low, high) : null;
  }

  private record Delta(long count, double low, double high) {
  }
}
