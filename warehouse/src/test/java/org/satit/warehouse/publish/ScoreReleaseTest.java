package org.satit.warehouse.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.satit.warehouse.SqlScript;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.QueryLayer;

class ScoreReleaseTest {

  static DuckDBConnection warehouse() throws Exception {
    DuckDBConnection c = QueryFixture.warehouse();
    SqlScript.load("query/many_small_schools.sql").run(c);
    SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
    return c;
  }

  @Test
  void thePublicTableShowsNoSmallGroupAndPassesTheAudit() throws Exception {
    try (DuckDBConnection c = warehouse()) {
      ScoreRelease.Result r = ScoreRelease.release(c, DisclosureRules.defaults());
      assertThat(r.isProtected()).isTrue();
      assertThat(r.primary()).isPositive();
      assertThat(r.complementary()).isPositive();
      try (Statement st = c.createStatement()) {
        assertThat(one(st, "SELECT COUNT(*) FROM published_score_cell WHERE NOT suppressed AND takers < 10")).isZero();
        assertThat(one(st, "SELECT COUNT(*) FROM published_score_cell WHERE suppressed AND (takers IS NOT NULL OR mean_score IS NOT NULL)")).isZero();
        // every school cell is there: hidden ones keep their row
        assertThat(one(st, "SELECT COUNT(*) FROM published_score_cell WHERE level = 'school'"))
            .isEqualTo(one(st, "SELECT COUNT(*) FROM rollup_school_score"));
        assertThat(one(st, "SELECT COUNT(DISTINCT level) FROM published_score_cell")).isEqualTo(6);
        // the nation's O-NET P6 maths 2563: every taker of the fixture and the generated schools
        assertThat(one(st, "SELECT takers FROM published_score_cell WHERE level = 'nation' AND subject_code = 'MAT' AND academic_year = 2563"))
            .isEqualTo(one(st, "SELECT SUM(takers) FROM rollup_school_score WHERE subject_code = 'MAT' AND academic_year = 2563"));
        // the one-school-per-parent case: no cluster that has exactly one hidden school among published siblings
        assertThat(one(st, """
            SELECT COUNT(*) FROM (
              SELECT parent_code, test_code, grade, subject_code, academic_year FROM published_score_cell
              WHERE level = 'school' GROUP BY ALL HAVING COUNT(*) FILTER (suppressed) = 1)""")).isZero();
      }
      PublishedAudit.Verdict v = PublishedAudit.audit(c, DisclosureRules.defaults());
      assertThat(v.problems()).isEmpty();
      assertThat(v.passed()).as(v.report().summary()).isTrue();
      assertThat(v.report().hiddenCount()).isEqualTo((int) (r.primary() + r.complementary()));

      // the public role reads exactly this table through the query layer
      try (QueryLayer layer = new QueryLayer(c)) {
        var rows = layer.query(Principal.anonymous(), "SELECT COUNT(*) FROM published_scores WHERE suppressed", List.of()).rows();
        assertThat(((Number) rows.get(0).get(0)).longValue()).isEqualTo(r.primary() + r.complementary());
      }
    }
  }

  /**
   * A secondary office (สพม.) serves several provinces: its schools are parts of their own provinces, not the office
   * of its host province (the country bench's release failed: "count of province:15 … but its parts [esa:1501,
   * esa:1700] add up to 4961"). Every province is the sum of the schools in it; the audit passes.
   */
  @Test
  void anOfficeServingTwoProvincesIsReleasedWithEachProvinceTheSumOfItsOwnSchools() throws Exception {
    try (DuckDBConnection c = warehouse(); Statement st = c.createStatement()) {
      // two of ESA 5101's schools (Lamphun) stand in Chiang Mai: the office now serves both provinces
      st.execute("""
          UPDATE dim_school SET province_code = '50' WHERE is_current AND school_code IN (
            SELECT school_code FROM dim_school WHERE is_current AND esa_code = '5101' ORDER BY school_code LIMIT 2)""");
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
      ScoreRelease.Result r = ScoreRelease.release(c, DisclosureRules.defaults());
      assertThat(r.isProtected()).isTrue();
      for (String province : List.of("50", "51")) {
        assertThat(one(st, "SELECT SUM(takers) FROM published_score_cell WHERE level = 'province' AND area_code = '"
            + province + "' AND subject_code = 'MAT' AND academic_year = 2563 AND test_code = 'ONET' AND grade = 'P6'"))
            .as("province %s", province)
            .isEqualTo(one(st, "SELECT SUM(r.takers) FROM rollup_school_score r JOIN dim_school s ON s.school_code = r.school_code"
                + " AND s.is_current WHERE s.province_code = '" + province + "' AND r.subject_code = 'MAT'"
                + " AND r.academic_year = 2563 AND r.test_code = 'ONET' AND r.grade = 'P6'"));
      }
      // the office is listed under the province it is hosted in
      assertThat(one(st, "SELECT COUNT(*) FROM published_score_cell WHERE level = 'esa' AND area_code = '5101' AND parent_code <> '51'"))
          .isZero();
      PublishedAudit.Verdict v = PublishedAudit.audit(c, DisclosureRules.defaults());
      assertThat(v.problems()).isEmpty();
      assertThat(v.passed()).as(v.report().summary()).isTrue();
    }
  }

  @Test
  void theAuditFailsOnATableBuiltToLeak() throws Exception {
    try (DuckDBConnection c = warehouse()) {
      ScoreRelease.release(c, DisclosureRules.defaults());
      // publish one hidden school of a cluster whose other hidden school is small: the small one is then
      // its cluster's total minus everything published
      try (Statement st = c.createStatement()) {
        st.execute("""
            UPDATE published_score_cell p SET suppressed = false, takers = r.takers
            FROM rollup_school_score r
            WHERE p.level = 'school' AND p.area_code = r.school_code AND p.subject_code = r.subject_code
              AND p.academic_year = r.academic_year AND p.test_code = r.test_code AND p.grade = r.grade
              AND p.suppressed AND r.takers >= 10
              AND (p.parent_code, p.subject_code) IN (
                SELECT parent_code, subject_code FROM published_score_cell
                WHERE level = 'school' AND suppressed GROUP BY ALL HAVING COUNT(*) = 2)""");
      }
      PublishedAudit.Verdict v = PublishedAudit.audit(c, DisclosureRules.defaults());
      assertThat(v.passed()).isFalse();
      assertThat(v.report().failedCount()).isPositive();
      assertThat(v.report().summary()).contains("FAILED");
    }
  }

  static long one(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
