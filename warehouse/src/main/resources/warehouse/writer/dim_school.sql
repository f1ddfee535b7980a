-- Applies one batch of school changes as a type-2 dimension: a school that moves to another cluster,
-- ESA or province gets a new version (the old one is closed at the source's update time); other
-- attribute changes update the current version in place. Staged rows: stg_dim_school; affected keys:
-- stg_del_dim_school. Replaying a change finds nothing different and changes nothing.

-- the schools whose ESA or province cell changes (added, removed, moved): their results move between the cells
-- of rollup_esa_score at the end (a school without a current version, or without an ESA, is in no cell)
DELETE FROM stg_school_move;

INSERT INTO stg_school_move
SELECT k.school_code, d.esa_code, d.province_code, s.esa_code, s.province_code
FROM (SELECT DISTINCT school_code FROM stg_del_dim_school) k
LEFT JOIN dim_school d ON d.school_code = k.school_code AND d.is_current AND d.esa_code IS NOT NULL
LEFT JOIN stg_dim_school s ON s.school_code = k.school_code AND s.esa_code IS NOT NULL
WHERE d.esa_code IS DISTINCT FROM s.esa_code OR d.province_code IS DISTINCT FROM s.province_code;

-- schools deleted in the source: close their current version
UPDATE dim_school SET valid_to = current_localtimestamp(), is_current = false
WHERE is_current
  AND school_code IN (SELECT school_code FROM stg_del_dim_school)
  AND school_code NOT IN (SELECT school_code FROM stg_dim_school);

-- moved to another cluster / ESA / province: close the current version
UPDATE dim_school d SET valid_to = s.source_updated_at, is_current = false
FROM stg_dim_school s
WHERE d.school_code = s.school_code AND d.is_current
  AND (d.cluster_id IS DISTINCT FROM s.cluster_id OR d.esa_code IS DISTINCT FROM s.esa_code
       OR d.province_code IS DISTINCT FROM s.province_code);

-- everything else about a school: corrected in place on the current version
UPDATE dim_school d SET
  smis_code = s.smis_code, name_th = s.name_th, name_en = s.name_en, amphoe_th = s.amphoe_th,
  tambon_th = s.tambon_th, location_type = s.location_type, lowest_grade = s.lowest_grade,
  highest_grade = s.highest_grade, extended_opportunity = s.extended_opportunity, founded_on = s.founded_on,
  distance_to_esa_km = s.distance_to_esa_km, status = s.status, source_updated_at = s.source_updated_at
FROM stg_dim_school s
WHERE d.school_code = s.school_code AND d.is_current;

-- new schools and new versions
INSERT INTO dim_school (school_code, smis_code, name_th, name_en, esa_code, cluster_id, province_code, amphoe_th,
                        tambon_th, location_type, lowest_grade, highest_grade, extended_opportunity, founded_on,
                        distance_to_esa_km, status, source_updated_at, valid_from, valid_to, is_current)
SELECT s.school_code, s.smis_code, s.name_th, s.name_en, s.esa_code, s.cluster_id, s.province_code, s.amphoe_th,
       s.tambon_th, s.location_type, s.lowest_grade, s.highest_grade, s.extended_opportunity, s.founded_on,
       s.distance_to_esa_km, s.status, s.source_updated_at,
       CASE WHEN EXISTS (SELECT 1 FROM dim_school o WHERE o.school_code = s.school_code)
            THEN s.source_updated_at ELSE TIMESTAMP '1900-01-01' END,
       NULL, true
FROM stg_dim_school s
WHERE NOT EXISTS (SELECT 1 FROM dim_school d WHERE d.school_code = s.school_code AND d.is_current);

-- new versions carry the school's latest year's size and band (versions updated in place keep theirs); only
-- when the INSERT above, the last statement writing dim_school, made a version
-- only if written: dim_school
UPDATE dim_school d SET pupils = y.pupils, size_band = y.size_band
FROM school_latest_size_of('stg_dim_school') y
WHERE d.school_code = y.school_code AND d.is_current AND d.size_band IS NULL;

-- the results of schools that changed ESA or province cell move between the cells (only when one did)
-- only if written: stg_school_move
INSERT INTO rollup_esa_score AS e
SELECT esa_code, province_code, test_code, grade, subject_code, academic_year, SUM(sign * takers),
       SUM(sign * sum_score), SUM(sign * sum_sq_score), SUM(sign * at_least_50), SUM(sign * h0), SUM(sign * h1),
       SUM(sign * h2), SUM(sign * h3), SUM(sign * h4), SUM(sign * h5), SUM(sign * h6), SUM(sign * h7),
       SUM(sign * h8), SUM(sign * h9)
FROM (
  SELECT -1 AS sign, m.old_esa_code AS esa_code, m.old_province_code AS province_code, r.*
  FROM stg_school_move m JOIN rollup_school_score r ON r.school_code = m.school_code
  WHERE m.old_esa_code IS NOT NULL
  UNION ALL
  SELECT 1, m.new_esa_code, m.new_province_code, r.*
  FROM stg_school_move m JOIN rollup_school_score r ON r.school_code = m.school_code
  WHERE m.new_esa_code IS NOT NULL
)
GROUP BY esa_code, province_code, test_code, grade, subject_code, academic_year
ON CONFLICT DO UPDATE SET
  takers = e.takers + excluded.takers, sum_score = e.sum_score + excluded.sum_score,
  sum_sq_score = e.sum_sq_score + excluded.sum_sq_score, at_least_50 = e.at_least_50 + excluded.at_least_50,
  h0 = e.h0 + excluded.h0, h1 = e.h1 + excluded.h1, h2 = e.h2 + excluded.h2, h3 = e.h3 + excluded.h3,
  h4 = e.h4 + excluded.h4, h5 = e.h5 + excluded.h5, h6 = e.h6 + excluded.h6, h7 = e.h7 + excluded.h7,
  h8 = e.h8 + excluded.h8, h9 = e.h9 + excluded.h9;

-- only if written: stg_school_move
DELETE FROM rollup_esa_score WHERE takers = 0;
