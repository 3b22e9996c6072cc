//! The files of documents attached to a child's record, kept in the
//! database beside the ledger (so one backup holds both). Each is named
//! by a `DocumentAttached` event written in the same transaction; this
//! table holds the bytes and what they are. Rows are never changed or
//! removed (triggers refuse it): a document is withdrawn by voiding its
//! event.

use hearth_domain::keys::AttachmentId;
use sqlx::Row;

use crate::{Authorised, ChildId, Db, StoreError, Tx, UserId, micros, on_read, on_tx};

/// A file to keep.
#[derive(Debug, Clone, Copy)]
pub struct NewAttachment<'a> {
    pub child: ChildId,
    /// As the user's computer named it (folders removed).
    pub file_name: &'a str,
    /// As identified from the content.
    pub content_type: &'a str,
    /// Lowercase hex.
    pub sha256: &'a str,
    pub bytes: &'a [u8],
    pub uploaded_by: UserId,
    pub at: jiff::Timestamp,
}

/// A kept file, with what is known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub id: AttachmentId,
    pub child: ChildId,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub uploaded_by: UserId,
    pub uploaded_at: jiff::Timestamp,
}

const INSERT: &str = "INSERT INTO attachment
    (child_id, file_name, content_type, size, sha256, bytes, uploaded_by, uploaded_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

const ONE: &str = "SELECT id, child_id, file_name, content_type, size, sha256, bytes,
    uploaded_by, uploaded_at FROM attachment WHERE id = $1 AND child_id = $2";

macro_rules! stored_file {
    ($r:expr) => {
        StoredFile {
            id: AttachmentId($r.try_get("id")?),
            child: ChildId($r.try_get("child_id")?),
            file_name: $r.try_get("file_name")?,
            content_type: $r.try_get("content_type")?,
            size: u64::try_from($r.try_get::<i64, _>("size")?)
                .map_err(|_| StoreError::Corrupt("attachment size".into()))?,
            sha256: $r.try_get("sha256")?,
            bytes: $r.try_get("bytes")?,
            uploaded_by: UserId($r.try_get("uploaded_by")?),
            uploaded_at: $r
                .try_get::<jiff_sqlx::Timestamp, _>("uploaded_at")?
                .to_jiff(),
        }
    };
}

impl Db {
    /// Keeps a file in the caller's transaction (with its event and audit
    /// row, so all or none are written), and gives its number.
    pub async fn insert_attachment(
        &self,
        tx: &mut Tx,
        new: &NewAttachment<'_>,
    ) -> Result<AttachmentId, StoreError> {
        let size = i64::try_from(new.bytes.len())
            .map_err(|_| StoreError::Corrupt("attachment too large".into()))?;
        let at = jiff_sqlx::Timestamp::from(micros(new.at));
        let id: i64 = on_tx!(tx, |c| sqlx::query_scalar(INSERT)
            .bind(new.child.0)
            .bind(new.file_name)
            .bind(new.content_type)
            .bind(size)
            .bind(new.sha256)
            .bind(new.bytes)
            .bind(new.uploaded_by.0)
            .bind(at)
            .fetch_one(c)
            .await)?;
        Ok(AttachmentId(id))
    }

    /// One of this child's files. A number that belongs to another child
    /// finds nothing: the child's authorisation never reaches another's
    /// documents.
    pub async fn attachment(
        &self,
        child: &Authorised,
        id: AttachmentId,
    ) -> Result<Option<StoredFile>, StoreError> {
        let child = child.child();
        let row = on_read!(self, |p| {
            match sqlx::query(ONE)
                .bind(id.0)
                .bind(child.0)
                .fetch_optional(p)
                .await?
            {
                Some(r) => Some(stored_file!(r)),
                None => None,
            }
        });
        Ok(row)
    }
}
