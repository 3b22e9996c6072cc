-- The nightly recompute of every child's derived rows: clocks that time
-- alone starts or makes overdue (a PEP from the 5th birthday, eligibility
-- at 16) are written each night, so the caseload is true each morning.
-- Twin of ../sqlite/0009_nightly.sql.
--
-- One row. Its lease lets one server of several sharing a database run the
-- job: a server claims it with a conditional UPDATE (free, its own, or
-- expired) and renews it with each batch. Its progress (the last child
-- done, in id order) is written in the same transaction as each batch, so
-- a run stopped part way resumes after the last batch committed. Times are
-- microseconds since 1970 (UTC), compared as numbers on both engines.
CREATE TABLE nightly_job (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    -- The scheduled moment the run in hand serves, and how far it has got.
    run_for BIGINT,
    started_at BIGINT,
    last_child BIGINT NOT NULL DEFAULT 0,
    batches BIGINT NOT NULL DEFAULT 0,
    children BIGINT NOT NULL DEFAULT 0,
    rows_written BIGINT NOT NULL DEFAULT 0,
    failed BIGINT NOT NULL DEFAULT 0,
    -- The scheduled moment of the last run completed, and when it ended.
    completed_for BIGINT,
    completed_at BIGINT,
    -- Who holds the lease, and until when.
    holder TEXT,
    lease_until BIGINT
);
INSERT INTO nightly_job (id) VALUES (1);

-- A clock counted in working days past the last day of the bank-holiday
-- list has no due date until a newer list is imported: its due_on says
-- 'beyond_calendar' and its due_date is NULL, so no list counts it as due
-- or overdue on a guessed day.
ALTER TABLE obligation ALTER COLUMN due_date DROP NOT NULL;
