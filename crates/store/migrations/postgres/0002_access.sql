-- Access: explicit grants and break-glass, sessions, API tokens, and sign-in
-- lockout. Twin of ../sqlite/0002_access.sql.

ALTER TABLE app_user ADD COLUMN failed_sign_ins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN locked_until TIMESTAMPTZ;

CREATE TABLE access_grant (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    child_id BIGINT NOT NULL REFERENCES child (id),
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    until TIMESTAMPTZ NOT NULL,
    break_glass BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    granted_by BIGINT NOT NULL REFERENCES app_user (id),
    granted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_grant_child ON access_grant (child_id, user_id);

CREATE TABLE session (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ,
    user_agent TEXT
);
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE api_token (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

-- The IRO appointed for the child, for access by allocation.
ALTER TABLE child_summary ADD COLUMN iro TEXT;
