-- Applies one batch of PLC-activity changes and moves rollup_plc by the difference between each
-- affected meeting's state before (read from the warehouse) and after. Cluster-level meetings (no
-- school) are rolled up under school_code ''.

INSERT INTO rollup_plc AS r
SELECT cluster_id, school_code, academic_year, SUM(sign), SUM(sign * hours), SUM(sign * hours * participants)
FROM (
  SELECT -1 AS sign, f.cluster_id, COALESCE(f.school_code, '') AS school_code, f.academic_year, f.hours,
         f.participants
  FROM fact_plc_activity f JOIN stg_del_fact_plc_activity k ON f.plc_id = k.plc_id
  UNION ALL
  SELECT 1, s.cluster_id, COALESCE(s.school_code, ''), s.academic_year, s.hours, s.participants
  FROM stg_fact_plc_activity s
) d
GROUP BY cluster_id, school_code, academic_year
ON CONFLICT DO UPDATE SET
  meetings = r.meetings + excluded.meetings, hours = r.hours + excluded.hours,
  participant_hours = r.participant_hours + excluded.participant_hours;

DELETE FROM rollup_plc WHERE meetings = 0;

DELETE FROM fact_plc_activity f USING stg_del_fact_plc_activity k WHERE f.plc_id = k.plc_id;

INSERT INTO fact_plc_activity SELECT * FROM stg_fact_plc_activity;
