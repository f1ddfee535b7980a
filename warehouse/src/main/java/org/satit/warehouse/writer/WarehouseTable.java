package org.satit.warehouse.writer;

import java.util.List;

/**
 * The warehouse tables the ingest writer maintains, with the columns a change carries (in order) and
 * the key it is applied by. Types live in the migrations; {@code WarehouseWriterTest} checks that
 * these columns match the tables.
 */
public enum WarehouseTable {
  DIM_PROVINCE("dim_province", List.of("province_code"), "province_code", "name_th", "name_en", "region"),
  DIM_ESA("dim_esa", List.of("esa_code"), "esa_code", "esa_type", "province_code", "area_no", "name_th", "name_en"),
  DIM_CLUSTER("dim_cluster", List.of("cluster_id"),
      "cluster_id", "esa_code", "name_th", "name_en", "amphoe_th", "amphoe_en"),
  /** Type 2: the columns a change carries; the version columns are the writer's (dim_school.sql). */
  DIM_SCHOOL("dim_school", List.of("school_code"),
      "school_code", "smis_code", "name_th", "name_en", "esa_code", "cluster_id", "province_code", "amphoe_th",
      "tambon_th", "location_type", "lowest_grade", "highest_grade", "extended_opportunity", "founded_on",
      "distance_to_esa_km", "status", "source_updated_at"),
  DIM_SUBJECT("dim_subject", List.of("test_code", "subject_code"), "test_code", "subject_code", "name_th", "name_en"),
  DIM_STRAND("dim_strand", List.of("subject_code", "strand_no"), "subject_code", "strand_no", "name_th", "name_en"),
  DIM_SUPERVISOR("dim_supervisor", List.of("supervisor_id"), "supervisor_id", "esa_code", "academic_standing"),
  DIM_TEACHER("dim_teacher", List.of("teacher_id"),
      "teacher_id", "person_key", "sex", "school_code", "position_th", "academic_standing", "major_subject",
      "started_on"),
  DIM_STUDENT("dim_student", List.of("student_key"),
      "student_key", "person_key", "citizen_id_valid", "sex", "birth_year_be"),
  FACT_ENROLLMENT("fact_enrollment", List.of("academic_year", "student_key"),
      "academic_year", "student_key", "school_code", "grade", "classroom", "source_updated_at"),
  /**
   * Has a rollup, maintained by fact_test_score.sql (enrollment, visits, PLC activity and PD attendance too, by
   * theirs; teachers and PD sessions move the PD rollup by theirs).
   */
  FACT_TEST_SCORE("fact_test_score", List.of("test_code", "score_id"),
      "test_code", "score_id", "academic_year", "student_key", "school_code", "grade", "subject_code", "score",
      "strand_1", "strand_2", "strand_3", "strand_4", "strand_5", "entered_at"),
  FACT_PD_SESSION("fact_pd_session", List.of("session_id"),
      "session_id", "academic_year", "esa_code", "cluster_id", "title_th", "topic", "mode", "held_on", "hours"),
  FACT_PD_ATTENDANCE("fact_pd_attendance", List.of("session_id", "teacher_id"),
      "session_id", "teacher_id", "attended", "hours_attended"),
  FACT_SUPERVISION_VISIT("fact_supervision_visit", List.of("visit_id"),
      "visit_id", "academic_year", "school_code", "supervisor_id", "visited_on", "focus", "rating", "follow_up"),
  FACT_PLC_ACTIVITY("fact_plc_activity", List.of("plc_id"),
      "plc_id", "academic_year", "level", "school_code", "cluster_id", "met_on", "topic", "hours", "participants"),
  FACT_SCHOOL_BUDGET("fact_school_budget", List.of("school_code", "academic_year"),
      "school_code", "academic_year", "per_head_baht", "development_baht", "source_updated_at");

  private final String tableName;
  private final List<String> key;
  private final List<String> columns;
  private final int[] keyIndexes;

  WarehouseTable(String tableName, List<String> key, String... columns) {
    this.tableName = tableName;
    this.key = key;
    this.columns = List.of(columns);
    this.keyIndexes = key.stream().mapToInt(this.columns::indexOf).toArray();
  }

  public String tableName() {
    return tableName;
  }

  /** The table of that name. */
  public static WarehouseTable named(String tableName) {
    for (WarehouseTable t : values()) {
      if (t.tableName.equals(tableName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no warehouse table the writer keeps is called " + tableName);
  }

  public List<String> key() {
    return key;
  }

  public List<String> columns() {
    return columns;
  }

  /** Positions of the key columns in {@link #columns()}. */
  int[] keyIndexes() {
    return keyIndexes.clone();
  }

  /**
   * A table a first snapshot appends to without a keyed apply (no primary key, and large): the script that ends
   * such a snapshot (duplicates of a part read twice removed, rollups built from the facts), or null.
   */
  String afterSnapshotAppend() {
    return switch (this) {
      case FACT_TEST_SCORE -> "warehouse/writer/after_snapshot/fact_test_score.sql";
      case FACT_ENROLLMENT -> "warehouse/writer/after_snapshot/fact_enrollment.sql";
      case FACT_PD_ATTENDANCE -> "warehouse/writer/after_snapshot/fact_pd_attendance.sql";
      default -> null;
    };
  }

  /** Applied by its own script under warehouse/writer/ rather than a plain replace. */
  String script() {
    return switch (this) {
      case DIM_SCHOOL -> "warehouse/writer/dim_school.sql";
      case FACT_TEST_SCORE -> "warehouse/writer/fact_test_score.sql";
      case FACT_ENROLLMENT -> "warehouse/writer/fact_enrollment.sql";
      case FACT_SUPERVISION_VISIT -> "warehouse/writer/fact_supervision_visit.sql";
      case FACT_PLC_ACTIVITY -> "warehouse/writer/fact_plc_activity.sql";
      case DIM_TEACHER -> "warehouse/writer/dim_teacher.sql";
      case FACT_PD_SESSION -> "warehouse/writer/fact_pd_session.sql";
      case FACT_PD_ATTENDANCE -> "warehouse/writer/fact_pd_attendance.sql";
      default -> null;
    };
  }
}
