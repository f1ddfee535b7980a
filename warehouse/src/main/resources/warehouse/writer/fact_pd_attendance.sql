-- Applies one batch of PD-attendance changes (staged in stg_fact_pd_attendance, affected keys in
-- stg_del_fact_pd_attendance) and moves rollup_school_pd by the difference between each affected attendance's
-- state before and after, counted for its teacher's current school and its session's year. As in
-- fact_test_score.sql, rows are found by one indexed column, session_id: every attendance of an affected session
-- is taken out into stg_old_fact_pd_attendance and those the batch did not change go back. A new session's
-- attendances find nothing to take out.

WITH gone AS (
  DELETE FROM fact_pd_attendance f USING (SELECT DISTINCT session_id FROM stg_del_fact_pd_attendance) k
  WHERE f.session_id = k.session_id
  RETURNING f.*
)
INSERT INTO stg_old_fact_pd_attendance SELECT * FROM gone;

INSERT INTO rollup_school_pd AS r
SELECT t.school_code, ps.academic_year, SUM(d.sign * d.hours_attended), SUM(d.sign * CAST(d.attended AS INTEGER)),
       SUM(d.sign)
FROM (
  SELECT -1 AS sign, o.session_id, o.teacher_id, o.attended, o.hours_attended
  FROM stg_old_fact_pd_attendance o SEMI JOIN stg_del_fact_pd_attendance k USING (session_id, teacher_id)
  UNION ALL
  SELECT 1, s.session_id, s.teacher_id, s.attended, s.hours_attended FROM stg_fact_pd_attendance s
) d
JOIN fact_pd_session ps ON ps.session_id = d.session_id
JOIN dim_teacher t ON t.teacher_id = d.teacher_id
WHERE t.school_code IS NOT NULL
GROUP BY t.school_code, ps.academic_year
ON CONFLICT DO UPDATE SET
  hours = r.hours + excluded.hours, attendances = r.attendances + excluded.attendances,
  records = r.records + excluded.records;

DELETE FROM rollup_school_pd WHERE records = 0;

-- the other attendances of the affected sessions, and the batch's new rows
INSERT INTO fact_pd_attendance
SELECT o.* FROM stg_old_fact_pd_attendance o ANTI JOIN stg_del_fact_pd_attendance k USING (session_id, teacher_id)
UNION ALL
SELECT * FROM stg_fact_pd_attendance;
