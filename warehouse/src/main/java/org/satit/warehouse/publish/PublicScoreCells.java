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
                      long atLeast50) {
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

  /** Reads the school cells of the warehouse and builds the levels above them. */
  public static PublicScoreCells read(Connection c) throws SQLException {
    Map<String, Acc> cells = new LinkedHashMap<>();
    Map<String, List<String>> parts = new LinkedHashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL.get("school_cells"))) {
      while (rs.next()) {
        String school = rs.getString(1);
        Object clusterId = rs.getObject(2);
        String cluster = clusterId == null ? null : String.valueOf(((Number) clusterId).longValue());
        String esa = rs.getString(3);
        String province = rs.getString(4);
        String region = rs.getString(5);
        String test = rs.getString(6);
        String grade = rs.getString(7);
        String subject = rs.getString(8);
        int year = rs.getInt(9);
        long takers = rs.getLong(10);
        double sum = rs.getDouble(11);
        long atLeast50 = rs.getLong(12);
        String esaHome = rs.getString(13);
        boolean esaSpans = rs.getBoolean(14);
        String schoolParent = cluster != null ? "cluster" : "esa";
        // an office within one province is a part of it; one serving several (esaSpans) is not: its schools are
        // then parts of their own provinces directly, and the office is listed under the province it is hosted in
        String[][] offices = {
            {"school", school, cluster != null ? cluster : esa, schoolParent},
            {"cluster", cluster, esa, "esa"},
            {"esa", esa, esaSpans ? esaHome : province, "province"}};
        String[][] areas = {
            {"province", province, region, "region"},
            {"region", region, NATION, "nation"},
            {"nation", NATION, null, null}};
        Numbers n = new Numbers(test, grade, subject, year, takers, sum, atLeast50);
        List<String> climbed = climb(offices, null, n, cells, parts);
        climb(areas, esaSpans ? climbed.get(0) : climbed.get(climbed.size() - 1), n, cells, parts);
      }
    }
    CellTable.Builder b = CellTable.builder();
    Map<String, Place> places = new LinkedHashMap<>();
    for (Map.Entry<String, Acc> e : cells.entrySet()) {
      Acc a = e.getValue();
      b.cell(e.getKey(), a.takers, a.sum);
      Place p = a.place;
      places.put(e.getKey(), new Place(p.level(), p.area(), p.parent(), p.test(), p.grade(), p.subject(), p.year(), a.atLeast50));
    }
    parts.forEach(b::additivity);
    return new PublicScoreCells(b.build(), places);
  }

  /**
   * Adds one school cell's numbers to each cell of the chain (from the finest up) and makes each a part of the next;
   * {@code child}, when given, becomes a part of the chain's first cell. Returns the ids of the chain's cells.
   */
  private static List<String> climb(String[][] chain, String child, Numbers n, Map<String, Acc> cells,
                                    Map<String, List<String>> parts) {
    List<String> ids = new ArrayList<>();
    for (String[] link : chain) {
      if (link[1] == null) {
        continue; // a school outside any cluster: its ESA is its parent
      }
      String id = id(link[0], link[1], n.test(), n.grade(), n.subject(), n.year());
      Acc acc = cells.get(id);
      if (acc == null) {
        acc = new Acc(new Place(link[0], link[1], link[2], n.test(), n.grade(), n.subject(), n.year(), 0));
        cells.put(id, acc);
      }
      acc.add(n.takers(), n.sum(), n.atLeast50());
      if (child != null) {
        List<String> p = parts.computeIfAbsent(id, x -> new ArrayList<>());
        if (!p.contains(child)) {
          p.add(child);
        }
      }
      child = id;
      ids.add(id);
    }
    return ids;
  }

  /** One school cell's numbers, added to every cell above it. */
  private record Numbers(String test, String grade, String subject, int year, long takers, double sum, long atLeast50) {
  }

  private static final class Acc {
    final Place place;
    long takers;
    double sum;
    long atLeast50;

    Acc(Place place) {
      this.place = place;
    }

    void add(long t, double s, long a) {
      takers += t;
      sum += s;
      atLeast50 += a;
    }
  }
}
