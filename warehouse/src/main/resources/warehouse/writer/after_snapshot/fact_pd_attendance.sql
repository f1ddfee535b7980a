-- At the end of a first snapshot whose attendance rows were appended (see after_snapshot/fact_test_score.sql):
-- of each key the last appended row stays, and rollup_school_pd is built from the facts (the sums
-- fact_pd_attendance.sql, dim_teacher.sql and fact_pd_session.sql keep by differences).

DELETE FROM fact_pd_attendance WHERE rowid IN (
  SELECT rowid FROM (
    SELECT f.rowid, row_number() OVER (PARTITION BY f.session_id, f.teacher_id ORDER BY f.rowid DESC) AS n
    FROM fact_pd_attendance f
    SEMI JOIN (SELECT session_id, teacher_id FROM fact_pd_attendance GROUP BY ALL HAVING COUNT(*) > 1) d
      USING (session_id, teacher_id)
  ) WHERE n > 1
);

DELETE FROM rollup_school_pd;

INSERT INTO rollup_school_pd
SELECT t.school_code, s.academic_year, SUM(a.hours_attended), COUNT(*) FILTER (a.attended), COUNT(*)
FROM fact_pd_attendance a
JOIN fact_pd_session s ON s.session_id = a.session_id
JOIN dim_teacher t ON t.teacher_id = a.teacher_id
WHERE t.school_code IS NOT NULL
GROUP BY ALL;
