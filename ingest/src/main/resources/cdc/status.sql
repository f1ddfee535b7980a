-- What /api/health reports about ingest, per source table (NamedSql; all times UTC).

-- name: tables
SELECT table_name, rows_applied, last_source_commit, updated_at,
       date_diff('millisecond', last_source_commit, updated_at) AS lag_ms
FROM ingest_table_state WHERE source_name = ? ORDER BY table_name;

-- name: version
SELECT version, committed_at FROM warehouse_version WHERE id = 1;

-- name: quarantined
SELECT COUNT(*) FROM quarantine WHERE released_at IS NULL;

-- name: quarantine_reasons
SELECT table_name, reason, COUNT(*) AS n FROM quarantine WHERE released_at IS NULL GROUP BY ALL ORDER BY n DESC;

-- Per configured source: the server, the last snapshot and why, the newest heartbeat that arrived.
-- name: source
SELECT server_identity, snapshot_reason, snapshot_at, streaming_since, heartbeat_seq, heartbeat_at
FROM ingest_source_state WHERE source_name = ?;
