-- Settings the writer makes when it opens the warehouse (WarehouseWriter).
--
-- DuckDB checkpoints the WAL into the database file at the commit that takes it past checkpoint_threshold
-- (default 16 MB), and a checkpoint writes every ART index out whole, not just what changed (duckdb/duckdb#24848).
-- At country scale (indexes over 22M scores, 20M enrollments, 8.8M students, 7M PD attendances) that made one
-- commit in ten take seconds: 469 ms per commit on average while streaming at 2,000 changes/s (satit bench ingest
-- --scale country, 2026-12-02). With 1 GB a checkpoint comes every few hundred thousand changes instead; the WAL
-- it leaves is replayed when the warehouse opens (seconds). A global setting: it holds for every connection.
SET checkpoint_threshold = '1GB';
