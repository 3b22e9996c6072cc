//! Documents attached to a child's record: attaching one (its file kept,
//! its `DocumentAttached` event appended and its audit row written in one
//! transaction) and downloading one (through the access decision, audited
//! per download).
//!
//! A file is checked by its content ([`hearth_domain::documents`]) before
//! anything is written; a refusal writes nothing but its audit row.

use hearth_domain::access::Action;
use hearth_domain::documents::{self, DocumentKind, FileProblem, FileType};
use hearth_domain::events::{Event, EventKind, When};
use hearth_domain::keys::AttachmentId;
use hearth_store::{ChildId, NewAttachment, Outcome};

use crate::{AppError, Ctx, audit, decide_read, judgement};

/// The largest file accepted unless configured: 20 MB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The longest title accepted, in characters.
const TITLE_CHARS: usize = 200;

/// The file as it arrived.
#[derive(Debug, Clone, Copy)]
pub enum FileSent<'a> {
    /// Its name (as the user's computer gave it) and its bytes.
    File { name: &'a str, bytes: &'a [u8] },
    /// Larger than the limit: its bytes were not kept.
    TooLarge,
}

/// A document to attach, as the form or a client sends it.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub title: &'a str,
    /// The kind of document's JSON name ([`documents::KINDS`]).
    pub document: &'a str,
    pub file: FileSent<'a>,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

/// Why a problem refuses the file, for the audit log (codes, not names).
fn code(problem: &FileProblem) -> &'static str {
    match problem {
        FileProblem::NoFile => "no file",
        FileProblem::Empty => "file empty",
        FileProblem::TooLarge { .. } => "file too large",
        FileProblem::Program => "file is a program",
        FileProblem::Archive => "file is an archive",
        FileProblem::Unknown => "file type not accepted",
        FileProblem::NameDisagrees { .. } => "file name disagrees with content",
    }
}

/// What is wrong with an upload, each problem against its field (`title`,
/// `document`, `file`), or what it is.
fn checked(
    upload: &Upload<'_>,
) -> Result<(String, DocumentKind, FileType), (String, &'static str)> {
    let mut problems = Vec::new();
    let mut detail = "form incomplete";
    let title = upload.title.trim();
    if title.is_empty() {
        problems.push("title: Enter a title for the document".to_owned());
    } else if title.chars().count() > TITLE_CHARS {
        problems.push(format!(
            "title: The title must be {TITLE_CHARS} characters or fewer"
        ));
    }
    let kind = DocumentKind::from_name(upload.document);
    if kind.is_none() {
        problems.push("document: Select the kind of document".to_owned());
    }
    let file = match upload.file {
        FileSent::File { name, bytes } => documents::identify(name, bytes, upload.max_bytes),
        FileSent::TooLarge => Err(FileProblem::TooLarge {
            max: upload.max_bytes,
        }),
    };
    if let Err(p) = &file {
        problems.push(format!("file: {p}"));
        detail = code(p);
    }
    match (kind, file) {
        (Some(kind), Ok(file)) if problems.is_empty() => Ok((title.to_owned(), kind, file)),
        _ => Err((problems.join("\n"), detail)),
    }
}

/// The SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Attaches a document to a child's record, dated today: the same access
/// as recording an event on the child. Its file, its `DocumentAttached`
/// event and the audit row are written in one transaction, so a failure
/// leaves nothing. A refused upload is audited, with why in codes, and
/// nothing else is written.
pub async fn attach(ctx: &Ctx<'_>, child: ChildId, upload: &Upload<'_>) -> Result<Event, AppError> {
    const NAME: &str = "record:DocumentAttached";
    let db = ctx.db();
    let calendar = ctx.services.calendar().await?;
    let policy = ctx.services.policy().await?;
    let facts = db.child_access(child).await?;
    let (decision, outcome, detail) = judgement(ctx, facts.as_ref(), Action::Record);
    if !decision.is_allowed() {
        let mut tx = db.begin().await?;
        audit(ctx, &mut tx, NAME, outcome, Some(child), Some(detail)).await?;
        tx.commit().await?;
        return Err(match decision {
            hearth_domain::access::Decision::Forbidden => AppError::Forbidden,
            _ => AppError::NotFound,
        });
    }
    let (title, document, file) = match checked(upload) {
        Ok(ok) => ok,
        Err((message, code)) => {
            let mut tx = db.begin().await?;
            audit(
                ctx,
                &mut tx,
                NAME,
                Outcome::Refused,
                Some(child),
                Some(code),
            )
            .await?;
            tx.commit().await?;
            return Err(AppError::Invalid(message));
        }
    };
    let FileSent::File { name, bytes } = upload.file else {
        return Err(AppError::Unexpected("a refused file was accepted".into()));
    };
    let sha256 = sha256_hex(bytes);
    let now = ctx.now();
    let mut tx = db.begin().await?;
    audit(ctx, &mut tx, NAME, outcome, Some(child), Some(detail)).await?;
    let attachment = db
        .insert_attachment(
            &mut tx,
            &NewAttachment {
                child,
                file_name: documents::base_name(name),
                content_type: file.content_type(),
                sha256: &sha256,
                bytes,
                uploaded_by: ctx.user(),
                at: now,
            },
        )
        .await?;
    let kind = EventKind::DocumentAttached {
        attachment,
        title,
        document,
        sha256,
        size: bytes.len() as u64,
        content_type: file.content_type().to_owned(),
    };
    let today = hearth_domain::london::today(now);
    let appended = db
        .append_event(
            &mut tx,
            child,
            When::Date(today),
            kind,
            &ctx.user().to_string(),
            now,
            &calendar,
            &policy,
        )
        .await;
    match appended {
        Ok(event) => {
            tx.commit().await?;
            Ok(event)
        }
        Err(e) => {
            // Neither the file nor its event is kept.
            tx.rollback().await?;
            let mut tx = db.begin().await?;
            audit(
                ctx,
                &mut tx,
                NAME,
                Outcome::Refused,
                Some(child),
                Some("contradicts the record"),
            )
            .await?;
            tx.commit().await?;
            Err(e.into())
        }
    }
}

/// A document's file, to download.
#[derive(Debug, Clone)]
pub struct Download {
    /// A name safe to offer the browser, ending in its type's ending.
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The documents of a ledger that stand now: attached, and not voided.
pub fn standing(events: &[Event]) -> Vec<AttachmentId> {
    standing_with_digests(events)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// The documents that stand now, each with the SHA-256 its event records.
fn standing_with_digests(events: &[Event]) -> Vec<(AttachmentId, &str)> {
    hearth_domain::record::corrected(events)
        .iter()
        .filter_map(|c| match c.kind {
            EventKind::DocumentAttached {
                attachment, sha256, ..
            } => Some((*attachment, sha256.as_str())),
            _ => None,
        })
        .collect()
}

/// One of a child's documents, for a user who may view the record: the
/// download is audited (`download_attachment`) before anything is read.
/// A document of another child, or one whose event has been voided (it
/// may have been attached to the wrong child), is not found.
pub async fn download(
    ctx: &Ctx<'_>,
    child: ChildId,
    attachment: AttachmentId,
) -> Result<Download, AppError> {
    let db = ctx.db();
    let open = decide_read(ctx, child, Action::View, "download_attachment").await?;
    let events = db.events(&open).await?;
    let Some((_, recorded)) = standing_with_digests(&events)
        .into_iter()
        .find(|(id, _)| *id == attachment)
    else {
        return Err(AppError::NotFound);
    };
    let stored = db
        .attachment(&open, attachment)
        .await?
        .ok_or(AppError::NotFound)?;
    // The file given out is the one the ledger names: its bytes still hash
    // to the digest recorded when it was attached.
    if sha256_hex(&stored.bytes) != recorded {
        return Err(AppError::Store(hearth_store::StoreError::Corrupt(format!(
            "attachment {} does not match its SHA-256",
            attachment.0
        ))));
    }
    // Served as the type its content was identified as when kept.
    let file = FileType::from_content_type(&stored.content_type).unwrap_or(FileType::Text);
    Ok(Download {
        file_name: documents::safe_file_name(&stored.file_name, file),
        content_type: stored.content_type,
        bytes: stored.bytes,
    })
}
