-- Documents attached to a child's record: the file's bytes, kept in the
-- database so they share its backups, with their SHA-256, size and type.
-- Each is named by a `DocumentAttached` event in the ledger, written in the
-- same transaction; voiding that event hides the document, and the bytes
-- stay. Append-only, like the ledger.
-- Twin of ../postgres/0012_attachments.sql.

CREATE TABLE attachment (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0),
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES app_user (id),
    uploaded_at TEXT NOT NULL
) STRICT;
CREATE INDEX attachment_child ON attachment (child_id, id);

CREATE TRIGGER attachment_append_only_update BEFORE UPDATE ON attachment
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
CREATE TRIGGER attachment_append_only_delete BEFORE DELETE ON attachment
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
