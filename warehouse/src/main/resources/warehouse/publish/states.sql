-- Statements of the release policy (ReleasePolicy; docs/design/releases-over-time.md): school cells take a new state
-- only in steps of none or at least k records against every state they published; the levels above are aggregated
-- from the published states (release.sql: cells reads release_school_cell, which the last statement here fills).

-- name: current_records
-- every school cell as the facts hold it now, with a hash of its (score id, score) set
CREATE OR REPLACE TEMP TABLE release_current AS
SELECT school_code, test_code, grade, subject_code, academic_year, COUNT(*) AS takers,
       bit_xor(hash(score_id, CAST(score AS VARCHAR))) AS records_hash
FROM fact_test_score GROUP BY ALL;

-- name: latest_states
CREATE OR REPLACE TEMP TABLE release_latest AS
SELECT * FROM public_school_state
QUALIFY row_number() OVER (PARTITION BY school_code, test_code, grade, subject_code, academic_year
                           ORDER BY release_id DESC) = 1;

-- name: candidates
-- the cells whose records differ from their latest state (new, changed, or gone), and whether their slice (test x
-- grade x subject x year) was published before (then a new cell enters against "absent": all its records change)
CREATE OR REPLACE TEMP TABLE release_candidate AS
WITH known AS (SELECT DISTINCT test_code, grade, subject_code, academic_year FROM public_school_state)
SELECT school_code, test_code, grade, subject_code, academic_year, coalesce(c.takers, 0) AS takers,
       l.release_id IS NULL AS new, k.test_code IS NOT NULL AS slice_known
FROM release_current c
FULL JOIN release_latest l USING (school_code, test_code, grade, subject_code, academic_year)
LEFT JOIN known k USING (test_code, grade, subject_code, academic_year)
WHERE l.release_id IS NULL
   OR (c.takers IS NOT NULL AND c.records_hash IS DISTINCT FROM l.records_hash)
   OR (c.takers IS NULL AND l.takers > 0);

-- name: candidate_list
SELECT school_code, test_code, grade, subject_code, academic_year, takers, new, slice_known FROM release_candidate;

-- name: differences
-- for every candidate that published states, and each of them: how many of its records differ now (net, by score id:
-- a record in one set only, or with another score); a state with no row here differs by none
WITH cand AS (
  SELECT * FROM release_candidate
), states AS (
  SELECT DISTINCT s.school_code, s.test_code, s.grade, s.subject_code, s.academic_year, s.release_id
  FROM public_school_state s SEMI JOIN cand USING (school_code, test_code, grade, subject_code, academic_year)
), past AS (
  SELECT r.* FROM public_school_state_record r
  SEMI JOIN cand USING (school_code, test_code, grade, subject_code, academic_year)
), now AS (
  SELECT s.release_id, f.school_code, f.test_code, f.grade, f.subject_code, f.academic_year, f.score_id, f.score
  FROM fact_test_score f JOIN states s USING (school_code, test_code, grade, subject_code, academic_year)
)
SELECT school_code, test_code, grade, subject_code, academic_year, release_id, COUNT(*) AS changed
FROM past p FULL JOIN now n USING (release_id, school_code, test_code, grade, subject_code, academic_year, score_id)
WHERE p.score IS DISTINCT FROM n.score
GROUP BY ALL;

-- name: new_states
-- the refreshed cells' new states (release ?): their records now, and the place of their first state (a new cell:
-- its school's place now)
INSERT INTO public_school_state
SELECT ?, k.school_code, k.test_code, k.grade, k.subject_code, k.academic_year,
       coalesce(n.takers, 0), coalesce(n.sum_score, 0), coalesce(n.at_least_50, 0), c.records_hash,
       coalesce(f.cluster, n.cluster), coalesce(f.esa, n.esa), coalesce(f.province, n.province),
       coalesce(f.region, n.region), coalesce(f.esa_spans, n.esa_spans), coalesce(f.esa_parent, n.esa_parent)
FROM release_refresh k
LEFT JOIN release_current c USING (school_code, test_code, grade, subject_code, academic_year)
LEFT JOIN release_school_cell n USING (school_code, test_code, grade, subject_code, academic_year)
LEFT JOIN (SELECT * FROM public_school_state
           QUALIFY row_number() OVER (PARTITION BY school_code, test_code, grade, subject_code, academic_year
                                      ORDER BY release_id) = 1) f
  USING (school_code, test_code, grade, subject_code, academic_year)
WHERE coalesce(f.esa, n.esa) IS NOT NULL;

-- name: refresh_table
CREATE OR REPLACE TEMP TABLE release_refresh (school_code VARCHAR, test_code VARCHAR, grade VARCHAR,
  subject_code VARCHAR, academic_year INTEGER);

-- name: new_state_records
INSERT INTO public_school_state_record
SELECT ?, f.school_code, f.test_code, f.grade, f.subject_code, f.academic_year, f.score_id, f.score
FROM fact_test_score f SEMI JOIN release_refresh USING (school_code, test_code, grade, subject_code, academic_year);

-- name: published_school_cells
-- the school cells this release shows: each cell's latest state, at the place of its first
CREATE OR REPLACE TEMP TABLE release_school_cell AS
SELECT school_code, cluster, esa, province, region, test_code, grade, subject_code, academic_year, takers, sum_score,
       at_least_50, esa_spans, esa_parent, release_id AS as_of_release
FROM public_school_state
QUALIFY row_number() OVER (PARTITION BY school_code, test_code, grade, subject_code, academic_year
                           ORDER BY release_id DESC) = 1
  AND takers > 0;
