package org.satit.warehouse.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.satit.warehouse.disclosure.Additivity;
import org.satit.warehouse.disclosure.DisclosureRules;

/**
 * Audits the archive of public releases ({@code public_release_cell}) the way someone holding every release would
 * read it: for every pair of releases, every cell shown in both, and every parent shown in both minus its children
 * shown in both (the parts as the hierarchy stands now). A difference made by fewer than k records, or a correction
 * that moved a sum but no count, gives those records away to within the rounding of the means: a leak. Pairs are
 * taken among the releases in which the cell (or a member of the parent's family) changed, which is every pair that
 * can differ.
 */
public final class ReleaseHistoryAudit {

  /** One leak: which cell (or parent minus children), between which releases, how many records, what moved. */
  public record Leak(Kind kind, String cell, long fromRelease, long toRelease, long records, Long recordsBehind,
                     double low, double high) {
    public String describe() {
      return String.format("%s %s between releases %d and %d: takers moved by %d%s, score sum by %.2f..%.2f",
          kind.label, cell, fromRelease, toRelease, records,
          recordsBehind == null ? "" : " (" + recordsBehind + " records behind it)", low, high);
    }
  }

  /** How a leak was found. */
  public enum Kind {
    DIFFERENCE("difference of"),
    PARENT_MINUS_SHOWN_CHILDREN("parent minus its shown children:"),
    /**
     * Rule 4: a school cell hidden in one release and shown in a later one (its value then is its value now less the
     * change its totals show, when nothing else under them changed).
     */
    SHOWN_AFTER_HIDDEN("shown after it was hidden:");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The verdict: releases and pairs read, and the leaks found. */
  public record Verdict(int releases, long pairsChecked, List<Leak> leaks) {
    public boolean passed() {
      return leaks.isEmpty();
    }
  }

  private record Shown(String level, String area, String parent, boolean hidden, Long takers, Double mean) {
  }

  private ReleaseHistoryAudit() {
  }

  public static Verdict audit(Connection c, DisclosureRules rules) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("releases"))) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    Map<String, TreeMap<Long, Shown>> timelines = timelines(c);
    double halfUnit = 0.5 * Math.pow(10, -rules.meanDecimals());
    int k = rules.minCount();
    List<Leak> leaks = new ArrayList<>();
    long pairs = 0;
    for (Map.Entry<String, TreeMap<Long, Shown>> e : timelines.entrySet()) {
      List<Long> at = List.copyOf(e.getValue().keySet());
      for (int a = 0; a < at.size(); a++) {
        for (int b = a + 1; b < at.size(); b++) {
          pairs++;
          Delta d = delta(e.getValue().get(at.get(a)), e.getValue().get(at.get(b)), halfUnit);
          leak(leaks, Kind.DIFFERENCE, e.getKey(), at.get(a), at.get(b), d, k);
        }
      }
    }
    // each parent and the cells it adds up to, as the hierarchy stands (an office spanning provinces is no part)
    for (Additivity family : PublicScoreCells.released(c).table().additivities()) {
      java.util.TreeSet<Long> points = new java.util.TreeSet<>(changesOf(timelines, family.total()));
      family.parts().forEach(kid -> points.addAll(changesOf(timelines, kid)));
      List<Long> at = List.copyOf(points);
      for (int a = 0; a < at.size(); a++) {
        for (int b = a + 1; b < at.size(); b++) {
          pairs++;
          long ra = at.get(a);
          long rb = at.get(b);
          Delta d = delta(shownAt(timelines, family.total(), ra), shownAt(timelines, family.total(), rb), halfUnit);
          if (d == null) {
            continue;
          }
          boolean anyChild = false;
          for (String kid : family.parts()) {
            Delta kd = delta(shownAt(timelines, kid, ra), shownAt(timelines, kid, rb), halfUnit);
            if (kd != null) {
              anyChild = true;
              d = new Delta(d.count - kd.count, d.low - kd.high, d.high - kd.low);
            }
          }
          if (anyChild) {
            leak(leaks, Kind.PARENT_MINUS_SHOWN_CHILDREN, family.total(), ra, rb, d, k);
          }
        }
      }
    }
    List<Leak> out = confirmed(c, leaks, k);
    out.addAll(shownAfterHidden(c, timelines));
    return new Verdict(ids.size(), pairs, out);
  }

  /**
   * Rule 4 of the release policy: a school cell hidden in one release and shown in a later one tells the public what it
   * hid then (its value now less the change its totals show, when nothing else under them changed), and so what it
   * protected. Read among the releases made under the policy (those whose school cells showed published states); a
   * slice withheld whole showed nothing to combine with.
   */
  private static List<Leak> shownAfterHidden(Connection c, Map<String, TreeMap<Long, Shown>> timelines)
      throws SQLException {
    Map<String, java.util.TreeSet<Long>> states = new HashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(ReleasePolicy.SQL.get("state_releases"))) {
      while (rs.next()) {
        String id = PublicScoreCells.id("school", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getInt(5));
        states.computeIfAbsent(id, x -> new java.util.TreeSet<>()).add(rs.getLong(6));
      }
    }
    List<Leak> out = new ArrayList<>();
    for (Map.Entry<String, java.util.TreeSet<Long>> e : states.entrySet()) {
      TreeMap<Long, Shown> t = timelines.get(e.getKey());
      if (t == null) {
        continue;
      }
      Map.Entry<Long, Shown> before = null;
      for (Map.Entry<Long, Shown> now : t.entrySet()) {
        if (before != null && before.getValue() != null && before.getValue().hidden() && now.getValue() != null
            && !now.getValue().hidden()) {
          Long stateThen = e.getValue().floor(before.getKey());
          Long stateNow = e.getValue().floor(now.getKey());
          // a slice withheld whole (an unprotected cell) showed nothing then: nothing to combine with
          String slice = e.getKey().substring(e.getKey().indexOf('|'));
          Shown nation = shownAt(timelines, "nation:TH" + slice, before.getKey());
          boolean withheld = nation != null && nation.hidden();
          if (stateThen != null && stateNow != null && !withheld) {
            out.add(new Leak(Kind.SHOWN_AFTER_HIDDEN, e.getKey(), before.getKey(), now.getKey(), 0, null,
                now.getValue().takers() * now.getValue().mean(), now.getValue().takers() * now.getValue().mean()));
          }
        }
        before = now;
      }
    }
    return out;
  }

  /**
   * Every cell's timeline, read from the archive once: the releases at which what it showed changed, and what it showed
   * from each on (null: gone from that release on). The archive keeps exactly these rows.
   */
  private static Map<String, TreeMap<Long, Shown>> timelines(Connection c) throws SQLException {
    Map<String, TreeMap<Long, Shown>> out = new HashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("archive"))) {
      while (rs.next()) {
        String id = PublicScoreCells.id(rs.getString(2), rs.getString(3), rs.getString(5), rs.getString(6),
            rs.getString(7), rs.getInt(8));
        Shown shown = null;
        if (rs.getBoolean(9)) {
          Long takers = rs.getObject(11) == null ? null : rs.getLong(11);
          Double mean = rs.getObject(12) == null ? null : rs.getDouble(12);
          shown = new Shown(rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(10), takers, mean);
        }
        out.computeIfAbsent(id, x -> new TreeMap<>()).put(rs.getLong(1), shown);
      }
    }
    return out;
  }

  private static java.util.Set<Long> changesOf(Map<String, TreeMap<Long, Shown>> timelines, String id) {
    TreeMap<Long, Shown> t = timelines.get(id);
    return t == null ? java.util.Set.of() : t.keySet();
  }

  /** What a cell showed in a release (null: not there). */
  private static Shown shownAt(Map<String, TreeMap<Long, Shown>> timelines, String id, long release) {
    TreeMap<Long, Shown> t = timelines.get(id);
    Map.Entry<Long, Shown> e = t == null ? null : t.floorEntry(release);
    return e == null ? null : e.getValue();
  }

  /**
   * The differences a reader of the counts finds are leaks unless the records behind them say otherwise: between two
   * releases made under the release policy (their school cells showed published states), a cell's difference whose
   * records (net, by score id, over the states its schools showed) number none or at least k gives away no group of
   * fewer than k — additions and deletions together can move a count by less than the records changed. A parent
   * minus its children is kept as found.
   */
  private static List<Leak> confirmed(Connection c, List<Leak> found, int k) throws SQLException {
    long firstUnderPolicy;
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(ReleasePolicy.SQL.get("releases_under_policy"))) {
      rs.next();
      firstUnderPolicy = rs.getLong(1);
    }
    List<Leak> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(ReleasePolicy.SQL.get("net_change_under"))) {
      for (Leak l : found) {
        if (l.kind() != Kind.DIFFERENCE || l.fromRelease() < firstUnderPolicy) {
          out.add(l);
          continue;
        }
        String[] id = l.cell().split("[:|]");
        for (int i = 0; i < 6; i++) {
          ps.setString(i + 1, id[i]);
        }
        ps.setLong(7, l.fromRelease());
        ps.setLong(8, l.toRelease());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long net = rs.getLong(1);
          if (net > 0 && net < k) {
            out.add(new Leak(l.kind(), l.cell(), l.fromRelease(), l.toRelease(), l.records(), net, l.low(), l.high()));
          }
        }
      }
    }
    return out;
  }

  private static void leak(List<Leak> leaks, Kind kind, String cell, long from, long to, Delta d, int k) {
    if (d == null) {
      return;
    }
    long records = Math.abs(d.count);
    if ((records > 0 && records < k) || (records == 0 && (d.low > 0 || d.high < 0))) {
      leaks.add(new Leak(kind, cell, from, to, d.count, null, d.low, d.high));
    }
  }

  private static Delta delta(Shown before, Shown after, double halfUnit) {
    if (before == null || after == null || before.hidden() || after.hidden() || before.takers() == null
        || after.takers() == null || before.mean() == null || after.mean() == null) {
      return null;
    }
    double centre = after.takers() * after.mean() - before.takers() * before.mean();
    double w = halfUnit * (after.takers() + before.takers());
    return new Delta(after.takers() - before.takers(), centre - w, centre + w);
  }

  private record Delta(long count, double low, double high) {
  }
}
