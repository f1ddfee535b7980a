package org.satit.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.satit.ingest.spec.SourceColumn;
import org.satit.ingest.spec.SourceColumn.Transform;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.writer.Batch;
import org.satit.warehouse.writer.RowChange;
import org.satit.warehouse.writer.WarehouseTable;

/**
 * The source table specs ({@code emis/tables.yaml}) are the one list of source tables and columns (the generator
 * writes each table through its spec): the warehouse catalog must agree with them (both dialects' schemas: {@code SourceDatabasesTest}), and the mapping they drive fills
 * every warehouse column by name and quarantines with the right reason.
 */
class SourceSpecTest {

  @Test
  void everyMappedColumnHasItsWarehouseColumnOfTheRightTypeAndEveryWarehouseColumnIsFilled() throws Exception {
    Map<Transform, List<String>> types = Map.of(Transform.TEXT, List.of("VARCHAR"),
        Transform.INTEGER, List.of("INTEGER", "SMALLINT"), Transform.BIGINT, List.of("BIGINT"),
        Transform.BOOLEAN, List.of("BOOLEAN"), Transform.DECIMAL, List.of("DECIMAL"), Transform.DATE, List.of("DATE"),
        Transform.TIMESTAMP, List.of("TIMESTAMP"), Transform.PERSON_KEY, List.of("VARCHAR"),
        Transform.STUDENT_KEY, List.of("BIGINT"), Transform.BIRTH_YEAR, List.of("INTEGER", "SMALLINT"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      Migrations.apply((org.duckdb.DuckDBConnection) c);
      SoftAssertions each = new SoftAssertions();
      for (SourceSpec spec : SourceSpecs.emisData()) {
        Map<String, String> catalog = catalog(c, spec.warehouse());
        each.assertThat(catalog).as("warehouse table " + spec.warehouse() + " of " + spec.name()).isNotEmpty();
        for (SourceColumn col : spec.columns()) {
          if (col.to() == null) {
            continue;
          }
          String type = catalog.get(col.to());
          each.assertThat(type).as(spec.name() + "." + col.name() + " -> " + spec.warehouse() + "." + col.to()).isNotNull();
          if (type != null) {
            each.assertThat(types.get(col.transform()).stream().anyMatch(type::startsWith))
                .as(spec.name() + "." + col.name() + " is " + col.transform() + ", " + col.to() + " is " + type).isTrue();
          }
        }
        spec.constants().keySet().forEach(k -> each.assertThat(catalog).as(spec.name() + " constant").containsKey(k));
        spec.nulls().forEach(k -> each.assertThat(catalog).as(spec.name() + " nulls").containsKey(k));
        each.assertThat(catalog.keySet()).as("what the writer keeps of " + spec.warehouse())
            .containsAll(WarehouseTable.named(spec.warehouse()).columns());
      }
      each.assertAll();
    }
    // the mapping compiles every spec against its warehouse table: each column filled once, by name
    new EmisMapping(new KnownSchools());
  }

  @Test
  void aSpecThatLeavesAWarehouseColumnEmptyOrNamesAnUnknownOneIsRefusedAtStart() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode withoutStrands = yaml.readTree("""
        key: [score_id]
        warehouse: fact_test_score
        constants: {test_code: NT, grade: P3}
        columns:
          score_id: bigint BIGINT NOT NULL
          academic_year: integer SMALLINT
          student_id: student_key BIGINT
          school_code: text CHAR(10)
          domain_code: {as: text VARCHAR(3), to: subject_code}
          score: decimal NUMERIC
          entered_at: timestamp TIMESTAMP
        """);
    assertThatThrownBy(() -> EmisMapping.TableMapping.of(SourceSpecs.table("nt_score",
        withoutStrands))).hasMessageContaining("nothing fills fact_test_score.strand_1");
    JsonNode misspelt = yaml.readTree("""
        key: [score_id]
        warehouse: fact_test_score
        constants: {test_code: NT, grade: P3}
        nulls: [strand_1, strand_2, strand_3, strand_4, strand_5]
        columns:
          score_id: bigint BIGINT NOT NULL
          academic_year: integer SMALLINT
          student_id: student_key BIGINT
          school_code: text CHAR(10)
          domain_code: {as: text VARCHAR(3), to: subject_code}
          score: decimal NUMERIC
          entered_at: {as: timestamp TIMESTAMP, to: entered_on}
        """);
    assertThatThrownBy(() -> EmisMapping.TableMapping.of(SourceSpecs.table("nt_score", misspelt)))
        .hasMessageContaining("nothing fills fact_test_score.entered_at");
    JsonNode extra = yaml.readTree(misspelt.toString().replace("\"to\":\"entered_on\"", "\"to\":\"entered_at\"")
        .replace("\"score\":\"decimal NUMERIC\"", "\"score\":\"decimal NUMERIC\",\"marker\":{\"as\":\"text TEXT\",\"to\":\"marker\"}"));
    assertThatThrownBy(() -> EmisMapping.TableMapping.of(SourceSpecs.table("nt_score", extra)))
        .hasMessageContaining("has no columns [marker]");
    JsonNode unknownTransform = yaml.readTree("{key: [a], columns: {a: txet TEXT}}");
    assertThatThrownBy(() -> SourceSpecs.table("t", unknownTransform))
        .hasMessageContaining("unknown transform txet");
    JsonNode unquoted = yaml.readTree("{key: [a], columns: {a: {as: decimal NUMERIC(5,2), checks: [required]}}}");
    assertThatThrownBy(() -> SourceSpecs.table("t", unquoted)).as("a flow map splits an unquoted NUMERIC(5,2)")
        .hasMessageContaining("is not a source SQL type");
  }

  @Test
  void theMappingFillsColumnsByNameAndQuarantinesWithTheReasonOfTheFirstFailingCheck() throws Exception {
    KnownSchools schools = new KnownSchools();
    schools.add("1050130030");
    EmisMapping mapping = new EmisMapping(schools);
    Map<String, Object> nt = new LinkedHashMap<>(Map.of("score_id", 7L, "academic_year", 2563,
        PersonalData.STUDENT_KEY, 99L, "school_code", "1050130030", "domain_code", "NUM", "score", new BigDecimal("55.5"),
        "entered_at", 1_600_000_000_000_000L));
    RowChange r = mapping.upsert("nt_score", nt);
    assertThat(r.table()).isEqualTo(WarehouseTable.FACT_TEST_SCORE);
    Map<String, Object> byName = new LinkedHashMap<>();
    for (int i = 0; i < r.values().length; i++) {
      byName.put(WarehouseTable.FACT_TEST_SCORE.columns().get(i), r.values()[i]);
    }
    assertThat(byName).containsEntry("test_code", "NT").containsEntry("grade", "P3").containsEntry("subject_code", "NUM")
        .containsEntry("student_key", 99L).containsEntry("score", new BigDecimal("55.5")).containsEntry("strand_1", null);
    assertThat(mapping.deleteOf("nt_score", Map.of("score_id", 7L)).key()).containsExactly("NT", 7L);

    assertThat(reason(mapping, "nt_score", with(nt, "score", new BigDecimal("100.5")))).isEqualTo("score_out_of_range");
    assertThat(reason(mapping, "nt_score", with(nt, "school_code", "9999999999"))).isEqualTo("unknown_school");
    // a missing student and a score out of range: the required check runs first
    assertThat(reason(mapping, "nt_score", with(with(nt, PersonalData.STUDENT_KEY, null), "score",
        new BigDecimal("101")))).isEqualTo("missing_key");
    Map<String, Object> visit = new LinkedHashMap<>(Map.of("visit_id", 1L, "academic_year", 2563,
        "school_code", "1050130030", "supervisor_id", 3, "visited_on", LocalDate.of(2021, 5, 1).toEpochDay(),
        "focus", "reading", "rating", 4, "follow_up", true));
    assertThat(reason(mapping, "supervision_visit", visit)).as("1 May 2021 is in AY 2564, not 2563")
        .isEqualTo("impossible_date");
    assertThat(reason(mapping, "supervision_visit", with(visit, "visited_on", LocalDate.of(2021, 4, 30).toEpochDay())))
        .isNull();
    Map<String, Object> plc = new LinkedHashMap<>(Map.of("plc_id", 1L, "academic_year", 2563, "level", "cluster",
        "cluster_id", 5, "met_on", 18_500, "topic", "x", "hours", 2, "participants", 9));
    plc.put("school_code", null);
    assertThat(reason(mapping, "plc_activity", plc)).as("a cluster PLC has no school").isNull();
    Map<String, Object> teacher = new LinkedHashMap<>(Map.of("teacher_id", 1L, PersonalData.PERSON_KEY, "k",
        PersonalData.CITIZEN_ID_VALID, false, "sex", "F", "school_code", "1050130030"));
    assertThat(reason(mapping, "teacher", teacher)).isEqualTo("invalid_citizen_id");
  }

  private static Map<String, Object> with(Map<String, Object> row, String column, Object value) {
    Map<String, Object> out = new LinkedHashMap<>(row);
    out.put(column, value);
    return out;
  }

  /** The quarantine reason of the row, or null when it maps. */
  private static String reason(EmisMapping mapping, String table, Map<String, Object> row) {
    Batch b = new Batch();
    return mapping.upsertOrQuarantine("emis", table, row, "0", b) ? null : b.quarantined().get(0).reason();
  }

  private static Map<String, String> catalog(Connection c, String table) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT column_name, data_type FROM "
        + "information_schema.columns WHERE table_name = '" + table + "' ORDER BY ordinal_position")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }
}
