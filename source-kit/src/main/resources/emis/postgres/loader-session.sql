-- Session settings of each bulk-load connection (one per table).
SET synchronous_commit = off;
