-- Public numbers, as released by the disclosure engine: score cells at every level of the public
-- hierarchy (nation, region, province, ESA, cluster, school) per test x grade x subject x academic year.
-- A suppressed cell keeps its row (people see that a group exists and why it is hidden) but carries no
-- number. Rewritten as a whole by each release, never edited by hand; the public role reads only this.
CREATE TABLE published_score_cell (
  level              VARCHAR NOT NULL,    -- nation | region | province | esa | cluster | school
  area_code          VARCHAR NOT NULL,    -- 'TH', region name, province code, ESA code, cluster id, school code
  parent_code        VARCHAR,             -- the area one level up (null for the nation)
  test_code          VARCHAR NOT NULL,
  grade              VARCHAR NOT NULL,
  subject_code       VARCHAR NOT NULL,
  academic_year      INTEGER NOT NULL,
  suppressed         BOOLEAN NOT NULL,
  takers             BIGINT,              -- null when suppressed
  mean_score         DOUBLE,              -- rounded as configured; null when suppressed
  share_at_least_50  DOUBLE,              -- percent; null when suppressed or coded
  share_code         VARCHAR,             -- e.g. '<5%' or '>95%' near the ends; null otherwise
  release_version    BIGINT NOT NULL,     -- the warehouse version the release was computed from
  PRIMARY KEY (level, area_code, test_code, grade, subject_code, academic_year)
);

-- When and from which warehouse version the public tables were last released, and the audit's verdict.
CREATE TABLE disclosure_release (
  id                 INTEGER PRIMARY KEY,
  release_version    BIGINT NOT NULL,
  released_at        TIMESTAMP NOT NULL,
  cells              BIGINT NOT NULL,
  suppressed_primary BIGINT NOT NULL,
  suppressed_complementary BIGINT NOT NULL
);
