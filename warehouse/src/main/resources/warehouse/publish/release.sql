-- Statements of the public score release (ScoreRelease). The release reads the school cells with their
-- place in the hierarchy, builds every level above in Java, protects them with the disclosure engine and
-- rewrites published_score_cell in one transaction.

-- name: school_cells
-- One row per school x test x grade x subject x year with takers: the finest public cells. The school's
-- place is its current version's (cluster may be null for a school outside any cluster). esa_home: the province
-- the office is hosted in; esa_spans: whether its current schools stand in more than one province (a secondary
-- office, สพม., often serves two), so it is not a part of one province.
WITH spans AS (
  SELECT esa_code FROM dim_school WHERE is_current AND esa_code IS NOT NULL
  GROUP BY esa_code HAVING COUNT(DISTINCT province_code) > 1
)
SELECT r.school_code, s.cluster_id, s.esa_code, s.province_code, p.region, r.test_code, r.grade, r.subject_code,
       r.academic_year, r.takers, CAST(r.sum_score AS DOUBLE) AS sum_score, r.at_least_50,
       coalesce(e.province_code, s.province_code) AS esa_home, s.esa_code IN (SELECT esa_code FROM spans) AS esa_spans
FROM rollup_school_score r
JOIN dim_school s ON s.school_code = r.school_code AND s.is_current
JOIN dim_province p ON p.province_code = s.province_code
LEFT JOIN dim_esa e ON e.esa_code = s.esa_code
WHERE r.takers > 0 AND s.esa_code IS NOT NULL;

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
  share_ceiling_percent)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- name: published
-- What the public sees, for the audit: every published cell with its parent and its numbers.
SELECT level, area_code, parent_code, test_code, grade, subject_code, academic_year, suppressed, takers, mean_score
FROM published_score_cell;

-- name: release_version
SELECT warehouse_version FROM public_release ORDER BY release_id DESC LIMIT 1;
-- name: last_release
-- the last release: its id, version, fingerprint and rules (null rules for a release made before they were recorded)
SELECT release_id, warehouse_version, rules_fingerprint, min_count, protection_margin, mean_decimals,
       share_floor_percent, share_ceiling_percent
FROM public_release ORDER BY release_id DESC LIMIT 1;
