-- Fresh planner statistics after the bulk load.
ANALYZE;
