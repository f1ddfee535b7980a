-- Rebuilds the ESA and nation score rollups from the school rollup: what fact_test_score.sql and dim_school.sql
-- keep by differences. The writer runs it once a first snapshot's appended facts are made whole (after the
-- after_snapshot scripts, which rebuild rollup_school_score); a school counts for the ESA and province of its
-- current version, schools without one (or without an ESA) for none.
DELETE FROM rollup_esa_score;

INSERT INTO rollup_esa_score
SELECT s.esa_code, s.province_code, r.test_code, r.grade, r.subject_code, r.academic_year, SUM(r.takers),
       SUM(r.sum_score), SUM(r.sum_sq_score), SUM(r.at_least_50), SUM(r.h0), SUM(r.h1), SUM(r.h2), SUM(r.h3),
       SUM(r.h4), SUM(r.h5), SUM(r.h6), SUM(r.h7), SUM(r.h8), SUM(r.h9)
FROM rollup_school_score r JOIN dim_school s ON s.school_code = r.school_code AND s.is_current
WHERE s.esa_code IS NOT NULL
GROUP BY ALL;

DELETE FROM rollup_nation_score;

INSERT INTO rollup_nation_score
SELECT test_code, grade, subject_code, academic_year, SUM(takers), SUM(sum_score)
FROM rollup_school_score GROUP BY ALL;
