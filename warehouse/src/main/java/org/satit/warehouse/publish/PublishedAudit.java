package org.satit.warehouse.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satit.warehouse.disclosure.AuditReport;
import org.satit.warehouse.disclosure.Cell;
import org.satit.warehouse.disclosure.CellTable;
import org.satit.warehouse.disclosure.DisclosureAudit;
import org.satit.warehouse.disclosure.DisclosureRules;

/**
 * Audits what is actually published: the attacker's view is {@code published_score_cell} (published takers,
 * which cells are hidden) plus the public hierarchy; the true counts of the hidden cells come from the
 * warehouse. For every hidden cell, linear programs find the fewest and most students it could hold given
 * everything published; the audit fails when that interval is narrower than the protection margin.
 */
public final class PublishedAudit {

  /** The audit's verdict, and whether the release matched the warehouse it was checked against. */
  public record Verdict(AuditReport report, List<String> problems) {
    public boolean passed() {
      return report.passed() && problems.isEmpty();
    }
  }

  private PublishedAudit() {
  }

  public static Verdict audit(Connection c, DisclosureRules rules) throws SQLException {
    PublicScoreCells truth = PublicScoreCells.released(c);
    Map<String, Long> published = new HashMap<>();
    Set<String> hidden = new HashSet<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("published"))) {
      while (rs.next()) {
        String id = PublicScoreCells.id(rs.getString(1), rs.getString(2), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getInt(7));
        if (rs.getBoolean(8)) {
          hidden.add(id);
        } else {
          long takers = rs.getLong(9);
          published.put(id, rs.wasNull() ? null : takers);
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (String id : List.copyOf(hidden)) {
      if (!truth.table().cells().containsKey(id)) {
        problems.add(id + ": hidden in the published table but not in the warehouse (release older than the warehouse?)");
        hidden.remove(id);
      }
    }
    CellTable.Builder b = CellTable.builder();
    for (Cell cell : truth.table().cells().values()) {
      if (hidden.contains(cell.id())) {
        b.cell(cell);
      } else if (published.containsKey(cell.id())) {
        Long shown = published.get(cell.id());
        if (shown == null || shown != cell.count()) {
          problems.add(cell.id() + ": published takers " + shown + " differ from the warehouse's " + cell.count()
              + " (release older than the warehouse?)");
        }
        b.cell(cell.id(), shown == null ? cell.count() : shown, cell.sum());
      } else {
        problems.add(cell.id() + ": in the warehouse but not in the published table (release older than the warehouse?)");
        b.cell(cell);
      }
    }
    truth.table().additivities().forEach(b::additivity);
    AuditReport report = DisclosureAudit.audit(b.build(), hidden, rules);
    return new Verdict(report, problems);
  }
}
