-- Role grants that can read children's records (and the administrator's
-- own role, since an administrator can give themselves anything): asked
-- for by one administrator, approved or refused by another, and reported
-- beside break-glass. An account the command line made is recorded here
-- too, approved at once and asked for by no one (`requested_by` NULL).
-- A decided row is never changed again, and no row is deleted.
-- Twin of ../postgres/0007_role_approval.sql.

CREATE TABLE role_approval (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    role TEXT NOT NULL,
    -- NULL: a new account, which cannot sign in until approved.
    previous_role TEXT,
    -- NULL: the command line.
    requested_by INTEGER REFERENCES app_user (id),
    requested_at TEXT NOT NULL,
    decision TEXT CHECK (decision IN ('approved', 'refused')),
    decided_by INTEGER REFERENCES app_user (id),
    decided_at TEXT,
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    -- Four eyes: not the one who asked, and not the account concerned.
    CHECK (decided_by IS NULL OR requested_by IS NULL OR decided_by <> requested_by),
    CHECK (decided_by IS NULL OR decided_by <> user_id)
) STRICT;
-- One request awaiting a decision per account at a time.
CREATE UNIQUE INDEX role_approval_pending ON role_approval (user_id) WHERE decision IS NULL;
CREATE INDEX role_approval_requested ON role_approval (requested_at);

CREATE TRIGGER role_approval_decided BEFORE UPDATE ON role_approval
WHEN OLD.decision IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a decided role approval is not changed'); END;
CREATE TRIGGER role_approval_kept BEFORE DELETE ON role_approval
BEGIN SELECT RAISE(ABORT, 'role approvals are kept'); END;
