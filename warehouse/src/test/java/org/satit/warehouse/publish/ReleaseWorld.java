package org.satit.warehouse.publish;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.SqlScript;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.writer.Batch;
import org.satit.warehouse.writer.RowChange;
import org.satit.warehouse.writer.WarehouseTable;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * An in-memory warehouse of {@code publish/release_world.sql} whose scores change through the real writer (rollups
 * move as in production), released by the real release, and every release kept as the public saw it.
 */
final class ReleaseWorld implements AutoCloseable {

  /** A published cell as the public sees it. */
  record Shown(String level, String area, String parent, boolean hidden, Long takers, Double mean) {
  }

  private final DuckDBConnection c;
  private final WarehouseWriter writer;
  private final List<Map<String, Shown>> releases = new ArrayList<>();

  private ReleaseWorld(DuckDBConnection c) throws SQLException {
    this.c = c;
    this.writer = new WarehouseWriter((DuckDBConnection) c.duplicate());
  }

  static ReleaseWorld create() throws SQLException {
    DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    Migrations.apply(c);
    SqlScript.load("publish/release_world.sql").run(c);
    SqlScript.load("warehouse/writer/after_snapshot/fact_test_score.sql").run(c);
    SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
    return new ReleaseWorld(c);
  }

  DuckDBConnection connection() {
    return c;
  }

  /** The scores of one school (id -> score), in id order. */
  Map<Long, BigDecimal> scoresOf(String school) throws SQLException {
    Map<Long, BigDecimal> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT score_id, score FROM fact_test_score WHERE school_code = ? ORDER BY score_id")) {
      ps.setString(1, school);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getBigDecimal(2));
        }
      }
    }
    return out;
  }

  /** Schools with their number of takers, fewest first. */
  Map<String, Integer> schools() throws SQLException {
    Map<String, Integer> out = new LinkedHashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT school_code, COUNT(*) FROM fact_test_score GROUP BY ALL ORDER BY 2, 1")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  void delete(long scoreId) throws SQLException {
    apply(RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", scoreId));
  }

  /** A new score, or a corrected one (the same id). */
  void put(long scoreId, String school, BigDecimal score) throws SQLException {
    apply(RowChange.upsert(WarehouseTable.FACT_TEST_SCORE, "ONET", scoreId, 2563, scoreId, school, "P6", "MAT", score,
        null, null, null, null, null, LocalDateTime.of(2021, 3, 20, 9, 0)));
  }

  private void apply(RowChange change) throws SQLException {
    Batch b = new Batch();
    b.add(change);
    writer.apply(b);
  }

  /** Releases as satit did up to issue 17, every cell as the warehouse is (the control), and keeps what was shown. */
  Map<String, Shown> release(DisclosureRules rules) throws SQLException {
    return release(rules, ReleasePolicy.EVERY_CHANGE);
  }

  /** The same under a release policy. */
  Map<String, Shown> release(DisclosureRules rules, ReleasePolicy policy) throws SQLException {
    ScoreRelease.release(c, rules, policy);
    Map<String, Shown> shown = new LinkedHashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT level, area_code, parent_code, test_code, grade, subject_code, academic_year, suppressed, takers,"
            + " mean_score FROM published_score_cell")) {
      while (rs.next()) {
        put(shown, rs);
      }
    }
    releases.add(shown);
    return shown;
  }

  /** Release {@code id} as the archive gives it back. */
  Map<String, Shown> archived(long id) throws SQLException {
    Map<String, Shown> shown = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(PublicScoreCells.SQL.get("archived"))) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          put(shown, rs);
        }
      }
    }
    return shown;
  }

  /** A row of level, area, parent, test, grade, subject, year, suppressed, takers, mean, as the public sees it. */
  private static void put(Map<String, Shown> shown, ResultSet rs) throws SQLException {
    String cell = PublicScoreCells.id(rs.getString(1), rs.getString(2), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7));
    Long takers = rs.getObject(9) == null ? null : rs.getLong(9);
    Double mean = rs.getObject(10) == null ? null : rs.getDouble(10);
    shown.put(cell, new Shown(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(8), takers, mean));
  }

  List<Map<String, Shown>> releases() {
    return releases;
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
