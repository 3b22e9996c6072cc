-- Access: explicit grants and break-glass, sessions, API tokens, and sign-in
-- lockout. Twin of ../postgres/0002_access.sql.

ALTER TABLE app_user ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN locked_until TEXT;

-- An explicit grant of one child to one user until a time. Break-glass
-- grants are self-granted with a written reason and are reported.
CREATE TABLE access_grant (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child (id),
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    until TEXT NOT NULL,
    break_glass INTEGER NOT NULL CHECK (break_glass IN (0, 1)),
    reason TEXT NOT NULL,
    granted_by INTEGER NOT NULL REFERENCES app_user (id),
    granted_at TEXT NOT NULL
) STRICT;
CREATE INDEX access_grant_child ON access_grant (child_id, user_id);

-- Sessions: the cookie holds a random token; only its hash is stored.
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT,
    user_agent TEXT
) STRICT;
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

-- The IRO appointed for the child, for access by allocation.
ALTER TABLE child_summary ADD COLUMN iro TEXT;
