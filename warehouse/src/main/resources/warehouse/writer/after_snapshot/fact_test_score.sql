-- At the end of a first snapshot whose score rows were appended without a keyed apply (the warehouse was empty;
-- WarehouseWriter, Batch.appendSnapshot): a part of the snapshot read again after a restart was appended twice,
-- so of each key the last appended row (the newest read) stays; then rollup_school_score is built from the
-- facts, the same sums fact_test_score.sql keeps by differences (WarehouseWriterTest compares the two), and the
-- ESA and nation rollups from it.

DELETE FROM fact_test_score WHERE rowid IN (
  SELECT rowid FROM (
    SELECT f.rowid, row_number() OVER (PARTITION BY f.test_code, f.score_id ORDER BY f.rowid DESC) AS n
    FROM fact_test_score f
    SEMI JOIN (SELECT test_code, score_id FROM fact_test_score GROUP BY ALL HAVING COUNT(*) > 1) d
      USING (test_code, score_id)
  ) WHERE n > 1
);

DELETE FROM rollup_school_score;

INSERT INTO rollup_school_score
SELECT school_code, test_code, grade, subject_code, academic_year,
       COUNT(*), SUM(score), SUM(score * score), COUNT(*) FILTER (score >= 50),
       COUNT(*) FILTER (band = 0), COUNT(*) FILTER (band = 1), COUNT(*) FILTER (band = 2),
       COUNT(*) FILTER (band = 3), COUNT(*) FILTER (band = 4), COUNT(*) FILTER (band = 5),
       COUNT(*) FILTER (band = 6), COUNT(*) FILTER (band = 7), COUNT(*) FILTER (band = 8),
       COUNT(*) FILTER (band = 9)
FROM (SELECT *, LEAST(9, CAST(floor(score / 10) AS INTEGER)) AS band FROM fact_test_score)
GROUP BY school_code, test_code, grade, subject_code, academic_year;

-- and the ESA and nation rollups from the school rollup (fact_test_score.sql and dim_school.sql keep them after)
DELETE FROM rollup_esa_score;

INSERT INTO rollup_esa_score
SELECT s.esa_code, s.province_code, r.test_code, r.grade, r.subject_code, r.academic_year, SUM(r.takers),
       SUM(r.sum_score), SUM(r.sum_sq_score), SUM(r.at_least_50), SUM(r.h0), SUM(r.h1), SUM(r.h2), SUM(r.h3),
       SUM(r.h4), SUM(r.h5), SUM(r.h6), SUM(r.h7), SUM(r.h8), SUM(r.h9)
FROM rollup_school_score r JOIN dim_school s ON s.school_code = r.school_code AND s.is_current
WHERE s.esa_code IS NOT NULL
GROUP BY ALL;

DELETE FROM rollup_nation_score;

INSERT INTO rollup_nation_score
SELECT test_code, grade, subject_code, academic_year, SUM(takers), SUM(sum_score)
FROM rollup_school_score GROUP BY ALL;
