//! The chronology: the record as corrected, filtered, as it was recorded
//! at a past moment, printed, and exported for court.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use hearth_app::people::People;
use hearth_app::{AppError, children};
use hearth_domain::events::{EventKind, When};
use hearth_domain::keys::ChildId;
use hearth_domain::record::{Corrected, corrected};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::Ids;
use crate::session::SignedIn;
use crate::{form_status, html, words};

use super::{Saved, web};

/// A chronology entry: what happened, in words, and who recorded it when.
pub struct Entry {
    /// The event's id in the ledger, for its amend and void pages.
    pub id: u64,
    pub on: String,
    pub kind: &'static str,
    pub significant: bool,
    pub detail: String,
    /// The worker's write-up, by label, as written ([`words::write_up`]).
    pub write_up: Vec<(&'static str, String)>,
    /// "Recorded by Dami Yates on 3 March 2025".
    pub recorded: String,
    /// Whether it has a form to amend it with (allocations are changed by
    /// reallocating).
    pub amendable: bool,
    /// The document it attached, for its download link.
    pub document: Option<i64>,
}

/// What an event that closes an earlier one is about, from the event it
/// names as corrected: the action done, or the family member or
/// professional no longer involved (never a linked relative's name). A
/// withdrawn target names nothing.
fn about(kind: &EventKind, all: &[Corrected<'_>]) -> Option<String> {
    let target = match kind {
        EventKind::ActionDone { action } => *action,
        EventKind::FamilyMemberEnded { member } => *member,
        EventKind::ProfessionalEnded { professional } => *professional,
        _ => return None,
    };
    let named = all.iter().find(|c| c.event.id == target)?;
    match named.kind {
        EventKind::ActionAgreed { what, .. } => Some(what.trim().to_owned()),
        other => super::family::reference_label(other),
    }
}

/// The entry for `c`, one of `all` (the corrected ledger it is shown
/// from, where what it refers to is found).
pub(crate) fn entry(c: &Corrected<'_>, all: &[Corrected<'_>], people: &People) -> Entry {
    let detail = match about(c.kind, all) {
        Some(about) => format!("{}: {about}", words::detail(c.kind, people)),
        None => words::detail(c.kind, people),
    };
    let recorded_on = hearth_domain::london::today(c.event.recorded_at);
    Entry {
        id: c.event.id.0,
        on: words::when(c.on),
        kind: words::kind(c.kind),
        significant: c.kind.is_significant(),
        amendable: crate::record::kind(c.kind.name()).is_some(),
        document: match c.kind {
            hearth_domain::events::EventKind::DocumentAttached { attachment, .. } => {
                Some(attachment.0)
            }
            _ => None,
        },
        write_up: words::write_up(c.kind),
        recorded: format!(
            "Recorded by {} on {}",
            people.recorder(&c.event.recorded_by),
            words::date(recorded_on)
        ),
        detail: if c.amended {
            format!("{detail} (amended)")
        } else {
            detail
        },
    }
}

#[derive(Template)]
#[template(path = "chronology.html")]
struct ChronologyPage {
    id: i64,
    name: String,
    la_child_id: String,
    entries: Vec<Entry>,
    /// The kinds in this record: (JSON name, name in words).
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    significant: bool,
    may_correct: bool,
    /// The print view: no filters and nothing to click.
    print: bool,
    /// The filter as a query string, for the links between the two views.
    query: String,
    /// What the filter shows, in words (printed at the top).
    shown: String,
    printed: String,
    saved: Option<&'static str>,
    /// The moment asked for, as given, and any problem with it.
    known_at: String,
    errors: Vec<(String, String)>,
    /// With a moment asked for: the clocks as the record stood then, still
    /// to be met and the rest, judged at that moment.
    then: Option<ClocksThen>,
    signed_in: Option<crate::session::Who>,
}

/// The clocks as known at a past moment.
pub struct ClocksThen {
    /// The moment, in words.
    pub at: String,
    pub open: Vec<super::Clock>,
    pub history: Vec<super::Clock>,
}

/// The clocks as the record stood at the filter's moment; none for the
/// record as now known, or when the moment is not one (said against the
/// field by the page).
async fn clocks_then(
    ctx: &hearth_app::Ctx<'_>,
    view: &children::ChildView,
    filter: &ChronologyFilter,
) -> Result<Option<ClocksThen>, AppError> {
    let Ok(Some((at, words))) = known_at(&filter.known_at) else {
        return Ok(None);
    };
    let clocks = children::clocks_as_known_at(ctx, view, at).await?;
    // Judged at that moment, not now.
    let moment = When::DateTime(hearth_domain::london::to_minute(
        hearth_domain::london::local(at),
    ));
    let (open, history) = super::clocks(&clocks, view.record.as_ref(), moment);
    Ok(Some(ClocksThen {
        at: words,
        open,
        history,
    }))
}

#[derive(Deserialize, Serialize, Default)]
pub struct ChronologyFilter {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    significant: String,
    /// The record as it was known at this moment in England
    /// (`YYYY-MM-DDTHH:MM`, or a date for the end of that day): events
    /// recorded later, and corrections made later, left out.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    known_at: String,
    /// What was just saved, for the banner; not part of the filter.
    #[serde(default, skip_serializing)]
    saved: String,
}

fn chronology_page(
    who: Option<crate::session::Who>,
    state: &AppState,
    id: i64,
    view: &children::ChildView,
    mut filter: ChronologyFilter,
    print: bool,
    then: Option<ClocksThen>,
) -> Response {
    let significant = filter.significant == "yes";
    let saved = Saved {
        saved: std::mem::take(&mut filter.saved),
    }
    .banner()
    .filter(|_| !print);
    // The record as now known: amendments applied, voided events left out.
    let known = corrected(&view.events);
    // The kinds this record holds, by their names in words.
    let mut kinds: Vec<(&'static str, &'static str)> = known
        .iter()
        .map(|c| (c.kind.name(), words::kind(c.kind)))
        .collect();
    kinds.sort_unstable_by_key(|(_, label)| *label);
    kinds.dedup();
    let (entries, shown, errors) = match filtered(view, &filter) {
        Ok((entries, shown)) => (entries, shown, Vec::new()),
        Err(message) => {
            let unfiltered = ChronologyFilter {
                known_at: String::new(),
                kind: filter.kind.clone(),
                significant: filter.significant.clone(),
                saved: String::new(),
            };
            let (entries, shown) = filtered(view, &unfiltered).unwrap_or_default();
            (entries, shown, vec![("known_at".to_owned(), message)])
        }
    };
    let query = serde_urlencoded::to_string(&filter)
        .ok()
        .filter(|q| !q.is_empty())
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let printed = hearth_app::london_time(state.services.clock.now());
    let d = &view.child.details;
    let page = html(&ChronologyPage {
        id,
        name: format!("{} {}", d.given_name, d.family_name),
        la_child_id: d.la_child_id.as_str().to_owned(),
        entries,
        kinds,
        kind: filter.kind,
        significant,
        may_correct: view.may_correct,
        print,
        query,
        shown,
        printed,
        saved,
        known_at: filter.known_at.clone(),
        errors: errors.clone(),
        then,
        signed_in: who,
    });
    (form_status(&errors), page).into_response()
}

pub async fn chronology(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(filter): Query<ChronologyFilter>,
    user: SignedIn,
) -> Response {
    let ctx = user.ctx(&state);
    let view = children::view(&ctx, ChildId(id)).await;
    shown(&state, &user, id, view, filter, false).await
}

/// The chronology page or its print, from the view its use-case opened
/// (and audited as that action).
async fn shown(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    view: Result<children::ChildView, AppError>,
    filter: ChronologyFilter,
    print: bool,
) -> Response {
    let view = match view {
        Ok(view) => view,
        Err(e) => return web(e, user),
    };
    match clocks_then(&user.ctx(state), &view, &filter).await {
        Ok(then) => chronology_page(user.who(), state, id, &view, filter, print, then),
        Err(e) => web(e, user),
    }
}

/// The chronology as a Word document for court: the same filter, headed
/// on every page with the child's name, LA child id, the filter and the
/// date it is as at, each page numbered. Audited as an export.
pub async fn export_chronology(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(filter): Query<ChronologyFilter>,
    user: SignedIn,
) -> Response {
    let view = match children::export_chronology(&user.ctx(&state), ChildId(id)).await {
        Ok(v) => v,
        Err(e) => return web(e, &user),
    };
    let (entries, shown) = match filtered(&view, &filter) {
        Ok(f) => f,
        Err(message) => return web(AppError::Invalid(format!("known_at: {message}")), &user),
    };
    let d = &view.child.details;
    let name = format!("{} {}", d.given_name, d.family_name);
    let as_at = words::date(crate::today(&state));
    let rows: Vec<[String; 3]> = entries
        .into_iter()
        .map(|e| {
            let mark = if e.significant { " (significant)" } else { "" };
            let mut detail = e.detail;
            for (label, text) in &e.write_up {
                if !detail.is_empty() {
                    detail.push('\n');
                }
                detail.push_str(&format!("{label}: {text}"));
            }
            let detail = if detail.is_empty() {
                e.recorded
            } else {
                format!("{detail}\n{}", e.recorded)
            };
            [e.on, format!("{}{mark}", e.kind), detail]
        })
        .collect();
    let notes = [
        format!("LA child id: {}. {shown}.", d.la_child_id.as_str()),
        format!(
            "The record as at {as_at}, as corrected: amendments applied, voided events left out."
        ),
    ];
    let heading = format!(
        "Chronology: {name} ({}). {shown}. As at {as_at}.",
        d.la_child_id.as_str()
    );
    let doc = hearth_docx::Chronology {
        title: &format!("Chronology: {name}"),
        heading: &heading,
        notes: &notes,
        columns: ["Date", "What happened", "Detail"],
        rows: &rows,
    };
    match hearth_docx::write(&doc) {
        Ok(bytes) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        .to_owned(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"chronology-{}-{}.docx\"",
                        d.la_child_id.as_str(),
                        crate::today(&state)
                    ),
                ),
                (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => web(AppError::Unexpected(e.to_string()), &user),
    }
}

/// The entries a filter shows, and what it shows in words.
fn filtered(
    view: &children::ChildView,
    filter: &ChronologyFilter,
) -> Result<(Vec<Entry>, String), String> {
    let significant = filter.significant == "yes";
    let known_at = known_at(&filter.known_at)?;
    // The ledger as now known is the view's own; only a past moment needs
    // a ledger of its own.
    let ledger: std::borrow::Cow<'_, [hearth_domain::events::Event]> = match known_at {
        Some((at, _)) => hearth_domain::record::as_known_at(&view.events, at).into(),
        None => view.events.as_slice().into(),
    };
    let all = corrected(&ledger);
    let mut entries: Vec<Entry> = all
        .iter()
        .filter(|c| filter.kind.is_empty() || c.kind.name() == filter.kind)
        .filter(|c| !significant || c.kind.is_significant())
        .map(|c| entry(c, &all, &view.people))
        .collect();
    super::attachments::unlink_withdrawn(&mut entries, &view.events);
    let label =
        hearth_domain::catalogue::kind(&filter.kind).map_or(filter.kind.as_str(), |k| k.label);
    let mut shown = match (filter.kind.as_str(), significant) {
        ("", false) => "All events".to_owned(),
        ("", true) => "Significant events only".to_owned(),
        (_, false) => format!("{label} only"),
        (_, true) => format!("{label}, significant only"),
    };
    if let Some((_, words)) = known_at {
        shown.push_str(&format!(", as recorded at {words}"));
    }
    Ok((entries, shown))
}

/// The moment a chronology is asked for as it was known, and that moment
/// in words; none for the record as now known.
pub(crate) fn known_at(text: &str) -> Result<Option<(jiff::Timestamp, String)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let local = match text.parse::<When>() {
        Ok(When::DateTime(dt)) => dt,
        // A date: as it stood at the end of that day.
        Ok(When::Date(d)) => d.at(23, 59, 59, 0),
        Err(_) => {
            return Err(
                "Enter the moment as a date and time, for example 2025-06-01T09:00".to_owned(),
            );
        }
    };
    let at = hearth_domain::london::instant(local)
        .ok_or_else(|| "That moment is not a time in England".to_owned())?;
    Ok(Some((at, words::when(When::DateTime(local)))))
}

/// The chronology to print: the same filter, on A4, headed with the
/// child's name, LA child id and when it was printed (hearth.css has the
/// print rules). Works without JavaScript: the browser's print command.
pub async fn print_chronology(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(filter): Query<ChronologyFilter>,
    user: SignedIn,
) -> Response {
    let ctx = user.ctx(&state);
    let view = children::print_chronology(&ctx, ChildId(id)).await;
    shown(&state, &user, id, view, filter, true).await
}
