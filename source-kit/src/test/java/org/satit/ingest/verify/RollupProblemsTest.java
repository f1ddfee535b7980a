package org.satit.ingest.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.satit.warehouse.writer.Batch;
import org.satit.warehouse.writer.RowChange;
import org.satit.warehouse.writer.WarehouseTable;
import org.satit.warehouse.writer.WarehouseWriter;

class RollupProblemsTest {

  @Test
  void aRollupThatDriftedFromItsFactsIsNamed() throws Exception {
    try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
      WarehouseWriter writer = new WarehouseWriter(db);
      Batch b = new Batch();
      for (long id = 1; id <= 20; id++) {
        b.add(RowChange.upsert(WarehouseTable.FACT_TEST_SCORE, "ONET", id, 2563, 1000L + id, "1050131001", "P6",
            "MAT", new BigDecimal(id * 5 + ".25"), null, null, null, null, null, LocalDateTime.of(2021, 3, 20, 9, 0)));
        b.add(RowChange.upsert(WarehouseTable.FACT_ENROLLMENT, 2563, 1000L + id, "1050131001", "P6", 1,
            LocalDateTime.of(2020, 6, 10, 8, 0)));
      }
      writer.apply(b);
      assertThat(WarehouseComparison.rollupProblems(db)).isEmpty();
      try (Statement st = db.createStatement()) {
        st.execute("UPDATE rollup_school_score SET h9 = h9 + 1 WHERE h9 > 0");
        st.execute("DELETE FROM rollup_school_enrollment");
        st.execute("UPDATE rollup_nation_score SET takers = takers + 1");
      }
      assertThat(WarehouseComparison.rollupProblems(db)).hasSize(3)
          .anySatisfy(p -> assertThat(p).startsWith("rollup_nation_score: 2 rows differ"))
          .anySatisfy(p -> assertThat(p).startsWith("rollup_school_score: 2 rows differ"))
          .anySatisfy(p -> assertThat(p).startsWith("rollup_school_enrollment: 1 rows differ"));
    }
  }
}
