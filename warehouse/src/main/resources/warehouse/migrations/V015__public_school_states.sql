-- The published states of the school cells (issue 17; docs/design/releases-over-time.md). Under the release policy a
-- school cell shows the records it held at the release that made its state, and takes a new state only when its
-- records differ from every state it published before by none or at least k records; everything above a school is
-- the sum of its schools' published states. Internal: pseudonymous score ids and scores, never served.
CREATE TABLE public_school_state (
  release_id     BIGINT NOT NULL,     -- the release that made this state
  school_code    VARCHAR NOT NULL,
  test_code      VARCHAR NOT NULL,
  grade          VARCHAR NOT NULL,
  subject_code   VARCHAR NOT NULL,
  academic_year  INTEGER NOT NULL,
  takers         BIGINT NOT NULL,     -- 0: the cell's records are gone
  sum_score      DOUBLE NOT NULL,
  at_least_50    BIGINT NOT NULL,
  records_hash   UBIGINT,             -- bit_xor of the hashes of its (score id, score): tells a changed cell cheaply
  -- the school's place, fixed with the cell's first state: a school that moves does not move its published totals
  cluster        VARCHAR,
  esa            VARCHAR NOT NULL,
  province       VARCHAR NOT NULL,
  region         VARCHAR NOT NULL,
  esa_spans      BOOLEAN NOT NULL,
  esa_parent     VARCHAR NOT NULL,
  PRIMARY KEY (school_code, test_code, grade, subject_code, academic_year, release_id)
);

CREATE TABLE public_school_state_record (
  release_id     BIGINT NOT NULL,
  school_code    VARCHAR NOT NULL,
  test_code      VARCHAR NOT NULL,
  grade          VARCHAR NOT NULL,
  subject_code   VARCHAR NOT NULL,
  academic_year  INTEGER NOT NULL,
  score_id       BIGINT NOT NULL,
  score          DECIMAL(5,2) NOT NULL
);

-- what a school cell showed is said with its date: the release its state was made in
ALTER TABLE published_score_cell ADD COLUMN as_of_release BIGINT;
