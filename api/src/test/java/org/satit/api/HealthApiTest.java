package org.satit.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.satit.ingest.cdc.IngestStatus;

class HealthApiTest {

  private final HealthApi health = new HealthApi(() -> null, List.of("emis"), null,
      new HealthApi.Watch(Duration.ofSeconds(6), s -> Optional.empty(), Optional::empty));
  private final Instant now = Instant.parse("2026-12-02T06:00:00Z");

  @Test
  void aStalledSourceShowsAnAgeOverItsBound() {
    Map<String, Object> s = health.source(streaming(now.minusMillis(6040)), now);
    assertThat(s.get("status")).isEqualTo("stalled");
    assertThat((Double) s.get("freshnessSeconds")).isGreaterThan(6);
  }

  @Test
  void aSourceAtItsBoundIsOk() {
    Map<String, Object> s = health.source(streaming(now.minusMillis(6000)), now);
    assertThat(s.get("status")).isEqualTo("ok");
    assertThat(s.get("freshnessSeconds")).isEqualTo(6.0);
  }

  @Test
  void anAgeOnATenthStaysOnIt() {
    assertThat(health.source(streaming(now.minusMillis(300)), now).get("freshnessSeconds")).isEqualTo(0.3);
  }

  @Test
  void aFailingPublicReleaseMakesHealthSayPublicStale() throws Exception {
    HealthApi failing = new HealthApi(HealthApiTest::emptyWarehouse, List.of(), null, new HealthApi.Watch(
        Duration.ofSeconds(6), s -> Optional.empty(), Optional::empty, () -> Optional.of("the public release fails since …")));
    Map<String, Object> s = failing.snapshot();
    assertThat(s.get("status")).isEqualTo("publicStale");
    assertThat(s.get("publicRelease")).isEqualTo("the public release fails since …");
    HealthApi fine = new HealthApi(HealthApiTest::emptyWarehouse, List.of(), null);
    assertThat(fine.snapshot().get("status")).isEqualTo("ok");
  }

  /** A migrated, empty warehouse (in memory). */
  static java.sql.Connection emptyWarehouse() {
    try {
      java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
      org.satit.warehouse.Migrations.apply(c);
      return c;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private IngestStatus.Source streaming(Instant heartbeat) {
    return new IngestStatus.Source("emis", "pg:1", null, now.minusSeconds(600), now.minusSeconds(500), 7L, heartbeat);
  }
}
