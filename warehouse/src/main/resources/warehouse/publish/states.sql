-- Statements of the release policy (ReleasePolicy; docs/design/releases-over-time.md): school cells take a new state
-- only in steps of none or at least k records against every state they published; the levels above are aggregated
-- from the published states (release.sql: cells reads release_school_cell, which the last statement here fills).

-- name: current_records
-- every school cell as the warehouse holds it now (release_school_cell, from the rollup the writer keeps equal to the
-- facts), with a hash of its (score id, score) set from the facts
CREATE OR REPLACE TEMP TABLE release_current AS
WITH h AS (
  SELECT school_code, test_code, grade, subject_code, academic_year,
         bit_xor(hash(score_id, CAST(score AS VARCHAR))) AS records_hash
  FROM fact_test_score GROUP BY ALL
)
SELECT n.school_code, n.test_code, n.grade, n.subject_code, n.academic_year, n.takers, h.records_hash
FROM release_school_cell n LEFT JOIN h USING (school_code, test_code, grade, subject_code, academic_year);

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
   OR (c.takers IS NOT NULL AND (c.records_hash IS DISTINCT FROM l.records_hash OR c.takers <> l.takers))
   OR (c.takers IS NULL AND l.takers > 0);

-- name: moved_records
-- the records of the candidates (in their states or now) that stand, now or in any state, in more than one school of
-- their slice: records moved between schools (a score's school corrected). Such a record changes two schools but need
-- not change a parent of both, so it does not count towards a step of k (docs/design/releases-over-time.md, rule 2b)
CREATE OR REPLACE TEMP TABLE release_moved AS
WITH ids AS (
  SELECT test_code, grade, subject_code, academic_year, score_id FROM public_school_state_record
  SEMI JOIN release_candidate USING (school_code, test_code, grade, subject_code, academic_year)
  UNION
  SELECT test_code, grade, subject_code, academic_year, score_id FROM fact_test_score
  SEMI JOIN release_candidate USING (school_code, test_code, grade, subject_code, academic_year)
), places AS (
  SELECT school_code, test_code, grade, subject_code, academic_year, score_id FROM public_school_state_record
  SEMI JOIN ids USING (test_code, grade, subject_code, academic_year, score_id)
  UNION
  SELECT school_code, test_code, grade, subject_code, academic_year, score_id FROM fact_test_score
  SEMI JOIN ids USING (test_code, grade, subject_code, academic_year, score_id)
)
SELECT test_code, grade, subject_code, academic_year, score_id FROM places
GROUP BY ALL HAVING COUNT(DISTINCT school_code) > 1;

-- name: candidate_list
-- each candidate with its records now that were never in another school (what it brings when it enters), and whether
-- the last release showed it
WITH unmoved AS (
  SELECT school_code, test_code, grade, subject_code, academic_year, COUNT(*) AS unmoved
  FROM fact_test_score
  SEMI JOIN release_candidate USING (school_code, test_code, grade, subject_code, academic_year)
  ANTI JOIN release_moved USING (test_code, grade, subject_code, academic_year, score_id)
  GROUP BY ALL
)
SELECT r.school_code, r.test_code, r.grade, r.subject_code, r.academic_year, r.takers, r.new, r.slice_known,
       coalesce(u.unmoved, 0) AS unmoved, coalesce(NOT p.suppressed, false) AS shown_before
FROM release_candidate r
LEFT JOIN unmoved u USING (school_code, test_code, grade, subject_code, academic_year)
-- what the last release showed of it (published_score_cell still holds the last release here)
LEFT JOIN published_score_cell p ON p.level = 'school' AND p.area_code = r.school_code AND p.test_code = r.test_code
  AND p.grade = r.grade AND p.subject_code = r.subject_code AND p.academic_year = r.academic_year;

-- name: differences
-- for every candidate that published states, and each of them: how many of its records differ now (net, by score id:
-- a record in one set only, or with another score), and how many of those never stood in another school (unmoved);
-- a state with no row here differs by none
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
SELECT school_code, test_code, grade, subject_code, academic_year, release_id, COUNT(*) AS changed,
       COUNT(*) FILTER (WHERE m.score_id IS NULL) AS unmoved
FROM past p FULL JOIN now n USING (release_id, school_code, test_code, grade, subject_code, academic_year, score_id)
LEFT JOIN release_moved m USING (test_code, grade, subject_code, academic_year, score_id)
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

-- name: net_change_under
-- For the history audit: how many records (net, by score id) differ between what a published cell stood for at two
-- releases, when both were made under the policy: the records of the states its schools showed then (a school's
-- state at release r is its newest state made at or before r), for the schools under the cell (by the place of
-- their states). Parameters: level, area, test, grade, subject, year, release a, release b.
WITH cell AS (
  SELECT ? AS level, ? AS area, ? AS test_code, ? AS grade, ? AS subject_code, CAST(? AS INTEGER) AS academic_year,
         CAST(? AS BIGINT) AS ra, CAST(? AS BIGINT) AS rb
), under AS (
  SELECT s.* FROM public_school_state s, cell c
  WHERE s.test_code = c.test_code AND s.grade = c.grade AND s.subject_code = c.subject_code
    AND s.academic_year = c.academic_year
    AND CASE c.level WHEN 'school' THEN s.school_code = c.area WHEN 'cluster' THEN s.cluster = c.area
          WHEN 'esa' THEN s.esa = c.area WHEN 'province' THEN s.province = c.area
          WHEN 'region' THEN s.region = c.area ELSE true END
), shown AS (
  SELECT 'a' AS side, u.school_code, u.release_id FROM under u, cell c WHERE u.release_id <= c.ra
  QUALIFY row_number() OVER (PARTITION BY u.school_code ORDER BY u.release_id DESC) = 1
  UNION ALL
  SELECT 'b', u.school_code, u.release_id FROM under u, cell c WHERE u.release_id <= c.rb
  QUALIFY row_number() OVER (PARTITION BY u.school_code ORDER BY u.release_id DESC) = 1
), records AS (
  SELECT s.side, r.score_id, r.score
  FROM shown s JOIN public_school_state_record r ON r.release_id = s.release_id AND r.school_code = s.school_code
  JOIN cell c ON r.test_code = c.test_code AND r.grade = c.grade AND r.subject_code = c.subject_code
    AND r.academic_year = c.academic_year
)
SELECT COUNT(*) FROM (SELECT score_id, score FROM records WHERE side = 'a') x
FULL JOIN (SELECT score_id, score FROM records WHERE side = 'b') y USING (score_id)
WHERE x.score IS DISTINCT FROM y.score;

-- name: has_states
-- whether any release was made under the policy (then the public cells stand for the published states)
SELECT COUNT(*) > 0 FROM public_school_state;

-- name: releases_under_policy
-- the releases that made or kept published states (the policy's): those at or after the first state
SELECT COALESCE(MIN(release_id), 9223372036854775807) FROM public_school_state;

-- name: state_releases
-- for the history audit (rule 4): which release made each state of each school cell
SELECT school_code, test_code, grade, subject_code, academic_year, release_id FROM public_school_state;
