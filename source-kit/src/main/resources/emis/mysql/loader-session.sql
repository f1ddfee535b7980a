-- Session settings of each bulk-load connection (one per table).
-- The generator feeds all tables from one thread, so one table's stream may wait minutes while another
-- table's load catches up: the server must not drop a LOAD DATA that waits for data.
SET SESSION net_read_timeout = 3600, net_write_timeout = 3600;
