-- Applies one batch of enrollment changes (staged in stg_fact_enrollment, affected keys in
-- stg_del_fact_enrollment): moves rollup_school_enrollment by the difference between each affected
-- row's state before and after, replaces the rows, and refreshes the size of the affected schools'
-- current versions. A replayed change moves nothing.
--
-- As in fact_test_score.sql, rows are found by one indexed column, student_key: every year of an affected
-- pupil is taken out into stg_old_fact_enrollment (emptied by the writer) and the years the batch did not
-- change go back.

WITH gone AS (
  DELETE FROM fact_enrollment f USING (SELECT DISTINCT student_key FROM stg_del_fact_enrollment) k
  WHERE f.student_key = k.student_key
  RETURNING f.*
)
INSERT INTO stg_old_fact_enrollment SELECT * FROM gone;

CREATE OR REPLACE TEMP TABLE enrollment_delta AS
SELECT school_code, academic_year, grade, SUM(sign) AS pupils
FROM (
  SELECT -1 AS sign, o.school_code, o.academic_year, o.grade
  FROM stg_old_fact_enrollment o SEMI JOIN stg_del_fact_enrollment k USING (academic_year, student_key)
  UNION ALL
  SELECT 1, s.school_code, s.academic_year, s.grade FROM stg_fact_enrollment s
) d
GROUP BY school_code, academic_year, grade;

INSERT INTO rollup_school_enrollment AS r
SELECT school_code, academic_year, grade, pupils FROM enrollment_delta WHERE pupils <> 0
ON CONFLICT DO UPDATE SET pupils = r.pupils + excluded.pupils;

DELETE FROM rollup_school_enrollment WHERE pupils = 0;

-- the other years of the affected pupils, and the batch's new rows
INSERT INTO fact_enrollment
SELECT o.* FROM stg_old_fact_enrollment o ANTI JOIN stg_del_fact_enrollment k USING (academic_year, student_key)
UNION ALL
SELECT * FROM stg_fact_enrollment;

-- the current version of each affected school carries its latest year's size and band
UPDATE dim_school d SET pupils = y.pupils, size_band = y.size_band
FROM school_latest_size_of('enrollment_delta') y
WHERE d.school_code = y.school_code AND d.is_current
  AND (d.pupils IS DISTINCT FROM y.pupils OR d.size_band IS DISTINCT FROM y.size_band);
