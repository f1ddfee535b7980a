-- Rollups of enrollment, supervision visits and PLC activity (kept by the writer from before/after
-- differences, like rollup_school_score), and each school's size band with its history by year.

-- Pupils per school x academic year x grade: the 10 June count.
CREATE TABLE rollup_school_enrollment (
  school_code    VARCHAR NOT NULL,
  academic_year  INTEGER NOT NULL,
  grade          VARCHAR NOT NULL,
  pupils         BIGINT NOT NULL,
  PRIMARY KEY (school_code, academic_year, grade)
);

-- Supervision visits per school x academic year.
CREATE TABLE rollup_school_visits (
  school_code    VARCHAR NOT NULL,
  academic_year  INTEGER NOT NULL,
  visits         BIGINT NOT NULL,
  rated_visits   BIGINT NOT NULL,
  rating_sum     BIGINT NOT NULL,
  follow_ups     BIGINT NOT NULL,
  PRIMARY KEY (school_code, academic_year)
);

-- PLC meetings per cluster x school x academic year; school_code '' for cluster-level meetings.
CREATE TABLE rollup_plc (
  cluster_id        INTEGER NOT NULL,
  school_code       VARCHAR NOT NULL,
  academic_year     INTEGER NOT NULL,
  meetings          BIGINT NOT NULL,
  hours             DECIMAL(18,1) NOT NULL,
  participant_hours DECIMAL(22,1) NOT NULL,
  PRIMARY KEY (cluster_id, school_code, academic_year)
);

-- A warehouse made before these rollups existed gets them built once from its facts; from then on the
-- writer keeps them.
INSERT INTO rollup_school_enrollment
SELECT school_code, academic_year, grade, COUNT(*) FROM fact_enrollment GROUP BY ALL;
INSERT INTO rollup_school_visits
SELECT school_code, academic_year, COUNT(*), COUNT(rating), COALESCE(SUM(rating), 0),
       COUNT(*) FILTER (follow_up)
FROM fact_supervision_visit GROUP BY ALL;
INSERT INTO rollup_plc
SELECT cluster_id, COALESCE(school_code, ''), academic_year, COUNT(*), SUM(hours), SUM(hours * participants)
FROM fact_plc_activity GROUP BY ALL;

-- OBEC size bands (DOMAIN.md): primary ESAs small 1-120, medium 121-600, large 601-1,500, extra large
-- 1,501+; secondary ESAs small <= 499, medium 500-1,499, large 1,500-2,499, extra large 2,500+.
CREATE MACRO size_band(esa_type, pupils) AS
  CASE WHEN esa_type = 'secondary' THEN
         CASE WHEN pupils <= 499 THEN 'small' WHEN pupils <= 1499 THEN 'medium' WHEN pupils <= 2499 THEN 'large'
              ELSE 'extra_large' END
       ELSE CASE WHEN pupils <= 120 THEN 'small' WHEN pupils <= 600 THEN 'medium' WHEN pupils <= 1500 THEN 'large'
                 ELSE 'extra_large' END
  END;

-- A school's size and band in every academic year: the history of its size band (the band is defined
-- by each year's 10 June count, so its history is kept by year; moves between clusters and ESAs are
-- type-2 versions of dim_school). The ESA is the school's in that year's version, else its current one.
CREATE VIEW dim_school_year AS
SELECT e.school_code, e.academic_year, SUM(e.pupils) AS pupils,
       size_band(any_value(esa.esa_type), SUM(e.pupils)) AS size_band
FROM rollup_school_enrollment e
JOIN dim_school s ON s.school_code = e.school_code AND s.is_current
LEFT JOIN dim_esa esa ON esa.esa_code = s.esa_code
GROUP BY e.school_code, e.academic_year;

-- Each school's size in its latest academic year: what its current version carries.
CREATE VIEW school_latest_size AS
SELECT school_code, arg_max(pupils, academic_year) AS pupils, arg_max(size_band, academic_year) AS size_band
FROM dim_school_year
GROUP BY school_code;

-- The current version of a school carries its latest year's size (DuckDB cannot add columns to an
-- indexed table: the index is dropped and made again).
DROP INDEX dim_school_code;
ALTER TABLE dim_school ADD COLUMN pupils BIGINT;
ALTER TABLE dim_school ADD COLUMN size_band VARCHAR;
CREATE INDEX dim_school_code ON dim_school (school_code);
UPDATE dim_school d SET pupils = y.pupils, size_band = y.size_band
FROM school_latest_size y
WHERE d.school_code = y.school_code AND d.is_current;
