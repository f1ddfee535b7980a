-- A school's per-head subsidy for an academic year and what it spent on teacher development (source table
-- school_budget, emis/tables.yaml). Replaced by key on each change: no rollup, a year has one row per school.
CREATE TABLE fact_school_budget (
  school_code       VARCHAR NOT NULL,
  academic_year     INTEGER NOT NULL,
  per_head_baht     DECIMAL(12,2) NOT NULL,
  development_baht  DECIMAL(12,2) NOT NULL,
  source_updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (school_code, academic_year)
);
