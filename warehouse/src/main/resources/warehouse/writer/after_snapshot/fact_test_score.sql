-- At the end of a first snapshot whose score rows were appended without a keyed apply (the warehouse was empty;
-- WarehouseWriter, Batch.appendSnapshot): a part of the snapshot read again after a restart was appended twice,
-- so of each key the last appended row (the newest read) stays; then rollup_school_score is built from the
-- facts, the same sums fact_test_score.sql keeps by differences (WarehouseWriterTest compares the two); the ESA
-- and nation rollups follow from it (../area_rollups.sql, run after every after_snapshot script).

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
