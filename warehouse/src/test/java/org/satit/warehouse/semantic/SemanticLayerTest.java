package org.satit.warehouse.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.SqlScript;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.query.Role;

class SemanticLayerTest {

  static DuckDBConnection warehouse;
  static QueryLayer queries;
  static SemanticLayer layer;
  static final Principal ANALYST = new Principal("ana", Role.ANALYST, null);

  @BeforeAll
  static void open() throws Exception {
    warehouse = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    Migrations.apply(warehouse);
    SqlScript.load("query/fixture.sql").run(warehouse);
    SqlScript.load("warehouse/writer/area_rollups.sql").run(warehouse);
    queries = new QueryLayer(warehouse);
    layer = new SemanticLayer(SemanticModel.load(), queries);
  }

  @AfterAll
  static void close() throws Exception {
    queries.close();
    warehouse.close();
  }

  static SemanticQuery q(String dataset, List<String> measures, List<String> groupBy, Map<String, List<String>> filters) {
    return new SemanticQuery(dataset, measures, groupBy, filters, List.of(), null);
  }

  @Test
  void everyMeasureOfEveryDatasetRunsThroughCalciteForEveryRoleAllowedToAsk() throws Exception {
    SemanticModel model = layer.model();
    for (Dataset ds : model.datasets().values()) {
      for (Role role : ds.roles()) {
        Principal p = role == Role.DISTRICT ? new Principal("d", role, "5003")
            : role == Role.PUBLIC ? Principal.anonymous() : new Principal("u", role, null);
        for (Measure m : ds.measures().values()) {
          Set<String> groupBy = new LinkedHashSet<>();
          m.requires().forEach(alternatives -> groupBy.add(alternatives.get(0)));
          SemanticLayer.Answer a = layer.ask(p, q(ds.name(), List.of(m.name()), new ArrayList<>(groupBy), Map.of()));
          assertThat(a.columns()).extracting(CompiledQuery.Column::name).endsWith(m.name());
        }
      }
    }
  }

  @Test
  void meansGapsAndChangesHaveTheirKnownValues() throws Exception {
    SemanticLayer.Answer byEsa = layer.ask(ANALYST, q("scores", List.of("takers", "mean_score", "change_vs_last_year"),
        List.of("esa"), Map.of("year", List.of("2563"), "test", List.of("ONET"), "subject", List.of("MAT"), "grade", List.of("P6"))));
    assertThat(byEsa.rows()).hasSize(2);
    assertThat(byEsa.rows().get(0).get(0)).isEqualTo("5003");
    assertThat(((Number) byEsa.rows().get(0).get(1)).longValue()).isEqualTo(36);
    assertThat(((Number) byEsa.rows().get(0).get(2)).doubleValue()).isCloseTo(1640.0 / 36, within(1e-9));
    assertThat(((Number) byEsa.rows().get(0).get(3)).doubleValue()).isCloseTo(50.0 - 45.0, within(1e-9));
    assertThat(((Number) byEsa.rows().get(1).get(2)).doubleValue()).isCloseTo(2490.0 / 43, within(1e-9));
    // shares come back as doubles, not decimals cut to a few places by Calcite
    SemanticLayer.Answer share = layer.ask(ANALYST, q("scores", List.of("share_at_least_50"), List.of("esa"),
        Map.of("year", List.of("2563"))));
    assertThat(((Number) share.rows().get(0).get(1)).doubleValue()).isCloseTo(1400.0 / 36, within(1e-12));

    SemanticLayer.Answer school = layer.ask(ANALYST, q("scores", List.of("gap_to_esa", "gap_to_national", "share_at_least_50"),
        List.of(), Map.of("school", List.of("1050000002"), "year", List.of("2563"), "test", List.of("ONET"),
            "subject", List.of("MAT"), "grade", List.of("P6"))));
    assertThat(((Number) school.rows().get(0).get(0)).doubleValue()).isCloseTo(50.0 - 1640.0 / 36, within(1e-9));
    assertThat(((Number) school.rows().get(0).get(1)).doubleValue()).isCloseTo(50.0 - 4130.0 / 79, within(1e-9));
    assertThat(((Number) school.rows().get(0).get(2)).doubleValue()).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void aDistrictGetsItsOwnSchoolsOnlyAndThePublicNoSchoolScores() throws Exception {
    Principal district = new Principal("d", Role.DISTRICT, "5101");
    SemanticLayer.Answer a = layer.ask(district, q("scores", List.of("takers"), List.of("school"), Map.of("year", List.of("2563"))));
    assertThat(a.rows()).extracting(r -> r.get(0)).containsExactly("1051000004", "1051000005");
    assertThatThrownBy(() -> layer.ask(Principal.anonymous(), q("scores", List.of("takers"), List.of("school"), Map.of())))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void refusesWhatWouldGiveAWrongOrUnsafeAnswer() {
    assertThatThrownBy(() -> layer.ask(ANALYST, q("scores", List.of("gap_to_esa"), List.of("region"), Map.of())))
        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("needs one esa");
    assertThatThrownBy(() -> layer.ask(ANALYST, q("scores", List.of("nope"), List.of(), Map.of())))
        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("unknown measure");
    assertThatThrownBy(() -> layer.ask(ANALYST, q("scores", List.of("takers"), List.of("sex"), Map.of())))
        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("unknown dimension");
    assertThatThrownBy(() -> layer.ask(ANALYST, q("scores", List.of("takers"), List.of(), Map.of("year", List.of("2563 OR 1=1")))))
        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("whole number");
    assertThatThrownBy(() -> layer.ask(ANALYST, q("nope", List.of("takers"), List.of(), Map.of())))
        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("unknown dataset");
    assertThatThrownBy(() -> layer.ask(ANALYST, new SemanticQuery("scores", List.of("takers"), List.of(), Map.of(),
        List.of(new SemanticQuery.Order("school_code; DROP TABLE x", false)), null)))
        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("cannot sort");
  }

  @Test
  void injectionInAFilterValueIsJustAValueThatMatchesNothing() throws Exception {
    SemanticLayer.Answer a = layer.ask(ANALYST, q("scores", List.of("takers"), List.of("school"),
        Map.of("school", List.of("x' OR '1'='1"))));
    assertThat(a.rows()).isEmpty();
  }
}
