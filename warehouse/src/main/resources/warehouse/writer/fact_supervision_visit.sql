-- Applies one batch of supervision-visit changes and moves rollup_school_visits by the difference
-- between each affected visit's state before (read from the warehouse) and after.

INSERT INTO rollup_school_visits AS r
SELECT school_code, academic_year, SUM(sign), SUM(sign * CAST(rating IS NOT NULL AS INTEGER)),
       SUM(sign * COALESCE(rating, 0)), SUM(sign * CAST(follow_up AS INTEGER))
FROM (
  SELECT -1 AS sign, f.school_code, f.academic_year, f.rating, f.follow_up
  FROM fact_supervision_visit f JOIN stg_del_fact_supervision_visit k ON f.visit_id = k.visit_id
  UNION ALL
  SELECT 1, s.school_code, s.academic_year, s.rating, s.follow_up FROM stg_fact_supervision_visit s
) d
GROUP BY school_code, academic_year
ON CONFLICT DO UPDATE SET
  visits = r.visits + excluded.visits, rated_visits = r.rated_visits + excluded.rated_visits,
  rating_sum = r.rating_sum + excluded.rating_sum, follow_ups = r.follow_ups + excluded.follow_ups;

DELETE FROM rollup_school_visits WHERE visits = 0;

DELETE FROM fact_supervision_visit f USING stg_del_fact_supervision_visit k WHERE f.visit_id = k.visit_id;

INSERT INTO fact_supervision_visit SELECT * FROM stg_fact_supervision_visit;
