-- The star schema that dashboards and the query layer read. Filled by the ingest writer from the
-- EMIS/OBEC sources. No citizen ID, no name of a child or teacher: people are keyed by pseudonyms
-- (keyed hashes made at ingest).

-- ---------------------------------------------------------------- static dimensions

CREATE TABLE dim_test (
  test_code   VARCHAR PRIMARY KEY,
  name_th     VARCHAR NOT NULL,
  name_en     VARCHAR NOT NULL
);
INSERT INTO dim_test VALUES
  ('ONET', 'การทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET)', 'Ordinary National Educational Test (O-NET)'),
  ('NT',   'การประเมินคุณภาพผู้เรียน (NT)', 'National Test (NT)'),
  ('RT',   'การประเมินความสามารถด้านการอ่าน (RT)', 'Reading Test (RT)');

CREATE TABLE dim_grade (
  grade_code  VARCHAR PRIMARY KEY,
  level       VARCHAR NOT NULL,       -- kindergarten | primary | lower_secondary | upper_secondary
  ordinal     INTEGER NOT NULL,
  name_th     VARCHAR NOT NULL,
  name_en     VARCHAR NOT NULL
);
INSERT INTO dim_grade VALUES
  ('K1', 'kindergarten', 1, 'อนุบาล 1', 'Kindergarten 1'), ('K2', 'kindergarten', 2, 'อนุบาล 2', 'Kindergarten 2'),
  ('K3', 'kindergarten', 3, 'อนุบาล 3', 'Kindergarten 3'),
  ('P1', 'primary', 4, 'ประถมศึกษาปีที่ 1', 'Primary 1'), ('P2', 'primary', 5, 'ประถมศึกษาปีที่ 2', 'Primary 2'),
  ('P3', 'primary', 6, 'ประถมศึกษาปีที่ 3', 'Primary 3'), ('P4', 'primary', 7, 'ประถมศึกษาปีที่ 4', 'Primary 4'),
  ('P5', 'primary', 8, 'ประถมศึกษาปีที่ 5', 'Primary 5'), ('P6', 'primary', 9, 'ประถมศึกษาปีที่ 6', 'Primary 6'),
  ('M1', 'lower_secondary', 10, 'มัธยมศึกษาปีที่ 1', 'Secondary 1'), ('M2', 'lower_secondary', 11, 'มัธยมศึกษาปีที่ 2', 'Secondary 2'),
  ('M3', 'lower_secondary', 12, 'มัธยมศึกษาปีที่ 3', 'Secondary 3'), ('M4', 'upper_secondary', 13, 'มัธยมศึกษาปีที่ 4', 'Secondary 4'),
  ('M5', 'upper_secondary', 14, 'มัธยมศึกษาปีที่ 5', 'Secondary 5'), ('M6', 'upper_secondary', 15, 'มัธยมศึกษาปีที่ 6', 'Secondary 6');

-- Academic years: B.E. and C.E.; a Thai academic year runs from 16 May to 31 March.
CREATE TABLE dim_academic_year (
  year_be     INTEGER PRIMARY KEY,
  year_ce     INTEGER NOT NULL,
  starts_on   DATE NOT NULL,
  ends_on     DATE NOT NULL,
  label_th    VARCHAR NOT NULL,
  label_en    VARCHAR NOT NULL
);
INSERT INTO dim_academic_year
SELECT y, y - 543, make_date(y - 543, 5, 16), make_date(y - 542, 3, 31),
       'ปีการศึกษา ' || y, 'AY ' || y || ' (' || (y - 543) || '/' || ((y - 542) % 100) || ')'
FROM range(2550, 2581) t(y);

-- Calendar days 2005-2037 with their academic year.
CREATE TABLE dim_date (
  date_key        INTEGER PRIMARY KEY,     -- yyyymmdd
  day             DATE NOT NULL,
  year_ce         INTEGER NOT NULL,
  year_be         INTEGER NOT NULL,
  month           INTEGER NOT NULL,
  day_of_week     INTEGER NOT NULL,        -- ISO: 1 = Monday
  academic_year_be INTEGER                 -- null in the April-to-mid-May break
);
INSERT INTO dim_date
SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER), CAST(d AS DATE), year(d), year(d) + 543, month(d), isodow(d),
       CASE WHEN (month(d) = 5 AND day(d) >= 16) OR month(d) > 5 THEN year(d) + 543
            WHEN month(d) <= 3 THEN year(d) + 542 END
FROM range(DATE '2005-01-01', DATE '2038-01-01', INTERVAL 1 DAY) t(d);

-- ---------------------------------------------------------------- dimensions from the source

CREATE TABLE dim_province (
  province_code VARCHAR PRIMARY KEY,
  name_th       VARCHAR NOT NULL,
  name_en       VARCHAR NOT NULL,
  region        VARCHAR NOT NULL
);

CREATE TABLE dim_esa (
  esa_code      VARCHAR PRIMARY KEY,
  esa_type      VARCHAR NOT NULL,
  province_code VARCHAR NOT NULL,
  area_no       INTEGER NOT NULL,
  name_th       VARCHAR NOT NULL,
  name_en       VARCHAR NOT NULL
);

CREATE TABLE dim_cluster (
  cluster_id    INTEGER PRIMARY KEY,
  esa_code      VARCHAR NOT NULL,
  name_th       VARCHAR NOT NULL,
  name_en       VARCHAR NOT NULL,
  amphoe_th     VARCHAR NOT NULL,
  amphoe_en     VARCHAR NOT NULL
);

-- Schools keep their history (SCD type 2): a school that moves to another cluster or ESA gets a new
-- version; its facts join on school_code and the version valid at the time.
CREATE SEQUENCE school_version_seq;
CREATE TABLE dim_school (
  school_version_id    BIGINT PRIMARY KEY DEFAULT nextval('school_version_seq'),
  school_code          VARCHAR NOT NULL,
  smis_code            VARCHAR NOT NULL,
  name_th              VARCHAR NOT NULL,
  name_en              VARCHAR NOT NULL,
  esa_code             VARCHAR,
  cluster_id           INTEGER,
  province_code        VARCHAR NOT NULL,
  amphoe_th            VARCHAR,
  tambon_th            VARCHAR,
  location_type        VARCHAR NOT NULL,
  lowest_grade         VARCHAR NOT NULL,
  highest_grade        VARCHAR NOT NULL,
  extended_opportunity BOOLEAN NOT NULL,
  founded_on           DATE,
  distance_to_esa_km   DECIMAL(5,1),
  status               VARCHAR NOT NULL,
  source_updated_at    TIMESTAMP NOT NULL,
  valid_from           TIMESTAMP NOT NULL,
  valid_to             TIMESTAMP,            -- null while current
  is_current           BOOLEAN NOT NULL
);
CREATE INDEX dim_school_code ON dim_school (school_code);

CREATE TABLE dim_subject (
  test_code     VARCHAR NOT NULL,
  subject_code  VARCHAR NOT NULL,
  name_th       VARCHAR NOT NULL,
  name_en       VARCHAR NOT NULL,
  PRIMARY KEY (test_code, subject_code)
);

CREATE TABLE dim_strand (
  subject_code  VARCHAR NOT NULL,
  strand_no     INTEGER NOT NULL,
  name_th       VARCHAR NOT NULL,
  name_en       VARCHAR NOT NULL,
  PRIMARY KEY (subject_code, strand_no)
);

CREATE TABLE dim_supervisor (
  supervisor_id     INTEGER PRIMARY KEY,
  esa_code          VARCHAR NOT NULL,
  academic_standing VARCHAR NOT NULL
);

CREATE TABLE dim_teacher (
  teacher_id        BIGINT PRIMARY KEY,       -- the source's record number (not a personal identifier)
  person_key        VARCHAR NOT NULL,         -- keyed hash of the citizen ID
  sex               VARCHAR NOT NULL,
  school_code       VARCHAR,
  position_th       VARCHAR NOT NULL,
  academic_standing VARCHAR NOT NULL,
  major_subject     VARCHAR NOT NULL,
  started_on        DATE NOT NULL
);

CREATE TABLE dim_student (
  student_key       BIGINT PRIMARY KEY,       -- keyed hash of the source's student record number
  person_key        VARCHAR,                  -- keyed hash of the citizen ID (null when the source had none)
  citizen_id_valid  BOOLEAN NOT NULL,         -- did the source's ID pass the check digit
  sex               VARCHAR NOT NULL,
  birth_year_be     INTEGER NOT NULL          -- year only: no full birth date in the warehouse
);

-- ---------------------------------------------------------------- facts

CREATE TABLE fact_enrollment (
  academic_year     INTEGER NOT NULL,
  student_key       BIGINT NOT NULL,
  school_code       VARCHAR NOT NULL,
  grade             VARCHAR NOT NULL,
  classroom         INTEGER NOT NULL,
  source_updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (academic_year, student_key)
);

-- One row per test score of one child in one subject (O-NET), domain (NT) or part (RT).
CREATE TABLE fact_test_score (
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
  entered_at        TIMESTAMP NOT NULL,
  PRIMARY KEY (test_code, score_id)
);

CREATE TABLE fact_pd_session (
  session_id        BIGINT PRIMARY KEY,
  academic_year     INTEGER NOT NULL,
  esa_code          VARCHAR NOT NULL,
  cluster_id        INTEGER,
  title_th          VARCHAR NOT NULL,
  topic             VARCHAR NOT NULL,
  mode              VARCHAR NOT NULL,
  held_on           DATE NOT NULL,
  hours             DECIMAL(4,1) NOT NULL
);

CREATE TABLE fact_pd_attendance (
  session_id        BIGINT NOT NULL,
  teacher_id        BIGINT NOT NULL,
  attended          BOOLEAN NOT NULL,
  hours_attended    DECIMAL(4,1) NOT NULL,
  PRIMARY KEY (session_id, teacher_id)
);

CREATE TABLE fact_supervision_visit (
  visit_id          BIGINT PRIMARY KEY,
  academic_year     INTEGER NOT NULL,
  school_code       VARCHAR NOT NULL,
  supervisor_id     INTEGER,
  visited_on        DATE NOT NULL,
  focus             VARCHAR NOT NULL,
  rating            INTEGER,
  follow_up         BOOLEAN NOT NULL
);

CREATE TABLE fact_plc_activity (
  plc_id            BIGINT PRIMARY KEY,
  academic_year     INTEGER NOT NULL,
  level             VARCHAR NOT NULL,
  school_code       VARCHAR,
  cluster_id        INTEGER NOT NULL,
  met_on            DATE NOT NULL,
  topic             VARCHAR NOT NULL,
  hours             DECIMAL(3,1) NOT NULL,
  participants      INTEGER NOT NULL
);

-- ---------------------------------------------------------------- rollups (maintained incrementally)

-- Per school x test x grade x subject x year: what dashboards and the disclosure engine read.
-- Kept up to date by the writer from the difference between a score's state before and after each
-- change, never rebuilt from scratch.
CREATE TABLE rollup_school_score (
  school_code       VARCHAR NOT NULL,
  test_code         VARCHAR NOT NULL,
  grade             VARCHAR NOT NULL,
  subject_code      VARCHAR NOT NULL,
  academic_year     INTEGER NOT NULL,
  takers            BIGINT NOT NULL,
  sum_score         DECIMAL(18,2) NOT NULL,
  sum_sq_score      DECIMAL(22,4) NOT NULL,
  at_least_50       BIGINT NOT NULL,
  -- takers per 10-point band: h0 = [0,10), h1 = [10,20) ... h9 = [90,100]
  h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL, h4 BIGINT NOT NULL,
  h5 BIGINT NOT NULL, h6 BIGINT NOT NULL, h7 BIGINT NOT NULL, h8 BIGINT NOT NULL, h9 BIGINT NOT NULL,
  PRIMARY KEY (school_code, test_code, grade, subject_code, academic_year)
);
