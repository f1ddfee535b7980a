-- Each release records the disclosure rules it was made with (DisclosureRules), so a start whose configured
-- rules differ from the last release's releases again before anything is served. Releases made before this
-- migration have no rules recorded: they count as made under other rules.
ALTER TABLE disclosure_release ADD COLUMN min_count INTEGER;
ALTER TABLE disclosure_release ADD COLUMN protection_margin INTEGER;
ALTER TABLE disclosure_release ADD COLUMN mean_decimals INTEGER;
ALTER TABLE disclosure_release ADD COLUMN share_floor_percent DOUBLE;
ALTER TABLE disclosure_release ADD COLUMN share_ceiling_percent DOUBLE;
