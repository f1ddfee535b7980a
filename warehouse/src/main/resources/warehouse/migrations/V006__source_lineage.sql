-- Which server each source's rows came from and how far its stream got: what satit proves a checkpoint
-- against before resuming it, and the end-to-end freshness (heartbeats written into the source by satit).

CREATE TABLE ingest_source_state (
  source_name     VARCHAR PRIMARY KEY,
  server_identity VARCHAR,   -- PostgreSQL system_identifier; MySQL server_uuid; MariaDB server_id@host:port/datadir
  database_name   VARCHAR,
  slot_name       VARCHAR,   -- PostgreSQL replication slot (null for MySQL/MariaDB)
  last_position   VARCHAR,   -- "lsn:N" or binlog "file:pos" of the last streamed change applied
  heartbeat_seq   BIGINT,    -- the newest heartbeat applied
  heartbeat_at    TIMESTAMP, -- when satit wrote that heartbeat into the source (UTC)
  heartbeat_read  BIGINT,    -- the heartbeat the snapshot read: the stream may replay those up to it
  snapshot_reason VARCHAR,   -- why the last snapshot was taken ("first start", or why a checkpoint was not resumed)
  snapshot_at     TIMESTAMP, -- when that snapshot began (UTC)
  streaming_since TIMESTAMP, -- when the first streamed heartbeat after it arrived (UTC); null while it runs
  updated_at      TIMESTAMP NOT NULL
);

-- The recent heartbeats of each source as they arrived. A heartbeat arriving again (Flink replays from its
-- checkpoint) must be one of these, written at the same instant; otherwise the source's history changed.
CREATE TABLE ingest_heartbeat (
  source_name VARCHAR NOT NULL,
  seq         BIGINT  NOT NULL,
  beat_micros BIGINT  NOT NULL,  -- when satit wrote it (epoch microseconds, UTC)
  PRIMARY KEY (source_name, seq)
);
