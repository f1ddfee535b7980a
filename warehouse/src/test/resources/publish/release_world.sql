-- A small world for the release tests over time: two provinces, two ESAs, four clusters, 24 schools with
-- 3..30 O-NET P6 maths takers in AY 2563 (scores from a hash, so every run is the same), and the rollups built
-- from those facts by the writer's own scripts (ReleaseWorld runs them after this file).
INSERT INTO dim_province VALUES ('50', 'เชียงใหม่', 'Chiang Mai', 'north'), ('51', 'ลำพูน', 'Lamphun', 'north');
INSERT INTO dim_esa VALUES ('5003', 'primary', '50', 3, 'สพป.เชียงใหม่ เขต 3', 'Chiang Mai PESAO 3'),
                           ('5101', 'primary', '51', 1, 'สพป.ลำพูน เขต 1', 'Lamphun PESAO 1');
INSERT INTO dim_cluster VALUES (1, '5003', 'เครือข่าย 1', 'Cluster 1', 'แม่แตง', 'Mae Taeng'),
                               (2, '5003', 'เครือข่าย 2', 'Cluster 2', 'เชียงดาว', 'Chiang Dao'),
                               (3, '5101', 'เครือข่าย 3', 'Cluster 3', 'เมืองลำพูน', 'Mueang Lamphun'),
                               (4, '5101', 'เครือข่าย 4', 'Cluster 4', 'ป่าซาง', 'Pa Sang');
INSERT INTO dim_subject VALUES ('ONET', 'MAT', 'คณิตศาสตร์', 'Mathematics');
INSERT INTO dim_school (school_code, smis_code, name_th, name_en, esa_code, cluster_id, province_code, location_type,
  lowest_grade, highest_grade, extended_opportunity, status, source_updated_at, valid_from, is_current, pupils, size_band)
SELECT '10' || CASE WHEN i < 12 THEN '50' ELSE '51' END || lpad(CAST(i AS VARCHAR), 6, '0'),
       '9999' || lpad(CAST(i AS VARCHAR), 4, '0'), 'โรงเรียน ' || i, 'School ' || i,
       CASE WHEN i < 12 THEN '5003' ELSE '5101' END, 1 + i % 2 + CASE WHEN i < 12 THEN 0 ELSE 2 END,
       CASE WHEN i < 12 THEN '50' ELSE '51' END, 'rural', 'K1', 'P6', false, 'open',
       TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', true, 50, 'small'
FROM range(24) t(i);
INSERT INTO fact_test_score
SELECT 'ONET', i * 100 + j, 2563, i * 100 + j, '10' || CASE WHEN i < 12 THEN '50' ELSE '51' END || lpad(CAST(i AS VARCHAR), 6, '0'),
       'P6', 'MAT', CAST(20 + hash(i * 1000 + j) % 6000 / 100.0 AS DECIMAL(5,2)), NULL, NULL, NULL, NULL, NULL,
       TIMESTAMP '2021-03-01'
FROM range(24) t(i), range(30) u(j)
WHERE j < 3 + (i * 7) % 28;
