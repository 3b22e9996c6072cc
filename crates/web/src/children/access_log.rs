//! "Who has looked at this record": the audit rows for one child, paged
//! and filtered, in words.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use hearth_app::children;
use hearth_app::views::AuditRow;
use hearth_domain::keys::ChildId;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::Ids;
use crate::html;
use crate::session::SignedIn;

use super::web;

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
    signed_in: Option<crate::session::Who>,
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
        "download_attachment" => "Downloaded a document",
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
        (Some(p), _) => hearth_app::people::person(p),
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
    who.map_or_else(
        || "A user no longer known".to_owned(),
        hearth_app::people::person,
    )
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
        signed_in: user.who(),
    })
}
