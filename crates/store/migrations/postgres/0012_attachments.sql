-- Documents attached to a child's record: the file's bytes, kept in the
-- database so they share its backups, with their SHA-256, size and type.
-- Each is named by a `DocumentAttached` event in the ledger, written in the
-- same transaction; voiding that event hides the document, and the bytes
-- stay. Append-only, like the ledger.
-- Twin of ../sqlite/0012_attachments.sql.

CREATE TABLE attachment (
    id BIGSERIAL PRIMARY KEY,
    child_id BIGINT NOT NULL REFERENCES child (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL CHECK (size > 0),
    sha256 TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES app_user (id),
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachment_child ON attachment (child_id, id);

CREATE TRIGGER attachment_append_only BEFORE UPDATE OR DELETE ON attachment
    FOR EACH ROW EXECUTE FUNCTION refuse_change('attachments');
CREATE TRIGGER attachment_append_only_truncate BEFORE TRUNCATE ON attachment
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('attachments');
