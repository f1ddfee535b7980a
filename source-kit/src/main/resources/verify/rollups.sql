-- The warehouse's rollups against a rebuild from its facts, an oracle written apart from the writer's scripts:
-- each statement counts the rows in one but not the other (0: equal). WarehouseComparison.rollupProblems.

-- name: rollup_school_score
WITH kept AS (SELECT * FROM rollup_school_score),
rebuilt AS (
  SELECT school_code, test_code, grade, subject_code, academic_year, COUNT(*) AS takers, SUM(score) AS sum_score,
         SUM(score * score) AS sum_sq_score, COUNT(*) FILTER (score >= 50) AS at_least_50,
         COUNT(*) FILTER (score < 10) AS h0, COUNT(*) FILTER (score >= 10 AND score < 20) AS h1,
         COUNT(*) FILTER (score >= 20 AND score < 30) AS h2, COUNT(*) FILTER (score >= 30 AND score < 40) AS h3,
         COUNT(*) FILTER (score >= 40 AND score < 50) AS h4, COUNT(*) FILTER (score >= 50 AND score < 60) AS h5,
         COUNT(*) FILTER (score >= 60 AND score < 70) AS h6, COUNT(*) FILTER (score >= 70 AND score < 80) AS h7,
         COUNT(*) FILTER (score >= 80 AND score < 90) AS h8, COUNT(*) FILTER (score >= 90) AS h9
  FROM fact_test_score GROUP BY school_code, test_code, grade, subject_code, academic_year)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM rebuilt))
     + (SELECT COUNT(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM kept));

-- name: rollup_school_enrollment
WITH rebuilt AS (SELECT school_code, academic_year, grade, COUNT(*) AS pupils FROM fact_enrollment GROUP BY ALL)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM rollup_school_enrollment EXCEPT ALL SELECT * FROM rebuilt))
     + (SELECT COUNT(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM rollup_school_enrollment));

-- name: rollup_school_visits
WITH rebuilt AS (
  SELECT school_code, academic_year, COUNT(*) AS visits, COUNT(rating) AS rated_visits,
         CAST(COALESCE(SUM(rating), 0) AS BIGINT) AS rating_sum, COUNT(*) FILTER (follow_up) AS follow_ups
  FROM fact_supervision_visit GROUP BY ALL)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM rollup_school_visits EXCEPT ALL SELECT * FROM rebuilt))
     + (SELECT COUNT(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM rollup_school_visits));

-- name: rollup_plc
WITH rebuilt AS (
  SELECT cluster_id, COALESCE(school_code, '') AS school_code, academic_year, COUNT(*) AS meetings,
         SUM(hours) AS hours, SUM(hours * participants) AS participant_hours
  FROM fact_plc_activity GROUP BY ALL)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM rollup_plc EXCEPT ALL SELECT * FROM rebuilt))
     + (SELECT COUNT(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM rollup_plc));

-- name: dim_school_size
-- every current school version with pupils carries its latest year's count
SELECT COUNT(*) FROM dim_school d JOIN school_latest_size y ON y.school_code = d.school_code
WHERE d.is_current AND (d.pupils IS DISTINCT FROM y.pupils OR d.size_band IS DISTINCT FROM y.size_band);

-- name: rollup_school_pd
WITH rebuilt AS (
  SELECT t.school_code, s.academic_year, SUM(a.hours_attended) AS hours,
         COUNT(*) FILTER (a.attended) AS attendances, COUNT(*) AS records
  FROM fact_pd_attendance a
  JOIN fact_pd_session s ON s.session_id = a.session_id
  JOIN dim_teacher t ON t.teacher_id = a.teacher_id
  WHERE t.school_code IS NOT NULL
  GROUP BY ALL)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM rollup_school_pd EXCEPT ALL SELECT * FROM rebuilt))
     + (SELECT COUNT(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM rollup_school_pd));

-- name: rollup_esa_score
-- every score counts for the ESA and province of its school's current version (schools with an ESA only)
WITH rebuilt AS (
  SELECT s.esa_code, s.province_code, f.test_code, f.grade, f.subject_code, f.academic_year, COUNT(*) AS takers,
         SUM(f.score) AS sum_score, SUM(f.score * f.score) AS sum_sq_score, COUNT(*) FILTER (f.score >= 50) AS at_least_50,
         COUNT(*) FILTER (f.score < 10) AS h0, COUNT(*) FILTER (f.score >= 10 AND f.score < 20) AS h1,
         COUNT(*) FILTER (f.score >= 20 AND f.score < 30) AS h2, COUNT(*) FILTER (f.score >= 30 AND f.score < 40) AS h3,
         COUNT(*) FILTER (f.score >= 40 AND f.score < 50) AS h4, COUNT(*) FILTER (f.score >= 50 AND f.score < 60) AS h5,
         COUNT(*) FILTER (f.score >= 60 AND f.score < 70) AS h6, COUNT(*) FILTER (f.score >= 70 AND f.score < 80) AS h7,
         COUNT(*) FILTER (f.score >= 80 AND f.score < 90) AS h8, COUNT(*) FILTER (f.score >= 90) AS h9
  FROM fact_test_score f JOIN dim_school s ON s.school_code = f.school_code AND s.is_current
  WHERE s.esa_code IS NOT NULL
  GROUP BY ALL)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM rollup_esa_score EXCEPT ALL SELECT * FROM rebuilt))
     + (SELECT COUNT(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM rollup_esa_score));

-- name: rollup_nation_score
WITH rebuilt AS (
  SELECT test_code, grade, subject_code, academic_year, COUNT(*) AS takers, SUM(score) AS sum_score
  FROM fact_test_score GROUP BY ALL)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM rollup_nation_score EXCEPT ALL SELECT * FROM rebuilt))
     + (SELECT COUNT(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT * FROM rollup_nation_score));
