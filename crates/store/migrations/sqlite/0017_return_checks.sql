-- The DfE rules run on the whole authority's returns (the CIN census and
-- the SSDA903 made from the record), so analysts, managers and workers see
-- every finding before the return is sent, by rule, team and worker.
-- Twin of ../postgres/0017_return_checks.sql.
--
-- One row per check of a collection year (by an analyst, the nightly run
-- or `hearth returns check`), kept as a history of the counts. Only the
-- latest check of each year keeps its findings: an earlier check's are
-- removed in the transaction that stores a new one.
CREATE TABLE return_check (
    id INTEGER PRIMARY KEY,
    collection_year TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    -- NULL when no one asked: the nightly run or the command line.
    checked_by INTEGER REFERENCES app_user (id),
    children INTEGER NOT NULL,
    in_cin INTEGER NOT NULL,
    in_ssda903 INTEGER NOT NULL,
    findings INTEGER NOT NULL,
    unreadable INTEGER NOT NULL
) STRICT;
CREATE INDEX return_check_year ON return_check (collection_year, id);

-- One finding of one rule. `child_id` is NULL for a finding about the
-- return as a whole (a header item, a share of codes). `return_name` is
-- 'cin', 'ssda903', or 'record' for a record that cannot be read as a
-- return at all.
CREATE TABLE return_finding (
    check_id INTEGER NOT NULL REFERENCES return_check (id),
    child_id INTEGER REFERENCES child (id),
    return_name TEXT NOT NULL CHECK (return_name IN ('cin', 'ssda903', 'record')),
    rule TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('error', 'query')),
    field TEXT NOT NULL,
    message TEXT NOT NULL
) STRICT;
CREATE INDEX return_finding_check ON return_finding (check_id, child_id);
CREATE INDEX return_finding_child ON return_finding (child_id);
