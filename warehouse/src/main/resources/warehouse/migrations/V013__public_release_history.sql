-- Every public release is a thing of its own: an id (1, 2, …), the warehouse version its numbers were computed from,
-- when it was made, what it hid, and the disclosure rules it was made with, with their fingerprint
-- (DisclosureRules.fingerprint): a release is made again when the data it reads or the rules changed. One row per
-- release, kept (the public's archive of releases is the threat model of issue 17: satit keeps the same record).
-- The published cells carry the id of the release they belong to.
CREATE TABLE public_release (
  release_id               BIGINT PRIMARY KEY,
  warehouse_version        BIGINT NOT NULL,
  released_at              TIMESTAMP NOT NULL,
  cells                    BIGINT NOT NULL,
  suppressed_primary       BIGINT NOT NULL,
  suppressed_complementary BIGINT NOT NULL,
  rules_fingerprint        VARCHAR NOT NULL,   -- 'unrecorded' for a release made before rules were recorded
  min_count                INTEGER,
  protection_margin        INTEGER,
  mean_decimals            INTEGER,
  share_floor_percent      DOUBLE,
  share_ceiling_percent    DOUBLE
);

-- the release in place (if any) becomes release 1; its fingerprint is computed again by the releaser at start, and a
-- release whose rules were not recorded is made again under the configured ones
INSERT INTO public_release
SELECT 1, release_version, released_at, cells, suppressed_primary, suppressed_complementary,
       CASE WHEN min_count IS NULL THEN 'unrecorded' ELSE 'before V013' END,
       min_count, protection_margin, mean_decimals, share_floor_percent, share_ceiling_percent
FROM disclosure_release WHERE id = 1;

ALTER TABLE published_score_cell ADD COLUMN release_id BIGINT;
UPDATE published_score_cell SET release_id = 1;

DROP TABLE disclosure_release;
