-- What each role of the query layer may read. Calcite mounts exactly one of these DuckDB schemas for a
-- connection (admin also gets the raw warehouse), so a role cannot name anything else:
--   q_public   only the published (disclosure-protected) tables and harmless reference data;
--   q_district everything of its own ESA (the connection's variable satit_esa, set by the server, never
--              by the user), aggregates at ESA level and above for every ESA;
--   q_analyst  pseudonymised micro-data of all ESAs (no citizen ID or name exists in the warehouse).
-- Views hold no data: this file is run on every start (CREATE OR REPLACE), unlike the migrations.
-- Sums are DOUBLE so averages over them never come back as integers through Calcite.

CREATE SCHEMA IF NOT EXISTS q_analyst;
CREATE SCHEMA IF NOT EXISTS q_district;
CREATE SCHEMA IF NOT EXISTS q_public;

-- ---------------------------------------------------------------- reference data (every role)

CREATE OR REPLACE VIEW q_analyst.provinces AS
SELECT province_code, name_th, name_en, region FROM main.dim_province;

CREATE OR REPLACE VIEW q_analyst.esa_offices AS
SELECT e.esa_code, e.esa_type, e.province_code, p.region, e.area_no, e.name_th, e.name_en
FROM main.dim_esa e LEFT JOIN main.dim_province p USING (province_code);

CREATE OR REPLACE VIEW q_analyst.clusters AS
SELECT cluster_id, esa_code, name_th, name_en, amphoe_th, amphoe_en FROM main.dim_cluster;

-- Current version of every open school, with its latest size.
CREATE OR REPLACE VIEW q_analyst.schools AS
SELECT s.school_code, s.smis_code, s.name_th, s.name_en, s.esa_code, s.cluster_id, s.province_code, p.region,
       s.amphoe_th, s.location_type, s.lowest_grade, s.highest_grade, s.extended_opportunity, s.pupils,
       s.size_band, s.status
FROM main.dim_school s LEFT JOIN main.dim_province p USING (province_code)
WHERE s.is_current;

CREATE OR REPLACE VIEW q_analyst.tests AS SELECT test_code, name_th, name_en FROM main.dim_test;
CREATE OR REPLACE VIEW q_analyst.subjects AS SELECT test_code, subject_code, name_th, name_en FROM main.dim_subject;
CREATE OR REPLACE VIEW q_analyst.strands AS SELECT subject_code, strand_no, name_th, name_en FROM main.dim_strand;
CREATE OR REPLACE VIEW q_analyst.grades AS SELECT grade_code, level, ordinal, name_th, name_en FROM main.dim_grade;
-- has_scores: any test result exists for the year (a fact about the calendar of tests, no one's number)
CREATE OR REPLACE VIEW q_analyst.academic_years AS
SELECT year_be, year_ce, starts_on, ends_on, label_th, label_en,
       year_be IN (SELECT DISTINCT academic_year FROM main.rollup_school_score) AS has_scores
FROM main.dim_academic_year;

-- ---------------------------------------------------------------- scores at school grain (from the rollup)

-- One row per school x test x grade x subject x academic year, with the school's place in the
-- hierarchy (current version), last year's figures of the same school and slice, and the ESA and
-- national totals of the slice: every score measure of the semantic model is a ratio of sums here.
CREATE OR REPLACE VIEW q_analyst.score_cells AS
-- No CTE is used twice (DuckDB would materialise the whole rollup on every query): each part reads the base
-- tables, so a query's filters on test, grade, subject and year reach every part through the join keys.
SELECT r.school_code, s.esa_code, s.cluster_id, s.province_code, p.region, s.location_type, s.size_band,
       r.test_code, r.grade, r.subject_code, r.academic_year, r.takers,
       CAST(r.sum_score AS DOUBLE) AS sum_score, CAST(r.sum_sq_score AS DOUBLE) AS sum_sq_score, r.at_least_50,
       r.h0 + r.h1 + r.h2 + r.h3 + r.h4 AS band_below_50, r.h5 + r.h6 AS band_50_69, r.h7 + r.h8 AS band_70_89,
       r.h9 AS band_90_up, r.h0, r.h1, r.h2, r.h3, r.h4, r.h5, r.h6, r.h7, r.h8, r.h9,
       prev.takers AS prev_takers, CAST(prev.sum_score AS DOUBLE) AS prev_sum_score,
       esa.esa_takers, esa.esa_sum_score, nation.takers AS nat_takers,
       CAST(nation.sum_score AS DOUBLE) AS nat_sum_score
FROM main.rollup_school_score r
JOIN main.dim_school s ON s.school_code = r.school_code AND s.is_current
LEFT JOIN main.dim_province p ON p.province_code = s.province_code
LEFT JOIN main.rollup_school_score prev ON prev.school_code = r.school_code AND prev.test_code = r.test_code
  AND prev.grade = r.grade AND prev.subject_code = r.subject_code AND prev.academic_year = r.academic_year - 1
LEFT JOIN (
  SELECT esa_code, test_code, grade, subject_code, academic_year,
         SUM(takers) AS esa_takers, CAST(SUM(sum_score) AS DOUBLE) AS esa_sum_score
  FROM main.rollup_esa_score GROUP BY ALL
) esa ON esa.esa_code = s.esa_code AND esa.test_code = r.test_code AND esa.grade = r.grade
  AND esa.subject_code = r.subject_code AND esa.academic_year = r.academic_year
LEFT JOIN main.rollup_nation_score nation ON nation.test_code = r.test_code AND nation.grade = r.grade
  AND nation.subject_code = r.subject_code AND nation.academic_year = r.academic_year;

-- The same at ESA grain (one row per ESA and province: a secondary ESA spans provinces), from the writer's ESA and
-- nation rollups: what a district office may see of every other ESA, and the national pages. prev_* is the same
-- cell the year before.
CREATE OR REPLACE VIEW q_analyst.esa_score_cells AS
SELECT e.esa_code, e.province_code, p.region, e.test_code, e.grade, e.subject_code, e.academic_year,
       e.takers, CAST(e.sum_score AS DOUBLE) AS sum_score, CAST(e.sum_sq_score AS DOUBLE) AS sum_sq_score,
       e.at_least_50, e.h0 + e.h1 + e.h2 + e.h3 + e.h4 AS band_below_50, e.h5 + e.h6 AS band_50_69,
       e.h7 + e.h8 AS band_70_89, e.h9 AS band_90_up,
       prev.takers AS prev_takers, CAST(prev.sum_score AS DOUBLE) AS prev_sum_score,
       nation.takers AS nat_takers, CAST(nation.sum_score AS DOUBLE) AS nat_sum_score
FROM main.rollup_esa_score e
LEFT JOIN main.dim_province p ON p.province_code = e.province_code
LEFT JOIN main.rollup_esa_score prev ON prev.esa_code = e.esa_code AND prev.province_code = e.province_code
  AND prev.test_code = e.test_code AND prev.grade = e.grade AND prev.subject_code = e.subject_code
  AND prev.academic_year = e.academic_year - 1
LEFT JOIN main.rollup_nation_score nation ON nation.test_code = e.test_code AND nation.grade = e.grade
  AND nation.subject_code = e.subject_code AND nation.academic_year = e.academic_year;

-- ---------------------------------------------------------------- micro-data (pseudonymised)

-- One row per score of one child: the student is a keyed pseudonym; sex and birth year only.
CREATE OR REPLACE VIEW q_analyst.score_records AS
SELECT f.test_code, f.score_id, f.academic_year, f.student_key, st.sex, st.birth_year_be, f.school_code,
       s.esa_code, s.cluster_id, s.province_code, s.location_type, s.size_band, f.grade, f.subject_code,
       CAST(f.score AS DOUBLE) AS score, CAST(f.strand_1 AS DOUBLE) AS strand_1,
       CAST(f.strand_2 AS DOUBLE) AS strand_2, CAST(f.strand_3 AS DOUBLE) AS strand_3,
       CAST(f.strand_4 AS DOUBLE) AS strand_4, CAST(f.strand_5 AS DOUBLE) AS strand_5
FROM main.fact_test_score f
LEFT JOIN main.dim_student st ON st.student_key = f.student_key
JOIN main.dim_school s ON s.school_code = f.school_code AND s.is_current;

CREATE OR REPLACE VIEW q_analyst.enrollment_records AS
SELECT e.academic_year, e.student_key, st.sex, st.birth_year_be, e.school_code, s.esa_code, s.cluster_id,
       s.location_type, e.grade, e.classroom
FROM main.fact_enrollment e
LEFT JOIN main.dim_student st ON st.student_key = e.student_key
JOIN main.dim_school s ON s.school_code = e.school_code AND s.is_current;

-- ---------------------------------------------------------------- academic-network activity

-- Per school x academic year: pupils, teachers, PD hours attended by its teachers, supervision visits,
-- PLC hours (school-level meetings; cluster-level meetings count for the cluster, see cluster_plc).
CREATE OR REPLACE VIEW q_analyst.school_activity AS
WITH years AS (
  SELECT DISTINCT school_code, academic_year FROM main.rollup_school_enrollment
), pupils AS (
  SELECT school_code, academic_year, SUM(pupils) AS pupils FROM main.rollup_school_enrollment GROUP BY ALL
), teachers AS (
  SELECT school_code, COUNT(*) AS teachers FROM main.dim_teacher WHERE school_code IS NOT NULL GROUP BY ALL
), pd AS (
  SELECT school_code, academic_year, CAST(hours AS DOUBLE) AS pd_hours, attendances AS pd_attendances
  FROM main.rollup_school_pd
), plc AS (
  SELECT school_code, academic_year, SUM(meetings) AS plc_meetings, CAST(SUM(hours) AS DOUBLE) AS plc_hours
  FROM main.rollup_plc WHERE school_code <> '' GROUP BY ALL
)
SELECT y.school_code, s.esa_code, s.cluster_id, s.province_code, p.region, s.location_type, s.size_band,
       y.academic_year, COALESCE(pupils.pupils, 0) AS pupils, COALESCE(teachers.teachers, 0) AS teachers,
       COALESCE(pd.pd_hours, 0) AS pd_hours, COALESCE(pd.pd_attendances, 0) AS pd_attendances,
       COALESCE(v.visits, 0) AS visits, COALESCE(v.rated_visits, 0) AS rated_visits,
       COALESCE(v.rating_sum, 0) AS rating_sum, COALESCE(v.follow_ups, 0) AS follow_ups,
       COALESCE(plc.plc_meetings, 0) AS plc_meetings, COALESCE(plc.plc_hours, 0) AS plc_hours
FROM years y
JOIN main.dim_school s ON s.school_code = y.school_code AND s.is_current
LEFT JOIN main.dim_province p ON p.province_code = s.province_code
LEFT JOIN pupils ON pupils.school_code = y.school_code AND pupils.academic_year = y.academic_year
LEFT JOIN teachers ON teachers.school_code = y.school_code
LEFT JOIN pd ON pd.school_code = y.school_code AND pd.academic_year = y.academic_year
LEFT JOIN main.rollup_school_visits v ON v.school_code = y.school_code AND v.academic_year = y.academic_year
LEFT JOIN plc ON plc.school_code = y.school_code AND plc.academic_year = y.academic_year;

-- Per school x academic year: its per-head subsidy and development spending, with its pupils of that year's count.
CREATE OR REPLACE VIEW q_analyst.school_budgets AS
SELECT b.school_code, s.esa_code, s.cluster_id, s.province_code, p.region, s.location_type, s.size_band,
       b.academic_year, CAST(b.per_head_baht AS DOUBLE) AS per_head_baht,
       CAST(b.development_baht AS DOUBLE) AS development_baht, COALESCE(e.pupils, 0) AS pupils
FROM main.fact_school_budget b
JOIN main.dim_school s ON s.school_code = b.school_code AND s.is_current
LEFT JOIN main.dim_province p ON p.province_code = s.province_code
LEFT JOIN (SELECT school_code, academic_year, SUM(pupils) AS pupils FROM main.rollup_school_enrollment GROUP BY ALL) e
  ON e.school_code = b.school_code AND e.academic_year = b.academic_year;

-- Does network activity help? Per school x academic year y: its activity in y (as school_activity) next
-- to how its results moved from y to y+1 relative to the nation: over every test x grade x subject the
-- school has in both years, the change of (school mean - national mean), weighted by next year's takers.
-- A school without results in both years has no row.
CREATE OR REPLACE VIEW q_analyst.network_effect AS
-- nation: one small aggregate, read for both years (materialised once; a few hundred rows)
WITH nation AS (
  SELECT test_code, grade, subject_code, academic_year, SUM(takers) AS nat_takers,
         CAST(SUM(sum_score) AS DOUBLE) AS nat_sum
  FROM main.rollup_school_score GROUP BY ALL
)
SELECT act.*, g.cells, g.takers_next, g.gain_sum, g.gain_sum / g.takers_next AS gain
FROM q_analyst.school_activity act
JOIN (
  SELECT a.school_code, a.academic_year, COUNT(*) AS cells, SUM(b.takers) AS takers_next,
         SUM(b.takers * ((b.sum_score / b.takers - nb.nat_sum / nb.nat_takers)
                         - (a.sum_score / a.takers - na.nat_sum / na.nat_takers))) AS gain_sum
  FROM main.rollup_school_score a
  JOIN main.rollup_school_score b ON b.school_code = a.school_code AND b.test_code = a.test_code
    AND b.grade = a.grade AND b.subject_code = a.subject_code AND b.academic_year = a.academic_year + 1
  JOIN nation na ON na.test_code = a.test_code AND na.grade = a.grade AND na.subject_code = a.subject_code
   AND na.academic_year = a.academic_year
  JOIN nation nb ON nb.test_code = b.test_code AND nb.grade = b.grade AND nb.subject_code = b.subject_code
   AND nb.academic_year = b.academic_year
  WHERE a.takers > 0 AND b.takers > 0
  GROUP BY ALL
) g ON g.school_code = act.school_code AND g.academic_year = act.academic_year;

CREATE OR REPLACE VIEW q_analyst.cluster_plc AS
SELECT c.cluster_id, c.esa_code, r.academic_year, SUM(r.meetings) AS meetings, CAST(SUM(r.hours) AS DOUBLE) AS hours,
       CAST(SUM(r.participant_hours) AS DOUBLE) AS participant_hours
FROM main.rollup_plc r JOIN main.dim_cluster c ON c.cluster_id = r.cluster_id
GROUP BY ALL;

-- What each cluster's network did per academic year, in counts of activities (never of children, nor one teacher's
-- attendance): PD sessions it held and their hours, supervision visits made in its schools and how many schools they
-- reached, PLC meetings and their hours. Nothing here is about a child: every role reads all clusters, the public too.
CREATE OR REPLACE VIEW q_analyst.cluster_activity AS
WITH pd AS (
  SELECT cluster_id, academic_year, COUNT(*) AS pd_sessions, CAST(SUM(hours) AS DOUBLE) AS pd_session_hours
  FROM main.fact_pd_session WHERE cluster_id IS NOT NULL GROUP BY ALL
), visits AS (
  SELECT s.cluster_id, v.academic_year, COUNT(*) AS visits, COUNT(DISTINCT v.school_code) AS schools_visited
  FROM main.fact_supervision_visit v JOIN main.dim_school s ON s.school_code = v.school_code AND s.is_current
  WHERE s.cluster_id IS NOT NULL GROUP BY ALL
), plc AS (
  SELECT cluster_id, academic_year, SUM(meetings) AS plc_meetings, CAST(SUM(hours) AS DOUBLE) AS plc_hours
  FROM main.rollup_plc GROUP BY ALL
), keyed AS (
  SELECT cluster_id, academic_year FROM pd UNION SELECT cluster_id, academic_year FROM visits
  UNION SELECT cluster_id, academic_year FROM plc
)
SELECT k.cluster_id, c.esa_code, k.academic_year, COALESCE(pd.pd_sessions, 0) AS pd_sessions,
       COALESCE(pd.pd_session_hours, 0) AS pd_session_hours, COALESCE(visits.visits, 0) AS visits,
       COALESCE(visits.schools_visited, 0) AS schools_visited, COALESCE(plc.plc_meetings, 0) AS plc_meetings,
       COALESCE(plc.plc_hours, 0) AS plc_hours
FROM keyed k
JOIN main.dim_cluster c ON c.cluster_id = k.cluster_id
LEFT JOIN pd ON pd.cluster_id = k.cluster_id AND pd.academic_year = k.academic_year
LEFT JOIN visits ON visits.cluster_id = k.cluster_id AND visits.academic_year = k.academic_year
LEFT JOIN plc ON plc.cluster_id = k.cluster_id AND plc.academic_year = k.academic_year;

CREATE OR REPLACE VIEW q_analyst.pd_sessions AS
SELECT session_id, academic_year, esa_code, cluster_id, title_th, topic, mode, held_on, CAST(hours AS DOUBLE) AS hours
FROM main.fact_pd_session;

CREATE OR REPLACE VIEW q_analyst.supervision_visits AS
SELECT v.visit_id, v.academic_year, v.school_code, s.esa_code, s.cluster_id, v.supervisor_id, v.visited_on,
       v.focus, v.rating, v.follow_up
FROM main.fact_supervision_visit v JOIN main.dim_school s ON s.school_code = v.school_code AND s.is_current;

-- ---------------------------------------------------------------- data quality (no row contents)

CREATE OR REPLACE VIEW q_analyst.quarantine_summary AS
SELECT source_name, table_name, reason, COUNT(*) AS rows_held, max(received_at) AS last_received_at
FROM main.quarantine GROUP BY ALL;

-- apply_lag_ms: how long after its source commit the last change of the table was applied
CREATE OR REPLACE VIEW q_analyst.ingest_tables AS
SELECT source_name, table_name, rows_applied, last_source_commit, updated_at,
       date_diff('millisecond', last_source_commit, updated_at) AS apply_lag_ms
FROM main.ingest_table_state;

-- freshness_seconds: how long ago satit wrote into the source the newest heartbeat that has arrived here
CREATE OR REPLACE VIEW q_analyst.ingest_sources AS
SELECT source_name, server_identity, snapshot_reason, snapshot_at, streaming_since, heartbeat_at,
       date_diff('millisecond', heartbeat_at, now() AT TIME ZONE 'UTC') / 1000.0 AS freshness_seconds
FROM main.ingest_source_state;

-- The released public table (rows written by the disclosure engine): the same numbers for every role.
CREATE OR REPLACE VIEW q_analyst.published_scores AS
SELECT level, area_code, parent_code, test_code, grade, subject_code, academic_year, suppressed,
       takers, mean_score, share_at_least_50, share_code, release_version, release_id
FROM main.published_score_cell;

-- ---------------------------------------------------------------- district: own ESA in full, others aggregated

CREATE OR REPLACE VIEW q_district.provinces AS SELECT * FROM q_analyst.provinces;
CREATE OR REPLACE VIEW q_district.esa_offices AS SELECT * FROM q_analyst.esa_offices;
CREATE OR REPLACE VIEW q_district.clusters AS SELECT * FROM q_analyst.clusters;
CREATE OR REPLACE VIEW q_district.schools AS SELECT * FROM q_analyst.schools;
CREATE OR REPLACE VIEW q_district.tests AS SELECT * FROM q_analyst.tests;
CREATE OR REPLACE VIEW q_district.subjects AS SELECT * FROM q_analyst.subjects;
CREATE OR REPLACE VIEW q_district.strands AS SELECT * FROM q_analyst.strands;
CREATE OR REPLACE VIEW q_district.grades AS SELECT * FROM q_analyst.grades;
CREATE OR REPLACE VIEW q_district.academic_years AS SELECT * FROM q_analyst.academic_years;
CREATE OR REPLACE VIEW q_district.esa_score_cells AS SELECT * FROM q_analyst.esa_score_cells;
CREATE OR REPLACE VIEW q_district.published_scores AS SELECT * FROM q_analyst.published_scores;
CREATE OR REPLACE VIEW q_district.score_cells AS
SELECT * FROM q_analyst.score_cells WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.score_records AS
SELECT * FROM q_analyst.score_records WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.enrollment_records AS
SELECT * FROM q_analyst.enrollment_records WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.school_activity AS
SELECT * FROM q_analyst.school_activity WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.school_budgets AS
SELECT * FROM q_analyst.school_budgets WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.network_effect AS
SELECT * FROM q_analyst.network_effect WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.cluster_plc AS
SELECT * FROM q_analyst.cluster_plc WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.cluster_activity AS SELECT * FROM q_analyst.cluster_activity;
CREATE OR REPLACE VIEW q_district.pd_sessions AS
SELECT * FROM q_analyst.pd_sessions WHERE esa_code = getvariable('satit_esa');
CREATE OR REPLACE VIEW q_district.supervision_visits AS
SELECT * FROM q_analyst.supervision_visits WHERE esa_code = getvariable('satit_esa');

-- ---------------------------------------------------------------- public: published cells only

CREATE OR REPLACE VIEW q_public.provinces AS SELECT * FROM q_analyst.provinces;
CREATE OR REPLACE VIEW q_public.esa_offices AS SELECT * FROM q_analyst.esa_offices;
CREATE OR REPLACE VIEW q_public.clusters AS SELECT * FROM q_analyst.clusters;
CREATE OR REPLACE VIEW q_public.schools AS
SELECT school_code, name_th, name_en, esa_code, cluster_id, province_code, region, amphoe_th, location_type,
       size_band
FROM q_analyst.schools;
CREATE OR REPLACE VIEW q_public.tests AS SELECT * FROM q_analyst.tests;
CREATE OR REPLACE VIEW q_public.subjects AS SELECT * FROM q_analyst.subjects;
CREATE OR REPLACE VIEW q_public.grades AS SELECT * FROM q_analyst.grades;
CREATE OR REPLACE VIEW q_public.academic_years AS SELECT * FROM q_analyst.academic_years;
CREATE OR REPLACE VIEW q_public.published_scores AS SELECT * FROM q_analyst.published_scores;
CREATE OR REPLACE VIEW q_public.cluster_activity AS SELECT * FROM q_analyst.cluster_activity;
