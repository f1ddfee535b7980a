package org.satit.ingest.source;

import java.util.List;

/**
 * The tables of the EMIS/OBEC source, with their columns in the order the generator writes them.
 * The types live in {@code emis/<dialect>/schema.sql}; {@code SourceSchemaTest} checks that both
 * dialects declare exactly these columns in this order.
 */
public enum SourceTable {
  PROVINCE("province", List.of("province_code"),
      "province_code", "name_th", "name_en", "region"),
  ESA_OFFICE("esa_office", List.of("esa_code"),
      "esa_code", "esa_type", "province_code", "area_no", "name_th", "name_en"),
  SCHOOL_CLUSTER("school_cluster", List.of("cluster_id"),
      "cluster_id", "esa_code", "name_th", "name_en", "amphoe_th", "amphoe_en"),
  SCHOOL("school", List.of("school_code"),
      "school_code", "smis_code", "name_th", "name_en", "esa_code", "cluster_id", "province_code", "amphoe_th",
      "tambon_th", "location_type", "lowest_grade", "highest_grade", "extended_opportunity", "founded_on",
      "distance_to_esa_km", "status", "updated_at"),
  SUPERVISOR("supervisor", List.of("supervisor_id"),
      "supervisor_id", "esa_code", "first_name_th", "last_name_th", "academic_standing"),
  TEACHER("teacher", List.of("teacher_id"),
      "teacher_id", "citizen_id", "title_th", "first_name_th", "last_name_th", "sex", "school_code", "position_th",
      "academic_standing", "major_subject", "started_on"),
  STUDENT("student", List.of("student_id"),
      "student_id", "citizen_id", "title_th", "first_name_th", "last_name_th", "sex", "birth_date"),
  ENROLLMENT("enrollment", List.of("academic_year", "student_id"),
      "academic_year", "student_id", "school_code", "grade", "classroom", "updated_at"),
  ONET_SCORE("onet_score", List.of("score_id"),
      "score_id", "academic_year", "student_id", "school_code", "grade", "subject_code", "score",
      "strand_1", "strand_2", "strand_3", "strand_4", "strand_5", "entered_at"),
  NT_SCORE("nt_score", List.of("score_id"),
      "score_id", "academic_year", "student_id", "school_code", "domain_code", "score", "entered_at"),
  RT_SCORE("rt_score", List.of("score_id"),
      "score_id", "academic_year", "student_id", "school_code", "part_code", "score", "entered_at"),
  PD_SESSION("pd_session", List.of("session_id"),
      "session_id", "academic_year", "esa_code", "cluster_id", "title_th", "topic", "mode", "held_on", "hours"),
  PD_ATTENDANCE("pd_attendance", List.of("session_id", "teacher_id"),
      "session_id", "teacher_id", "attended", "hours_attended"),
  SUPERVISION_VISIT("supervision_visit", List.of("visit_id"),
      "visit_id", "academic_year", "school_code", "supervisor_id", "visited_on", "focus", "rating", "follow_up"),
  PLC_ACTIVITY("plc_activity", List.of("plc_id"),
      "plc_id", "academic_year", "level", "school_code", "cluster_id", "met_on", "topic", "hours", "participants"),
  TEST_SUBJECT("test_subject", List.of("test_code", "subject_code"),
      "test_code", "subject_code", "name_th", "name_en"),
  SUBJECT_STRAND("subject_strand", List.of("subject_code", "strand_no"),
      "subject_code", "strand_no", "name_th", "name_en"),
  SATIT_GENERATION("satit_generation", List.of("name"),
      "name", "value");

  private final String tableName;
  private final List<String> primaryKey;
  private final List<String> columns;

  SourceTable(String tableName, List<String> primaryKey, String... columns) {
    this.tableName = tableName;
    this.primaryKey = primaryKey;
    this.columns = List.of(columns);
  }

  public String tableName() {
    return tableName;
  }

  public List<String> primaryKey() {
    return primaryKey;
  }

  public List<String> columns() {
    return columns;
  }

  /** True for the tables that hold EMIS data (everything but satit's own bookkeeping). */
  public boolean isEmisData() {
    return this != SATIT_GENERATION;
  }
}
