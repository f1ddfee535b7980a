-- Applies one batch of test-score changes (staged in stg_fact_test_score, affected keys in
-- stg_del_fact_test_score) and moves rollup_school_score by the difference between each affected
-- score's state before (read from the warehouse) and after (the staged row). A replayed change finds
-- its after-state already in place, so it adds nothing twice.

INSERT INTO rollup_school_score AS r
SELECT school_code, test_code, grade, subject_code, academic_year,
       SUM(sign), SUM(sign * score), SUM(sign * score * score), SUM(sign * CAST(score >= 50 AS INTEGER)),
       SUM(sign * CAST(band = 0 AS INTEGER)), SUM(sign * CAST(band = 1 AS INTEGER)),
       SUM(sign * CAST(band = 2 AS INTEGER)), SUM(sign * CAST(band = 3 AS INTEGER)),
       SUM(sign * CAST(band = 4 AS INTEGER)), SUM(sign * CAST(band = 5 AS INTEGER)),
       SUM(sign * CAST(band = 6 AS INTEGER)), SUM(sign * CAST(band = 7 AS INTEGER)),
       SUM(sign * CAST(band = 8 AS INTEGER)), SUM(sign * CAST(band = 9 AS INTEGER))
FROM (
  SELECT -1 AS sign, f.school_code, f.test_code, f.grade, f.subject_code, f.academic_year, f.score,
         LEAST(9, CAST(floor(f.score / 10) AS INTEGER)) AS band
  FROM fact_test_score f JOIN stg_del_fact_test_score k ON f.test_code = k.test_code AND f.score_id = k.score_id
  UNION ALL
  SELECT 1, s.school_code, s.test_code, s.grade, s.subject_code, s.academic_year, s.score,
         LEAST(9, CAST(floor(s.score / 10) AS INTEGER))
  FROM stg_fact_test_score s
) d
GROUP BY school_code, test_code, grade, subject_code, academic_year
ON CONFLICT DO UPDATE SET
  takers = r.takers + excluded.takers, sum_score = r.sum_score + excluded.sum_score,
  sum_sq_score = r.sum_sq_score + excluded.sum_sq_score, at_least_50 = r.at_least_50 + excluded.at_least_50,
  h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3,
  h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7,
  h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9;

DELETE FROM rollup_school_score WHERE takers = 0;

DELETE FROM fact_test_score f USING stg_del_fact_test_score k
WHERE f.test_code = k.test_code AND f.score_id = k.score_id;

INSERT INTO fact_test_score SELECT * FROM stg_fact_test_score;
