package org.satit.warehouse.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.warehouse.Migrations;
import org.satit.warehouse.SqlScript;
import org.satit.warehouse.disclosure.DisclosureRules;

/** The public release follows the configured disclosure rules from the moment satit starts. */
class PublicReleaserTest {

  /** The tests release with releaseNow; a schedule that seldom comes keeps the timer out of their way. */
  static final ReleaseSchedule HOURLY = ReleaseSchedule.every(java.time.Duration.ofHours(1));

  @TempDir
  Path dir;

  /** An empty first release says nothing and counts as a release the public saw: the first waits for results. */
  @Test
  void theFirstReleaseWaitsForResults() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("empty.duckdb").toAbsolutePath();
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      Migrations.apply(c);
      try (PublicReleaser releaser = new PublicReleaser(c, DisclosureRules.withMinCount(10), HOURLY)) {
        releaser.releaseNow();
        assertThat(releaser.last()).as("on an empty warehouse").isEmpty();
        SqlScript.load("query/fixture.sql").run(c);
        SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
        releaser.releaseNow();
        assertThat(releaser.last()).hasValueSatisfying(r -> {
          assertThat(r.releaseId()).isEqualTo(1);
          assertThat(r.occasion().kind()).isEqualTo(ScoreRelease.Kind.FIRST);
        });
      }
    }
  }

  /**
   * On a schedule, a change waits for the next scheduled moment and is released then, once, as "scheduled"; an
   * admin's Publish now releases at once, saying who asked, and has nothing to publish when nothing changed.
   */
  @Test
  void aChangeWaitsForTheScheduleAndAnAdminCanPublishAtOnce() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("schedule.duckdb").toAbsolutePath();
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      Migrations.apply(c);
      SqlScript.load("query/fixture.sql").run(c);
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
      ReleaseSchedule every10s = ReleaseSchedule.every(java.time.Duration.ofSeconds(10));
      try (PublicReleaser releaser = new PublicReleaser(c, DisclosureRules.withMinCount(10), every10s);
           Statement st = c.createStatement()) {
        assertThat(releaser.last()).hasValueSatisfying(r -> assertThat(r.occasion().kind())
            .isEqualTo(ScoreRelease.Kind.FIRST));
        assertThat(releaser.publishNow("somchai")).as("nothing changed").isEmpty();
        // the data moves after a scheduled moment was looked at (a round ran after it and found nothing to release):
        // nothing is released before the next moment
        java.time.Instant moment = every10s.nextDue(java.time.Instant.now());
        long until = System.currentTimeMillis() + 40_000;
        while (!moment.equals(releaser.momentActedOn()) && System.currentTimeMillis() < until) {
          Thread.sleep(100);
        }
        assertThat(releaser.momentActedOn()).isEqualTo(moment);
        java.time.Instant next = every10s.nextDue(java.time.Instant.now());
        org.junit.jupiter.api.Assumptions.assumeTrue(java.time.Duration.between(java.time.Instant.now(), next)
            .toMillis() > 2_500, "a machine so busy that the round came within 2.5 s of the next moment");
        st.execute("UPDATE warehouse_version SET version = version + 1 WHERE id = 1");
        Thread.sleep(2_000);
        assertThat(releaser.last().orElseThrow().releaseId()).as("before the next moment").isEqualTo(1);
        long deadline = System.currentTimeMillis() + 30_000;
        while (releaser.last().orElseThrow().releaseId() == 1 && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        ScoreRelease.Released scheduled = releaser.last().orElseThrow();
        assertThat(scheduled.releaseId()).isEqualTo(2);
        assertThat(scheduled.occasion()).isEqualTo(ScoreRelease.Occasion.of(ScoreRelease.Kind.SCHEDULED));
        assertThat(scheduled.releasedAt()).isAfterOrEqualTo(next.minusMillis(1_000)); // stored to the microsecond
        // an admin publishes a change at once
        st.execute("UPDATE warehouse_version SET version = version + 1 WHERE id = 1");
        assertThat(releaser.publishNow("somchai")).hasValueSatisfying(r -> assertThat(r.releaseId()).isEqualTo(3));
        assertThat(releaser.last().orElseThrow().occasion())
            .isEqualTo(new ScoreRelease.Occasion(ScoreRelease.Kind.ADMIN, "somchai"));
      }
    }
  }

  @Test
  void raisingTheThresholdRepublishesAtStartThoughNoDataChanged() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("warehouse.duckdb").toAbsolutePath();
    DisclosureRules k10 = DisclosureRules.withMinCount(10);
    DisclosureRules k15 = DisclosureRules.withMinCount(15);
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      Migrations.apply(c);
      SqlScript.load("query/fixture.sql").run(c);
      SqlScript.load("query/many_small_schools.sql").run(c);
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
      try (PublicReleaser releaser = new PublicReleaser(c, k10, HOURLY)) {
        releaser.releaseNow();
      }
      assertThat(shownUnder(c, 15)).as("cells of 10 to 14 takers shown under k = 10").isPositive();
      assertThat(shownUnder(c, 10)).isZero();
    }
    // satit restarts on the same warehouse with k = 15; the data has not changed
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url);
         PublicReleaser releaser = new PublicReleaser(c, k15, HOURLY)) {
      assertThat(shownUnder(c, 15)).as("cells under 15 takers shown right after a start with k = 15").isZero();
      PublishedAudit.Verdict v = PublishedAudit.audit(c, k15);
      assertThat(v.passed()).as(v.report().summary()).isTrue();
      assertThat(ScoreRelease.releasedRules(c)).as("the rules the release records").contains(k15);
    }
    // a start with the rules of the last release over unchanged data has nothing to release
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      java.sql.Timestamp released = releasedAt(c);
      try (PublicReleaser releaser = new PublicReleaser(c, k15, HOURLY)) {
        releaser.releaseNow();
      }
      assertThat(releasedAt(c)).isEqualTo(released);
    }
  }

  /** Once it follows the writer, a commit of other tables (the heartbeats') does not release the same numbers again. */
  @Test
  void onlyACommitOfATableTheReleaseReadsReleasesAgain() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("follow.duckdb").toAbsolutePath();
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      Migrations.apply(c);
      SqlScript.load("query/fixture.sql").run(c);
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
      org.satit.warehouse.writer.WarehouseWriter writer = new org.satit.warehouse.writer.WarehouseWriter((DuckDBConnection) c.duplicate());
      try (PublicReleaser releaser = new PublicReleaser(c, DisclosureRules.withMinCount(10), HOURLY);
           Statement st = c.createStatement()) {
        releaser.follow(writer);
        releaser.releaseNow();
        long first = ScoreRelease.releasedVersion(c);
        st.execute("UPDATE warehouse_version SET version = version + 1 WHERE id = 1");
        releaser.seen(new org.satit.warehouse.writer.WarehouseWriter.Commit(first + 1, java.time.Instant.now(),
            java.util.Set.of("ingest_source_state", "warehouse_version")));
        releaser.releaseNow();
        assertThat(ScoreRelease.releasedVersion(c)).as("a heartbeat's commit").isEqualTo(first);
        st.execute("UPDATE warehouse_version SET version = version + 1 WHERE id = 1");
        releaser.seen(new org.satit.warehouse.writer.WarehouseWriter.Commit(first + 2, java.time.Instant.now(),
            java.util.Set.of("fact_test_score", "rollup_school_score", "warehouse_version")));
        releaser.releaseNow();
        assertThat(ScoreRelease.releasedVersion(c)).as("a score's commit").isEqualTo(first + 2);
      }
    }
  }

  /** A snapshot under way is a warehouse not yet whole: nothing is released until its source streams. */
  @Test
  void nothingIsReleasedWhileASnapshotRuns() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("snapshot.duckdb").toAbsolutePath();
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      Migrations.apply(c);
      SqlScript.load("query/fixture.sql").run(c);
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO ingest_source_state (source_name, snapshot_reason, snapshot_at, streaming_since,"
            + " updated_at) VALUES ('emis', 'first start', now(), NULL, now())");
        try (PublicReleaser releaser = new PublicReleaser(c, DisclosureRules.withMinCount(10), HOURLY)) {
          releaser.releaseNow();
          assertThat(ScoreRelease.releasedVersion(c)).as("during the snapshot").isNull();
          assertThat(releaser.problem()).isEmpty();
          st.execute("UPDATE ingest_source_state SET streaming_since = now()");
          releaser.releaseNow();
          assertThat(ScoreRelease.releasedVersion(c)).as("once it streams").isNotNull();
        }
      }
    }
  }

  /** What the releaser follows is what the release's query reads (release.sql: school_cells_now), no more, no less. */
  @Test
  void theTablesFollowedAreTheTablesTheReleaseReads() {
    String sql = PublicScoreCells.SQL.get("school_cells_now");
    java.util.Set<String> read = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_]+)").matcher(sql);
    while (m.find()) {
      read.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    read.remove("spans"); // the query's own CTE
    assertThat(read).containsExactlyInAnyOrderElementsOf(PublicReleaser.READS);
  }

  /** A release that fails is said, with its error and what the public pages show instead, until one succeeds. */
  @Test
  void aFailingReleaseIsReportedUntilOneSucceeds() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("failing.duckdb").toAbsolutePath();
    DisclosureRules k10 = DisclosureRules.withMinCount(10);
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      Migrations.apply(c);
      SqlScript.load("query/fixture.sql").run(c);
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
      try (PublicReleaser releaser = new PublicReleaser(c, k10, HOURLY); Statement st = c.createStatement()) {
        releaser.releaseNow();
        assertThat(releaser.problem()).isEmpty();
        long released = ScoreRelease.releasedVersion(c);
        // the warehouse moves, and the release cannot read its provinces
        st.execute("UPDATE warehouse_version SET version = version + 1 WHERE id = 1");
        st.execute("ALTER TABLE dim_province RENAME TO dim_province_gone");
        releaser.releaseNow();
        assertThat(releaser.problem()).hasValueSatisfying(p -> assertThat(p).contains("the public release fails since")
            .contains("dim_province").contains("the release of warehouse version " + released));
        st.execute("ALTER TABLE dim_province_gone RENAME TO dim_province");
        releaser.releaseNow();
        assertThat(releaser.problem()).isEmpty();
        assertThat(ScoreRelease.releasedVersion(c)).isEqualTo(released + 1);
      }
    }
  }

  /**
   * Each release is a thing of its own: its id, the version it was made from and the fingerprint of its rules are
   * kept, one row a release; its cells carry its id; new rules make a new fingerprint and a new release.
   */
  @Test
  void eachReleaseHasAnIdItsRulesFingerprintAndItsCellsAndTheHistoryIsKept() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("history.duckdb").toAbsolutePath();
    DisclosureRules k10 = DisclosureRules.withMinCount(10);
    DisclosureRules k12 = DisclosureRules.withMinCount(12);
    assertThat(k10.fingerprint()).hasSize(16).isEqualTo(DisclosureRules.withMinCount(10).fingerprint())
        .isNotEqualTo(k12.fingerprint()).isNotEqualTo(new DisclosureRules(10, 10, 2, 5, 95).fingerprint());
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url)) {
      Migrations.apply(c);
      SqlScript.load("query/fixture.sql").run(c);
      SqlScript.load("warehouse/writer/area_rollups.sql").run(c);
      ScoreRelease.Result first = ScoreRelease.release(c, k10);
      try (Statement st = c.createStatement()) {
        st.execute("UPDATE warehouse_version SET version = version + 1 WHERE id = 1");
      }
      ScoreRelease.Result second = ScoreRelease.release(c, k12);
      assertThat(first.releaseId()).isEqualTo(1);
      assertThat(second.releaseId()).isEqualTo(2);
      assertThat(second.warehouseVersion()).isEqualTo(first.warehouseVersion() + 1);
      assertThat(ScoreRelease.lastRelease(c)).hasValueSatisfying(r -> {
        assertThat(r.releaseId()).isEqualTo(2);
        assertThat(r.rulesFingerprint()).isEqualTo(k12.fingerprint());
        assertThat(r.rules()).contains(k12);
      });
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT string_agg(release_id || ':' || rules_fingerprint, ',' ORDER BY release_id)"
               + " FROM public_release")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("1:" + k10.fingerprint() + ",2:" + k12.fingerprint());
      }
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(*) FILTER (WHERE release_id = 2) FROM published_score_cell")) {
        rs.next();
        assertThat(rs.getLong(1)).isPositive().isEqualTo(rs.getLong(2));
      }
    }
  }

  static java.sql.Timestamp releasedAt(DuckDBConnection c) throws Exception {
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT released_at FROM public_release ORDER BY release_id DESC LIMIT 1")) {
      rs.next();
      return rs.getTimestamp(1);
    }
  }

  static long shownUnder(DuckDBConnection c, int k) throws Exception {
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM published_score_cell WHERE NOT suppressed AND takers < " + k)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
