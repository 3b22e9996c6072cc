-- County scale: indexes that match the queries the pages make, so a page
-- costs the same in an authority of 70,000 children as in one of 700.
-- Twin of ../sqlite/0008_county_scale.sql (SQLite's name search is an
-- FTS5 trigram table there; here a trigram index on the name itself).

-- Name search matches any part of "given family", in any case (ILIKE
-- '%...%'): a trigram index answers that without reading every child.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX child_full_name_trgm ON child
    USING gin ((given_name || ' ' || family_name) gin_trgm_ops);

-- A child's ledger in the order it was recorded (the child page, and every
-- append, which folds the whole ledger).
CREATE INDEX event_child_id ON event (child_id, id);

-- A child's open clocks, soonest first: the caseload's overdue count and
-- next due clock for each child on it.
CREATE INDEX obligation_child_open ON obligation (child_id, due_date, seq)
    WHERE met_on IS NULL AND ended IS NULL;

-- Live grants held by one user (the scope of a search or a caseload).
CREATE INDEX access_grant_user ON access_grant (user_id, child_id);
