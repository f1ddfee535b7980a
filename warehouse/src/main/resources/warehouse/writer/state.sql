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
