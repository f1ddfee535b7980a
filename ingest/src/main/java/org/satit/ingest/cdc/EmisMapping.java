package org.satit.ingest.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.satit.warehouse.writer.Batch;
import org.satit.warehouse.writer.RowChange;
import org.satit.warehouse.writer.WarehouseTable;

/**
 * Maps EMIS/OBEC source changes to warehouse changes. The changes arrive protected ({@link PersonalData}: names
 * dropped, citizen IDs and student record numbers replaced by pseudonyms, birth dates by years, inside the job);
 * this checks each row and sends the rows that fail to quarantine with the reason (the warehouse copy of such a
 * row, if any, is removed: it no longer matches a valid source row).
 */
public final class EmisMapping {

  /** Reasons a row is quarantined. */
  public static final String SCORE_OUT_OF_RANGE = "score_out_of_range";
  public static final String MISSING_KEY = "missing_key";
  public static final String UNKNOWN_SCHOOL = "unknown_school";
  public static final String IMPOSSIBLE_DATE = "impossible_date";
  public static final String INVALID_CITIZEN_ID = "invalid_citizen_id";


  private static final ObjectMapper JSON = new ObjectMapper();

  private final KnownSchools schools;

  EmisMapping(KnownSchools schools) {
    this.schools = schools;
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

  /** Adds what the change means for the warehouse to the batch. */
  void map(SourceChange c, Batch batch) {
    // snapshot reads carry no commit time (0): they count as applied but say nothing about freshness
    batch.progress(c.source, c.table, c.commitMillis > 0 ? Instant.ofEpochMilli(c.commitMillis) : null, c.position);
    if (c.table.equals("satit_generation")) {
      return;
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
    return switch (table) {
      case "province" -> RowChange.delete(WarehouseTable.DIM_PROVINCE, str(k, "province_code"));
      case "esa_office" -> RowChange.delete(WarehouseTable.DIM_ESA, str(k, "esa_code"));
      case "school_cluster" -> RowChange.delete(WarehouseTable.DIM_CLUSTER, integer(k, "cluster_id"));
      case "school" -> RowChange.delete(WarehouseTable.DIM_SCHOOL, str(k, "school_code"));
      case "supervisor" -> RowChange.delete(WarehouseTable.DIM_SUPERVISOR, integer(k, "supervisor_id"));
      case "teacher" -> RowChange.delete(WarehouseTable.DIM_TEACHER, lng(k, "teacher_id"));
      case "student" -> RowChange.delete(WarehouseTable.DIM_STUDENT, lng(k, PersonalData.STUDENT_KEY));
      case "enrollment" -> RowChange.delete(WarehouseTable.FACT_ENROLLMENT, integer(k, "academic_year"),
          lng(k, PersonalData.STUDENT_KEY));
      case "onet_score" -> RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "ONET", lng(k, "score_id"));
      case "nt_score" -> RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "NT", lng(k, "score_id"));
      case "rt_score" -> RowChange.delete(WarehouseTable.FACT_TEST_SCORE, "RT", lng(k, "score_id"));
      case "pd_session" -> RowChange.delete(WarehouseTable.FACT_PD_SESSION, lng(k, "session_id"));
      case "pd_attendance" -> RowChange.delete(WarehouseTable.FACT_PD_ATTENDANCE, lng(k, "session_id"),
          lng(k, "teacher_id"));
      case "supervision_visit" -> RowChange.delete(WarehouseTable.FACT_SUPERVISION_VISIT, lng(k, "visit_id"));
      case "plc_activity" -> RowChange.delete(WarehouseTable.FACT_PLC_ACTIVITY, lng(k, "plc_id"));
      case "test_subject" -> RowChange.delete(WarehouseTable.DIM_SUBJECT, str(k, "test_code"), str(k, "subject_code"));
      case "subject_strand" -> RowChange.delete(WarehouseTable.DIM_STRAND, str(k, "subject_code"),
          integer(k, "strand_no"));
      default -> null;
    };
  }

  /** The warehouse row of a source row, or null for tables the warehouse does not keep. */
  RowChange upsert(String table, Map<String, Object> r) throws Rejected {
    return switch (table) {
      case "province" -> RowChange.upsert(WarehouseTable.DIM_PROVINCE, str(r, "province_code"), str(r, "name_th"),
          str(r, "name_en"), str(r, "region"));
      case "esa_office" -> RowChange.upsert(WarehouseTable.DIM_ESA, str(r, "esa_code"), str(r, "esa_type"),
          str(r, "province_code"), integer(r, "area_no"), str(r, "name_th"), str(r, "name_en"));
      case "school_cluster" -> RowChange.upsert(WarehouseTable.DIM_CLUSTER, integer(r, "cluster_id"),
          str(r, "esa_code"), str(r, "name_th"), str(r, "name_en"), str(r, "amphoe_th"), str(r, "amphoe_en"));
      case "school" -> RowChange.upsert(WarehouseTable.DIM_SCHOOL, str(r, "school_code"), str(r, "smis_code"),
          str(r, "name_th"), str(r, "name_en"), str(r, "esa_code"), integer(r, "cluster_id"), str(r, "province_code"),
          str(r, "amphoe_th"), str(r, "tambon_th"), str(r, "location_type"), str(r, "lowest_grade"),
          str(r, "highest_grade"), bool(r, "extended_opportunity"), date(r, "founded_on"),
          (BigDecimal) r.get("distance_to_esa_km"), str(r, "status"), timestamp(r, "updated_at"));
      case "supervisor" -> RowChange.upsert(WarehouseTable.DIM_SUPERVISOR, integer(r, "supervisor_id"),
          str(r, "esa_code"), str(r, "academic_standing"));
      case "teacher" -> RowChange.upsert(WarehouseTable.DIM_TEACHER, lng(r, "teacher_id"),
          validPersonKey(r), str(r, "sex"), str(r, "school_code"), str(r, "position_th"),
          str(r, "academic_standing"), str(r, "major_subject"), date(r, "started_on"));
      case "student" -> RowChange.upsert(WarehouseTable.DIM_STUDENT, lng(r, PersonalData.STUDENT_KEY),
          validPersonKey(r), true, str(r, "sex"), integer(r, PersonalData.BIRTH_YEAR));
      case "enrollment" -> RowChange.upsert(WarehouseTable.FACT_ENROLLMENT, integer(r, "academic_year"),
          lng(r, PersonalData.STUDENT_KEY), knownSchool(r, "school_code"), str(r, "grade"),
          integer(r, "classroom"), timestamp(r, "updated_at"));
      case "onet_score" -> score("ONET", r, str(r, "grade"), str(r, "subject_code"), true);
      case "nt_score" -> score("NT", r, "P3", str(r, "domain_code"), false);
      case "rt_score" -> score("RT", r, "P1", str(r, "part_code"), false);
      case "pd_session" -> RowChange.upsert(WarehouseTable.FACT_PD_SESSION, lng(r, "session_id"),
          integer(r, "academic_year"), str(r, "esa_code"), integer(r, "cluster_id"), str(r, "title_th"),
          str(r, "topic"), str(r, "mode"), date(r, "held_on"), (BigDecimal) r.get("hours"));
      case "pd_attendance" -> RowChange.upsert(WarehouseTable.FACT_PD_ATTENDANCE, lng(r, "session_id"),
          lng(r, "teacher_id"), bool(r, "attended"), (BigDecimal) r.get("hours_attended"));
      case "supervision_visit" -> visit(r);
      case "plc_activity" -> RowChange.upsert(WarehouseTable.FACT_PLC_ACTIVITY, lng(r, "plc_id"),
          integer(r, "academic_year"), str(r, "level"),
          r.get("school_code") == null ? null : knownSchool(r, "school_code"), integer(r, "cluster_id"),
          date(r, "met_on"), str(r, "topic"), (BigDecimal) r.get("hours"), integer(r, "participants"));
      case "test_subject" -> RowChange.upsert(WarehouseTable.DIM_SUBJECT, str(r, "test_code"), str(r, "subject_code"),
          str(r, "name_th"), str(r, "name_en"));
      case "subject_strand" -> RowChange.upsert(WarehouseTable.DIM_STRAND, str(r, "subject_code"),
          integer(r, "strand_no"), str(r, "name_th"), str(r, "name_en"));
      default -> null;
    };
  }

  private RowChange score(String test, Map<String, Object> r, String grade, String subject, boolean strands)
      throws Rejected {
    if (r.get(PersonalData.STUDENT_KEY) == null) {
      throw new Rejected(MISSING_KEY, "student_id is null");
    }
    BigDecimal score = (BigDecimal) r.get("score");
    if (score == null) {
      throw new Rejected(MISSING_KEY, "score is null");
    }
    if (score.signum() < 0 || score.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new Rejected(SCORE_OUT_OF_RANGE, "score " + score.toPlainString() + " is outside 0-100");
    }
    String school = knownSchool(r, "school_code");
    return RowChange.upsert(WarehouseTable.FACT_TEST_SCORE, test, lng(r, "score_id"), integer(r, "academic_year"),
        lng(r, PersonalData.STUDENT_KEY), school, grade, subject, score,
        strands ? r.get("strand_1") : null, strands ? r.get("strand_2") : null, strands ? r.get("strand_3") : null,
        strands ? r.get("strand_4") : null, strands ? r.get("strand_5") : null, timestamp(r, "entered_at"));
  }

  private RowChange visit(Map<String, Object> r) throws Rejected {
    String school = knownSchool(r, "school_code");
    int year = integer(r, "academic_year");
    LocalDate day = date(r, "visited_on");
    LocalDate from = LocalDate.of(year - 543, 5, 1);
    LocalDate to = LocalDate.of(year - 542, 4, 30);
    if (day == null || day.isBefore(from) || day.isAfter(to)) {
      throw new Rejected(IMPOSSIBLE_DATE, "visited_on " + day + " is outside academic year " + year);
    }
    return RowChange.upsert(WarehouseTable.FACT_SUPERVISION_VISIT, lng(r, "visit_id"), year, school,
        integer(r, "supervisor_id"), day, str(r, "focus"), integer(r, "rating"), bool(r, "follow_up"));
  }

  private static String validPersonKey(Map<String, Object> r) throws Rejected {
    if (!Boolean.TRUE.equals(bool(r, PersonalData.CITIZEN_ID_VALID))) {
      throw new Rejected(INVALID_CITIZEN_ID, "citizen ID fails the check digit");
    }
    return str(r, PersonalData.PERSON_KEY);
  }

  private String knownSchool(Map<String, Object> r, String column) throws Rejected {
    String code = str(r, column);
    if (code == null) {
      throw new Rejected(MISSING_KEY, column + " is null");
    }
    if (!schools.contains(code)) {
      throw new Rejected(UNKNOWN_SCHOOL, code);
    }
    return code;
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

  static Integer integer(Map<String, Object> r, String c) {
    Object v = r.get(c);
    return v == null ? null : ((Number) v).intValue();
  }

  static Long lng(Map<String, Object> r, String c) {
    Object v = r.get(c);
    return v == null ? null : ((Number) v).longValue();
  }

  static Boolean bool(Map<String, Object> r, String c) {
    Object v = r.get(c);
    return v == null ? null : v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
  }

  static LocalDate date(Map<String, Object> r, String c) {
    Object v = r.get(c);
    return v == null ? null : LocalDate.ofEpochDay(((Number) v).longValue());
  }

  static LocalDateTime timestamp(Map<String, Object> r, String c) {
    Object v = r.get(c);
    if (v == null) {
      return null;
    }
    long micros = ((Number) v).longValue();
    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), (int) Math.floorMod(micros, 1_000_000) * 1000,
        ZoneOffset.UTC);
  }
}
