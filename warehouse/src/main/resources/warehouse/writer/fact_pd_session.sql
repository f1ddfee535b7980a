-- Applies one batch of PD-session changes (staged in stg_fact_pd_session, affected keys in
-- stg_del_fact_pd_session). A session that moves to another academic year (or is deleted) takes the attendances
-- counted for it in rollup_school_pd along; a new session brings the attendances that arrived before it.

INSERT INTO rollup_school_pd AS r
SELECT t.school_code, d.academic_year, SUM(d.sign * a.hours_attended), SUM(d.sign * CAST(a.attended AS INTEGER)),
       SUM(d.sign)
FROM (
  SELECT -1 AS sign, p.session_id, p.academic_year
  FROM fact_pd_session p JOIN stg_del_fact_pd_session k ON p.session_id = k.session_id
  WHERE p.academic_year IS DISTINCT FROM
    (SELECT s.academic_year FROM stg_fact_pd_session s WHERE s.session_id = p.session_id)
  UNION ALL
  SELECT 1, s.session_id, s.academic_year
  FROM stg_fact_pd_session s LEFT JOIN fact_pd_session p ON p.session_id = s.session_id
  WHERE s.academic_year IS DISTINCT FROM p.academic_year
) d
JOIN fact_pd_attendance a ON a.session_id = d.session_id
JOIN dim_teacher t ON t.teacher_id = a.teacher_id
WHERE t.school_code IS NOT NULL
GROUP BY t.school_code, d.academic_year
ON CONFLICT DO UPDATE SET
  hours = r.hours + excluded.hours, attendances = r.attendances + excluded.attendances,
  records = r.records + excluded.records;

DELETE FROM rollup_school_pd WHERE records = 0;

DELETE FROM fact_pd_session p USING stg_del_fact_pd_session k WHERE p.session_id = k.session_id;

INSERT INTO fact_pd_session SELECT * FROM stg_fact_pd_session;
