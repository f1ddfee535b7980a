-- What satit asks of a live source (NamedSql): who the server is, where its log is now, and the heartbeat
-- satit writes into it. One statement per engine where the dialects differ.

-- name: postgres.identity
SELECT system_identifier::text FROM pg_control_system();

-- name: postgres.database
SELECT current_database();

-- name: postgres.position
-- the server's current WAL position, as the byte offset Debezium reports as "lsn"
SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint;

-- name: postgres.slot
SELECT slot_name FROM pg_replication_slots WHERE slot_name = ?;

-- name: postgres.publication
SELECT pubname FROM pg_publication WHERE pubname = ?;

-- name: postgres.publication_has_heartbeat
SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND tablename = 'satit_heartbeat';

-- name: postgres.heartbeat_table
CREATE TABLE IF NOT EXISTS satit_heartbeat (
  source_name     VARCHAR(64) PRIMARY KEY,
  seq             BIGINT NOT NULL,
  server_identity VARCHAR(300) NOT NULL,
  beat_at         TIMESTAMP(6) NOT NULL
);

-- name: postgres.beat
-- ? = source name, server identity, now (UTC); seq counts every heartbeat ever committed, without gaps
INSERT INTO satit_heartbeat AS h (source_name, seq, server_identity, beat_at) VALUES (?, 1, ?, ?)
ON CONFLICT (source_name) DO UPDATE SET seq = h.seq + 1, server_identity = excluded.server_identity,
  beat_at = excluded.beat_at;

-- name: mysql.version
SELECT VERSION();

-- name: mysql.identity
SELECT @@server_uuid;

-- name: mariadb.identity
-- MariaDB has no server_uuid: its server id, host, port and data directory together name the server
SELECT CONCAT('mariadb ', @@server_id, '@', @@hostname, ':', @@port, ' ', @@datadir);

-- name: mysql.database
SELECT DATABASE();

-- name: mysql.binlogs
SHOW BINARY LOGS;

-- name: mysql.position
SHOW MASTER STATUS;

-- name: mysql.heartbeat_table
CREATE TABLE IF NOT EXISTS satit_heartbeat (
  source_name     VARCHAR(64) PRIMARY KEY,
  seq             BIGINT NOT NULL,
  server_identity VARCHAR(300) NOT NULL,
  beat_at         DATETIME(6) NOT NULL
);

-- name: mysql.beat
INSERT INTO satit_heartbeat (source_name, seq, server_identity, beat_at) VALUES (?, 1, ?, ?)
ON DUPLICATE KEY UPDATE seq = seq + 1, server_identity = VALUES(server_identity), beat_at = VALUES(beat_at);

-- name: postgres.drop_inactive_slot
-- ? = slot name; a row when it was dropped (a slot a reader holds is left alone)
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active;

-- name: postgres.end_slot_reader
-- ? = slot name; ends the walsender holding satit's slot (a job that is gone, before a fresh snapshot)
SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL;
