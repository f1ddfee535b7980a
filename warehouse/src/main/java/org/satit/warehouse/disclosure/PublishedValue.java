package org.satit.warehouse.disclosure;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * One value as public output shows it: a number, or a code in its place. Exactly one of {@code value} and
 * {@code code} is non-null, so JSON can write both fields and CSV can write {@link #text()}.
 *
 * <p>Codes: {@value #SUPPRESSED} for a hidden cell, {@value #NO_STUDENTS} for a mean or share of an empty group, and
 * for shares near the ends a range such as {@code "<5%"} or {@code ">95%"}: a published share of exactly 0% or 100%
 * would tell every child's outcome in the group, so shares below the floor or above the ceiling are shown only as
 * ranges. The comparison uses the exact share, before rounding.
 */
public record PublishedValue(Double value, String code) {

  public static final String SUPPRESSED = "suppressed";
  public static final String NO_STUDENTS = "no_students";

  public PublishedValue {
    if ((value == null) == (code == null)) {
      throw new IllegalArgumentException("a published value is a number or a code, not both or neither");
    }
  }

  public static PublishedValue suppressed() {
    return new PublishedValue(null, SUPPRESSED);
  }

  /** A count: the number, or {@value #SUPPRESSED}. An empty group shows 0. */
  public static PublishedValue count(long count, boolean hidden) {
    return hidden ? suppressed() : new PublishedValue((double) count, null);
  }

  /** A mean {@code sum / count}, rounded half-up to {@link DisclosureRules#meanDecimals()}. */
  public static PublishedValue mean(long count, double sum, boolean hidden, DisclosureRules rules) {
    if (hidden) {
      return suppressed();
    }
    if (count == 0) {
      return new PublishedValue(null, NO_STUDENTS);
    }
    BigDecimal mean = BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
    return new PublishedValue(mean.setScale(rules.meanDecimals(), RoundingMode.HALF_UP).doubleValue(), null);
  }

  /**
   * The share in percent of {@code takers} who met a bar ({@code meeting} of them), rounded half-up to
   * {@link DisclosureRules#meanDecimals()}, or a range code when it lies below the floor or above the ceiling.
   */
  public static PublishedValue share(long takers, long meeting, boolean hidden, DisclosureRules rules) {
    if (meeting < 0 || meeting > takers) {
      throw new IllegalArgumentException(meeting + " of " + takers + " takers cannot meet a bar");
    }
    if (hidden) {
      return suppressed();
    }
    if (takers == 0) {
      return new PublishedValue(null, NO_STUDENTS);
    }
    BigDecimal percent = BigDecimal.valueOf(meeting * 100L).divide(BigDecimal.valueOf(takers), MathContext.DECIMAL64);
    if (percent.compareTo(BigDecimal.valueOf(rules.shareFloorPercent())) < 0) {
      return new PublishedValue(null, "<" + plain(rules.shareFloorPercent()) + "%");
    }
    if (percent.compareTo(BigDecimal.valueOf(rules.shareCeilingPercent())) > 0) {
      return new PublishedValue(null, ">" + plain(rules.shareCeilingPercent()) + "%");
    }
    return new PublishedValue(percent.setScale(rules.meanDecimals(), RoundingMode.HALF_UP).doubleValue(), null);
  }

  public boolean isNumber() {
    return value != null;
  }

  /** The number without trailing zeros ("72.5", "70", "0"), or the code. */
  public String text() {
    return value == null ? code : plain(value);
  }

  private static String plain(double number) {
    return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
  }
}
