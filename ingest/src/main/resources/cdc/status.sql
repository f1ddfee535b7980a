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

-- How many rows of each source table the warehouse holds now.
-- name: rows.province
SELECT COUNT(*) FROM dim_province;
-- name: rows.esa_office
SELECT COUNT(*) FROM dim_esa;
-- name: rows.school_cluster
SELECT COUNT(*) FROM dim_cluster;
-- name: rows.school
SELECT COUNT(*) FROM dim_school WHERE is_current;
-- name: rows.supervisor
SELECT COUNT(*) FROM dim_supervisor;
-- name: rows.teacher
SELECT COUNT(*) FROM dim_teacher;
-- name: rows.student
SELECT COUNT(*) FROM dim_student;
-- name: rows.enrollment
SELECT COUNT(*) FROM fact_enrollment;
-- name: rows.onet_score
SELECT COUNT(*) FROM fact_test_score WHERE test_code = 'ONET';
-- name: rows.nt_score
SELECT COUNT(*) FROM fact_test_score WHERE test_code = 'NT';
-- name: rows.rt_score
SELECT COUNT(*) FROM fact_test_score WHERE test_code = 'RT';
-- name: rows.pd_session
SELECT COUNT(*) FROM fact_pd_session;
-- name: rows.pd_attendance
SELECT COUNT(*) FROM fact_pd_attendance;
-- name: rows.supervision_visit
SELECT COUNT(*) FROM fact_supervision_visit;
-- name: rows.plc_activity
SELECT COUNT(*) FROM fact_plc_activity;
-- name: rows.test_subject
SELECT COUNT(*) FROM dim_subject;
-- name: rows.subject_strand
SELECT COUNT(*) FROM dim_strand;

-- Per configured source: the server, the last snapshot and why, the newest heartbeat that arrived.
-- name: source
SELECT server_identity, snapshot_reason, snapshot_at, streaming_since, heartbeat_seq, heartbeat_at
FROM ingest_source_state WHERE source_name = ?;
