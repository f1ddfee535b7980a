-- Bookkeeping of the ingest pipeline. The star schema itself follows in later migrations.

-- One row; bumped by the writer on every commit. The api pushes it to open dashboards.
CREATE TABLE warehouse_version (
  id          INTEGER PRIMARY KEY,
  version     BIGINT NOT NULL,
  committed_at TIMESTAMP NOT NULL
);
INSERT INTO warehouse_version VALUES (1, 0, current_timestamp);

-- Per source table: what has been applied and from where.
CREATE TABLE ingest_table_state (
  source_name        VARCHAR NOT NULL,   -- which configured source (e.g. "emis-pg")
  table_name         VARCHAR NOT NULL,   -- the source table's name
  rows_applied       BIGINT  NOT NULL DEFAULT 0,
  last_source_commit TIMESTAMP,          -- source commit time of the last change applied
  last_position      VARCHAR,            -- LSN or binlog file:pos of the last change applied
  updated_at         TIMESTAMP NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (source_name, table_name)
);

-- Rows that failed validation: kept with the reason, never silently dropped.
CREATE SEQUENCE quarantine_seq;
CREATE TABLE quarantine (
  quarantine_id   BIGINT PRIMARY KEY DEFAULT nextval('quarantine_seq'),
  source_name     VARCHAR NOT NULL,
  table_name      VARCHAR NOT NULL,
  reason          VARCHAR NOT NULL,     -- e.g. score_out_of_range, unknown_school, missing_key
  detail          VARCHAR,
  source_position VARCHAR,
  row_json        VARCHAR NOT NULL,     -- the row as received, citizen IDs already pseudonymised
  received_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);
