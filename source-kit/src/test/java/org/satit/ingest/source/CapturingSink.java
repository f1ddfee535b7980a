package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sink for tests: hands every generated row, as typed values, to a listener. */
final class CapturingSink implements RowSink {

  interface Listener {
    void row(SourceSpec table, List<Object> values);
  }

  private final Listener listener;
  private final Map<String, Writer> writers = new java.util.HashMap<>();

  CapturingSink(Listener listener) {
    this.listener = listener;
  }

  @Override
  public RowWriter writer(SourceSpec table) {
    return writers.computeIfAbsent(table.name(), n -> new Writer(table));
  }

  private final class Writer implements RowWriter {
    final SourceSpec table;
    List<Object> values = new ArrayList<>();

    Writer(SourceSpec table) {
      this.table = table;
    }

    private RowWriter add(Object v) {
      values.add(v);
      return this;
    }

    @Override
    public RowWriter text(String value) {
      return add(value);
    }

    @Override
    public RowWriter integer(long value) {
      return add(value);
    }

    @Override
    public RowWriter decimal(long unscaled, int scale) {
      return add(BigDecimal.valueOf(unscaled, scale));
    }

    @Override
    public RowWriter bool(boolean value) {
      return add(value);
    }

    @Override
    public RowWriter date(LocalDate value) {
      return add(value);
    }

    @Override
    public RowWriter timestamp(LocalDateTime value) {
      return add(value);
    }

    @Override
    public RowWriter nul() {
      return add(null);
    }

    @Override
    public void end() {
      if (values.size() != table.columns().size()) {
        throw new AssertionError(table + ": row has " + values.size() + " values for " + table.columns().size()
            + " columns: " + values);
      }
      listener.row(table, values);
      values = new ArrayList<>(values.size());
    }
  }
}
