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
  private final Map<String, SourceProgress> sources = new LinkedHashMap<>();

  /** One source's progress within the batch: its last streamed position and the heartbeats that arrived. */
  public static final class SourceProgress {
    String lastPosition;
    final List<long[]> heartbeats = new ArrayList<>(); // {seq, beat micros}
    boolean streamedHeartbeat;
    Long snapshotRead;

    Long newestSeq() {
      return heartbeats.stream().mapToLong(h -> h[0]).boxed().max(Long::compare).orElse(null);
    }

    Long newestBeatMicros() {
      return heartbeats.stream().mapToLong(h -> h[1]).boxed().max(Long::compare).orElse(null);
    }
  }

  private boolean appendSnapshot;

  /**
   * Marks the batch as snapshot reads of a first start into an empty warehouse: the tables that allow it take
   * its upserts by plain append, without looking for the keys or moving rollups. The next batch not so marked
   * first makes what was appended whole (WarehouseWriter).
   */
  public void appendSnapshot() {
    appendSnapshot = true;
  }

  boolean appendsSnapshot() {
    return appendSnapshot;
  }

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

  /** Records the log position of a streamed change of the source (changes arrive in source order). */
  public void streamed(String sourceName, String position) {
    if (position != null) {
      sources.computeIfAbsent(sourceName, k -> new SourceProgress()).lastPosition = position;
    }
  }

  /** Records a heartbeat of the source that arrived ({@code streamed}: from the stream, not a snapshot read). */
  public void heartbeat(String sourceName, long seq, long beatMicros, boolean streamed) {
    SourceProgress p = sources.computeIfAbsent(sourceName, k -> new SourceProgress());
    p.heartbeats.add(new long[] {seq, beatMicros});
    p.streamedHeartbeat |= streamed;
    if (!streamed) {
      p.snapshotRead = p.snapshotRead == null ? seq : Math.max(p.snapshotRead, seq);
    }
  }

  Map<String, SourceProgress> sources() {
    return sources;
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
    return changes.isEmpty() && quarantined.isEmpty() && progress.isEmpty() && sources.isEmpty();
  }

  public int size() {
    return changes.size() + quarantined.size();
  }
}
