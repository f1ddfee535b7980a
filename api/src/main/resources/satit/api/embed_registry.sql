-- Statements of the embed registry (EmbedRegistry; tables in V017__embed_registry.sql).

-- name: sites
SELECT origin, internal, note, marked_by, marked_at FROM embed_site ORDER BY origin;

-- name: mark_site
INSERT OR REPLACE INTO embed_site (origin, internal, note, marked_by, marked_at) VALUES (?, ?, ?, ?, ?);

-- name: grants
SELECT grant_id, chart, params, origin, granted_by, role, esa_code, granted_at, refresh_until, revoked_at, revoked_by
FROM embed_grant ORDER BY granted_at DESC;

-- name: add_grant
INSERT INTO embed_grant (grant_id, chart, params, origin, granted_by, role, esa_code, granted_at, refresh_until)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: revoke_grant
UPDATE embed_grant SET revoked_at = ?, revoked_by = ? WHERE grant_id = ? AND revoked_at IS NULL;
