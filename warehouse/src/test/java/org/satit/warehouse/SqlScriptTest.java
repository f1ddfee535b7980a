package org.satit.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scripts split into statements; a guarded statement runs only when its scratch table was just written. */
class SqlScriptTest {

  static final String MOVES = """
      -- moves of one batch
      DELETE FROM moves;
      INSERT INTO moves SELECT id FROM batch WHERE moved;
      -- only if written: moves
      UPDATE total SET n = n + (SELECT count(*) FROM moves);
      INSERT INTO log VALUES ('done'); -- always
      """;

  static SqlScript script(String text) {
    return SqlScript.parse("test.sql", text);
  }

  @Test
  void aGuardedStatementRunsOnlyWhenTheLastStatementWritingItsTableWroteARow() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE moves (id INT); CREATE TABLE batch (id INT, moved BOOLEAN); CREATE TABLE total (n INT);"
          + " CREATE TABLE log (what VARCHAR); INSERT INTO total VALUES (0); INSERT INTO moves VALUES (9)");
      SqlScript s = script(MOVES);
      assertThat(s.guards()).containsExactlyEntriesOf(java.util.Map.of(2, "moves"));
      List<String> ran = new ArrayList<>();
      // the DELETE took out last batch's row, but the INSERT after it wrote none: the UPDATE is skipped
      st.execute("INSERT INTO batch VALUES (1, false)");
      s.apply(c, (label, nanos) -> ran.add(label));
      assertThat(ran).containsExactly("DELETE moves", "INSERT moves", "INSERT log");
      st.execute("INSERT INTO batch VALUES (2, true), (3, true)");
      ran.clear();
      assertThat(s.apply(c, (label, nanos) -> ran.add(label))).contains("total", "moves", "log");
      assertThat(ran).containsExactly("DELETE moves", "INSERT moves", "UPDATE total", "INSERT log");
      try (ResultSet rs = st.executeQuery("SELECT n FROM total")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void aGuardOnATableNoEarlierStatementWritesIsRefusedWhenTheScriptLoads() {
    assertThatThrownBy(() -> script("""
        -- only if written: moves
        UPDATE total SET n = 1;
        INSERT INTO moves VALUES (1);
        """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statement 1 is guarded by moves");
  }

  @Test
  void theWritersGuardedScriptsLoad() {
    assertThat(SqlScript.load("warehouse/writer/dim_school.sql").guards()).containsValues("dim_school", "stg_school_move");
  }
}
