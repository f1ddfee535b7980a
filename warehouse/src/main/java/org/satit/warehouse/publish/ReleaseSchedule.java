package org.satit.warehouse.publish;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the public release is made (docs/design/releases-over-time.md, rule 5): once a day at a time of a zone
 * ({@code disclosure.release.dailyAt}, by default 02:00 in Asia/Bangkok), or every so long (the demo: every five
 * minutes, so that it shows life). Each release is a snapshot the public can archive and difference; fewer snapshots
 * let the changes gather into steps of k. The guarantee of the release policy does not depend on the schedule.
 */
public record ReleaseSchedule(LocalTime dailyAt, ZoneId zone, Duration every) {

  public static final ReleaseSchedule DEFAULT = daily(LocalTime.of(2, 0), ZoneId.of("Asia/Bangkok"));

  private static final Pattern INTERVAL = Pattern.compile("(\\d{1,6})\\s*(s|m|h)");

  public ReleaseSchedule {
    if ((dailyAt == null) == (every == null)) {
      throw new IllegalArgumentException("a release schedule is either dailyAt or every, not both or neither");
    }
    if (every != null && every.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException("release every " + every.toSeconds() + " s: at least 10 s");
    }
    if (dailyAt != null && zone == null) {
      throw new IllegalArgumentException("dailyAt needs a zone");
    }
  }

  public static ReleaseSchedule daily(LocalTime at, ZoneId zone) {
    return new ReleaseSchedule(at, zone, null);
  }

  public static ReleaseSchedule every(Duration interval) {
    return new ReleaseSchedule(null, null, interval);
  }

  /** {@code "90s"}, {@code "5m"}, {@code "1h"}: an interval as satit.yaml writes it. */
  public static Duration interval(String text) {
    Matcher m = INTERVAL.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("interval '" + text + "': write a number and s, m or h (e.g. 5m)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** The latest scheduled moment at or before {@code now}. */
  public Instant lastDue(Instant now) {
    if (every != null) {
      long step = every.toMillis();
      return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step) * step);
    }
    ZonedDateTime today = now.atZone(zone).with(dailyAt);
    return (today.toInstant().isAfter(now) ? today.minusDays(1) : today).toInstant();
  }

  /** The first scheduled moment after {@code now}. */
  public Instant nextDue(Instant now) {
    if (every != null) {
      return lastDue(now).plus(every);
    }
    return lastDue(now).atZone(zone).plusDays(1).with(dailyAt).toInstant();
  }

  /** How often the releaser looks whether a release is due: often enough to be on time, at most every 15 s. */
  public Duration tick() {
    Duration most = Duration.ofSeconds(15);
    return every != null && every.compareTo(most) < 0 ? every : most;
  }

  /** As people read it: "daily at 02:00 (Asia/Bangkok)", "every 5 min". */
  public String describe() {
    if (every != null) {
      long s = every.toSeconds();
      return s % 3600 == 0 ? "every " + s / 3600 + " h" : s % 60 == 0 ? "every " + s / 60 + " min" : "every " + s + " s";
    }
    return "daily at " + dailyAt + " (" + zone.getId() + ")";
  }
}
