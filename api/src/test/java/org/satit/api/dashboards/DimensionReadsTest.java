package org.satit.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
 * {@code reads} must name exactly the warehouse tables its SQL (values and default) reads.
 */
class DimensionReadsTest {

  @Test
  void everyDimensionReadsExactlyTheTablesItsSqlReads() throws Exception {
    JsonNode dimensions = Definitions.read(new ObjectMapper(new YAMLFactory()), "satit/dimensions.yaml");
    try (DuckDBConnection c = QueryFixture.warehouse()) {
      QueryLayer.installViews(c);
      TablesRead tables = new TablesRead(c);
      SoftAssertions each = new SoftAssertions();
      dimensions.fields().forEachRemaining(e -> {
        JsonNode d = e.getValue();
        if (!d.has("sql")) {
          return; // a fixed list
        }
        Set<String> read = new TreeSet<>();
        Set<String> listed = new TreeSet<>();
        d.path("reads").forEach(t -> listed.add(t.asText()));
        try {
          read.addAll(tables.of(d.get("sql").asText(), "q_analyst"));
          String def = d.path("default").asText("");
          if (def.stripLeading().regionMatches(true, 0, "SELECT", 0, 6)) {
            read.addAll(tables.of(def.replaceAll(":\\w+", "NULL"), "q_analyst"));
          }
        } catch (java.sql.SQLException ex) {
          throw new IllegalStateException(ex);
        }
        each.assertThat(listed).as("reads of dimension " + e.getKey()).containsExactlyInAnyOrderElementsOf(read);
      });
      each.assertAll();
    }
  }
}
