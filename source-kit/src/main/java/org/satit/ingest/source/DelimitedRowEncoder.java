package org.satit.ingest.source;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Encodes rows in the tab-separated text format that both PostgreSQL {@code COPY … FROM STDIN}
 * (text format) and MySQL {@code LOAD DATA} (default field options) read: tab between fields,
 * newline after each row, {@code \N} for NULL, backslash escapes for tab, newline, CR and backslash.
 * Full buffers of whole rows are handed to {@code flush}.
 */
final class DelimitedRowEncoder implements RowWriter {

  static final int BUFFER_BYTES = 64 * 1024;

  private final Consumer<byte[]> flush;
  private byte[] buf = new byte[BUFFER_BYTES + 4096];
  private int len;
  private boolean firstField = true;
  private long rows;

  DelimitedRowEncoder(Consumer<byte[]> flush) {
    this.flush = flush;
  }

  long rows() {
    return rows;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  private void separator() {
    if (!firstField) {
      ensure(1);
      buf[len++] = '\t';
    }
    firstField = false;
  }

  @Override
  public RowWriter text(String value) {
    if (value == null) {
      return nul();
    }
    separator();
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ensure(bytes.length * 2);
    for (byte b : bytes) {
      switch (b) {
        case '\\' -> { buf[len++] = '\\'; buf[len++] = '\\'; }
        case '\t' -> { buf[len++] = '\\'; buf[len++] = 't'; }
        case '\n' -> { buf[len++] = '\\'; buf[len++] = 'n'; }
        case '\r' -> { buf[len++] = '\\'; buf[len++] = 'r'; }
        default -> buf[len++] = b;
      }
    }
    return this;
  }

  @Override
  public RowWriter integer(long value) {
    separator();
    ensure(20);
    appendLong(value);
    return this;
  }

  private void appendLong(long value) {
    if (value == Long.MIN_VALUE) {
      byte[] s = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(s, 0, buf, len, s.length);
      len += s.length;
      return;
    }
    if (value < 0) {
      buf[len++] = '-';
      value = -value;
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + (value % 10));
      value /= 10;
    } while (value != 0);
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  @Override
  public RowWriter decimal(long unscaled, int scale) {
    separator();
    ensure(24);
    if (unscaled < 0) {
      buf[len++] = '-';
      unscaled = -unscaled;
    }
    long pow = 1;
    for (int i = 0; i < scale; i++) {
      pow *= 10;
    }
    appendLong(unscaled / pow);
    if (scale > 0) {
      buf[len++] = '.';
      long frac = unscaled % pow;
      for (long p = pow / 10; p >= 1; p /= 10) {
        buf[len++] = (byte) ('0' + (frac / p) % 10);
      }
    }
    return this;
  }

  @Override
  public RowWriter bool(boolean value) {
    separator();
    ensure(1);
    buf[len++] = (byte) (value ? '1' : '0');
    return this;
  }

  @Override
  public RowWriter date(LocalDate value) {
    if (value == null) {
      return nul();
    }
    separator();
    ensure(10);
    appendDate(value);
    return this;
  }

  private void appendDate(LocalDate d) {
    appendPadded(d.getYear(), 4);
    buf[len++] = '-';
    appendPadded(d.getMonthValue(), 2);
    buf[len++] = '-';
    appendPadded(d.getDayOfMonth(), 2);
  }

  private void appendPadded(int v, int width) {
    for (int p = width - 1; p >= 0; p--) {
      int div = 1;
      for (int i = 0; i < p; i++) {
        div *= 10;
      }
      buf[len++] = (byte) ('0' + (v / div) % 10);
    }
  }

  @Override
  public RowWriter timestamp(LocalDateTime value) {
    if (value == null) {
      return nul();
    }
    separator();
    ensure(19);
    appendDate(value.toLocalDate());
    buf[len++] = ' ';
    appendPadded(value.getHour(), 2);
    buf[len++] = ':';
    appendPadded(value.getMinute(), 2);
    buf[len++] = ':';
    appendPadded(value.getSecond(), 2);
    return this;
  }

  @Override
  public RowWriter nul() {
    separator();
    ensure(2);
    buf[len++] = '\\';
    buf[len++] = 'N';
    return this;
  }

  @Override
  public void end() {
    ensure(1);
    buf[len++] = '\n';
    firstField = true;
    rows++;
    if (len >= BUFFER_BYTES) {
      flush();
    }
  }

  /** Hands over what is buffered (whole rows only). */
  void flush() {
    if (len > 0) {
      flush.accept(Arrays.copyOf(buf, len));
      len = 0;
    }
  }
}
