-- Keys and indexes of the EMIS source (both dialects), added after the bulk load. Every table has a
-- primary key: CDC needs them.
ALTER TABLE province          ADD PRIMARY KEY (province_code);
ALTER TABLE esa_office        ADD PRIMARY KEY (esa_code);
ALTER TABLE school_cluster    ADD PRIMARY KEY (cluster_id);
ALTER TABLE school            ADD PRIMARY KEY (school_code);
ALTER TABLE supervisor        ADD PRIMARY KEY (supervisor_id);
ALTER TABLE teacher           ADD PRIMARY KEY (teacher_id);
ALTER TABLE student           ADD PRIMARY KEY (student_id);
ALTER TABLE enrollment        ADD PRIMARY KEY (academic_year, student_id);
ALTER TABLE onet_score        ADD PRIMARY KEY (score_id);
ALTER TABLE nt_score          ADD PRIMARY KEY (score_id);
ALTER TABLE rt_score          ADD PRIMARY KEY (score_id);
ALTER TABLE pd_session        ADD PRIMARY KEY (session_id);
ALTER TABLE pd_attendance     ADD PRIMARY KEY (session_id, teacher_id);
ALTER TABLE supervision_visit ADD PRIMARY KEY (visit_id);
ALTER TABLE plc_activity      ADD PRIMARY KEY (plc_id);
ALTER TABLE test_subject      ADD PRIMARY KEY (test_code, subject_code);
ALTER TABLE subject_strand    ADD PRIMARY KEY (subject_code, strand_no);
ALTER TABLE satit_generation  ADD PRIMARY KEY (name);
CREATE INDEX onet_score_year_student ON onet_score (academic_year, student_id);
CREATE INDEX nt_score_year_student ON nt_score (academic_year, student_id);
CREATE INDEX rt_score_year_student ON rt_score (academic_year, student_id);
CREATE INDEX enrollment_school ON enrollment (school_code, academic_year);
