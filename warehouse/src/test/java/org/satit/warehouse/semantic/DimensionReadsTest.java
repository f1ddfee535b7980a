package org.satit.warehouse.semantic;

import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.query.TablesRead;

/**
 * A dimension's values and its default are cached until a table in its {@code reads} changes, so
 * {@code reads} must name exactly the warehouse tables its SQL (values and default) reads; an {@code areas}
 * dimension, exactly those its levels' SQL reads.
 */
class DimensionReadsTest {

  @Test
  void everyDimensionReadsExactlyTheTablesItsSqlReads() throws Exception {
    SemanticModel model = SemanticModel.load();
    try (DuckDBConnection c = QueryFixture.warehouse()) {
      QueryLayer.installViews(c);
      TablesRead tables = new TablesRead(c);
      SoftAssertions each = new SoftAssertions();
      int checked = 0;
      for (Dimension d : model.dimensions().values()) {
        if (!d.isParameter() || d.values().list() != null) {
          continue; // no values, or a fixed list
        }
        Set<String> read = new TreeSet<>();
        if (d.values().areaLevels() != null) {
          for (String level : d.values().areaLevels()) {
            Dimension l = model.dimensions().get(level);
            if (l.values().sql() != null) {
              read.addAll(tables.of(l.values().sql(), "q_analyst"));
            }
          }
        } else {
          read.addAll(tables.of(d.values().sql(), "q_analyst"));
        }
        if (d.values().defaultSql() != null) {
          read.addAll(tables.of(d.values().defaultSql().replaceAll(":\\w+", "NULL"), "q_analyst"));
        }
        each.assertThat(new TreeSet<>(d.values().reads())).as("reads of dimension " + d.name())
            .containsExactlyInAnyOrderElementsOf(read);
        checked++;
      }
      each.assertThat(checked).as("dimensions with SQL values").isGreaterThanOrEqualTo(9);
      each.assertAll();
    }
  }

  @Test
  void levelsAndAreasAreDerivedFromTheHierarchy() {
    SemanticModel model = SemanticModel.load();
    Dimension level = model.dimensions().get("level");
    org.assertj.core.api.Assertions.assertThat(level.values().list()).extracting(Dimension.Member::value)
        .containsExactlyElementsOf(model.hierarchies().get("geography"));
    org.assertj.core.api.Assertions.assertThat(level.values().list().get(3).label())
        .isEqualTo(model.dimensions().get("esa").label());
    org.assertj.core.api.Assertions.assertThat(model.dimensions().get("area").values().areaLevels())
        .containsExactlyElementsOf(model.hierarchies().get("geography"));
  }
}
