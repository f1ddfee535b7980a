-- A quarantined row can be released when what it lacked arrives (a row that named a school before
-- the school itself reached the warehouse). Released rows stay listed, with the time of release.
ALTER TABLE quarantine ADD COLUMN released_at TIMESTAMP;

-- The same bad row seen again (a replay after a restart, a re-snapshot) is kept once.
ALTER TABLE quarantine ADD COLUMN row_hash VARCHAR;
CREATE UNIQUE INDEX quarantine_once ON quarantine (source_name, table_name, reason, row_hash);
