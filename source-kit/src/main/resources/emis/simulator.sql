-- Statements of the live change simulator (ChangeSimulator). Plain SQL that PostgreSQL and
-- MySQL/MariaDB both accept. Each block starts with "-- name: <name>".

-- name: latest_year
SELECT MAX(academic_year) FROM enrollment;

-- name: schools
SELECT school_code, esa_code, cluster_id FROM school WHERE status = 'open';

-- name: teachers
SELECT teacher_id, school_code FROM teacher;

-- name: supervisors
SELECT supervisor_id, esa_code FROM supervisor;

-- name: exam_candidates
SELECT e.student_id, e.school_code, e.grade FROM enrollment e
WHERE e.academic_year = ? AND e.grade IN ('P1', 'P3', 'P6', 'M3', 'M6')
  AND NOT EXISTS (SELECT 1 FROM onet_score s WHERE s.academic_year = e.academic_year AND s.student_id = e.student_id)
  AND NOT EXISTS (SELECT 1 FROM nt_score s WHERE s.academic_year = e.academic_year AND s.student_id = e.student_id)
  AND NOT EXISTS (SELECT 1 FROM rt_score s WHERE s.academic_year = e.academic_year AND s.student_id = e.student_id)
  AND MOD(e.student_id, ?) = 0;

-- name: score_sample
-- Valid scores of the year of every ?-th student (all subjects of a sampled student): what late entries are
-- drawn from (per test x grade x subject and school) and, for O-NET, what corrections, double entries and
-- deletions pick from. (Sampling by score_id would keep only some subjects: a score_id ends in its subject.)
SELECT 'ONET', score_id, student_id, school_code, grade, subject_code, score FROM onet_score
WHERE academic_year = ? AND MOD(student_id, ?) = 0 AND score BETWEEN 0 AND 100
UNION ALL
SELECT 'NT', score_id, student_id, school_code, 'P3', domain_code, score FROM nt_score
WHERE academic_year = ? AND MOD(student_id, ?) = 0 AND score BETWEEN 0 AND 100
UNION ALL
SELECT 'RT', score_id, student_id, school_code, 'P1', part_code, score FROM rt_score
WHERE academic_year = ? AND MOD(student_id, ?) = 0 AND score BETWEEN 0 AND 100;

-- name: enrollment_sample
SELECT student_id, school_code FROM enrollment WHERE academic_year = ? AND MOD(student_id, ?) = 0;

-- name: count_enrollment
SELECT COUNT(*) FROM enrollment WHERE academic_year = ?;

-- name: count_onet
SELECT COUNT(*) FROM onet_score WHERE academic_year = ?;

-- name: max_ids
SELECT (SELECT MAX(score_id) FROM onet_score), (SELECT MAX(score_id) FROM nt_score),
       (SELECT MAX(score_id) FROM rt_score), (SELECT MAX(session_id) FROM pd_session),
       (SELECT MAX(visit_id) FROM supervision_visit), (SELECT MAX(plc_id) FROM plc_activity),
       (SELECT MAX(student_id) FROM student);

-- name: insert_onet
INSERT INTO onet_score (score_id, academic_year, student_id, school_code, grade, subject_code, score,
                        strand_1, strand_2, strand_3, strand_4, strand_5, entered_at)
VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?);

-- name: insert_nt
INSERT INTO nt_score (score_id, academic_year, student_id, school_code, domain_code, score, entered_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: insert_rt
INSERT INTO rt_score (score_id, academic_year, student_id, school_code, part_code, score, entered_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: correct_onet
UPDATE onet_score SET score = ?, entered_at = ? WHERE score_id = ?;

-- name: delete_onet
DELETE FROM onet_score WHERE score_id = ?;

-- name: transfer
UPDATE enrollment SET school_code = ?, updated_at = ? WHERE academic_year = ? AND student_id = ?;

-- name: insert_pd_session
INSERT INTO pd_session (session_id, academic_year, esa_code, cluster_id, title_th, topic, mode, held_on, hours)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: insert_pd_attendance
INSERT INTO pd_attendance (session_id, teacher_id, attended, hours_attended) VALUES (?, ?, ?, ?);

-- name: insert_visit
INSERT INTO supervision_visit (visit_id, academic_year, school_code, supervisor_id, visited_on, focus, rating, follow_up)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: insert_plc
INSERT INTO plc_activity (plc_id, academic_year, level, school_code, cluster_id, met_on, topic, hours, participants)
VALUES (?, ?, 'school', ?, ?, ?, ?, ?, ?);

-- name: update_school
UPDATE school SET cluster_id = ?, distance_to_esa_km = ?, updated_at = ? WHERE school_code = ?;

-- name: insert_student
INSERT INTO student (student_id, citizen_id, title_th, first_name_th, last_name_th, sex, birth_date)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: insert_enrollment
INSERT INTO enrollment (academic_year, student_id, school_code, grade, classroom, updated_at) VALUES (?, ?, ?, ?, 1, ?);
