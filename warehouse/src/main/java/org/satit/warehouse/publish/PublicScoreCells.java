package org.satit.warehouse.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satit.warehouse.NamedSql;
import org.satit.warehouse.disclosure.CellTable;

/**
 * Every score cell the public pages can show — nation, region, province, ESA, cluster and school, for each
 * test x grade x subject x academic year — with the additivities anyone can check between them (a total is
 * the sum of its parts, for takers and for score sums). One table over all public views, so the disclosure
 * engine hides a cell in every view or in none.
 */
public final class PublicScoreCells {

  static {
    // ojAlgo (the audit's LP solver) otherwise prints a hardware-profile notice to standard output
    if (System.getProperty("shut.up.ojAlgo") == null) {
      System.setProperty("shut.up.ojAlgo", "true");
    }
  }

  static final NamedSql SQL = NamedSql.load("warehouse/publish/release.sql");
  static final String NATION = "TH";

  /** Where a cell sits and what it holds beyond count and sum. */
  public record Place(String level, String area, String parent, String test, String grade, String subject, int year,
                      long atLeast50, Long asOfRelease) {
  }

  private final CellTable table;
  private final Map<String, Place> places;

  private PublicScoreCells(CellTable table, Map<String, Place> places) {
    this.table = table;
    this.places = places;
  }

  public CellTable table() {
    return table;
  }

  public Map<String, Place> places() {
    return places;
  }

  public static String id(String level, String area, String test, String grade, String subject, int year) {
    return level + ":" + area + "|" + test + "|" + grade + "|" + subject + "|" + year;
  }

  /**
   * Reads every public cell from the warehouse as it holds them now, aggregated there (release.sql: school_cells_now,
   * cells), with the cells each one adds up to.
   */
  public static PublicScoreCells read(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(SQL.get("school_cells_now"));
    }
    return readCells(c);
  }

  /**
   * The cells the last release stood for: under the release policy, the schools' published states and the levels above
   * them (what an audit checks the published table against); without published states, the warehouse now.
   */
  public static PublicScoreCells released(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(ReleasePolicy.SQL.get("has_states"))) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return read(c);
      }
      st.execute(ReleasePolicy.SQL.get("published_school_cells"));
    }
    return readCells(c);
  }

  /** The same from the school cells already in {@code release_school_cell} (the release policy's published states). */
  static PublicScoreCells readCells(Connection c) throws SQLException {
    CellTable.Builder b = CellTable.builder();
    Map<String, Place> places = new LinkedHashMap<>();
    Map<String, List<String>> parts = new LinkedHashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get("cells"))) {
      while (rs.next()) {
        String level = rs.getString(1);
        String area = rs.getString(2);
        String parent = rs.getString(3);
        String test = rs.getString(4);
        String grade = rs.getString(5);
        String subject = rs.getString(6);
        int year = rs.getInt(7);
        String id = id(level, area, test, grade, subject, year);
        b.cell(id, rs.getLong(8), rs.getDouble(9));
        Object asOf = rs.getObject(13);
        places.put(id, new Place(level, area, parent, test, grade, subject, year, rs.getLong(10),
            asOf == null ? null : ((Number) asOf).longValue()));
        String partOf = rs.getString(11);
        if (partOf != null) {
          parts.computeIfAbsent(id(partOf, parent, test, grade, subject, year),
              x -> new ArrayList<>()).add(id);
        }
        String province = rs.getString(12);
        if (province != null) {
          parts.computeIfAbsent(id("province", province, test, grade, subject, year), x -> new ArrayList<>()).add(id);
        }
      }
    }
    parts.forEach(b::additivity);
    return new PublicScoreCells(b.build(), places);
  }
}
