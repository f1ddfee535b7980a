-- 300 more schools in 20 clusters of the two fixture ESAs, many of them small: takers 1-40 in O-NET P6
-- maths AY 2563 and 1-30 in Thai, deterministic (hash of the school number).
INSERT INTO dim_cluster SELECT 100 + i, CASE WHEN i % 2 = 0 THEN '5003' ELSE '5101' END, 'เครือข่าย ' || i, 'Cluster ' || i,
  'อำเภอ', 'Amphoe' FROM range(20) t(i);
INSERT INTO dim_school (school_code, smis_code, name_th, name_en, esa_code, cluster_id, province_code, location_type,
  lowest_grade, highest_grade, extended_opportunity, status, source_updated_at, valid_from, is_current, pupils, size_band)
SELECT '1099' || lpad(CAST(i AS VARCHAR), 6, '0'), '9999' || lpad(CAST(i AS VARCHAR), 4, '0'), 'โรงเรียน ' || i, 'School ' || i,
       CASE WHEN (i % 20) % 2 = 0 THEN '5003' ELSE '5101' END, 100 + i % 20,
       CASE WHEN (i % 20) % 2 = 0 THEN '50' ELSE '51' END, 'rural', 'K1', 'P6', false, 'open',
       TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', true, 50, 'small'
FROM range(300) t(i);
INSERT INTO rollup_school_score
SELECT '1099' || lpad(CAST(i AS VARCHAR), 6, '0'), 'ONET', 'P6', s.subject, 2563, n, n * (35 + i % 30), n * 2000, n // 3,
       0, 0, 0, 0, 0, 0, 0, 0, 0, 0
FROM range(300) t(i),
     (VALUES ('MAT', 40), ('THA', 30)) s(subject, top),
     LATERAL (SELECT 1 + CAST(hash(i * 7 + length(s.subject)) % s.top AS BIGINT) AS n) k;
