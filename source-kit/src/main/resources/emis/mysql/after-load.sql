-- Fresh optimizer statistics after the bulk load (the simulator's queries use them).
ANALYZE TABLE enrollment, onet_score, nt_score, rt_score, school, teacher;
