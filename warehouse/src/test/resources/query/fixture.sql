-- A tiny warehouse with known answers for the query-layer tests: two provinces, two ESAs
-- (5003 with two clusters, 5101 with one), five schools, O-NET P6 maths in AY 2562 and 2563.
INSERT INTO dim_province VALUES ('50', 'เชียงใหม่', 'Chiang Mai', 'north'), ('51', 'ลำพูน', 'Lamphun', 'north');
INSERT INTO dim_esa VALUES ('5003', 'primary', '50', 3, 'สพป.เชียงใหม่ เขต 3', 'Chiang Mai PESAO 3'),
                           ('5101', 'primary', '51', 1, 'สพป.ลำพูน เขต 1', 'Lamphun PESAO 1');
INSERT INTO dim_cluster VALUES (1, '5003', 'เครือข่ายแม่แตง 1', 'Mae Taeng 1', 'แม่แตง', 'Mae Taeng'),
                               (2, '5003', 'เครือข่ายเชียงดาว', 'Chiang Dao', 'เชียงดาว', 'Chiang Dao'),
                               (3, '5101', 'เครือข่ายเมืองลำพูน', 'Mueang Lamphun', 'เมืองลำพูน', 'Mueang Lamphun');
INSERT INTO dim_subject VALUES ('ONET', 'MAT', 'คณิตศาสตร์', 'Mathematics');
INSERT INTO dim_school (school_code, smis_code, name_th, name_en, esa_code, cluster_id, province_code, location_type,
  lowest_grade, highest_grade, extended_opportunity, status, source_updated_at, valid_from, is_current, pupils, size_band)
VALUES ('1050000001', '50030001', 'โรงเรียนบ้านหนึ่ง', 'Ban Nueng School', '5003', 1, '50', 'rural', 'K1', 'P6', false, 'open', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', true, 80, 'small'),
       ('1050000002', '50030002', 'โรงเรียนบ้านสอง', 'Ban Song School', '5003', 1, '50', 'urban', 'K1', 'P6', false, 'open', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', true, 300, 'medium'),
       ('1050000003', '50030003', 'โรงเรียนบ้านสาม', 'Ban Sam School', '5003', 2, '50', 'rural', 'K1', 'M3', true, 'open', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', true, 150, 'medium'),
       ('1051000004', '51010004', 'โรงเรียนบ้านสี่', 'Ban Si School', '5101', 3, '51', 'urban', 'K1', 'P6', false, 'open', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', true, 700, 'large'),
       ('1051000005', '51010005', 'โรงเรียนบ้านห้า', 'Ban Ha School', '5101', 3, '51', 'rural', 'K1', 'P6', false, 'open', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', true, 40, 'small');
-- takers, sum, sum of squares, >= 50, histogram h0..h9 (consistent with the scores below only in totals)
INSERT INTO rollup_school_score VALUES
  ('1050000001', 'ONET', 'P6', 'MAT', 2563, 4, 160, 6800, 1, 0,0,0,2,1,1,0,0,0,0),
  ('1050000002', 'ONET', 'P6', 'MAT', 2563, 20, 1000, 52000, 10, 0,0,2,4,4,5,3,2,0,0),
  ('1050000003', 'ONET', 'P6', 'MAT', 2563, 12, 480, 20000, 3, 0,1,2,3,3,2,1,0,0,0),
  ('1051000004', 'ONET', 'P6', 'MAT', 2563, 40, 2400, 150000, 30, 0,0,0,2,8,10,10,6,3,1),
  ('1051000005', 'ONET', 'P6', 'MAT', 2563, 3, 90, 2900, 0, 0,1,1,1,0,0,0,0,0,0),
  ('1050000002', 'ONET', 'P6', 'MAT', 2562, 18, 810, 38000, 7, 0,0,2,4,5,4,2,1,0,0),
  ('1051000004', 'ONET', 'P6', 'MAT', 2562, 38, 2090, 120000, 25, 0,0,1,3,9,10,9,5,1,0);
INSERT INTO dim_student VALUES (11, 'p11', true, 'F', 2551), (12, 'p12', true, 'M', 2551), (41, 'p41', true, 'F', 2551);
INSERT INTO fact_test_score VALUES
  ('ONET', 1, 2563, 11, '1050000001', 'P6', 'MAT', 40.00, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2021-03-01'),
  ('ONET', 2, 2563, 12, '1050000002', 'P6', 'MAT', 55.50, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2021-03-01'),
  ('ONET', 3, 2563, 41, '1051000004', 'P6', 'MAT', 70.00, NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2021-03-01');
INSERT INTO quarantine (source_name, table_name, reason, row_json) VALUES ('emis', 'onet_score', 'score_out_of_range', '{}');
