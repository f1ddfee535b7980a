package org.satit.warehouse.writer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the writer applies in one DuckDB transaction: row changes in source order, rows sent to
 * quarantine, and per source table how far the batch got.
 */
public final class Batch {

  /** A source row that failed validation. */
  public record Quarantined(String sourceName, String tableName, String reason, String detail, String position,
                            String rowJson) {
  }

  /** A source table of a configured source. */
  record SourceTableKey(String source, String table) {
  }

  /** Progress of one source table within the batch. */
  public static final class TableProgress {
    long rows;
    Instant lastCommit;
    String lastPosition;
  }

  private final List<RowChange> changes = new ArrayList<>();
  private final List<Quarantined> quarantined = new ArrayList<>();
  private final Map<SourceTableKey, TableProgress> progress = new LinkedHashMap<>();
  private final List<Long> released = new ArrayList<>();

  public void add(RowChange change) {
    changes.add(change);
  }

  public void quarantine(Quarantined row) {
    quarantined.add(row);
  }

  /** Marks a quarantined row as released: its content is applied in this batch. */
  public void release(long quarantineId) {
    released.add(quarantineId);
  }

  List<Long> released() {
    return released;
  }

  /** Records that one change of {@code sourceName}/{@code tableName} committed at {@code commit} was taken in. */
  public void progress(String sourceName, String tableName, Instant commit, String position) {
    TableProgress p = progress.computeIfAbsent(new SourceTableKey(sourceName, tableName), k -> new TableProgress());
    p.rows++;
    if (commit != null && (p.lastCommit == null || commit.isAfter(p.lastCommit))) {
      p.lastCommit = commit;
    }
    if (position != null) {
      p.lastPosition = position;
    }
  }

  public List<RowChange> changes() {
    return changes;
  }

  public List<Quarantined> quarantined() {
    return quarantined;
  }

  Map<SourceTableKey, TableProgress> progress() {
    return progress;
  }

  public boolean isEmpty() {
    return changes.isEmpty() && quarantined.isEmpty() && progress.isEmpty();
  }

  public int size() {
    return changes.size() + quarantined.size();
  }
}
