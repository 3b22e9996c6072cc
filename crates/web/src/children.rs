//! A child's record: summary and clocks, the chronology, the access log,
//! and recording a visit.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::views::{AuditRow, StoredObligation};
use hearth_app::{AppError, children, events};
use hearth_domain::events::{EventKind, VisitKind, When};
use hearth_domain::keys::ChildId;
use hearth_domain::record::{Corrected, corrected};
use hearth_domain::timescales::Status;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::Ids;
use crate::error::WebError;
use crate::session::SignedIn;
use crate::{form_status, html};

/// A clock as shown: its status as at today.
pub struct Clock {
    pub rule: String,
    pub due: String,
    pub met: String,
    pub status: &'static str,
    pub tag: &'static str,
}

fn clock(o: &StoredObligation, today: jiff::civil::Date) -> Clock {
    let (status, tag) = match o.status(today) {
        Status::Met => ("Met", "govuk-tag--green"),
        Status::MetLate => ("Met late", "govuk-tag--yellow"),
        // Overdue because the duty ended unmet: missed, not still to do.
        Status::Overdue if o.ended.is_some() => ("Missed", "govuk-tag--red"),
        Status::Overdue => ("Overdue", "govuk-tag--red"),
        Status::Due => ("Due", "govuk-tag--blue"),
    };
    Clock {
        rule: o.rule.replace('_', " "),
        due: o.due_on.clone(),
        met: o.met_on.clone().unwrap_or_default(),
        status,
        tag,
    }
}

/// An event's values as the chronology writes them, where the kind has no
/// wording of its own. What was not given is left out; lists read as lists.
fn generic_detail(kind: &EventKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .map(|m| {
            m.iter()
                .filter(|(k, v)| *k != "type" && !v.is_null())
                .map(|(k, v)| format!("{}: {}", k.replace('_', " "), detail_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// A value of an event as the chronology writes it.
fn detail_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(list) => {
            list.iter().map(detail_value).collect::<Vec<_>>().join(", ")
        }
        serde_json::Value::Object(m) => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{} {}", k.replace('_', " "), detail_value(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// A chronology entry.
pub struct Entry {
    /// The event's id in the ledger, for its amend and void pages.
    pub id: u64,
    pub on: String,
    pub kind: &'static str,
    pub significant: bool,
    pub detail: String,
    /// Whether it has a form to amend it with (allocations are changed by
    /// reallocating).
    pub amendable: bool,
}

pub(crate) fn entry(c: &Corrected<'_>) -> Entry {
    let detail = match c.kind {
        EventKind::CaseNote { text, .. } => text.clone(),
        EventKind::VisitMade {
            child_seen,
            seen_alone,
            child_views,
            ..
        } => {
            let seen = match (child_seen, seen_alone) {
                (true, true) => "Child seen alone",
                (true, false) => "Child seen",
                _ => "Child not seen",
            };
            match child_views {
                Some(views) => format!("{seen}. The child's views: {views}"),
                None => seen.to_owned(),
            }
        }
        EventKind::ManagementOversight {
            decision,
            rationale,
        } => format!("{decision}: {rationale}"),
        other => generic_detail(other),
    };
    Entry {
        id: c.event.id.0,
        on: c.on.to_string(),
        kind: c.kind.name(),
        significant: c.kind.is_significant(),
        amendable: crate::record::kind(c.kind.name()).is_some(),
        detail: if c.amended {
            format!("{detail} (amended)")
        } else {
            detail
        },
    }
}

#[derive(Template)]
#[template(path = "child.html")]
struct ChildPage {
    id: i64,
    name: String,
    la_child_id: String,
    date_of_birth: String,
    status: String,
    legal_status: String,
    placement: String,
    worker: String,
    restricted: bool,
    /// Seen through break-glass: every view is reported.
    break_glass: bool,
    clocks: Vec<Clock>,
    overdue: usize,
    recent: Vec<Entry>,
    form: VisitForm,
    errors: Vec<(String, String)>,
    signed_in: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct VisitForm {
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub child_seen: String,
    #[serde(default)]
    pub seen_alone: String,
    #[serde(default)]
    pub child_views: String,
}

fn web(error: AppError, user: &SignedIn) -> Response {
    WebError {
        error,
        request_id: user.request_id.clone(),
    }
    .into_response()
}

async fn child_page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    form: VisitForm,
    errors: Vec<(String, String)>,
) -> Response {
    let today = crate::today(state);
    let view = match children::view(&user.ctx(state), ChildId(id)).await {
        Ok(v) => v,
        Err(e) => return web(e, user),
    };
    let d = &view.child.details;
    let clocks: Vec<Clock> = view.obligations.iter().map(|o| clock(o, today)).collect();
    let summary = view.summary.as_ref();
    let page = ChildPage {
        id,
        name: format!("{} {}", d.given_name, d.family_name),
        la_child_id: d.la_child_id.as_str().to_owned(),
        date_of_birth: d
            .date_of_birth
            .map(|x| x.to_string())
            .unwrap_or_else(|| "Not known".into()),
        status: summary
            .map(|s| s.status.replace('_', " "))
            .unwrap_or_else(|| "no open case".into()),
        legal_status: summary
            .and_then(|s| s.legal_status.clone())
            .unwrap_or_default(),
        placement: summary
            .and_then(|s| s.placement_type.clone())
            .unwrap_or_default(),
        worker: view
            .allocated_worker
            .clone()
            .unwrap_or_else(|| "Not allocated".into()),
        restricted: d.restricted.is_some(),
        break_glass: view.basis == hearth_domain::access::Basis::BreakGlass,
        overdue: clocks.iter().filter(|c| c.status == "Overdue").count(),
        clocks,
        recent: corrected(&view.events)
            .iter()
            .rev()
            .take(10)
            .map(entry)
            .collect(),
        form,
        errors,
        signed_in: true,
    };
    (form_status(&page.errors), html(&page)).into_response()
}

pub async fn show(State(state): State<AppState>, Ids(id): Ids<i64>, user: SignedIn) -> Response {
    let form = VisitForm {
        on: crate::today(&state).to_string(),
        kind: "child_in_need".into(),
        ..VisitForm::default()
    };
    child_page(&state, &user, id, form, Vec::new()).await
}

/// Parses the visit form; every problem names its field.
fn parse_visit(form: &VisitForm) -> Result<(When, EventKind), Vec<(String, String)>> {
    let mut errors = Vec::new();
    let on = match form.on.trim().parse::<jiff::civil::Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push((
                "on".into(),
                "Enter the date of the visit as YYYY-MM-DD, for example 2025-03-03".into(),
            ));
            None
        }
    };
    let kind = match form.kind.as_str() {
        "child_in_need" => Some(VisitKind::ChildInNeed),
        "child_protection" => Some(VisitKind::ChildProtection),
        "looked_after" => Some(VisitKind::LookedAfter),
        "care_leaver" => Some(VisitKind::CareLeaver),
        "private_fostering" => Some(VisitKind::PrivateFostering),
        "other" => Some(VisitKind::Other),
        _ => {
            errors.push(("kind".into(), "Select the kind of visit".into()));
            None
        }
    };
    let seen = form.child_seen == "yes";
    let alone = form.seen_alone == "yes";
    if alone && !seen {
        errors.push((
            "seen_alone".into(),
            "The child cannot be seen alone without being seen".into(),
        ));
    }
    match (on, kind, errors.is_empty()) {
        (Some(on), Some(visit), true) => {
            let views = form.child_views.trim();
            Ok((
                When::Date(on),
                EventKind::VisitMade {
                    visit,
                    child_seen: seen,
                    seen_alone: alone,
                    child_views: (!views.is_empty()).then(|| views.to_owned()),
                },
            ))
        }
        _ => Err(errors),
    }
}

pub async fn record_visit(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
    Form(form): Form<VisitForm>,
) -> Response {
    let (on, kind) = match parse_visit(&form) {
        Ok(v) => v,
        Err(errors) => return child_page(&state, &user, id, form, errors).await,
    };
    match events::record(&user.ctx(&state), ChildId(id), on, kind).await {
        Ok(_) => Redirect::to(&format!("/children/{id}")).into_response(),
        Err(AppError::Refused(r)) => {
            let errors = crate::error::refusal_errors(
                r,
                &["on", "kind", "child_seen", "seen_alone", "child_views"],
                "on",
            );
            child_page(&state, &user, id, form, errors).await
        }
        Err(e) => web(e, &user),
    }
}

#[derive(Template)]
#[template(path = "chronology.html")]
struct ChronologyPage {
    id: i64,
    name: String,
    la_child_id: String,
    entries: Vec<Entry>,
    kinds: Vec<&'static str>,
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
    signed_in: bool,
}

#[derive(Deserialize, Serialize, Default)]
pub struct ChronologyFilter {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    significant: String,
}

fn chronology_page(
    state: &AppState,
    id: i64,
    view: &children::ChildView,
    filter: ChronologyFilter,
    print: bool,
) -> Response {
    let significant = filter.significant == "yes";
    // The record as now known: amendments applied, voided events left out.
    let known = corrected(&view.events);
    let mut kinds: Vec<&'static str> = known.iter().map(|c| c.kind.name()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let entries: Vec<Entry> = known
        .iter()
        .filter(|c| filter.kind.is_empty() || c.kind.name() == filter.kind)
        .filter(|c| !significant || c.kind.is_significant())
        .map(entry)
        .collect();
    let shown = match (filter.kind.as_str(), significant) {
        ("", false) => "All events".to_owned(),
        ("", true) => "Significant events only".to_owned(),
        (k, false) => format!("{k} events only"),
        (k, true) => format!("Significant {k} events only"),
    };
    let query = serde_urlencoded::to_string(&filter)
        .ok()
        .filter(|q| !q.is_empty())
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let now = state.services.clock.now();
    let printed = jiff::tz::TimeZone::get("Europe/London")
        .map(|tz| now.to_zoned(tz).strftime("%-d %B %Y at %H:%M").to_string())
        .unwrap_or_else(|_| crate::today(state).to_string());
    let d = &view.child.details;
    html(&ChronologyPage {
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
        signed_in: true,
    })
}

pub async fn chronology(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(filter): Query<ChronologyFilter>,
    user: SignedIn,
) -> Response {
    match children::view(&user.ctx(&state), ChildId(id)).await {
        Ok(view) => chronology_page(&state, id, &view, filter, false),
        Err(e) => web(e, &user),
    }
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
    match children::print_chronology(&user.ctx(&state), ChildId(id)).await {
        Ok(view) => chronology_page(&state, id, &view, filter, true),
        Err(e) => web(e, &user),
    }
}

#[derive(Template)]
#[template(path = "access.html")]
struct AccessPage {
    id: i64,
    rows: Vec<AuditRow>,
    /// Rows the filter matches, on every page.
    total: i64,
    /// The first and last row shown, counting from 1.
    first: i64,
    last: i64,
    /// The filter's choices, (value, words), and what is chosen.
    actions: Vec<(String, String)>,
    people: Vec<(String, String)>,
    action: String,
    who: String,
    filtered: bool,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    signed_in: bool,
}

/// An item of the GOV.UK pagination: a page's number, or a gap.
pub struct PageLink {
    /// `None`: an ellipsis.
    number: Option<i64>,
    href: String,
    current: bool,
}

/// The access log's address, query string and all: `/children/{id}/access`.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct AccessQuery {
    /// Only rows of this action (as the audit log writes it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    action: String,
    /// Only rows by this user (their number).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    who: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    page: String,
}

impl AccessQuery {
    fn href(&self, id: i64, page: i64) -> String {
        let q = AccessQuery {
            page: if page > 1 {
                page.to_string()
            } else {
                String::new()
            },
            ..self.clone()
        };
        match serde_urlencoded::to_string(&q) {
            Ok(q) if !q.is_empty() => format!("/children/{id}/access?{q}"),
            _ => format!("/children/{id}/access"),
        }
    }
}

/// The pages to offer, as GOV.UK pagination does: the first, the last, the
/// current and those either side of it, with a gap where pages are left out.
fn page_links(q: &AccessQuery, id: i64, page: i64, pages: i64) -> Vec<PageLink> {
    if pages <= 1 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut last_shown = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || (n - page).abs() <= 1 {
            if n > last_shown + 1 {
                out.push(PageLink {
                    number: None,
                    href: String::new(),
                    current: false,
                });
            }
            out.push(PageLink {
                number: Some(n),
                href: q.href(id, n),
                current: n == page,
            });
            last_shown = n;
        }
    }
    out
}

/// What an audit row's action means, in words, for "who has looked at
/// this record".
pub(crate) fn access_action(action: &str) -> String {
    let said = match action {
        "view_child" => "Opened the record",
        "print_chronology" => "Printed the chronology",
        "view_access_log" => "Looked at who has looked at this record",
        "view_record_forms" => "Opened the forms to record on it",
        "view_for_correction" => "Opened an event to correct it",
        "view_caseload" => "Saw it on their caseload",
        "search" => "Found it in a search",
        "view_team" => "Saw it on a team page",
        "view_reviews" => "Saw it on their list of reviews",
        "break_glass" => "Asked for break-glass access",
        "grant" => "Gave access with an allocation or appointment",
        "allocate" => "Allocated it",
        other => {
            return match other.strip_prefix("record:") {
                Some(kind) => format!("Recorded {kind}"),
                None => other.replace('_', " "),
            };
        }
    };
    said.to_owned()
}

/// A person as the access log names them: "Dami Yates, social worker,
/// Children looked after 1"; the system where no one acted.
pub(crate) fn person(row: &AuditRow) -> String {
    match (&row.who, row.actor) {
        (Some(p), _) => match &p.team {
            Some(team) => format!("{}, {}, {team}", p.name, p.role.label()),
            None => format!("{}, {}", p.name, p.role.label()),
        },
        (None, Some(_)) => "A user no longer known".to_owned(),
        (None, None) => "Hearth".to_owned(),
    }
}

/// When an audit row was written, as people in England read it.
pub(crate) fn when(row: &AuditRow) -> String {
    hearth_app::london_time(row.at)
}

/// A person as the access log's filter names them.
fn person_label(who: Option<&hearth_app::views::Person>) -> String {
    match who {
        Some(p) => match &p.team {
            Some(team) => format!("{}, {}, {team}", p.name, p.role.label()),
            None => format!("{}, {}", p.name, p.role.label()),
        },
        None => "A user no longer known".to_owned(),
    }
}

/// "Who has looked at this record": 50 rows a page, newest first, filtered
/// by what was done and by whom (a plain GET form: no JavaScript needed).
pub async fn access(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(q): Query<AccessQuery>,
    user: SignedIn,
) -> Response {
    let action = q.action.trim();
    let who = q.who.trim().parse::<i64>().ok();
    let filter = hearth_app::views::AuditFilter {
        action: (!action.is_empty()).then_some(action),
        actor: who.map(hearth_domain::keys::UserId),
    };
    let page = q.page.trim().parse::<i64>().unwrap_or(1);
    let log = match children::access_log_page(&user.ctx(&state), ChildId(id), &filter, page).await {
        Ok(log) => log,
        Err(e) => return web(e, &user),
    };
    let mut actions: Vec<(String, String)> = log
        .actions
        .iter()
        .map(|a| (a.clone(), access_action(a)))
        .collect();
    actions.sort_by(|a, b| a.1.cmp(&b.1));
    let mut people: Vec<(String, String)> = log
        .people
        .iter()
        .map(|(u, p)| (u.0.to_string(), person_label(p.as_ref())))
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let q = AccessQuery {
        action: action.to_owned(),
        who: who.map(|w| w.to_string()).unwrap_or_default(),
        page: String::new(),
    };
    let first = (log.page - 1) * children::ACCESS_LOG_PAGE + 1;
    html(&AccessPage {
        id,
        first: if log.rows.is_empty() { 0 } else { first },
        last: first + log.rows.len() as i64 - 1,
        total: log.total,
        rows: log.rows,
        actions,
        people,
        filtered: filter.action.is_some() || filter.actor.is_some(),
        pages: page_links(&q, id, log.page, log.pages),
        previous: (log.page > 1).then(|| q.href(id, log.page - 1)),
        next: (log.page < log.pages).then(|| q.href(id, log.page + 1)),
        action: q.action.clone(),
        who: q.who.clone(),
        signed_in: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chronology_entry_leaves_out_what_was_not_given() {
        let kind: EventKind = serde_json::from_value(serde_json::json!({
            "type": "AssessmentAuthorised",
            "factors": ["2B", "3B"],
            "child_seen": true,
            "seen_alone": false,
            "outcome": "early_help",
        }))
        .unwrap();
        assert_eq!(
            generic_detail(&kind),
            "child seen: true, factors: 2B, 3B, outcome: early_help, seen alone: false"
        );
        let kind: EventKind = serde_json::from_value(serde_json::json!({
            "type": "PlacementChanged",
            "placement": {"placement_type": "U1"},
        }))
        .unwrap();
        assert_eq!(
            generic_detail(&kind),
            "placement: placement type U1, same carer: false"
        );
    }
}
