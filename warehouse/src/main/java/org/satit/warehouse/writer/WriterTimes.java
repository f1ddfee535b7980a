package org.satit.warehouse.writer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the writer's transactions spend their time, summed over the batches since the last {@link #reset}: per
 * warehouse table and step (staging through the appender, each statement of the table's script by what it
 * writes, the plain tables' delete and upsert), the bookkeeping every batch does (quarantine, progress, source
 * state, version) and the commit. For {@code satit bench ingest}'s breakdown; costs two clock reads a statement.
 */
public final class WriterTimes {

  /** The pseudo-table of the steps every batch takes whatever it holds. */
  public static final String BATCH = "(every batch)";

  /** One step: how often it ran and how long it took in all. */
  public record Step(String table, String step, long count, long nanos) {
    public double millisPerRun() {
      return count == 0 ? 0 : nanos / 1e6 / count;
    }
  }

  private final Map<List<String>, long[]> steps = new LinkedHashMap<>();

  synchronized void add(String table, String step, long nanos) {
    long[] s = steps.computeIfAbsent(List.of(table, step), k -> new long[2]);
    s[0]++;
    s[1] += nanos;
  }

  /** Times {@code work} as the table's step. */
  <T> T time(String table, String step, SqlWork<T> work) throws java.sql.SQLException {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      add(table, step, System.nanoTime() - start);
    }
  }

  /** A piece of the writer's work that may fail with an SQL error. */
  interface SqlWork<T> {
    T run() throws java.sql.SQLException;
  }

  /** Every step so far, in the order first seen. */
  public synchronized List<Step> steps() {
    List<Step> out = new ArrayList<>();
    steps.forEach((k, v) -> out.add(new Step(k.get(0), k.get(1), v[0], v[1])));
    return out;
  }

  public synchronized void reset() {
    steps.clear();
  }
}
