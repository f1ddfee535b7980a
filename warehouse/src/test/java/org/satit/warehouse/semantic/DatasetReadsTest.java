package org.satit.warehouse.semantic;

import java.sql.DriverManager;
import org.duckdb.DuckDBConnection;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.query.TablesRead;

/**
 * A dataset's {@code reads} decides which commits refresh its charts and evict its cached answers, so it
 * must name exactly the warehouse tables its view reads (through every view beneath it).
 */
class DatasetReadsTest {

  @Test
  void everyDatasetReadsExactlyTheTablesItsViewReads() throws Exception {
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
      Migrations.apply(c);
      QueryLayer.installViews(c);
      TablesRead tables = new TablesRead(c);
      SoftAssertions each = new SoftAssertions();
      for (Dataset d : SemanticModel.load().datasets().values()) {
        each.assertThat(d.reads()).as("reads of dataset " + d.name() + " (view q_analyst." + d.table() + ")")
            .containsExactlyInAnyOrderElementsOf(tables.of("SELECT * FROM " + d.table(), "q_analyst"));
      }
      each.assertAll();
    }
  }
}
