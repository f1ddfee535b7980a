package org.satit.ingest.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satit.ingest.spec.Reasons;
import org.satit.ingest.spec.SourceColumn;
import org.satit.ingest.spec.SourceColumn.Check;
import org.satit.ingest.spec.SourceColumn.Transform;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import org.satit.warehouse.writer.Batch;
import org.satit.warehouse.writer.RowChange;
import org.satit.warehouse.writer.WarehouseTable;

/**
 * Maps EMIS/OBEC source changes to warehouse changes, as each table's spec says ({@code emis/tables.yaml},
 * {@link SourceSpecs}): warehouse columns are filled by name, in the warehouse table's order. The changes arrive
 * protected ({@link PersonalData}: names dropped, citizen IDs and student record numbers replaced by pseudonyms,
 * birth dates by years, inside the job); this checks each row and sends the rows that fail to quarantine with the
 * reason (the warehouse copy of such a row, if any, is removed: it no longer matches a valid source row). Checks
 * run by kind — required, range, known_school, within_year, valid_citizen_id — and the first failure decides.
 */
public final class EmisMapping {

  /** Reasons a row is quarantined. */
  public static final String SCORE_OUT_OF_RANGE = Reasons.SCORE_OUT_OF_RANGE;
  public static final String MISSING_KEY = Reasons.MISSING_KEY;
  public static final String UNKNOWN_SCHOOL = Reasons.UNKNOWN_SCHOOL;
  public static final String IMPOSSIBLE_DATE = Reasons.IMPOSSIBLE_DATE;
  public static final String INVALID_CITIZEN_ID = Reasons.INVALID_CITIZEN_ID;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The order check kinds run in (the first failure is the reason). */
  private static final List<Class<? extends Check>> CHECK_ORDER = List.of(Check.Required.class, Check.Range.class,
      Check.KnownSchool.class, Check.WithinYear.class, Check.ValidCitizenId.class);

  private final KnownSchools schools;
  private final Map<String, TableMapping> tables = new HashMap<>();

  EmisMapping(KnownSchools schools) {
    this.schools = schools;
    for (SourceSpec spec : SourceSpecs.emisData()) {
      tables.put(spec.name(), TableMapping.of(spec));
    }
  }

  /** A row failed a check. */
  private static final class Rejected extends Exception {
    final String reason;
    final String detail;

    Rejected(String reason, String detail) {
      super(reason + ": " + detail, null, false, false);
      this.reason = reason;
      this.detail = detail;
    }
  }

  /** One warehouse column's value: a constant, or a (protected) row's column converted as its transform says. */
  private record Value(String column, Transform transform, Object constant) {
    Object of(Map<String, Object> r) {
      return transform == null ? constant : convert(transform, r.get(column));
    }
  }

  /** A check of one column of the (protected) row. */
  private record Checked(SourceColumn column, String rowColumn, Check check) {
  }

  /** A source table compiled against its warehouse table: a value per warehouse column, a value per key column. */
  record TableMapping(WarehouseTable target, Value[] values, Value[] key, List<Checked> checks) {

    static TableMapping of(SourceSpec spec) {
      WarehouseTable target = WarehouseTable.named(spec.warehouse());
      Map<String, Value> byColumn = new HashMap<>();
      spec.constants().forEach((c, v) -> byColumn.put(c, new Value(null, null, v)));
      spec.nulls().forEach(c -> byColumn.put(c, new Value(null, null, null)));
      List<Checked> checks = new ArrayList<>();
      for (SourceColumn c : spec.columns()) {
        String rowColumn = PersonalData.protectedName(c);
        if (c.to() != null) {
          if (byColumn.put(c.to(), new Value(rowColumn, c.transform(), null)) != null) {
            throw new IllegalStateException(spec.name() + ": warehouse column " + c.to() + " filled twice");
          }
        }
        c.checks().forEach(k -> checks.add(new Checked(c, rowColumn, k)));
      }
      checks.sort(java.util.Comparator.comparingInt(k -> CHECK_ORDER.indexOf(k.check().getClass())));
      Value[] values = new Value[target.columns().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = byColumn.remove(target.columns().get(i));
        if (values[i] == null) {
          throw new IllegalStateException(spec.name() + ": nothing fills " + target.tableName() + "."
              + target.columns().get(i) + " (a source column's 'to', a constant, or nulls)");
        }
      }
      if (!byColumn.isEmpty()) {
        throw new IllegalStateException(spec.name() + ": " + target.tableName() + " has no columns " + byColumn.keySet());
      }
      Value[] key = new Value[target.key().size()];
      for (int i = 0; i < key.length; i++) {
        key[i] = values[target.columns().indexOf(target.key().get(i))];
        String from = key[i].column();
        if (from != null && spec.key().stream().map(k -> PersonalData.protectedName(spec.column(k).orElseThrow()))
            .noneMatch(from::equals)) {
          throw new IllegalStateException(spec.name() + ": warehouse key " + target.key().get(i) + " is not made from "
              + "the source key " + spec.key());
        }
      }
      return new TableMapping(target, values, key, List.copyOf(checks));
    }
  }

  /** Adds what the change means for the warehouse to the batch. */
  void map(SourceChange c, Batch batch) {
    // snapshot reads carry no commit time (0): they count as applied but say nothing about freshness
    batch.progress(c.source, c.table, c.commitMillis > 0 ? Instant.ofEpochMilli(c.commitMillis) : null, c.position);
    if (!tables.containsKey(c.table)) {
      return; // satit's own bookkeeping (satit_generation)
    }
    if (c.isDelete()) {
      RowChange d = delete(c);
      if (d != null) {
        batch.add(d);
      }
      return;
    }
    if (!upsertOrQuarantine(c.source, c.table, c.row, c.position, batch)) {
      RowChange d = delete(c);
      if (d != null) {
        batch.add(d);
      }
    }
  }

  /** Adds the row's upsert, or its quarantine record; returns false when quarantined. */
  boolean upsertOrQuarantine(String source, String table, Map<String, Object> row, String position, Batch batch) {
    try {
      RowChange upsert = upsert(table, row);
      if (upsert != null) {
        batch.add(upsert);
      }
      return true;
    } catch (Rejected r) {
      batch.quarantine(new Batch.Quarantined(source, table, r.reason, r.detail, position, json(table, row)));
      return false;
    }
  }

  private RowChange delete(SourceChange c) {
    return deleteOf(c.table, c.key);
  }

  /** The warehouse delete (key only) for a source table's key, or null for tables the warehouse does not keep. */
  RowChange deleteOf(String table, Map<String, Object> k) {
    TableMapping m = tables.get(table);
    if (m == null) {
      return null;
    }
    Object[] key = new Object[m.key().length];
    for (int i = 0; i < key.length; i++) {
      key[i] = m.key()[i].of(k);
    }
    return RowChange.delete(m.target(), key);
  }

  /** The warehouse row of a source row, or null for tables the warehouse does not keep. */
  RowChange upsert(String table, Map<String, Object> r) throws Rejected {
    TableMapping m = tables.get(table);
    if (m == null) {
      return null;
    }
    for (Checked c : m.checks()) {
      check(c, r);
    }
    Object[] values = new Object[m.values().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = m.values()[i].of(r);
    }
    return RowChange.upsert(m.target(), values);
  }

  private void check(Checked c, Map<String, Object> r) throws Rejected {
    Object v = r.get(c.rowColumn());
    String name = c.column().name();
    Check check = c.check();
    if (check instanceof Check.Required) {
      if (v == null) {
        throw new Rejected(MISSING_KEY, name + " is null");
      }
    } else if (check instanceof Check.Range range) {
      BigDecimal n = decimal(v);
      if (n != null && (n.compareTo(range.lo()) < 0 || n.compareTo(range.hi()) > 0)) {
        throw new Rejected(SCORE_OUT_OF_RANGE, name + " " + n.toPlainString() + " is outside "
            + range.lo().toPlainString() + "-" + range.hi().toPlainString());
      }
    } else if (check instanceof Check.KnownSchool known) {
      String code = v == null ? null : v.toString().stripTrailing();
      if (code == null) {
        if (!known.optional()) {
          throw new Rejected(MISSING_KEY, name + " is null");
        }
      } else if (!schools.contains(code)) {
        throw new Rejected(UNKNOWN_SCHOOL, code);
      }
    } else if (check instanceof Check.WithinYear within) {
      LocalDate day = (LocalDate) convert(Transform.DATE, v);
      Integer year = (Integer) convert(Transform.INTEGER, r.get(within.yearColumn()));
      if (day == null || year == null || day.isBefore(LocalDate.of(year - 543, 5, 1))
          || day.isAfter(LocalDate.of(year - 542, 4, 30))) {
        throw new Rejected(IMPOSSIBLE_DATE, name + " " + day + " is outside academic year " + year);
      }
    } else if (check instanceof Check.ValidCitizenId) {
      if (!Boolean.TRUE.equals(bool(r, PersonalData.CITIZEN_ID_VALID))) {
        throw new Rejected(INVALID_CITIZEN_ID, "citizen ID fails the check digit");
      }
    }
  }

  /** A source value (as Debezium or the quarantine's JSON gives it) as the warehouse column's Java value. */
  static Object convert(Transform t, Object v) {
    if (v == null) {
      return null;
    }
    return switch (t) {
      case TEXT, PERSON_KEY -> v.toString().stripTrailing();
      case INTEGER, BIRTH_YEAR -> ((Number) v).intValue();
      case BIGINT, STUDENT_KEY -> ((Number) v).longValue();
      case BOOLEAN -> v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
      case DECIMAL -> decimal(v);
      case DATE -> v instanceof LocalDate d ? d : LocalDate.ofEpochDay(((Number) v).longValue());
      case TIMESTAMP -> {
        long micros = ((Number) v).longValue();
        yield LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), (int) Math.floorMod(micros, 1_000_000) * 1000,
            ZoneOffset.UTC);
      }
      case DROP -> throw new IllegalStateException("a dropped column has no warehouse value");
    };
  }

  private static BigDecimal decimal(Object v) {
    return v == null ? null : v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
  }

  /**
   * The row as kept in quarantine: protected already ({@link PersonalData}); a personal source column, should one
   * arrive unprotected, is dropped all the same.
   */
  String json(String table, Map<String, Object> row) {
    Set<String> personal = PersonalData.personalColumns(table);
    Map<String, Object> safe = new LinkedHashMap<>();
    row.forEach((k, v) -> {
      if (!personal.contains(k)) {
        safe.put(k, v);
      }
    });
    try {
      return JSON.writeValueAsString(safe);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a quarantined row back (values as JSON gives them; the mapping's accessors accept that). */
  static Map<String, Object> fromJson(String json) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(json, LinkedHashMap.class);
      m.replaceAll((k, v) -> v instanceof Double || v instanceof Float ? new BigDecimal(v.toString()) : v);
      return m;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad quarantine row: " + json, e);
    }
  }

  // ------------------------------------------------------------------ value accessors

  static String str(Map<String, Object> r, String c) {
    Object v = r.get(c);
    return v == null ? null : v.toString().stripTrailing();
  }

  static Boolean bool(Map<String, Object> r, String c) {
    Object v = r.get(c);
    return v == null ? null : v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
  }
}
