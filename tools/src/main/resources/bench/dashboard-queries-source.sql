-- The dashboard queries of bench/dashboard-queries.yaml, written against the EMIS source tables
-- (as emis/tables.yaml declares it) as one would ask the source PostgreSQL without satit. Each returns the same
-- columns as the semantic query (its groupBy dimensions, then its measures) and the same numbers as the
-- warehouse, so the source gets the rows satit keeps and leaves out what ingest quarantines:
--   scores:   student_id and score present, score within 0-100, a school the source knows;
--   visits:   a school the source knows, visited_on within the academic year (1 May to 30 April);
--   teachers and students: a citizen ID that passes the mod-11 check digit (others are quarantined, so a
--             quarantined student's scores have no sex in the warehouse, and a quarantined teacher counts
--             nowhere);
--   enrollment and school-level PLC meetings: a school the source knows.
-- Schools are placed in their current cluster/ESA/province (the warehouse views use the current version).
-- :name is a parameter (the picks of the YAML file); each use becomes one positional parameter.

-- name: national_overview
-- one pass: sums per region, the national figures as window sums over the regions
WITH g AS (
  SELECT p.region, o.academic_year, o.subject_code, COUNT(*) AS takers, SUM(o.score) AS sum_score,
         COUNT(*) FILTER (WHERE o.score >= 50) AS at_least_50
  FROM onet_score o
  JOIN school s ON s.school_code = o.school_code
  LEFT JOIN province p ON p.province_code = s.province_code
  WHERE o.grade = 'P6' AND o.student_id IS NOT NULL AND o.score BETWEEN 0 AND 100
  GROUP BY p.region, o.academic_year, o.subject_code
)
SELECT region, academic_year, subject_code, takers, (sum_score / takers)::float8 AS mean_score,
       100.0 * at_least_50 / takers AS share_at_least_50,
       (sum_score / takers - SUM(sum_score) OVER w / SUM(takers) OVER w)::float8 AS gap_to_national
FROM g
WINDOW w AS (PARTITION BY academic_year, subject_code)
ORDER BY 1, 2, 3;

-- name: esa_ranking
WITH g AS (
  SELECT s.esa_code, COUNT(*) AS takers, SUM(o.score) AS sum_score, COUNT(*) FILTER (WHERE o.score >= 50) AS at_least_50
  FROM onet_score o JOIN school s ON s.school_code = o.school_code
  WHERE o.academic_year = :year AND o.grade = 'P6' AND o.subject_code = 'MAT'
    AND o.student_id IS NOT NULL AND o.score BETWEEN 0 AND 100
  GROUP BY s.esa_code
)
SELECT esa_code, takers, (sum_score / takers)::float8 AS mean_score, 100.0 * at_least_50 / takers AS share_at_least_50,
       (sum_score / takers - SUM(sum_score) OVER () / SUM(takers) OVER ())::float8 AS gap_to_national
FROM g
ORDER BY mean_score DESC, esa_code;

-- name: esa_schools_by_cluster
WITH g AS (
  SELECT s.cluster_id, s.school_code, COUNT(*) AS takers, SUM(o.score) AS sum_score
  FROM onet_score o JOIN school s ON s.school_code = o.school_code
  WHERE s.esa_code = :esa AND o.academic_year = :year AND o.grade = 'P6' AND o.subject_code = 'MAT'
    AND o.student_id IS NOT NULL AND o.score BETWEEN 0 AND 100
  GROUP BY s.cluster_id, s.school_code
)
SELECT cluster_id, school_code, takers, (sum_score / takers)::float8 AS mean_score,
       (sum_score / takers - SUM(sum_score) OVER () / SUM(takers) OVER ())::float8 AS gap_to_esa
FROM g
ORDER BY 1, 2;

-- name: school_report_card
-- one pass over every score: the school's, its ESA's and the nation's figures by conditional aggregates
WITH scores AS (
  SELECT 'ONET' AS test_code, subject_code, grade, academic_year, school_code, score
  FROM onet_score WHERE student_id IS NOT NULL AND score BETWEEN 0 AND 100
  UNION ALL
  SELECT 'NT', domain_code, 'P3', academic_year, school_code, score
  FROM nt_score WHERE student_id IS NOT NULL AND score BETWEEN 0 AND 100
  UNION ALL
  SELECT 'RT', part_code, 'P1', academic_year, school_code, score
  FROM rt_score WHERE student_id IS NOT NULL AND score BETWEEN 0 AND 100
), placed AS (
  SELECT sc.test_code, sc.subject_code, sc.grade, sc.academic_year, sc.score,
         sc.school_code = :school AS mine,
         s.esa_code = (SELECT esa_code FROM school WHERE school_code = :school) AS same_esa
  FROM scores sc JOIN school s ON s.school_code = sc.school_code
), g AS (
  SELECT test_code, subject_code, grade, academic_year,
         COUNT(*) FILTER (WHERE mine) AS takers, AVG(score) FILTER (WHERE mine) AS mean,
         AVG(score) FILTER (WHERE same_esa) AS esa_mean, AVG(score) AS nat_mean
  FROM placed
  GROUP BY test_code, subject_code, grade, academic_year
)
SELECT test_code, subject_code, grade, academic_year, takers, mean::float8 AS mean_score,
       (mean - esa_mean)::float8 AS gap_to_esa, (mean - nat_mean)::float8 AS gap_to_national
FROM g
WHERE takers > 0
ORDER BY 1, 2, 3, 4;

-- name: proficiency_bands_by_esa
SELECT s.esa_code, COUNT(*) AS takers,
       100.0 * COUNT(*) FILTER (WHERE o.score < 50) / COUNT(*) AS share_below_50,
       100.0 * COUNT(*) FILTER (WHERE o.score >= 50 AND o.score < 70) / COUNT(*) AS share_50_69,
       100.0 * COUNT(*) FILTER (WHERE o.score >= 70 AND o.score < 90) / COUNT(*) AS share_70_89,
       100.0 * COUNT(*) FILTER (WHERE o.score >= 90) / COUNT(*) AS share_90_up
FROM onet_score o JOIN school s ON s.school_code = o.school_code
WHERE o.academic_year = :year AND o.grade = 'M3' AND o.subject_code = 'ENG'
  AND o.student_id IS NOT NULL AND o.score BETWEEN 0 AND 100
GROUP BY s.esa_code
ORDER BY 1;

-- name: change_by_esa
-- per school: this year and last year; the change counts schools with results in both years only
WITH cell AS (
  SELECT o.school_code, o.academic_year, COUNT(*) AS takers, SUM(o.score) AS sum_score
  FROM onet_score o JOIN school s ON s.school_code = o.school_code
  WHERE o.academic_year IN (:year, :year - 1) AND o.grade = 'P6' AND o.subject_code = 'MAT'
    AND o.student_id IS NOT NULL AND o.score BETWEEN 0 AND 100
  GROUP BY o.school_code, o.academic_year
)
SELECT s.esa_code, SUM(c.takers) AS takers, (SUM(c.sum_score) / SUM(c.takers))::float8 AS mean_score,
       (SUM(c.sum_score) FILTER (WHERE p.takers > 0) / NULLIF(SUM(c.takers) FILTER (WHERE p.takers > 0), 0)
        - SUM(p.sum_score) / NULLIF(SUM(p.takers), 0))::float8 AS change_vs_last_year
FROM cell c
JOIN school s ON s.school_code = c.school_code
LEFT JOIN cell p ON p.school_code = c.school_code AND p.academic_year = c.academic_year - 1
WHERE c.academic_year = :year
GROUP BY s.esa_code
ORDER BY 1;

-- name: network_by_cluster
-- per school and year (years with an enrollment count): teachers, PD hours of its teachers, visits
WITH mine AS (
  SELECT school_code, cluster_id FROM school WHERE esa_code = :esa
), years AS (
  SELECT DISTINCT e.school_code, e.academic_year FROM enrollment e JOIN mine m ON m.school_code = e.school_code
), valid_teacher AS (
  SELECT t.teacher_id, t.school_code
  FROM teacher t JOIN mine m ON m.school_code = t.school_code
  WHERE CASE WHEN t.citizen_id ~ '^[1-9][0-9]{12}$' THEN
          (11 - (13 * substr(t.citizen_id, 1, 1)::int + 12 * substr(t.citizen_id, 2, 1)::int
                 + 11 * substr(t.citizen_id, 3, 1)::int + 10 * substr(t.citizen_id, 4, 1)::int
                 + 9 * substr(t.citizen_id, 5, 1)::int + 8 * substr(t.citizen_id, 6, 1)::int
                 + 7 * substr(t.citizen_id, 7, 1)::int + 6 * substr(t.citizen_id, 8, 1)::int
                 + 5 * substr(t.citizen_id, 9, 1)::int + 4 * substr(t.citizen_id, 10, 1)::int
                 + 3 * substr(t.citizen_id, 11, 1)::int + 2 * substr(t.citizen_id, 12, 1)::int) % 11) % 10
          = substr(t.citizen_id, 13, 1)::int
        ELSE false END
), teachers AS (
  SELECT school_code, COUNT(*) AS teachers FROM valid_teacher GROUP BY school_code
), pd AS (
  SELECT t.school_code, ps.academic_year, SUM(a.hours_attended) AS pd_hours
  FROM pd_attendance a
  JOIN pd_session ps ON ps.session_id = a.session_id
  JOIN valid_teacher t ON t.teacher_id = a.teacher_id
  GROUP BY t.school_code, ps.academic_year
), visits AS (
  SELECT v.school_code, v.academic_year, COUNT(*) AS visits, COUNT(v.rating) AS rated_visits,
         COALESCE(SUM(v.rating), 0) AS rating_sum
  FROM supervision_visit v JOIN mine m ON m.school_code = v.school_code
  WHERE v.visited_on BETWEEN make_date(v.academic_year - 543, 5, 1) AND make_date(v.academic_year - 542, 4, 30)
  GROUP BY v.school_code, v.academic_year
)
SELECT m.cluster_id, y.academic_year, COUNT(*) AS schools, SUM(COALESCE(t.teachers, 0)) AS teachers,
       (SUM(COALESCE(pd.pd_hours, 0)) / NULLIF(SUM(COALESCE(t.teachers, 0)), 0))::float8 AS pd_hours_per_teacher,
       1.0 * SUM(COALESCE(v.visits, 0)) / COUNT(*) AS visits_per_school,
       1.0 * SUM(COALESCE(v.rating_sum, 0)) / NULLIF(SUM(COALESCE(v.rated_visits, 0)), 0) AS mean_visit_rating
FROM years y
JOIN mine m ON m.school_code = y.school_code
LEFT JOIN teachers t ON t.school_code = y.school_code
LEFT JOIN pd ON pd.school_code = y.school_code AND pd.academic_year = y.academic_year
LEFT JOIN visits v ON v.school_code = y.school_code AND v.academic_year = y.academic_year
GROUP BY m.cluster_id, y.academic_year
ORDER BY 1, 2;

-- name: plc_by_cluster
-- school-level meetings count only for a school the source knows; cluster-level ones have no school
SELECT c.cluster_id, a.academic_year, COUNT(*) AS plc_meetings, SUM(a.hours) AS plc_hours,
       SUM(a.hours * a.participants) AS plc_participant_hours
FROM plc_activity a
JOIN school_cluster c ON c.cluster_id = a.cluster_id
WHERE c.esa_code = :esa
  AND (a.school_code IS NULL OR EXISTS (SELECT 1 FROM school s WHERE s.school_code = a.school_code))
GROUP BY c.cluster_id, a.academic_year
ORDER BY 1, 2;

-- name: equity_size_location
-- a school's size band: its pupils in its latest year with an enrollment count, by its ESA's type
WITH v AS (
  SELECT o.school_code, s.esa_code, s.location_type, o.score
  FROM onet_score o JOIN school s ON s.school_code = o.school_code
  WHERE o.academic_year = :year AND o.grade = 'P6' AND o.subject_code = 'MAT'
    AND o.student_id IS NOT NULL AND o.score BETWEEN 0 AND 100
), pupils AS (
  SELECT e.school_code, e.academic_year, COUNT(*) AS pupils
  FROM enrollment e JOIN school s ON s.school_code = e.school_code
  GROUP BY e.school_code, e.academic_year
), latest AS (
  SELECT DISTINCT ON (school_code) school_code, pupils FROM pupils ORDER BY school_code, academic_year DESC
), banded AS (
  SELECT v.*,
         CASE WHEN l.pupils IS NULL THEN NULL
              WHEN eo.esa_type = 'secondary' THEN
                CASE WHEN l.pupils <= 499 THEN 'small' WHEN l.pupils <= 1499 THEN 'medium'
                     WHEN l.pupils <= 2499 THEN 'large' ELSE 'extra_large' END
              ELSE CASE WHEN l.pupils <= 120 THEN 'small' WHEN l.pupils <= 600 THEN 'medium'
                        WHEN l.pupils <= 1500 THEN 'large' ELSE 'extra_large' END
         END AS size_band
  FROM v LEFT JOIN latest l ON l.school_code = v.school_code
  LEFT JOIN esa_office eo ON eo.esa_code = v.esa_code
)
SELECT size_band, location_type, COUNT(*) AS takers, COUNT(DISTINCT school_code) AS schools,
       AVG(score)::float8 AS mean_score, 100.0 * COUNT(*) FILTER (WHERE score >= 50) / COUNT(*) AS share_at_least_50
FROM banded
GROUP BY size_band, location_type
ORDER BY 1, 2;

-- name: sex_breakdown
SELECT o.subject_code, st.sex, COUNT(*) AS takers, AVG(o.score)::float8 AS mean_score,
       100.0 * COUNT(*) FILTER (WHERE o.score >= 50) / COUNT(*) AS share_at_least_50
FROM onet_score o
JOIN school s ON s.school_code = o.school_code
LEFT JOIN student st ON st.student_id = o.student_id
  AND CASE WHEN st.citizen_id ~ '^[1-9][0-9]{12}$' THEN
        (11 - (13 * substr(st.citizen_id, 1, 1)::int + 12 * substr(st.citizen_id, 2, 1)::int
               + 11 * substr(st.citizen_id, 3, 1)::int + 10 * substr(st.citizen_id, 4, 1)::int
               + 9 * substr(st.citizen_id, 5, 1)::int + 8 * substr(st.citizen_id, 6, 1)::int
               + 7 * substr(st.citizen_id, 7, 1)::int + 6 * substr(st.citizen_id, 8, 1)::int
               + 5 * substr(st.citizen_id, 9, 1)::int + 4 * substr(st.citizen_id, 10, 1)::int
               + 3 * substr(st.citizen_id, 11, 1)::int + 2 * substr(st.citizen_id, 12, 1)::int) % 11) % 10
        = substr(st.citizen_id, 13, 1)::int
      ELSE false END
WHERE s.esa_code = :esa AND o.academic_year = :year AND o.grade = 'P6'
  AND o.student_id IS NOT NULL AND o.score BETWEEN 0 AND 100
GROUP BY o.subject_code, st.sex
ORDER BY 1, 2;
