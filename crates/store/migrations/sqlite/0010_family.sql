-- Family links between children: a row for each family member a child's
-- record names who is also a child in Hearth. Derived from the ledger
-- (FamilyMemberRecorded with a relative, not ended), written in the same
-- transaction as the event, so each child's page can show the link from
-- the other side too. Twin of ../postgres/0010_family.sql.
CREATE TABLE child_link (
    child_id INTEGER NOT NULL REFERENCES child (id),
    seq INTEGER NOT NULL,
    relative_id INTEGER NOT NULL REFERENCES child (id),
    relationship TEXT NOT NULL,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (child_id, seq)
) STRICT;
CREATE INDEX child_link_relative ON child_link (relative_id);
