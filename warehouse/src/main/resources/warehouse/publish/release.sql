-- Statements of the public score release (ScoreRelease). The release reads every public cell with its place in
-- the hierarchy (cells), protects them with the disclosure engine and rewrites published_score_cell in one
-- transaction.

-- name: school_cells_now
-- The finest public cells as the warehouse holds them now (rollup_school_score: one row per school x test x grade x
-- subject x year with takers), each with its place: its current version's (cluster may be null for a school outside
-- any cluster: its ESA is its parent). esa_spans: its office's current schools stand in more than one province (a
-- secondary office, สพม., often serves two), so the office is no part of one province; esa_parent: where the office is
-- listed (the province hosting it, if it spans). The release policy (states.sql) may replace these cells by the
-- schools' published states before the levels above are aggregated.
CREATE OR REPLACE TEMP TABLE release_school_cell AS
WITH spans AS (
  SELECT esa_code FROM dim_school WHERE is_current AND esa_code IS NOT NULL
  GROUP BY esa_code HAVING COUNT(DISTINCT province_code) > 1
)
SELECT r.school_code, CAST(s.cluster_id AS VARCHAR) AS cluster, s.esa_code AS esa,
       s.province_code AS province, p.region, r.test_code, r.grade, r.subject_code, r.academic_year, r.takers,
       CAST(r.sum_score AS DOUBLE) AS sum_score, r.at_least_50,
       s.esa_code IN (SELECT esa_code FROM spans) AS esa_spans,
       CASE WHEN s.esa_code IN (SELECT esa_code FROM spans) THEN coalesce(e.province_code, s.province_code)
            ELSE s.province_code END AS esa_parent, CAST(NULL AS BIGINT) AS as_of_release
FROM rollup_school_score r
JOIN dim_school s ON s.school_code = r.school_code AND s.is_current
JOIN dim_province p ON p.province_code = s.province_code
LEFT JOIN dim_esa e ON e.esa_code = s.esa_code
WHERE r.takers > 0 AND s.esa_code IS NOT NULL;

-- name: cells
-- Every public cell, aggregated from the school cells (release_school_cell) by GROUPING SETS: school, cluster, ESA,
-- province, region and nation, each for every test x grade x subject x year. parent: where a cell is listed.
-- part_of_*: the cells it adds up to (the additivities anyone can check, which the disclosure engine protects): an
-- office within one province is a part of it; one spanning provinces is not — it is listed under its host province
-- and its schools are parts of their own provinces directly.
WITH school_cell AS (
  SELECT * FROM release_school_cell
), cells AS (
  SELECT CASE WHEN GROUPING(school_code) = 0 THEN 'school' WHEN GROUPING(cluster) = 0 THEN 'cluster'
              WHEN GROUPING(esa) = 0 THEN 'esa' WHEN GROUPING(province) = 0 THEN 'province'
              WHEN GROUPING(region) = 0 THEN 'region' ELSE 'nation' END AS level,
         school_code, cluster, esa, esa_spans, esa_parent, province, region, test_code, grade, subject_code, academic_year,
         SUM(takers) AS takers, SUM(sum_score) AS sum_score, SUM(at_least_50) AS at_least_50,
         MAX(as_of_release) AS as_of_release
  FROM school_cell
  GROUP BY GROUPING SETS (
    (school_code, cluster, esa, esa_spans, province, test_code, grade, subject_code, academic_year),
    (cluster, esa, test_code, grade, subject_code, academic_year),
    (esa, esa_spans, esa_parent, test_code, grade, subject_code, academic_year),
    (province, region, test_code, grade, subject_code, academic_year),
    (region, test_code, grade, subject_code, academic_year),
    (test_code, grade, subject_code, academic_year))
  HAVING NOT (GROUPING(school_code) = 1 AND GROUPING(cluster) = 0 AND cluster IS NULL)
)
SELECT level,
       CASE level WHEN 'school' THEN school_code WHEN 'cluster' THEN cluster WHEN 'esa' THEN esa
                  WHEN 'province' THEN province WHEN 'region' THEN region ELSE 'TH' END AS area,
       CASE level WHEN 'school' THEN coalesce(cluster, esa) WHEN 'cluster' THEN esa WHEN 'esa' THEN esa_parent
                  WHEN 'province' THEN region WHEN 'region' THEN 'TH' END AS parent,
       test_code, grade, subject_code, academic_year, takers, sum_score, at_least_50,
       CASE level WHEN 'school' THEN (CASE WHEN cluster IS NULL THEN 'esa' ELSE 'cluster' END)
                  WHEN 'cluster' THEN 'esa' WHEN 'esa' THEN (CASE WHEN esa_spans THEN NULL ELSE 'province' END)
                  WHEN 'province' THEN 'region' WHEN 'region' THEN 'nation' END AS part_of_level,
       CASE WHEN level = 'school' AND esa_spans THEN province END AS part_of_province,
       CASE WHEN level = 'school' THEN as_of_release END AS as_of_release
FROM cells
ORDER BY CASE level WHEN 'school' THEN 0 WHEN 'cluster' THEN 1 WHEN 'esa' THEN 2 WHEN 'province' THEN 3
                    WHEN 'region' THEN 4 ELSE 5 END, area, test_code, grade, subject_code, academic_year;

-- name: snapshot_running
-- sources whose snapshot runs (no streamed heartbeat since it began): the warehouse is not whole, nothing is released
SELECT COUNT(*) FROM ingest_source_state WHERE streaming_since IS NULL;

-- name: hidden_before
-- the cells the last release hid, with their true values (rule 4: one still of the same value stays hidden)
SELECT level, area_code, test_code, grade, subject_code, academic_year, takers, sum_score FROM release_hidden_raw;

-- name: clear_hidden_before
DELETE FROM release_hidden_raw;

-- name: shown_before
-- every value a cell of a result showed in any release (rule 4: the public knows it; one hidden now with the same
-- count and mean is no complement)
SELECT DISTINCT level, area_code, test_code, grade, subject_code, academic_year, takers, mean_score
FROM public_release_cell WHERE present AND NOT suppressed AND takers > 0;

-- name: has_school_cells
-- whether the warehouse holds any results yet (the first release waits for them: an empty first release says nothing)
SELECT EXISTS (SELECT 1 FROM rollup_school_score WHERE takers > 0);

-- name: warehouse_version
SELECT version FROM warehouse_version WHERE id = 1;

-- name: clear
DELETE FROM published_score_cell;

-- name: next_release_id
SELECT COALESCE(MAX(release_id), 0) + 1 FROM public_release;
-- name: record_release
-- the release, what it hid, and the rules it was made with (DisclosureRules) with their fingerprint
INSERT INTO public_release (release_id, warehouse_version, released_at, cells, suppressed_primary,
  suppressed_complementary, rules_fingerprint, min_count, protection_margin, mean_decimals, share_floor_percent,
  share_ceiling_percent, kind, requested_by, held_cells)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- name: archive_changed
-- into the archive: the cells of this release (?) that differ from the release before (?), or are new
INSERT INTO public_release_cell
SELECT ?, n.level, n.area_code, n.parent_code, n.test_code, n.grade, n.subject_code, n.academic_year, true,
       n.suppressed, n.takers, n.mean_score, n.share_at_least_50, n.share_code
FROM published_score_cell n
LEFT JOIN public_release_as_of(?) o USING (level, area_code, test_code, grade, subject_code, academic_year)
WHERE o.level IS NULL OR o.parent_code IS DISTINCT FROM n.parent_code OR o.suppressed IS DISTINCT FROM n.suppressed
   OR o.takers IS DISTINCT FROM n.takers OR o.mean_score IS DISTINCT FROM n.mean_score
   OR o.share_at_least_50 IS DISTINCT FROM n.share_at_least_50 OR o.share_code IS DISTINCT FROM n.share_code;
-- name: archive_gone
-- into the archive: the cells of the release before (?) that this release (?) no longer has
INSERT INTO public_release_cell (release_id, level, area_code, parent_code, test_code, grade, subject_code,
                                 academic_year, present)
SELECT ?, o.level, o.area_code, o.parent_code, o.test_code, o.grade, o.subject_code, o.academic_year, false
FROM public_release_as_of(?) o
ANTI JOIN published_score_cell n USING (level, area_code, test_code, grade, subject_code, academic_year);
-- name: releases
SELECT release_id FROM public_release ORDER BY release_id;
-- name: archive
-- every row of the archive, oldest first (the history audit builds each cell's timeline from it)
SELECT release_id, level, area_code, parent_code, test_code, grade, subject_code, academic_year, present, suppressed,
       takers, mean_score
FROM public_release_cell ORDER BY release_id;
-- name: archived
-- release ? as the public saw it
SELECT level, area_code, parent_code, test_code, grade, subject_code, academic_year, suppressed, takers, mean_score
FROM public_release_as_of(?);
-- name: published
-- What the public sees, for the audit: every published cell with its parent and its numbers.
SELECT level, area_code, parent_code, test_code, grade, subject_code, academic_year, suppressed, takers, mean_score
FROM published_score_cell;

-- name: release_version
SELECT warehouse_version FROM public_release ORDER BY release_id DESC LIMIT 1;
-- name: last_release
-- the last release: its id, version, fingerprint and rules (null rules for a release made before they were recorded),
-- when, why and for whom it was made, and how many school cells it held back
SELECT release_id, warehouse_version, rules_fingerprint, min_count, protection_margin, mean_decimals,
       share_floor_percent, share_ceiling_percent, released_at, kind, requested_by, held_cells
FROM public_release ORDER BY release_id DESC LIMIT 1;
