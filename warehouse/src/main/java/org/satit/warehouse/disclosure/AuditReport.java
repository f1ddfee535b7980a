package org.satit.warehouse.disclosure;

import java.util.List;

/**
 * What {@link DisclosureAudit} found: the feasible interval of every hidden cell, sorted by id.
 *
 * @param cells            one entry per hidden cell
 * @param components       number of independent components the hidden cells form
 * @param protectionMargin the margin each interval was held to
 */
public record AuditReport(List<HiddenCell> cells, int components, int protectionMargin) {

  private static final int FAILURES_IN_SUMMARY = 10;

  /**
   * The audit of one hidden cell.
   *
   * @param count    its true count
   * @param minCount lowest count consistent with the published output (at least 1)
   * @param maxCount highest such count, or null when unbounded
   * @param minMean  lowest mean (sum/count) consistent with the published output, null for a count-only table
   * @param maxMean  highest such mean, null for a count-only table
   * @param passed   whether the count interval is wide enough
   */
  public record HiddenCell(String id, long count, long minCount, Long maxCount, Double minMean, Double maxMean,
                           boolean passed) {

    /** Whether the published output pins the count to one value. */
    public boolean isDetermined() {
      return maxCount != null && maxCount == minCount;
    }

    String describe() {
      return id + ": count " + count + ", feasible " + minCount + ".." + (maxCount == null ? "∞" : maxCount)
          + (isDetermined() ? " (determined)" : "");
    }
  }

  public AuditReport {
    cells = List.copyOf(cells);
  }

  /** True when every hidden cell passed. */
  public boolean passed() {
    return failures().isEmpty();
  }

  public List<HiddenCell> failures() {
    return cells.stream().filter(c -> !c.passed()).toList();
  }

  public int hiddenCount() {
    return cells.size();
  }

  public int failedCount() {
    return failures().size();
  }

  /** A few lines for a terminal: the verdict, then up to ten failing cells. */
  public String summary() {
    List<HiddenCell> failures = failures();
    var out = new StringBuilder()
        .append("disclosure audit: ").append(hiddenCount()).append(" hidden cells in ").append(components)
        .append(" components, margin ").append(protectionMargin).append(": ")
        .append(failures.isEmpty() ? "PASSED" : "FAILED for " + failures.size());
    failures.stream().limit(FAILURES_IN_SUMMARY).forEach(c -> out.append("\n  ").append(c.describe()));
    if (failures.size() > FAILURES_IN_SUMMARY) {
      out.append("\n  … and ").append(failures.size() - FAILURES_IN_SUMMARY).append(" more");
    }
    return out.toString();
  }
}
