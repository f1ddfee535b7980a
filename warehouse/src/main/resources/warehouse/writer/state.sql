-- Bookkeeping statements of the ingest writer (NamedSql).

-- name: table_progress
-- the batch's progress per source table, staged in stg_progress (one statement for all tables)
INSERT INTO ingest_table_state AS s (source_name, table_name, rows_applied, last_source_commit, last_position, updated_at)
SELECT source_name, table_name, rows_applied, last_source_commit, last_position, updated_at FROM stg_progress
ON CONFLICT DO UPDATE SET
  rows_applied = s.rows_applied + excluded.rows_applied,
  last_source_commit = CASE WHEN excluded.last_source_commit IS NULL THEN s.last_source_commit
                            WHEN s.last_source_commit IS NULL THEN excluded.last_source_commit
                            ELSE greatest(s.last_source_commit, excluded.last_source_commit) END,
  last_position = coalesce(excluded.last_position, s.last_position),
  updated_at = excluded.updated_at;

-- name: quarantine
INSERT INTO quarantine (source_name, table_name, reason, detail, source_position, row_json, row_hash)
SELECT source_name, table_name, reason, detail, source_position, row_json, sha256(row_json) FROM stg_quarantine
ON CONFLICT DO NOTHING;

-- name: release
UPDATE quarantine SET released_at = current_localtimestamp()
WHERE quarantine_id IN (SELECT quarantine_id FROM stg_release);

-- name: held_for_schools
SELECT quarantine_id, source_name, table_name, detail, row_json FROM quarantine
WHERE reason = 'unknown_school' AND released_at IS NULL
ORDER BY quarantine_id;

-- name: bump_version
-- ? = now in UTC (from Java: every warehouse time is UTC, whatever the machine's zone)
UPDATE warehouse_version SET version = version + 1, committed_at = ? WHERE id = 1
RETURNING version;

-- Source lineage (ingest_source_state, ingest_heartbeat): NamedParameters, all times UTC.

-- name: source_progress
-- one source's progress within a batch: the last streamed position and the newest heartbeat, if any
INSERT INTO ingest_source_state AS s (source_name, last_position, heartbeat_seq, heartbeat_at, heartbeat_read,
    streaming_since, updated_at)
VALUES (:source, :position, :seq, :beat_at, :read_seq, :streamed_at, :now)
ON CONFLICT DO UPDATE SET
  last_position = coalesce(excluded.last_position, s.last_position),
  heartbeat_seq = CASE WHEN excluded.heartbeat_seq IS NULL THEN s.heartbeat_seq
                       ELSE greatest(excluded.heartbeat_seq, coalesce(s.heartbeat_seq, excluded.heartbeat_seq)) END,
  heartbeat_at = CASE WHEN excluded.heartbeat_at IS NULL THEN s.heartbeat_at
                      ELSE greatest(excluded.heartbeat_at, coalesce(s.heartbeat_at, excluded.heartbeat_at)) END,
  heartbeat_read = greatest(s.heartbeat_read, excluded.heartbeat_read),
  streaming_since = coalesce(s.streaming_since, excluded.streaming_since),
  updated_at = excluded.updated_at;

-- name: heartbeat_arrived
INSERT INTO ingest_heartbeat VALUES (:source, :seq, :beat_micros) ON CONFLICT DO NOTHING;

-- name: heartbeats_pruned
-- keeps the newest :keep heartbeats of the source
DELETE FROM ingest_heartbeat WHERE source_name = :source AND seq <= :newest - :keep;

-- name: snapshot_begins
-- a snapshot of the source begins (first start, or a checkpoint that could not be resumed): the server it is
-- taken from, and why; the stream's position and heartbeats start again from what this snapshot reads
INSERT INTO ingest_source_state AS s (source_name, server_identity, database_name, slot_name, last_position,
    heartbeat_seq, heartbeat_at, heartbeat_read, snapshot_reason, snapshot_at, streaming_since, updated_at)
VALUES (:source, :identity, :database, :slot, NULL, NULL, NULL, NULL, :reason, :now, NULL, :now)
ON CONFLICT DO UPDATE SET server_identity = excluded.server_identity, database_name = excluded.database_name,
  slot_name = excluded.slot_name, last_position = NULL, heartbeat_seq = NULL, heartbeat_at = NULL, heartbeat_read = NULL,
  snapshot_reason = excluded.snapshot_reason, snapshot_at = excluded.snapshot_at, streaming_since = NULL,
  updated_at = excluded.updated_at;

-- name: heartbeats_forgotten
DELETE FROM ingest_heartbeat WHERE source_name = :source;

-- name: lineage
SELECT source_name, server_identity, database_name, slot_name, last_position, heartbeat_seq, heartbeat_at,
       snapshot_reason, snapshot_at, streaming_since, heartbeat_read
FROM ingest_source_state WHERE source_name = :source;

-- name: appended_not_whole
SELECT appended_not_whole FROM writer_state;

-- name: set_appended_not_whole
UPDATE writer_state SET appended_not_whole = :value;

-- name: snapshot_running
SELECT COUNT(*) > 0 FROM ingest_source_state
WHERE snapshot_at IS NOT NULL AND streaming_since IS NULL AND snapshot_reason = :reason;

-- name: recent_heartbeats
SELECT seq, beat_micros FROM ingest_heartbeat WHERE source_name = :source ORDER BY seq;
