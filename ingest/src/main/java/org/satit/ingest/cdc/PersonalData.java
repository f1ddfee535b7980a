package org.satit.ingest.cdc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satit.ingest.spec.CitizenId;
import org.satit.ingest.spec.SourceColumn;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;

/**
 * What of a source row may leave the ingest job: which source columns are personal and what stands in for them,
 * as each table's spec says ({@code emis/tables.yaml}: the transforms drop, person_key, student_key, birth_year). It runs inside the job, before the sink ({@link ProtectPersonalData}), so nothing
 * personal crosses the network to the server or reaches the warehouse, quarantine or a log; the server's own
 * reads of the source (reference preload, vanished-row sweep) pass through it too. Per table:
 * <ul>
 *   <li>names and titles of people: dropped;</li>
 *   <li>a citizen ID: replaced by {@code person_key} (keyed hash) and {@code citizen_id_valid} (its check digit);</li>
 *   <li>a student record number ({@code student_id}): replaced by {@code student_key} (keyed 64-bit hash), in the
 *       key and in the row;</li>
 *   <li>a birth date: replaced by {@code birth_year_be}, the Buddhist-era year.</li>
 * </ul>
 * Every other column passes unchanged.
 */
public final class PersonalData {

  /** One table's rule. */
  record Rule(Set<String> drop, String citizenId, String recordNumber, String birthDate) {
  }

  static final Map<String, Rule> RULES = rules();

  private static Map<String, Rule> rules() {
    Map<String, Rule> out = new LinkedHashMap<>();
    for (SourceSpec spec : SourceSpecs.all()) {
      Set<String> drop = new java.util.TreeSet<>();
      String citizenId = null;
      String recordNumber = null;
      String birthDate = null;
      for (SourceColumn c : spec.columns()) {
        switch (c.transform()) {
          case DROP -> drop.add(c.name());
          case PERSON_KEY -> citizenId = one(spec, citizenId, c);
          case STUDENT_KEY -> recordNumber = one(spec, recordNumber, c);
          case BIRTH_YEAR -> birthDate = one(spec, birthDate, c);
          default -> {
          }
        }
      }
      if (!drop.isEmpty() || citizenId != null || recordNumber != null || birthDate != null) {
        out.put(spec.name(), new Rule(Set.copyOf(drop), citizenId, recordNumber, birthDate));
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static String one(SourceSpec spec, String already, SourceColumn c) {
    if (already != null) {
      throw new IllegalStateException(spec.name() + ": two columns are " + c.transform() + " (" + already + ", "
          + c.name() + ")");
    }
    return c.name();
  }

  /** The name a source column has in the protected row: the stand-in of a personal one, else its own. */
  static String protectedName(SourceColumn c) {
    return c.transform().standIn() != null ? c.transform().standIn() : c.name();
  }


  /** The columns of the protected row that stand in for personal ones. */
  public static final String PERSON_KEY = SourceColumn.Transform.PERSON_KEY.standIn();
  public static final String CITIZEN_ID_VALID = "citizen_id_valid";
  public static final String STUDENT_KEY = SourceColumn.Transform.STUDENT_KEY.standIn();
  public static final String BIRTH_YEAR = SourceColumn.Transform.BIRTH_YEAR.standIn();

  private final Pseudonyms pseudonyms;

  public PersonalData(Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  /** The change as it may leave the job: key and row protected (the same object, changed in place). */
  public SourceChange protect(SourceChange c) {
    Rule rule = RULES.get(c.table);
    if (rule != null) {
      c.key = c.key == null ? null : protect(rule, c.key);
      c.row = c.row == null ? null : protect(rule, c.row);
    }
    return c;
  }

  /** A key (or row) of the table as it may leave the job. */
  public Map<String, Object> protect(String table, Map<String, Object> values) {
    Rule rule = RULES.get(table);
    return rule == null ? values : protect(rule, values);
  }

  private Map<String, Object> protect(Rule rule, Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : in.entrySet()) {
      String column = e.getKey();
      Object v = e.getValue();
      if (rule.drop().contains(column)) {
        continue;
      }
      if (column.equals(rule.citizenId())) {
        String id = v == null ? null : v.toString().strip();
        out.put(PERSON_KEY, id == null ? null : pseudonyms.personKey(id));
        out.put(CITIZEN_ID_VALID, CitizenId.isValid(id));
      } else if (column.equals(rule.recordNumber())) {
        out.put(STUDENT_KEY, v == null ? null : pseudonyms.studentKey(((Number) v).longValue()));
      } else if (column.equals(rule.birthDate())) {
        out.put(BIRTH_YEAR, v == null ? null : java.time.LocalDate.ofEpochDay(((Number) v).longValue()).getYear() + 543);
      } else {
        out.put(column, v);
      }
    }
    return out;
  }

  /** The columns of the source table that never leave the job (tests look for them). */
  public static Set<String> personalColumns(String table) {
    Rule r = RULES.get(table);
    if (r == null) {
      return Set.of();
    }
    java.util.Set<String> out = new java.util.TreeSet<>(r.drop());
    for (String c : java.util.Arrays.asList(r.citizenId(), r.recordNumber(), r.birthDate())) {
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  static List<String> tables() {
    return List.copyOf(RULES.keySet());
  }
}
