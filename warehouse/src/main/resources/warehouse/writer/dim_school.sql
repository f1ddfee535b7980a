-- Applies one batch of school changes as a type-2 dimension: a school that moves to another cluster,
-- ESA or province gets a new version (the old one is closed at the source's update time); other
-- attribute changes update the current version in place. Staged rows: stg_dim_school; affected keys:
-- stg_del_dim_school. Replaying a change finds nothing different and changes nothing.

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

-- new versions carry the school's latest year's size and band (versions updated in place keep theirs)
UPDATE dim_school d SET pupils = y.pupils, size_band = y.size_band
FROM school_latest_size y
WHERE d.school_code = y.school_code AND d.is_current AND d.size_band IS NULL
  AND y.school_code IN (SELECT school_code FROM stg_dim_school);
