-- The nightly recompute of every child's derived rows: clocks that time
-- alone starts or makes overdue (a PEP from the 5th birthday, eligibility
-- at 16) are written each night, so the caseload is true each morning.
-- Twin of ../postgres/0009_nightly.sql.
--
-- One row. Its lease lets one server of several sharing a database run the
-- job: a server claims it with a conditional UPDATE (free, its own, or
-- expired) and renews it with each batch. Its progress (the last child
-- done, in id order) is written in the same transaction as each batch, so
-- a run stopped part way resumes after the last batch committed. Times are
-- microseconds since 1970 (UTC), compared as numbers on both engines.
CREATE TABLE nightly_job (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- The scheduled moment the run in hand serves, and how far it has got.
    run_for INTEGER,
    started_at INTEGER,
    last_child INTEGER NOT NULL DEFAULT 0,
    batches INTEGER NOT NULL DEFAULT 0,
    children INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    -- The scheduled moment of the last run completed, and when it ended.
    completed_for INTEGER,
    completed_at INTEGER,
    -- Who holds the lease, and until when.
    holder TEXT,
    lease_until INTEGER
) STRICT;
INSERT INTO nightly_job (id) VALUES (1);

-- A clock counted in working days past the last day of the bank-holiday
-- list has no due date until a newer list is imported: its due_on says
-- 'beyond_calendar' and its due_date is NULL, so no list counts it as due
-- or overdue on a guessed day. SQLite cannot drop NOT NULL in place: the
-- table is made again with its rows and indexes.
CREATE TABLE obligation_new (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    start_on TEXT NOT NULL,
    start_event INTEGER NOT NULL,
    due_date TEXT,
    due_on TEXT NOT NULL,
    met_on TEXT,
    met_by INTEGER,
    met_late INTEGER NOT NULL CHECK (met_late IN (0, 1)),
    ended TEXT,
    PRIMARY KEY (child_id, seq)
) STRICT;
INSERT INTO obligation_new SELECT child_id, seq, rule, start_on, start_event, due_date, due_on,
    met_on, met_by, met_late, ended FROM obligation;
DROP TABLE obligation;
ALTER TABLE obligation_new RENAME TO obligation;
CREATE INDEX obligation_open ON obligation (due_date) WHERE met_on IS NULL AND ended IS NULL;
CREATE INDEX obligation_rule ON obligation (rule, due_date);
CREATE INDEX obligation_child_open ON obligation (child_id, due_date, seq)
    WHERE met_on IS NULL AND ended IS NULL;
