package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Writes one row of a source table, value by value in {@link SourceSpec#columnNames()} order, then
 * {@link #end()}. Typed so the bulk path can format values without boxing.
 */
public interface RowWriter {

  RowWriter text(String value);

  RowWriter integer(long value);

  /** A fixed-point number given as its unscaled value: {@code decimal(5590, 2)} is 55.90. */
  RowWriter decimal(long unscaled, int scale);

  RowWriter bool(boolean value);

  RowWriter date(LocalDate value);

  RowWriter timestamp(LocalDateTime value);

  RowWriter nul();

  default RowWriter integerOrNull(Long value) {
    return value == null ? nul() : integer(value);
  }

  default RowWriter decimalOrNull(Integer unscaled, int scale) {
    return unscaled == null ? nul() : decimal(unscaled, scale);
  }

  default RowWriter dateOrNull(LocalDate value) {
    return value == null ? nul() : date(value);
  }

  /** Completes the row. */
  void end();
}
