-- PD hours per school x academic year (issue 15): the network-activity view summed every PD attendance of the
-- country on each query (269 ms at country scale). The writer keeps this rollup by differences, like the others:
-- an attendance is counted for its teacher's current school and its session's year, so an attendance change, a
-- teacher moving school and a session moving year each move it (fact_pd_attendance.sql, dim_teacher.sql,
-- fact_pd_session.sql). `records` counts the attendance rows behind a cell (a cell of none is removed).
CREATE TABLE rollup_school_pd (
  school_code    VARCHAR NOT NULL,
  academic_year  INTEGER NOT NULL,
  hours          DECIMAL(18,1) NOT NULL,
  attendances    BIGINT NOT NULL,
  records        BIGINT NOT NULL,
  PRIMARY KEY (school_code, academic_year)
);

-- fact_pd_attendance is found by session_id, as the large facts of V008 by one indexed column: its composite
-- primary key goes (DuckDB cannot drop it: the table is rebuilt)
CREATE TABLE fact_pd_attendance_v9 (
  session_id        BIGINT NOT NULL,
  teacher_id        BIGINT NOT NULL,
  attended          BOOLEAN NOT NULL,
  hours_attended    DECIMAL(4,1) NOT NULL
);
INSERT INTO fact_pd_attendance_v9 SELECT * FROM fact_pd_attendance;
DROP TABLE fact_pd_attendance;
ALTER TABLE fact_pd_attendance_v9 RENAME TO fact_pd_attendance;
CREATE INDEX fact_pd_attendance_by_session ON fact_pd_attendance (session_id);

INSERT INTO rollup_school_pd
SELECT t.school_code, s.academic_year, SUM(a.hours_attended), COUNT(*) FILTER (a.attended), COUNT(*)
FROM fact_pd_attendance a
JOIN fact_pd_session s ON s.session_id = a.session_id
JOIN dim_teacher t ON t.teacher_id = a.teacher_id
WHERE t.school_code IS NOT NULL
GROUP BY ALL;

-- Whether a first snapshot appended facts that are not made whole yet (WarehouseWriter): set by the batch that
-- appends, cleared by the next batch that does not (it removes what was appended twice and builds the rollups
-- first), in the same transactions, so neither a restart nor a later snapshot can lose what is owed.
CREATE TABLE writer_state (appended_not_whole BOOLEAN NOT NULL);
INSERT INTO writer_state VALUES (false);
