-- Test results per ESA and per nation (issue 15): the national pages and every ESA or national comparison summed
-- the whole school rollup on each query (the national overview took 113 ms at country scale). The writer keeps
-- both by differences, from the same before/after deltas as rollup_school_score (fact_test_score.sql), and moves a
-- school's sums when it changes ESA or province, is added or is removed (dim_school.sql).
--
-- rollup_esa_score: the sums of the school rollup over the schools whose current version is in the ESA and the
-- province (a secondary ESA spans provinces); schools without a current version, or with no ESA, are in none.
CREATE TABLE rollup_esa_score (
  esa_code          VARCHAR NOT NULL,
  province_code     VARCHAR NOT NULL,
  test_code         VARCHAR NOT NULL,
  grade             VARCHAR NOT NULL,
  subject_code      VARCHAR NOT NULL,
  academic_year     INTEGER NOT NULL,
  takers            BIGINT NOT NULL,
  sum_score         DECIMAL(18,2) NOT NULL,
  sum_sq_score      DECIMAL(22,4) NOT NULL,
  at_least_50       BIGINT NOT NULL,
  h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL, h4 BIGINT NOT NULL,
  h5 BIGINT NOT NULL, h6 BIGINT NOT NULL, h7 BIGINT NOT NULL, h8 BIGINT NOT NULL, h9 BIGINT NOT NULL,
  PRIMARY KEY (esa_code, province_code, test_code, grade, subject_code, academic_year)
);

-- rollup_nation_score: the sums of every score of the country (every school, whatever its version).
CREATE TABLE rollup_nation_score (
  test_code         VARCHAR NOT NULL,
  grade             VARCHAR NOT NULL,
  subject_code      VARCHAR NOT NULL,
  academic_year     INTEGER NOT NULL,
  takers            BIGINT NOT NULL,
  sum_score         DECIMAL(18,2) NOT NULL,
  PRIMARY KEY (test_code, grade, subject_code, academic_year)
);

-- The writer's scratch tables, emptied and filled within each batch's transaction: one batch's score deltas per
-- school cell (fact_test_score.sql), and the schools whose ESA or province cell a batch changes (dim_school.sql).
CREATE TABLE stg_score_delta AS SELECT * FROM rollup_school_score LIMIT 0;
CREATE TABLE stg_school_move (
  school_code       VARCHAR NOT NULL,
  old_esa_code      VARCHAR,
  old_province_code VARCHAR,
  new_esa_code      VARCHAR,
  new_province_code VARCHAR
);

INSERT INTO rollup_esa_score
SELECT s.esa_code, s.province_code, r.test_code, r.grade, r.subject_code, r.academic_year, SUM(r.takers),
       SUM(r.sum_score), SUM(r.sum_sq_score), SUM(r.at_least_50), SUM(r.h0), SUM(r.h1), SUM(r.h2), SUM(r.h3),
       SUM(r.h4), SUM(r.h5), SUM(r.h6), SUM(r.h7), SUM(r.h8), SUM(r.h9)
FROM rollup_school_score r JOIN dim_school s ON s.school_code = r.school_code AND s.is_current
WHERE s.esa_code IS NOT NULL
GROUP BY ALL;

INSERT INTO rollup_nation_score
SELECT test_code, grade, subject_code, academic_year, SUM(takers), SUM(sum_score)
FROM rollup_school_score GROUP BY ALL;
