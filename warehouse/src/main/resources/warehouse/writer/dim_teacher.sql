-- Applies one batch of teacher changes (staged in stg_dim_teacher, affected keys in stg_del_dim_teacher). A
-- teacher who moves school (or is deleted) takes the PD attendances counted for them in rollup_school_pd along:
-- counted out of the old school and into the new one. Other changes move nothing.

INSERT INTO rollup_school_pd AS r
SELECT d.school_code, ps.academic_year, SUM(d.sign * a.hours_attended), SUM(d.sign * CAST(a.attended AS INTEGER)),
       SUM(d.sign)
FROM (
  SELECT -1 AS sign, t.teacher_id, t.school_code
  FROM dim_teacher t JOIN stg_del_dim_teacher k ON t.teacher_id = k.teacher_id
  WHERE t.school_code IS NOT NULL AND t.school_code IS DISTINCT FROM
    (SELECT s.school_code FROM stg_dim_teacher s WHERE s.teacher_id = t.teacher_id)
  UNION ALL
  SELECT 1, s.teacher_id, s.school_code
  FROM stg_dim_teacher s LEFT JOIN dim_teacher t ON t.teacher_id = s.teacher_id
  WHERE s.school_code IS NOT NULL AND s.school_code IS DISTINCT FROM t.school_code
) d
JOIN fact_pd_attendance a ON a.teacher_id = d.teacher_id
JOIN fact_pd_session ps ON ps.session_id = a.session_id
GROUP BY d.school_code, ps.academic_year
ON CONFLICT DO UPDATE SET
  hours = r.hours + excluded.hours, attendances = r.attendances + excluded.attendances,
  records = r.records + excluded.records;

DELETE FROM rollup_school_pd WHERE records = 0;

DELETE FROM dim_teacher t USING stg_del_dim_teacher k WHERE t.teacher_id = k.teacher_id;

INSERT INTO dim_teacher SELECT * FROM stg_dim_teacher;
