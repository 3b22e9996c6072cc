-- The worker's write-up and the actions agreed in it, derived from the
-- ledger in the same transaction as each event (like the clocks), so the
-- work page and the search of case notes are indexed queries.
-- Twin of ../postgres/0011_narrative.sql.

-- Actions agreed for a child: one row each, open until done. Read by the
-- owner's work page, soonest due first.
CREATE TABLE agreed_action (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    agreed_on TEXT NOT NULL,
    owner INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    what TEXT NOT NULL,
    done_on TEXT,
    PRIMARY KEY (child_id, seq)
) STRICT;
CREATE INDEX agreed_action_open ON agreed_action (owner, due_date) WHERE done_on IS NULL;

-- The worker's own words in each event that has them, joined, as written.
-- Searched with LIKE inside the searcher's scope; an FTS5 trigram table
-- (as for names) narrows the candidates, kept by triggers in the same
-- transaction as the row.
CREATE TABLE write_up (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    written_on TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (child_id, seq)
) STRICT;
CREATE VIRTUAL TABLE write_up_text USING fts5 (body, content = 'write_up', tokenize = 'trigram');
CREATE TRIGGER write_up_insert AFTER INSERT ON write_up BEGIN
    INSERT INTO write_up_text (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER write_up_delete AFTER DELETE ON write_up BEGIN
    INSERT INTO write_up_text (write_up_text, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
CREATE TRIGGER write_up_update AFTER UPDATE ON write_up BEGIN
    INSERT INTO write_up_text (write_up_text, rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO write_up_text (rowid, body) VALUES (new.rowid, new.body);
END;
