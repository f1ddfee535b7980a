-- satit bench ingest --burst N: a results import, N O-NET score rows in one source transaction (NamedSql).

-- name: first_id
-- the burst's score ids start far above the simulator's, so neither collides with the other
SELECT COALESCE(MAX(score_id), 0) + 1000000000 FROM onet_score;

-- name: valid_scores
-- the scores the burst copies: valid ones (the warehouse takes them; none is quarantined)
SELECT COUNT(*) FROM onet_score WHERE student_id IS NOT NULL AND score BETWEEN 0 AND 100
  AND school_code IN (SELECT school_code FROM school);

-- name: insert
-- ? = first id, rows: copies of the valid scores already there (their students, schools, subjects), new ids
INSERT INTO onet_score (score_id, academic_year, student_id, school_code, grade, subject_code, score,
                        strand_1, strand_2, strand_3, strand_4, strand_5, entered_at)
SELECT ? + n, academic_year, student_id, school_code, grade, subject_code, score,
       strand_1, strand_2, strand_3, strand_4, strand_5, now()::timestamp
FROM (
  SELECT o.*, row_number() OVER () - 1 AS n
  FROM (SELECT * FROM onet_score WHERE student_id IS NOT NULL AND score BETWEEN 0 AND 100
        AND school_code IN (SELECT school_code FROM school)) o,
       generate_series(1, ?) AS copies(c)
) numbered
WHERE n < ?;
