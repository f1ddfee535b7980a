-- Bad rows planted in the source before the snapshot (`QueryBenchmark.Options.plantBadRows`, used by the
-- test): one of each kind ingest quarantines, in the slices the dashboard queries read, so the correctness
-- check proves the source SQL leaves out what the warehouse leaves out. Each statement touches one row of
-- the table named before the dot; the warehouse then holds one row fewer of that table than the source.

-- name: onet_score.out_of_range
INSERT INTO onet_score (score_id, academic_year, student_id, school_code, grade, subject_code, score, entered_at)
SELECT (SELECT MAX(score_id) + 1 FROM onet_score), academic_year, student_id, school_code, grade, subject_code,
       105, entered_at
FROM onet_score WHERE grade = 'P6' AND subject_code = 'MAT'
ORDER BY academic_year DESC, score_id LIMIT 1;

-- name: onet_score.unknown_school
INSERT INTO onet_score (score_id, academic_year, student_id, school_code, grade, subject_code, score, entered_at)
SELECT (SELECT MAX(score_id) + 1 FROM onet_score), academic_year, student_id, '1099999999', grade, subject_code,
       55, entered_at
FROM onet_score WHERE grade = 'P6' AND subject_code = 'MAT'
ORDER BY academic_year DESC, score_id LIMIT 1;

-- name: onet_score.missing_key
INSERT INTO onet_score (score_id, academic_year, student_id, school_code, grade, subject_code, score, entered_at)
SELECT (SELECT MAX(score_id) + 1 FROM onet_score), academic_year, NULL, school_code, grade, subject_code,
       48, entered_at
FROM onet_score WHERE grade = 'P6' AND subject_code = 'MAT'
ORDER BY academic_year DESC, score_id LIMIT 1;

-- name: nt_score.out_of_range
INSERT INTO nt_score (score_id, academic_year, student_id, school_code, domain_code, score, entered_at)
SELECT (SELECT MAX(score_id) + 1 FROM nt_score), academic_year, student_id, school_code, domain_code, -5, entered_at
FROM nt_score ORDER BY academic_year DESC, score_id LIMIT 1;

-- name: supervision_visit.impossible_date
INSERT INTO supervision_visit (visit_id, academic_year, school_code, supervisor_id, visited_on, focus, rating, follow_up)
SELECT (SELECT MAX(visit_id) + 1 FROM supervision_visit), academic_year, school_code, supervisor_id,
       DATE '2099-02-28', focus, 4, follow_up
FROM supervision_visit ORDER BY academic_year DESC, visit_id LIMIT 1;

-- name: enrollment.unknown_school
INSERT INTO enrollment (academic_year, student_id, school_code, grade, classroom, updated_at)
SELECT academic_year, (SELECT MAX(student_id) + 1 FROM student), '1099999999', grade, classroom, updated_at
FROM enrollment ORDER BY academic_year DESC, student_id LIMIT 1;

-- name: plc_activity.unknown_school
INSERT INTO plc_activity (plc_id, academic_year, level, school_code, cluster_id, met_on, topic, hours, participants)
SELECT (SELECT MAX(plc_id) + 1 FROM plc_activity), academic_year, 'school', '1099999999', cluster_id, met_on,
       topic, hours, participants
FROM plc_activity ORDER BY academic_year DESC, plc_id LIMIT 1;

-- a child with O-NET P6 results whose citizen ID was mistyped: quarantined, so the warehouse knows its
-- scores but not its sex
-- name: student.invalid_citizen_id
UPDATE student SET citizen_id = substr(citizen_id, 1, 12) || ((substr(citizen_id, 13, 1)::int + 1) % 10)
WHERE student_id = (SELECT MIN(student_id) FROM onet_score WHERE grade = 'P6' AND student_id IS NOT NULL
                    AND academic_year = (SELECT MAX(academic_year) FROM onet_score));

-- a teacher who attended PD, with a mistyped citizen ID: counts nowhere in the warehouse
-- name: teacher.invalid_citizen_id
UPDATE teacher SET citizen_id = substr(citizen_id, 1, 12) || ((substr(citizen_id, 13, 1)::int + 1) % 10)
WHERE teacher_id = (SELECT MIN(a.teacher_id) FROM pd_attendance a JOIN teacher t ON t.teacher_id = a.teacher_id
                    WHERE a.hours_attended > 0 AND t.school_code IS NOT NULL);
