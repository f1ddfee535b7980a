package org.satit.warehouse.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.warehouse.KeptHistory;
import org.satit.warehouse.disclosure.DisclosureRules;

/**
 * A warehouse rebuilt from its sources (reset, fresh snapshot) takes back what the public saw and what the release
 * policy remembers: the releases go on from where they were, and a single change is still held back.
 */
class KeptHistoryTest {

  private static final DisclosureRules RULES = DisclosureRules.defaults();

  @TempDir
  Path dir;

  @Test
  void aRebuiltWarehouseGoesOnWithTheReleasesThePublicSaw() throws Exception {
    Path kept = dir.resolve(KeptHistory.FOLDER);
    String school;
    Map<String, ReleaseWorld.Shown> before;
    try (ReleaseWorld w = ReleaseWorld.create()) {
      w.release(RULES, ReleasePolicy.STEPS_OF_K);
      school = w.schools().entrySet().stream().filter(e -> e.getValue() >= RULES.minCount() + 5)
          .map(Map.Entry::getKey).findFirst().orElseThrow();
      for (int i = 0; i < RULES.minCount(); i++) {
        w.put(980_000 + i, school, new BigDecimal("44.00"));
      }
      before = w.release(RULES, ReleasePolicy.STEPS_OF_K);
      assertThat(KeptHistory.keep(w.connection(), kept)).isPositive();
    }
    // the sources again, from scratch, with the same change in them: then the history back
    try (ReleaseWorld w = ReleaseWorld.create()) {
      for (int i = 0; i < RULES.minCount(); i++) {
        w.put(980_000 + i, school, new BigDecimal("44.00"));
      }
      assertThat(KeptHistory.restore(w.connection(), kept)).isPositive();
      assertThat(Files.exists(kept)).as("read once").isFalse();
      assertThat(ScoreRelease.lastRelease(w.connection()).orElseThrow().releaseId()).isEqualTo(2);
      assertThat(count(w, "SELECT COUNT(*) FROM published_score_cell")).isPositive();
      // one late score: held back, as it would have been without the reset
      w.put(990_000, school, new BigDecimal("12.00"));
      Map<String, ReleaseWorld.Shown> after = w.release(RULES, ReleasePolicy.STEPS_OF_K);
      assertThat(ScoreRelease.lastRelease(w.connection()).orElseThrow().releaseId()).isEqualTo(3);
      String cell = DifferencingAttackTest.schoolCell(school);
      assertThat(after.get(cell)).isEqualTo(before.get(cell));
      assertThat(ReleaseHistoryAudit.audit(w.connection(), RULES).leaks()).isEmpty();
      // the same history again is nothing to take back; another one cannot be merged
      KeptHistory.keep(w.connection(), dir.resolve("same"));
      assertThat(KeptHistory.restore(w.connection(), dir.resolve("same"))).isZero();
      KeptHistory.keep(w.connection(), dir.resolve("again"));
      w.put(990_001, school, new BigDecimal("13.00"));
      w.release(RULES, ReleasePolicy.STEPS_OF_K);
      assertThatThrownBy(() -> KeptHistory.restore(w.connection(), dir.resolve("again")))
          .hasMessageContaining("cannot be merged");
    }
    assertThat(KeptHistory.restore(null, dir.resolve("none"))).isEqualTo(-1);
  }

  static long count(ReleaseWorld w, String sql) throws Exception {
    try (Statement st = w.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
