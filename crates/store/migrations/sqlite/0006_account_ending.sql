-- Ending and resetting accounts: a first (or reset) password must be
-- changed at the first sign-in with it; a user's API tokens are found by
-- user to revoke them all at once. Twin of ../postgres/0006_account_ending.sql.

ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));

CREATE INDEX api_token_by_user ON api_token (user_id);
