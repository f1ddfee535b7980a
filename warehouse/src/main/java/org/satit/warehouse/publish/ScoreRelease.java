package org.satit.warehouse.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.disclosure.CellSuppression;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.disclosure.PublishedValue;
import org.satit.warehouse.disclosure.Suppressed;

/**
 * Releases the public score table: reads every public cell from the warehouse, lets the disclosure engine
 * decide what to hide (primary and complementary suppression, verified by linear programs), and rewrites
 * {@code published_score_cell} in one transaction — the only table the public role reads scores from.
 * Means and shares are rounded and coded as the rules say; hidden cells keep their row, without numbers.
 * Each release is a thing of its own ({@code public_release}): its id, the warehouse version it was made from, what
 * it hid, and the rules it was made with and their fingerprint; the published cells carry its id.
 */
public final class ScoreRelease {

  /** What a release did. */
  public record Result(long releaseId, long warehouseVersion, String rulesFingerprint, int cells, long primary,
                       long complementary, boolean isProtected, long millis) {
    public String summary() {
      return String.format("public release %,d of warehouse version %,d (rules %s): %,d cells, %,d hidden (%,d primary, "
              + "%,d complementary)%s in %,d ms", releaseId, warehouseVersion, rulesFingerprint, cells,
          primary + complementary, primary, complementary, isProtected ? "" : ", SOME UNPROTECTED: withheld", millis);
    }
  }

  /**
   * The last release: its id, the warehouse version it was made from, its rules' fingerprint and the rules, when and
   * why it was made (null kind for a release made before that was recorded) and how many school cells it held back.
   */
  public record Released(long releaseId, long warehouseVersion, String rulesFingerprint, Optional<DisclosureRules> rules,
                         Instant releasedAt, Occasion occasion, Long heldCells) {
  }

  /** Why a release is made. */
  public enum Kind {
    /** No release yet. */
    FIRST,
    /** Its time came (disclosure.release) and the data it reads had moved. */
    SCHEDULED,
    /** An admin pressed Publish now. */
    ADMIN,
    /** The disclosure rules changed: the last release must not be served. */
    RULES,
    /** A tool or a test called the release itself. */
    DIRECT;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Why a release is made, and who asked (an admin's name; null otherwise). */
  public record Occasion(Kind kind, String by) {
    public static Occasion of(Kind kind) {
      return new Occasion(kind, null);
    }
  }

  private ScoreRelease() {
  }

  /** Reads the version the release is made from; null when there has been none. */
  public static Long releasedVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("release_version"))) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }

  /** The last release; empty when there has been none. */
  public static Optional<Released> lastRelease(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("last_release"))) {
      if (!rs.next()) {
        return Optional.empty();
      }
      long id = rs.getLong(1);
      long version = rs.getLong(2);
      String fingerprint = rs.getString(3);
      int minCount = rs.getInt(4);
      Optional<DisclosureRules> rules = rs.wasNull() ? Optional.empty()
          : Optional.of(new DisclosureRules(minCount, rs.getInt(5), rs.getInt(6), rs.getDouble(7), rs.getDouble(8)));
      Instant at = rs.getObject(9, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
      String kind = rs.getString(10);
      Occasion occasion = kind == null ? null : new Occasion(Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
          rs.getString(11));
      long held = rs.getLong(12);
      return Optional.of(new Released(id, version, fingerprint, rules, at, occasion, rs.wasNull() ? null : held));
    }
  }

  /** The rules the last release was made with; empty when there has been none or it did not record them. */
  public static Optional<DisclosureRules> releasedRules(Connection c) throws SQLException {
    return lastRelease(c).flatMap(Released::rules);
  }

  /** The warehouse's current version (bumped by every writer commit). */
  public static long warehouseVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("warehouse_version"))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A release under the release policy ({@link ReleasePolicy#STEPS_OF_K}). */
  public static Result release(DuckDBConnection c, DisclosureRules rules) throws SQLException {
    return release(c, rules, ReleasePolicy.STEPS_OF_K, Occasion.of(Kind.DIRECT));
  }

  /** A release under the given policy, made by a tool or test. */
  public static Result release(DuckDBConnection c, DisclosureRules rules, ReleasePolicy policy) throws SQLException {
    return release(c, rules, policy, Occasion.of(Kind.DIRECT));
  }

  /** A release under the given policy ({@link ReleasePolicy}), for the given occasion. */
  public static Result release(DuckDBConnection c, DisclosureRules rules, ReleasePolicy policy, Occasion occasion)
      throws SQLException {
    long start = System.nanoTime();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      // one transaction: the cells read and the version recorded belong together
      long version = warehouseVersion(c);
      long releaseId;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("next_release_id"))) {
        rs.next();
        releaseId = rs.getLong(1);
      }
      long held = policy.prepare(c, releaseId, rules.minCount());
      PublicScoreCells cells = PublicScoreCells.readCells(c);
      Past past = Past.read(c, cells, rules);
      Suppressed hidden = CellSuppression.protect(cells.table(), rules, past.stillHidden(), past.known());
      try (Statement st = c.createStatement()) {
        st.execute(PublicScoreCells.SQL.get("clear"));
      }
      java.util.Set<String> withheldSlices = new java.util.HashSet<>();
      hidden.unprotected().forEach(u -> withheldSlices.add(slice(u)));
      try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "published_score_cell")) {
        for (Map.Entry<String, PublicScoreCells.Place> e : cells.places().entrySet()) {
          var cell = cells.table().cell(e.getKey());
          PublicScoreCells.Place p = e.getValue();
          // an unprotected hidden cell withholds its whole slice rather than publish something recoverable
          boolean suppressed = hidden.isHidden(e.getKey()) || withheldSlices.contains(slice(e.getKey()));
          PublishedValue takers = PublishedValue.count(cell.count(), suppressed);
          PublishedValue mean = PublishedValue.mean(cell.count(), cell.sum(), suppressed, rules);
          PublishedValue share = PublishedValue.share(cell.count(), p.atLeast50(), suppressed, rules);
          a.beginRow();
          a.append(p.level());
          a.append(p.area());
          if (p.parent() == null) {
            a.appendNull();
          } else {
            a.append(p.parent());
          }
          a.append(p.test());
          a.append(p.grade());
          a.append(p.subject());
          a.append(p.year());
          a.append(suppressed);
          if (takers.isNumber()) {
            a.append(takers.value().longValue());
          } else {
            a.appendNull();
          }
          appendNumber(a, mean);
          appendNumber(a, share);
          if (share.isNumber() || PublishedValue.SUPPRESSED.equals(share.code())) {
            a.appendNull();
          } else {
            a.append(share.code());
          }
          a.append(version);
          a.append(releaseId);
          if (p.asOfRelease() == null) {
            a.appendNull();
          } else {
            a.append(p.asOfRelease().longValue());
          }
          a.endRow();
        }
      }
      archive(c, releaseId);
      keepHidden(c, cells, hidden);
      long millis = (System.nanoTime() - start) / 1_000_000;
      try (PreparedStatement ps = c.prepareStatement(PublicScoreCells.SQL.get("record_release"))) {
        ps.setLong(1, releaseId);
        ps.setLong(2, version);
        ps.setObject(3, java.time.LocalDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC)); // UTC, as read
        ps.setLong(4, cells.places().size());
        ps.setLong(5, hidden.count(Suppressed.Reason.PRIMARY));
        ps.setLong(6, hidden.count(Suppressed.Reason.COMPLEMENTARY) + hidden.count(Suppressed.Reason.REQUESTED));
        ps.setString(7, rules.fingerprint());
        ps.setInt(8, rules.minCount());
        ps.setInt(9, rules.protectionMargin());
        ps.setInt(10, rules.meanDecimals());
        ps.setDouble(11, rules.shareFloorPercent());
        ps.setDouble(12, rules.shareCeilingPercent());
        ps.setString(13, occasion.kind().id());
        ps.setString(14, occasion.by());
        ps.setLong(15, held);
        ps.executeUpdate();
      }
      c.commit();
      return new Result(releaseId, version, rules.fingerprint(), cells.places().size(), hidden.count(Suppressed.Reason.PRIMARY),
          hidden.count(Suppressed.Reason.COMPLEMENTARY) + hidden.count(Suppressed.Reason.REQUESTED), hidden.isProtected(), millis);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * What earlier releases fix for this one (rule 4 of docs/design/releases-over-time.md): every cell the last release
   * hid stays hidden, changed or not, so a cell once hidden is never shown again (shown, its value now less the change
   * its totals show would tell what it hid then, when nothing else under them changed: a small school grown past k,
   * or the complement that protected it); and the cells whose value, by count and published mean, some release showed
   * (the public knows them: hidden now, they protect nothing, so none serves as a complement).
   */
  record Past(java.util.Set<String> stillHidden, java.util.Set<String> known) {
    static Past read(Connection c, PublicScoreCells cells, DisclosureRules rules) throws SQLException {
      java.util.Set<String> still = new java.util.HashSet<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("hidden_before"))) {
        while (rs.next()) {
          String id = cellId(rs);
          var now = cells.places().containsKey(id) ? cells.table().cell(id) : null;
          if (now != null && now.count() > 0) {
            still.add(id);
          }
        }
      }
      java.util.Set<String> known = new java.util.HashSet<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("shown_before"))) {
        while (rs.next()) {
          String id = cellId(rs);
          var now = cells.places().containsKey(id) ? cells.table().cell(id) : null;
          if (now == null || now.count() != rs.getLong(7) || still.contains(id)) {
            continue;
          }
          PublishedValue mean = PublishedValue.mean(now.count(), now.sum(), false, rules);
          if (mean.isNumber() && Math.abs(mean.value().doubleValue() - rs.getDouble(8)) < 1e-9) {
            known.add(id);
          }
        }
      }
      return new Past(still, known);
    }
  }

  /** The id of the cell a row names in its first six columns (level, area, test, grade, subject, year). */
  private static String cellId(ResultSet rs) throws SQLException {
    return PublicScoreCells.id(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getInt(6));
  }

  /** Keeps the true values of the cells this release hid, for the next release (rule 4). Internal: never served. */
  private static void keepHidden(DuckDBConnection c, PublicScoreCells cells, Suppressed hidden) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(PublicScoreCells.SQL.get("clear_hidden_before"));
    }
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "release_hidden_raw")) {
      for (Map.Entry<String, PublicScoreCells.Place> e : cells.places().entrySet()) {
        if (!hidden.isHidden(e.getKey())) {
          continue;
        }
        var cell = cells.table().cell(e.getKey());
        PublicScoreCells.Place p = e.getValue();
        a.beginRow();
        a.append(p.level());
        a.append(p.area());
        a.append(p.test());
        a.append(p.grade());
        a.append(p.subject());
        a.append(p.year());
        a.append(cell.count());
        a.append(cell.sum());
        a.endRow();
      }
    }
  }

  /** Keeps what this release shows in the archive: its cells that differ from the release before, and those gone. */
  private static void archive(Connection c, long releaseId) throws SQLException {
    for (String statement : new String[] {"archive_changed", "archive_gone"}) {
      try (PreparedStatement ps = c.prepareStatement(PublicScoreCells.SQL.get(statement))) {
        ps.setLong(1, releaseId);
        ps.setLong(2, releaseId - 1);
        ps.executeUpdate();
      }
    }
  }

  private static String slice(String cellId) {
    return cellId.substring(cellId.indexOf('|'));
  }

  private static void appendNumber(DuckDBAppender a, PublishedValue v) throws SQLException {
    if (v.isNumber()) {
      a.append(v.value().doubleValue());
    } else {
      a.appendNull();
    }
  }
}
