-- At the end of a first snapshot whose enrollment rows were appended (see after_snapshot/fact_test_score.sql):
-- of each key the last appended row stays, rollup_school_enrollment is built from the facts (the counts
-- fact_enrollment.sql keeps by differences) and every current school version carries its latest size.

DELETE FROM fact_enrollment WHERE rowid IN (
  SELECT rowid FROM (
    SELECT f.rowid, row_number() OVER (PARTITION BY f.academic_year, f.student_key ORDER BY f.rowid DESC) AS n
    FROM fact_enrollment f
    SEMI JOIN (SELECT academic_year, student_key FROM fact_enrollment GROUP BY ALL HAVING COUNT(*) > 1) d
      USING (academic_year, student_key)
  ) WHERE n > 1
);

DELETE FROM rollup_school_enrollment;

INSERT INTO rollup_school_enrollment
SELECT school_code, academic_year, grade, COUNT(*) FROM fact_enrollment GROUP BY ALL;

UPDATE dim_school d SET pupils = y.pupils, size_band = y.size_band
FROM school_latest_size y
WHERE d.school_code = y.school_code AND d.is_current
  AND (d.pupils IS DISTINCT FROM y.pupils OR d.size_band IS DISTINCT FROM y.size_band);
