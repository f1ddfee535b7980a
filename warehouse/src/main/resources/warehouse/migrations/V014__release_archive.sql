-- What every public release showed, kept (issue 17: the public's archive of releases is the threat model, so satit
-- keeps the same archive and audits it: ./satit audit disclosure --history). Stored as the rows that differ from the
-- release before (a daily release at country scale changes a few of its ~900k cells): a cell's row of release n
-- holds what it showed from n on, until a later row; present = false says it was gone from that release on.
CREATE TABLE public_release_cell (
  release_id         BIGINT NOT NULL,
  level              VARCHAR NOT NULL,
  area_code          VARCHAR NOT NULL,
  parent_code        VARCHAR,
  test_code          VARCHAR NOT NULL,
  grade              VARCHAR NOT NULL,
  subject_code       VARCHAR NOT NULL,
  academic_year      INTEGER NOT NULL,
  present            BOOLEAN NOT NULL,
  suppressed         BOOLEAN,
  takers             BIGINT,
  mean_score         DOUBLE,
  share_at_least_50  DOUBLE,
  share_code         VARCHAR,
  PRIMARY KEY (release_id, level, area_code, test_code, grade, subject_code, academic_year)
);

-- release n as the public saw it: of each cell, its newest row up to n, if the cell was there
CREATE MACRO public_release_as_of(n) AS TABLE
  SELECT release_id AS changed_in, level, area_code, parent_code, test_code, grade, subject_code, academic_year,
         suppressed, takers, mean_score, share_at_least_50, share_code
  FROM (
    SELECT *, row_number() OVER (PARTITION BY level, area_code, test_code, grade, subject_code, academic_year
                                 ORDER BY release_id DESC) AS newest
    FROM public_release_cell WHERE release_id <= n
  )
  WHERE newest = 1 AND present;

-- the release in place (if any) is the archive's first
INSERT INTO public_release_cell
SELECT release_id, level, area_code, parent_code, test_code, grade, subject_code, academic_year, true, suppressed,
       takers, mean_score, share_at_least_50, share_code
FROM published_score_cell;
