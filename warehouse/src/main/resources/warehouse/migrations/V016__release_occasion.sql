-- Why each public release was made and who asked (docs/design/releases-over-time.md, rule 5): 'first' (no release
-- yet), 'scheduled' (disclosure.release: daily at a time, or every so long), 'admin' (Publish now on the admin page;
-- requested_by names the admin), 'rules' (the disclosure rules changed), 'direct' (a tool or test called the release
-- itself). held_cells: school cells whose records differ from the state they show, held back by the release policy
-- until at least k of their records changed. Releases made before this migration keep null.
ALTER TABLE public_release ADD COLUMN kind VARCHAR;
ALTER TABLE public_release ADD COLUMN requested_by VARCHAR;
ALTER TABLE public_release ADD COLUMN held_cells BIGINT;
