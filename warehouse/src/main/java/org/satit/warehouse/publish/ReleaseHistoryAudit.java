package org.satit.warehouse.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
  public record Leak(String how, String cell, long fromRelease, long toRelease, long records, double low, double high) {
    public String describe() {
      return String.format("%s %s between releases %d and %d: %d record(s), score sum moved by %.2f..%.2f", how, cell,
          fromRelease, toRelease, records, low, high);
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
    List<Map<String, Shown>> releases = new ArrayList<>();
    for (long id : ids) {
      releases.add(read(c, id));
    }
    double halfUnit = 0.5 * Math.pow(10, -rules.meanDecimals());
    int k = rules.minCount();
    List<Leak> leaks = new ArrayList<>();
    long pairs = 0;
    // the releases at which each cell's shown state changed
    Map<String, TreeSet<Integer>> changes = new HashMap<>();
    for (int i = 0; i < releases.size(); i++) {
      for (Map.Entry<String, Shown> e : releases.get(i).entrySet()) {
        Shown before = i == 0 ? null : releases.get(i - 1).get(e.getKey());
        if (i == 0 || !e.getValue().equals(before)) {
          changes.computeIfAbsent(e.getKey(), x -> new TreeSet<>()).add(i);
        }
      }
      if (i > 0) {
        for (String gone : releases.get(i - 1).keySet()) {
          if (!releases.get(i).containsKey(gone)) {
            changes.computeIfAbsent(gone, x -> new TreeSet<>()).add(i);
          }
        }
      }
    }
    // each parent and the cells it adds up to, as the hierarchy stands (an office spanning provinces is no part)
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (Additivity a : PublicScoreCells.released(c).table().additivities()) {
      children.put(a.total(), a.parts());
    }
    for (Map.Entry<String, TreeSet<Integer>> e : changes.entrySet()) {
      List<Integer> at = List.copyOf(e.getValue());
      for (int a = 0; a < at.size(); a++) {
        for (int b = a + 1; b < at.size(); b++) {
          pairs++;
          Delta d = delta(releases.get(at.get(a)).get(e.getKey()), releases.get(at.get(b)).get(e.getKey()), halfUnit);
          leak(leaks, "difference of", e.getKey(), ids.get(at.get(a)), ids.get(at.get(b)), d, k);
        }
      }
    }
    for (Map.Entry<String, List<String>> family : children.entrySet()) {
      TreeSet<Integer> points = new TreeSet<>(changes.getOrDefault(family.getKey(), new TreeSet<>()));
      family.getValue().forEach(kid -> points.addAll(changes.getOrDefault(kid, new TreeSet<>())));
      List<Integer> at = List.copyOf(points);
      for (int a = 0; a < at.size(); a++) {
        for (int b = a + 1; b < at.size(); b++) {
          pairs++;
          Map<String, Shown> ra = releases.get(at.get(a));
          Map<String, Shown> rb = releases.get(at.get(b));
          Delta d = delta(ra.get(family.getKey()), rb.get(family.getKey()), halfUnit);
          if (d == null) {
            continue;
          }
          boolean anyChild = false;
          for (String kid : family.getValue()) {
            Delta kd = delta(ra.get(kid), rb.get(kid), halfUnit);
            if (kd != null) {
              anyChild = true;
              d = new Delta(d.count - kd.count, d.low - kd.high, d.high - kd.low);
            }
          }
          if (anyChild) {
            leak(leaks, "parent minus its shown children:", family.getKey(), ids.get(at.get(a)), ids.get(at.get(b)), d, k);
          }
        }
      }
    }
    return new Verdict(releases.size(), pairs, confirmed(c, leaks, k));
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
        if (!l.how().startsWith("difference") || l.fromRelease() < firstUnderPolicy) {
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
            out.add(new Leak(l.how() + " (" + net + " records behind it)", l.cell(), l.fromRelease(), l.toRelease(),
                l.records(), l.low(), l.high()));
          }
        }
      }
    }
    return out;
  }

  private static void leak(List<Leak> leaks, String how, String cell, long from, long to, Delta d, int k) {
    if (d == null) {
      return;
    }
    long records = Math.abs(d.count);
    if ((records > 0 && records < k) || (records == 0 && (d.low > 0 || d.high < 0))) {
      leaks.add(new Leak(how, cell, from, to, d.count, d.low, d.high));
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

  private static Map<String, Shown> read(Connection c, long releaseId) throws SQLException {
    Map<String, Shown> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(PublicScoreCells.SQL.get("archived"))) {
      ps.setLong(1, releaseId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = PublicScoreCells.id(rs.getString(1), rs.getString(2), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getInt(7));
          Long takers = rs.getObject(9) == null ? null : rs.getLong(9);
          Double mean = rs.getObject(10) == null ? null : rs.getDouble(10);
          out.put(id, new Shown(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(8), takers, mean));
        }
      }
    }
    return out;
  }
}
