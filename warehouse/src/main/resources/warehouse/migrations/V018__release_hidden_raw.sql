-- Suppression knows the past (docs/design/releases-over-time.md, rule 4): the cells the last public release hid, with
-- their true count and sum, so that the next release keeps hidden a cell whose value has not changed (were it shown
-- now, the public would learn what it hid then, and so what it protected). Internal: no view of any role reads it.
-- Rewritten by every release (it holds the last release's hidden cells only).
CREATE TABLE release_hidden_raw (
  level          VARCHAR NOT NULL,
  area_code      VARCHAR NOT NULL,
  test_code      VARCHAR NOT NULL,
  grade          VARCHAR NOT NULL,
  subject_code   VARCHAR NOT NULL,
  academic_year  INTEGER NOT NULL,
  takers         BIGINT NOT NULL,
  sum_score      DOUBLE NOT NULL
);
