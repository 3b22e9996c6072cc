-- Family links between children: a row for each family member a child's
-- record names who is also a child in Hearth. Derived from the ledger
-- (FamilyMemberRecorded with a relative, not ended), written in the same
-- transaction as the event, so each child's page can show the link from
-- the other side too. Twin of ../sqlite/0010_family.sql.
CREATE TABLE child_link (
    child_id BIGINT NOT NULL REFERENCES child (id),
    seq BIGINT NOT NULL,
    relative_id BIGINT NOT NULL REFERENCES child (id),
    relationship TEXT NOT NULL,
    event_id BIGINT NOT NULL,
    PRIMARY KEY (child_id, seq)
);
CREATE INDEX child_link_relative ON child_link (relative_id);
