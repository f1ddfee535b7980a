-- Indexes of the EMIS source (both dialects), added after the bulk load with the primary keys (which come
-- from emis/tables.yaml: SourceLoader).
CREATE INDEX onet_score_year_student ON onet_score (academic_year, student_id);
CREATE INDEX nt_score_year_student ON nt_score (academic_year, student_id);
CREATE INDEX rt_score_year_student ON rt_score (academic_year, student_id);
CREATE INDEX enrollment_school ON enrollment (school_code, academic_year);
