package org.satit.ingest.cdc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satit.ingest.spec.SourceSpec;

/**
 * A fresh start loads the small reference tables (provinces, ESAs, clusters, schools, supervisors,
 * subjects) with one plain SELECT each before the CDC job starts, so facts are checked against known
 * schools from the first snapshot row on (the snapshot reads tables in the connector's order). The
 * job's own snapshot reads these tables again moments later and its rows, in CDC's representation,
 * are the ones that stay; values here are put in the same representation (see
 * {@link ChangeDeserializer}): dates as epoch days, timestamps as epoch microseconds.
 */
final class ReferencePreload {

  private ReferencePreload() {
  }

  static long load(List<CdcSource> sources, ChangeApplier applier, PersonalData personal) throws Exception {
    long rows = 0;
    for (CdcSource s : sources) {
      try (Connection c = s.connect()) {
        for (SourceSpec t : CdcSource.reference()) {
          List<SourceChange> changes = read(c, s, t.name());
          changes.forEach(personal::protect);
          applier.apply(changes);
          rows += changes.size();
        }
      }
    }
    return rows;
  }

  private static List<SourceChange> read(Connection c, CdcSource s, String table) throws SQLException {
    Set<String> key = Set.copyOf(s.primaryKey(c, table));
    List<SourceChange> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        Map<String, Object> k = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String name = md.getColumnLabel(i);
          Object v = value(rs, i, md.getColumnType(i));
          row.put(name, v);
          if (key.contains(name)) {
            k.put(name, v);
          }
        }
        out.add(new SourceChange(s.name(), table, 'r', k, row, 0, null));
      }
    }
    return out;
  }

  private static Object value(ResultSet rs, int i, int type) throws SQLException {
    switch (type) {
      case Types.DATE -> {
        LocalDate d = rs.getObject(i, LocalDate.class);
        return d == null ? null : (int) d.toEpochDay();
      }
      case Types.TIMESTAMP -> {
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        return t == null ? null : t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000;
      }
      default -> {
        Object v = rs.getObject(i);
        return v instanceof Short || v instanceof Byte ? ((Number) v).intValue() : v;
      }
    }
  }
}
