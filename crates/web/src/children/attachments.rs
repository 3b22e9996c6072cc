//! Documents attached to a child's record: the list (on the child's page
//! and this page), the form that attaches one (`multipart/form-data`,
//! working without JavaScript), and the download.
//!
//! The request body of an upload is limited ([`max_bytes`], 20 MB unless
//! `HEARTH_ATTACHMENT_MAX_MB` says otherwise). A larger file is read to its
//! end and thrown away as it arrives, so the browser is not cut off while
//! sending and the person sees the form again with the limit in words;
//! nothing of it is kept. Only beyond [`drain_cap`] is the connection
//! closed without a page.

use askama::Template;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::attachments::{self, FileSent, Upload};
use hearth_app::people::People;
use hearth_app::{AppError, events};
use hearth_domain::documents;
use hearth_domain::events::{Event, EventKind};
use hearth_domain::keys::{AttachmentId, ChildId};
use hearth_domain::record::corrected;

use crate::AppState;
use crate::error::Ids;
use crate::session::SignedIn;
use crate::{form_status, html, words};

use super::web;

/// The largest file accepted, in bytes: `HEARTH_ATTACHMENT_MAX_MB`
/// megabytes (of 1,024 × 1,024 bytes), or 20 MB.
pub fn max_bytes() -> u64 {
    static MAX: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *MAX.get_or_init(|| {
        std::env::var("HEARTH_ATTACHMENT_MAX_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|mb| *mb > 0)
            .map_or(attachments::DEFAULT_MAX_BYTES, |mb| mb * 1024 * 1024)
    })
}

/// The most of an upload's body read before the connection is given up:
/// enough to read a mistaken 200 MB file to its end and answer with the
/// page that says what the limit is.
pub fn drain_cap() -> usize {
    let cap = (max_bytes() + 1024 * 1024).max(512 * 1024 * 1024);
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// The most kept of a text field (a title): more is read and ignored.
const TEXT_BYTES: usize = 16 * 1024;

/// A document as a list shows it.
pub struct DocumentRow {
    pub attachment: i64,
    pub title: String,
    pub kind: &'static str,
    /// The day it was attached, in words.
    pub on: String,
    /// "PDF, 1.2 MB".
    pub file: String,
    /// Who attached it, by name and role.
    pub by: String,
}

/// The documents of a ledger that stand now (attached, not voided),
/// newest first.
pub(crate) fn documents(events: &[Event], people: &People) -> Vec<DocumentRow> {
    let mut rows: Vec<DocumentRow> = corrected(events)
        .iter()
        .filter_map(|c| match c.kind {
            EventKind::DocumentAttached {
                attachment,
                title,
                document,
                size,
                content_type,
                ..
            } => Some(DocumentRow {
                attachment: attachment.0,
                title: title.clone(),
                kind: document.label(),
                on: words::when(c.on),
                file: file_in_words(content_type, *size),
                by: people.recorder(&c.event.recorded_by),
            }),
            _ => None,
        })
        .collect();
    rows.reverse();
    rows
}

/// "PDF, 1.2 MB".
pub(crate) fn file_in_words(content_type: &str, size: u64) -> String {
    let kind = documents::FileType::from_content_type(content_type).map_or("File", |t| t.label());
    let mut c = kind.chars();
    let kind: String = c
        .next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default();
    format!("{kind}, {}", documents::size_in_words(size))
}

/// Takes the download link off chronology entries whose document does not
/// stand now (`events` being the whole ledger): a document voided since
/// keeps its entry in a view of the past, not its file.
pub(crate) fn unlink_withdrawn(entries: &mut [super::Entry], events: &[Event]) {
    if entries.iter().all(|e| e.document.is_none()) {
        return;
    }
    let standing = attachments::standing(events);
    for e in entries {
        e.document = e
            .document
            .filter(|id| standing.contains(&AttachmentId(*id)));
    }
}

#[derive(Template)]
#[template(path = "attachments.html")]
struct AttachPage {
    id: i64,
    name: String,
    la_child_id: String,
    documents: Vec<DocumentRow>,
    kinds: &'static [(&'static str, &'static str)],
    title: String,
    document: String,
    limit: String,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    title: String,
    document: String,
    errors: Vec<(String, String)>,
    status: Option<StatusCode>,
) -> Response {
    let view = match events::for_recording(&user.ctx(state), ChildId(id)).await {
        Ok(v) => v,
        Err(e) => return web(e, user),
    };
    let d = &view.child.details;
    let page = AttachPage {
        id,
        name: format!("{} {}", d.given_name, d.family_name),
        la_child_id: d.la_child_id.as_str().to_owned(),
        documents: documents(&view.events, &view.people),
        kinds: documents::KINDS,
        title,
        document,
        limit: documents::size_in_words(max_bytes()),
        errors,
        signed_in: user.who(),
    };
    let status = status.unwrap_or_else(|| form_status(&page.errors));
    (status, html(&page)).into_response()
}

/// `GET /children/{id}/attachments`: the documents, and the form to attach one.
pub async fn show(State(state): State<AppState>, Ids(id): Ids<i64>, user: SignedIn) -> Response {
    page(
        &state,
        &user,
        id,
        String::new(),
        String::new(),
        Vec::new(),
        None,
    )
    .await
}

/// A field's bytes, at most `keep` of them; the rest is read and dropped.
/// Whether there was more than `keep`.
async fn read_field(field: &mut Field<'_>, keep: usize) -> Result<(Vec<u8>, bool), MultipartError> {
    let mut bytes = Vec::new();
    let mut over = false;
    while let Some(chunk) = field.chunk().await? {
        if over {
            continue;
        }
        if bytes.len() + chunk.len() > keep {
            over = true;
            bytes = Vec::new();
        } else {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok((bytes, over))
}

/// What the form sent.
#[derive(Default)]
struct Sent {
    title: String,
    document: String,
    file_name: String,
    file: Vec<u8>,
    too_large: bool,
}

async fn read_form(multipart: &mut Multipart, max: usize) -> Sent {
    let mut sent = Sent::default();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // Past the drain cap, or a broken body: what arrived is judged.
            Err(e) => {
                sent.too_large |= e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let keep = if name == "file" { max } else { TEXT_BYTES };
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let (bytes, over) = match read_field(&mut field, keep).await {
            Ok(read) => read,
            Err(e) => {
                sent.too_large |= e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                (Vec::new(), name == "file")
            }
        };
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "title" => sent.title = text(),
            "document" => sent.document = text(),
            "file" => {
                sent.file_name = file_name;
                sent.too_large |= over;
                sent.file = bytes;
            }
            _ => {}
        }
    }
    sent
}

/// `POST /children/{id}/attachments`: attaches the document, or shows the
/// form again with what is wrong against each field.
pub async fn upload(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let max = max_bytes();
    // A body that is not a multipart form sends no file.
    let sent = match multipart {
        Ok(mut m) => read_form(&mut m, usize::try_from(max).unwrap_or(usize::MAX)).await,
        Err(_) => Sent::default(),
    };
    let upload = Upload {
        title: &sent.title,
        document: &sent.document,
        file: if sent.too_large {
            FileSent::TooLarge
        } else {
            FileSent::File {
                name: &sent.file_name,
                bytes: &sent.file,
            }
        },
        max_bytes: max,
    };
    match attachments::attach(&user.ctx(&state), ChildId(id), &upload).await {
        Ok(_) => Redirect::to(&format!("/children/{id}?saved=document")).into_response(),
        Err(AppError::Invalid(m)) => {
            let status = sent.too_large.then_some(StatusCode::PAYLOAD_TOO_LARGE);
            let errors = crate::error::field_errors(&m, "file");
            page(&state, &user, id, sent.title, sent.document, errors, status).await
        }
        Err(AppError::Refused(r)) => {
            let errors = crate::error::refusal_errors(r, &["title", "document", "file"], "file");
            page(&state, &user, id, sent.title, sent.document, errors, None).await
        }
        Err(e) => web(e, &user),
    }
}

/// `GET /children/{id}/attachments/{attachment}`: the document's file, as
/// a download (never shown in the page), under a safe name, with its
/// stored type and `no-store` (set for every answer by the security layer,
/// as is `nosniff`).
pub async fn download(
    State(state): State<AppState>,
    Ids((id, attachment)): Ids<(i64, i64)>,
    user: SignedIn,
) -> Response {
    let file = match attachments::download(&user.ctx(&state), ChildId(id), AttachmentId(attachment))
        .await
    {
        Ok(f) => f,
        Err(e) => return web(e, &user),
    };
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    let mut response = (StatusCode::OK, file.bytes).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&file.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    match HeaderValue::from_str(&disposition) {
        Ok(v) => h.insert(header::CONTENT_DISPOSITION, v),
        Err(_) => h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        ),
    };
    response
}
