package org.satit.warehouse.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReleaseScheduleTest {

  @Test
  void dailyAtTwoInBangkokIsSevenHoursBeforeInUtc() {
    ReleaseSchedule s = ReleaseSchedule.DEFAULT;
    assertThat(s.describe()).isEqualTo("daily at 02:00 (Asia/Bangkok)");
    // 2026-12-04 18:40 UTC is 01:40 on the 5th in Bangkok: the last 02:00 was on the 4th (19:00 UTC on the 3rd)
    Instant now = Instant.parse("2026-12-04T18:40:00Z");
    assertThat(s.lastDue(now)).isEqualTo(Instant.parse("2026-12-03T19:00:00Z"));
    assertThat(s.nextDue(now)).isEqualTo(Instant.parse("2026-12-04T19:00:00Z"));
    // at the moment itself it is due
    assertThat(s.lastDue(Instant.parse("2026-12-04T19:00:00Z"))).isEqualTo(Instant.parse("2026-12-04T19:00:00Z"));
    assertThat(s.tick()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void everyFiveMinutesFallsOnTheClock() {
    ReleaseSchedule s = ReleaseSchedule.every(ReleaseSchedule.interval("5m"));
    assertThat(s.describe()).isEqualTo("every 5 min");
    Instant now = Instant.parse("2026-12-04T18:43:20Z");
    assertThat(s.lastDue(now)).isEqualTo(Instant.parse("2026-12-04T18:40:00Z"));
    assertThat(s.nextDue(now)).isEqualTo(Instant.parse("2026-12-04T18:45:00Z"));
    assertThat(ReleaseSchedule.every(ReleaseSchedule.interval("12s")).tick()).isEqualTo(Duration.ofSeconds(12));
    assertThat(ReleaseSchedule.interval("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ReleaseSchedule.interval(" 90S ")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aScheduleIsOneOfTheTwoAndNotTooOften() {
    assertThatThrownBy(() -> ReleaseSchedule.interval("5 minutes")).hasMessageContaining("s, m or h");
    assertThatThrownBy(() -> ReleaseSchedule.every(Duration.ofSeconds(2))).hasMessageContaining("at least 10 s");
    assertThatThrownBy(() -> new ReleaseSchedule(LocalTime.NOON, ZoneId.of("UTC"), Duration.ofHours(1)))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> new ReleaseSchedule(LocalTime.NOON, null, null)).hasMessageContaining("zone");
  }
}
