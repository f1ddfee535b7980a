-- The two largest facts lose their composite primary keys for a plain index on one BIGINT column of their key
-- (issue 15). DuckDB finds rows through an index only for one filtered column: a keyed DELETE on the composite
-- key scanned all 22M scores of a country on every batch. The writer now deletes by that one column (a score_id
-- names at most one score per test, a student_key at most one enrollment per year) and puts back the few rows
-- of the same column value that the batch did not change (fact_test_score.sql, fact_enrollment.sql); with the
-- batch's keys collapsed first, every key stays unique without a constraint. DuckDB cannot drop a primary key,
-- so each table is rebuilt. See docs/design/duckdb-keyed-apply.md.

CREATE TABLE fact_test_score_v8 (
  test_code         VARCHAR NOT NULL,
  score_id          BIGINT NOT NULL,
  academic_year     INTEGER NOT NULL,
  student_key       BIGINT NOT NULL,
  school_code       VARCHAR NOT NULL,
  grade             VARCHAR NOT NULL,
  subject_code      VARCHAR NOT NULL,
  score             DECIMAL(5,2) NOT NULL,
  strand_1          DECIMAL(5,2),
  strand_2          DECIMAL(5,2),
  strand_3          DECIMAL(5,2),
  strand_4          DECIMAL(5,2),
  strand_5          DECIMAL(5,2),
  entered_at        TIMESTAMP NOT NULL
);
INSERT INTO fact_test_score_v8 SELECT * FROM fact_test_score;
DROP TABLE fact_test_score;
ALTER TABLE fact_test_score_v8 RENAME TO fact_test_score;
CREATE INDEX fact_test_score_by_id ON fact_test_score (score_id);

CREATE TABLE fact_enrollment_v8 (
  academic_year     INTEGER NOT NULL,
  student_key       BIGINT NOT NULL,
  school_code       VARCHAR NOT NULL,
  grade             VARCHAR NOT NULL,
  classroom         INTEGER NOT NULL,
  source_updated_at TIMESTAMP NOT NULL
);
INSERT INTO fact_enrollment_v8 SELECT * FROM fact_enrollment;
DROP TABLE fact_enrollment;
ALTER TABLE fact_enrollment_v8 RENAME TO fact_enrollment;
CREATE INDEX fact_enrollment_by_student ON fact_enrollment (student_key);
