-- Applies one batch of test-score changes (staged in stg_fact_test_score, affected keys in
-- stg_del_fact_test_score) and moves rollup_school_score, rollup_esa_score and rollup_nation_score by the
-- difference between each affected score's state before and after (the staged row). A replayed change finds
-- its after-state already in place, so it adds nothing twice.
--
-- The rows are found by score_id alone, the one indexed column (a composite key is never found through an
-- index in DuckDB: docs/design/duckdb-keyed-apply.md): every row of an affected score_id is taken out into
-- stg_old_fact_test_score (emptied by the writer), at most one per test, and those of another test go back.
-- The writer sets dynamic_or_filter_threshold so that a small batch reaches the index and a large one scans.

WITH gone AS (
  DELETE FROM fact_test_score f USING (SELECT DISTINCT score_id FROM stg_del_fact_test_score) k
  WHERE f.score_id = k.score_id
  RETURNING f.*
)
INSERT INTO stg_old_fact_test_score SELECT * FROM gone;

-- the batch's differences per school cell, once: the school, ESA and nation rollups each move by them
DELETE FROM stg_score_delta;

INSERT INTO stg_score_delta
SELECT school_code, test_code, grade, subject_code, academic_year,
       SUM(sign), SUM(sign * score), SUM(sign * score * score), SUM(sign * CAST(score >= 50 AS INTEGER)),
       SUM(sign * CAST(band = 0 AS INTEGER)), SUM(sign * CAST(band = 1 AS INTEGER)),
       SUM(sign * CAST(band = 2 AS INTEGER)), SUM(sign * CAST(band = 3 AS INTEGER)),
       SUM(sign * CAST(band = 4 AS INTEGER)), SUM(sign * CAST(band = 5 AS INTEGER)),
       SUM(sign * CAST(band = 6 AS INTEGER)), SUM(sign * CAST(band = 7 AS INTEGER)),
       SUM(sign * CAST(band = 8 AS INTEGER)), SUM(sign * CAST(band = 9 AS INTEGER))
FROM (
  SELECT -1 AS sign, o.school_code, o.test_code, o.grade, o.subject_code, o.academic_year, o.score,
         LEAST(9, CAST(floor(o.score / 10) AS INTEGER)) AS band
  FROM stg_old_fact_test_score o SEMI JOIN stg_del_fact_test_score k USING (test_code, score_id)
  UNION ALL
  SELECT 1, s.school_code, s.test_code, s.grade, s.subject_code, s.academic_year, s.score,
         LEAST(9, CAST(floor(s.score / 10) AS INTEGER))
  FROM stg_fact_test_score s
) d
GROUP BY school_code, test_code, grade, subject_code, academic_year;

INSERT INTO rollup_school_score AS r
SELECT * FROM stg_score_delta
ON CONFLICT DO UPDATE SET
  takers = r.takers + excluded.takers, sum_score = r.sum_score + excluded.sum_score,
  sum_sq_score = r.sum_sq_score + excluded.sum_sq_score, at_least_50 = r.at_least_50 + excluded.at_least_50,
  h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3,
  h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7,
  h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9;

-- a school's cells count for the ESA and province of its current version (none without one, as in score_cells)
INSERT INTO rollup_esa_score AS r
SELECT s.esa_code, s.province_code, d.test_code, d.grade, d.subject_code, d.academic_year, SUM(d.takers),
       SUM(d.sum_score), SUM(d.sum_sq_score), SUM(d.at_least_50), SUM(d.h0), SUM(d.h1), SUM(d.h2), SUM(d.h3),
       SUM(d.h4), SUM(d.h5), SUM(d.h6), SUM(d.h7), SUM(d.h8), SUM(d.h9)
FROM stg_score_delta d JOIN dim_school s ON s.school_code = d.school_code AND s.is_current
WHERE s.esa_code IS NOT NULL
GROUP BY ALL
ON CONFLICT DO UPDATE SET
  takers = r.takers + excluded.takers, sum_score = r.sum_score + excluded.sum_score,
  sum_sq_score = r.sum_sq_score + excluded.sum_sq_score, at_least_50 = r.at_least_50 + excluded.at_least_50,
  h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3,
  h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7,
  h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9;

INSERT INTO rollup_nation_score AS r
SELECT test_code, grade, subject_code, academic_year, SUM(takers), SUM(sum_score)
FROM stg_score_delta GROUP BY ALL
ON CONFLICT DO UPDATE SET takers = r.takers + excluded.takers, sum_score = r.sum_score + excluded.sum_score;

DELETE FROM rollup_esa_score WHERE takers = 0;

DELETE FROM rollup_nation_score WHERE takers = 0;

DELETE FROM rollup_school_score WHERE takers = 0;

-- the rows of other tests that shared a score_id, and the batch's new rows
INSERT INTO fact_test_score
SELECT o.* FROM stg_old_fact_test_score o ANTI JOIN stg_del_fact_test_score k USING (test_code, score_id)
UNION ALL
SELECT * FROM stg_fact_test_score;
