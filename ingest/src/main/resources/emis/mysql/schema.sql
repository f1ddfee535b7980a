-- EMIS/OBEC-like source schema, MySQL/MariaDB dialect.
-- Mirrors postgres/schema.sql column for column (emis/tables.yaml lists the order; SourceSpecTest checks both).
-- Like many real school-administration databases it has primary keys but no foreign keys and no
-- CHECK constraints: bad rows (score 105, unknown school code, missing keys) get in, and ingest
-- must quarantine them. Primary keys (from emis/tables.yaml) and indexes.sql are added after the bulk load (faster LOAD DATA).

CREATE TABLE province (
  province_code   CHAR(2)      NOT NULL,
  name_th         VARCHAR(64)  NOT NULL,
  name_en         VARCHAR(64)  NOT NULL,
  region          VARCHAR(16)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE esa_office (
  esa_code        CHAR(4)      NOT NULL,   -- province code + area number ("5003"); secondary offices use area 00
  esa_type        VARCHAR(9)   NOT NULL,   -- primary | secondary
  province_code   CHAR(2)      NOT NULL,   -- seat of the office
  area_no         SMALLINT     NOT NULL,
  name_th         VARCHAR(128) NOT NULL,   -- "สพป.เชียงใหม่ เขต 3"
  name_en         VARCHAR(160) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE school_cluster (                 -- กลุ่มเครือข่ายพัฒนาคุณภาพการศึกษา
  cluster_id      INTEGER      NOT NULL,
  esa_code        CHAR(4)      NOT NULL,
  name_th         VARCHAR(160) NOT NULL,
  name_en         VARCHAR(200) NOT NULL,
  amphoe_th       VARCHAR(64)  NOT NULL,
  amphoe_en       VARCHAR(64)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE school (
  school_code          CHAR(10)     NOT NULL,  -- "10" + province + 6-digit OBEC code
  smis_code            CHAR(8)      NOT NULL,  -- province + ESA area + 4-digit sequence
  name_th              VARCHAR(160) NOT NULL,
  name_en              VARCHAR(200) NOT NULL,
  esa_code             CHAR(4),
  cluster_id           INTEGER,
  province_code        CHAR(2)      NOT NULL,
  amphoe_th            VARCHAR(64),
  tambon_th            VARCHAR(64),
  location_type        VARCHAR(5)   NOT NULL,  -- urban | rural
  lowest_grade         VARCHAR(2)   NOT NULL,  -- K1 .. M6
  highest_grade        VARCHAR(2)   NOT NULL,
  extended_opportunity BOOLEAN      NOT NULL,  -- primary school teaching up to M3 (ขยายโอกาส)
  founded_on           DATE,
  distance_to_esa_km   NUMERIC(5,1),
  status               VARCHAR(8)   NOT NULL,  -- open | closed
  updated_at           DATETIME    NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE supervisor (                     -- ศึกษานิเทศก์ of an ESA office
  supervisor_id     INTEGER      NOT NULL,
  esa_code          CHAR(4)      NOT NULL,
  first_name_th     VARCHAR(64)  NOT NULL,
  last_name_th      VARCHAR(64)  NOT NULL,
  academic_standing VARCHAR(32)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE teacher (
  teacher_id        BIGINT       NOT NULL,
  citizen_id        CHAR(13)     NOT NULL,
  title_th          VARCHAR(16)  NOT NULL,
  first_name_th     VARCHAR(64)  NOT NULL,
  last_name_th      VARCHAR(64)  NOT NULL,
  sex               CHAR(1)      NOT NULL,
  school_code       CHAR(10),
  position_th       VARCHAR(32)  NOT NULL,
  academic_standing VARCHAR(32)  NOT NULL,   -- ครูผู้ช่วย, ครู, ชำนาญการ, ชำนาญการพิเศษ, เชี่ยวชาญ
  major_subject     VARCHAR(3)   NOT NULL,
  started_on        DATE         NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE student (                        -- one record per child, as the DMC holds it
  student_id        BIGINT       NOT NULL,
  citizen_id        CHAR(13),                 -- 13-digit national ID (mod-11 check digit)
  title_th          VARCHAR(16)  NOT NULL,
  first_name_th     VARCHAR(64)  NOT NULL,
  last_name_th      VARCHAR(64)  NOT NULL,
  sex               CHAR(1)      NOT NULL,    -- M | F
  birth_date        DATE         NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE enrollment (                     -- 10 June DMC snapshot: where each child studies that year
  academic_year     SMALLINT     NOT NULL,    -- B.E.
  student_id        BIGINT       NOT NULL,
  school_code       CHAR(10),
  grade             VARCHAR(2)   NOT NULL,
  classroom         SMALLINT     NOT NULL,
  updated_at        DATETIME    NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE onet_score (
  score_id          BIGINT       NOT NULL,
  academic_year     SMALLINT     NOT NULL,
  student_id        BIGINT,
  school_code       CHAR(10),
  grade             VARCHAR(2)   NOT NULL,    -- P6 | M3 | M6
  subject_code      VARCHAR(3)   NOT NULL,    -- THA MAT SCI ENG SOC
  score             NUMERIC(5,2),
  strand_1          NUMERIC(5,2),
  strand_2          NUMERIC(5,2),
  strand_3          NUMERIC(5,2),
  strand_4          NUMERIC(5,2),
  strand_5          NUMERIC(5,2),
  entered_at        DATETIME    NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE nt_score (                       -- National Test, P3
  score_id          BIGINT       NOT NULL,
  academic_year     SMALLINT     NOT NULL,
  student_id        BIGINT,
  school_code       CHAR(10),
  domain_code       VARCHAR(3)   NOT NULL,    -- LIT NUM (REA until AY 2561)
  score             NUMERIC(5,2),
  entered_at        DATETIME    NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE rt_score (                       -- Reading Test, P1
  score_id          BIGINT       NOT NULL,
  academic_year     SMALLINT     NOT NULL,
  student_id        BIGINT,
  school_code       CHAR(10),
  part_code         VARCHAR(3)   NOT NULL,    -- RAL (aloud) | RCO (comprehension)
  score             NUMERIC(5,2),
  entered_at        DATETIME    NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE pd_session (                     -- teacher professional development run by a cluster or the ESA
  session_id        BIGINT       NOT NULL,
  academic_year     SMALLINT     NOT NULL,
  esa_code          CHAR(4)      NOT NULL,
  cluster_id        INTEGER,
  title_th          VARCHAR(200) NOT NULL,
  topic             VARCHAR(24)  NOT NULL,
  mode              VARCHAR(8)   NOT NULL,    -- onsite | online | hybrid
  held_on           DATE         NOT NULL,
  hours             NUMERIC(4,1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE pd_attendance (
  session_id        BIGINT       NOT NULL,
  teacher_id        BIGINT       NOT NULL,
  attended          BOOLEAN      NOT NULL,
  hours_attended    NUMERIC(4,1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE supervision_visit (
  visit_id          BIGINT       NOT NULL,
  academic_year     SMALLINT     NOT NULL,
  school_code       CHAR(10),
  supervisor_id     INTEGER,
  visited_on        DATE,
  focus             VARCHAR(24)  NOT NULL,
  rating            SMALLINT,                 -- 1 (needs support) .. 4 (excellent)
  follow_up         BOOLEAN      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE plc_activity (                   -- professional learning community meetings
  plc_id            BIGINT       NOT NULL,
  academic_year     SMALLINT     NOT NULL,
  level             VARCHAR(8)   NOT NULL,    -- school | cluster
  school_code       CHAR(10),                 -- null for cluster-level PLCs
  cluster_id        INTEGER      NOT NULL,
  met_on            DATE         NOT NULL,
  topic             VARCHAR(24)  NOT NULL,
  hours             NUMERIC(3,1) NOT NULL,
  participants      SMALLINT     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE test_subject (
  test_code         VARCHAR(4)   NOT NULL,
  subject_code      VARCHAR(3)   NOT NULL,
  name_th           VARCHAR(64)  NOT NULL,
  name_en           VARCHAR(64)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE subject_strand (
  subject_code      VARCHAR(3)   NOT NULL,
  strand_no         SMALLINT     NOT NULL,
  name_th           VARCHAR(96)  NOT NULL,
  name_en           VARCHAR(96)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE satit_generation (               -- how this source was generated (not EMIS data)
  name              VARCHAR(32)  NOT NULL,
  value             VARCHAR(128) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
