-- Embeds know their audience (issue 17, point 4): the websites that embed satit's charts, and every embed code made.
-- A site is public unless an admin marked it internal (a staff intranet): only there may a chart that is not public be
-- embedded. An embed grant is one chart with its parameters locked, for one site, seen as its grantor, until a date;
-- its tokens (short-lived JWTs, renewed by the embedded page) name the grant, so revoking it is one row.
CREATE TABLE embed_site (
  origin     VARCHAR PRIMARY KEY,  -- scheme://host[:port], as the browser sends it
  internal   BOOLEAN NOT NULL,
  note       VARCHAR,
  marked_by  VARCHAR NOT NULL,
  marked_at  TIMESTAMP NOT NULL
);

CREATE TABLE embed_grant (
  grant_id      VARCHAR PRIMARY KEY,
  chart         VARCHAR NOT NULL,
  params        VARCHAR NOT NULL,  -- the locked parameters, JSON
  origin        VARCHAR NOT NULL,
  granted_by    VARCHAR NOT NULL,
  role          VARCHAR NOT NULL,
  esa_code      VARCHAR,
  granted_at    TIMESTAMP NOT NULL,
  refresh_until TIMESTAMP NOT NULL,
  revoked_at    TIMESTAMP,
  revoked_by    VARCHAR
);
