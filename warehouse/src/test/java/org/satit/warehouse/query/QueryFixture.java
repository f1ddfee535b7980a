package org.satit.warehouse.query;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.SqlScript;

/** An in-memory DuckDB warehouse, migrated, with the small known data set of {@code query/fixture.sql}. */
public final class QueryFixture {

  private QueryFixture() {
  }

  public static DuckDBConnection warehouse() throws SQLException {
    DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    Migrations.apply(c);
    SqlScript.load("query/fixture.sql").run(c);
    SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
    return c;
  }
}
