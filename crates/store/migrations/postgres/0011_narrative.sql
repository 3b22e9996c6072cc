-- The worker's write-up and the actions agreed in it, derived from the
-- ledger in the same transaction as each event (like the clocks), so the
-- work page and the search of case notes are indexed queries.
-- Twin of ../sqlite/0011_narrative.sql.

-- Actions agreed for a child: one row each, open until done. Read by the
-- owner's work page, soonest due first.
CREATE TABLE agreed_action (
    child_id BIGINT NOT NULL REFERENCES child (id),
    seq BIGINT NOT NULL,
    event_id BIGINT NOT NULL,
    agreed_on DATE NOT NULL,
    owner BIGINT NOT NULL,
    due_date DATE NOT NULL,
    what TEXT NOT NULL,
    done_on DATE,
    PRIMARY KEY (child_id, seq)
);
CREATE INDEX agreed_action_open ON agreed_action (owner, due_date) WHERE done_on IS NULL;

-- The worker's own words in each event that has them, joined, as written.
-- Searched with ILIKE inside the searcher's scope, narrowed by a pg_trgm
-- index (the extension comes with 0008).
CREATE TABLE write_up (
    child_id BIGINT NOT NULL REFERENCES child (id),
    seq BIGINT NOT NULL,
    event_id BIGINT NOT NULL,
    written_on DATE NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (child_id, seq)
);
CREATE INDEX write_up_body_trgm ON write_up USING gin (body gin_trgm_ops);
