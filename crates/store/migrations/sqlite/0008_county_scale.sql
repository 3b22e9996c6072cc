-- County scale: indexes that match the queries the pages make, so a page
-- costs the same in an authority of 70,000 children as in one of 700.
-- Twin of ../postgres/0008_county_scale.sql (PostgreSQL's name search is a
-- pg_trgm index on the name itself; here an FTS5 trigram table).

-- Name search matches any part of "given family": an FTS5 table of each
-- child's full name, tokenised into trigrams, finds the candidates without
-- reading every child (the search still applies its LIKE and the viewer's
-- scope in the same query). Kept by triggers, in the same transaction as
-- the change to the child's row; the rowid is the child's id.
CREATE VIRTUAL TABLE child_name USING fts5 (name, tokenize = 'trigram');
INSERT INTO child_name (rowid, name) SELECT id, given_name || ' ' || family_name FROM child;
CREATE TRIGGER child_name_insert AFTER INSERT ON child BEGIN
    INSERT INTO child_name (rowid, name) VALUES (new.id, new.given_name || ' ' || new.family_name);
END;
CREATE TRIGGER child_name_update AFTER UPDATE OF given_name, family_name ON child BEGIN
    UPDATE child_name SET name = new.given_name || ' ' || new.family_name WHERE rowid = new.id;
END;
CREATE TRIGGER child_name_delete AFTER DELETE ON child BEGIN
    DELETE FROM child_name WHERE rowid = old.id;
END;

-- A child's ledger in the order it was recorded (the child page, and every
-- append, which folds the whole ledger).
CREATE INDEX event_child_id ON event (child_id, id);

-- A child's open clocks, soonest first: the caseload's overdue count and
-- next due clock for each child on it.
CREATE INDEX obligation_child_open ON obligation (child_id, due_date, seq)
    WHERE met_on IS NULL AND ended IS NULL;

-- Live grants held by one user (the scope of a search or a caseload).
CREATE INDEX access_grant_user ON access_grant (user_id, child_id);
