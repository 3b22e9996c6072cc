//! Amending and voiding an event: `/children/{id}/events/{event}/amend`
//! and `/void`.
//!
//! Nothing recorded is overwritten. An amendment is a new event that names
//! its target, gives a reason and says what the event should have said; a
//! void withdraws the event from the record with a reason. Both stay in the
//! ledger, so what was known when is never lost (`docs/architecture.md`,
//! "The ledger"). The amend form is the event's own form from
//! [`crate::record`], opened with what the record says now, so its values
//! go through the ledger's parser and the fold like any other.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::{AppError, events};
use hearth_domain::events::EventId;
use hearth_domain::keys::ChildId;
use hearth_domain::record::{Corrected, corrected};
use serde::Deserialize;

use crate::children::{Entry, entry};
use crate::date_input::DateParts;
use crate::error::Ids;
use crate::error::{WebError, field_errors};
use crate::record::{self, FieldView};
use crate::session::SignedIn;
use crate::{AppState, error_for, form_status, html};
use hearth_domain::catalogue::Kind;

#[derive(Template)]
#[template(path = "amend.html")]
struct AmendPage {
    id: i64,
    event: u64,
    child: String,
    label: &'static str,
    timed: bool,
    on: DateParts,
    on_error: Option<String>,
    fields: Vec<FieldView>,
    reason: String,
    reason_error: Option<String>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

#[derive(Template)]
#[template(path = "void.html")]
struct VoidPage {
    id: i64,
    event: u64,
    child: String,
    entry: Entry,
    reason: String,
    reason_error: Option<String>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

fn web(error: AppError, user: &SignedIn) -> Response {
    WebError {
        error,
        request_id: user.request_id.clone(),
    }
    .into_response()
}

/// What the form shows: the values given, or else the event as it stands.
enum Shown<'a> {
    AsRecorded,
    Given {
        on: DateParts,
        values: &'a [(String, String)],
        reason: String,
    },
}

/// Opens the ledger for correction and finds the event as it stands now
/// (with earlier amendments applied). A voided event, a correction, or no
/// such event is not found: there is nothing on the record to correct.
async fn target(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    event: u64,
) -> Result<(events::LedgerView, usize), Response> {
    let view = events::for_correction(&user.ctx(state), ChildId(id))
        .await
        .map_err(|e| web(e, user))?;
    let at = corrected(&view.events)
        .iter()
        .position(|c| c.event.id == EventId(event));
    match at {
        Some(at) => Ok((view, at)),
        None => Err(web(AppError::NotFound, user)),
    }
}

fn form_kind(c: &Corrected<'_>) -> Option<&'static Kind> {
    record::kind(c.kind.name())
}

async fn amend_page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    event: u64,
    shown: Shown<'_>,
    errors: Vec<(String, String)>,
) -> Response {
    let (view, at) = match target(state, user, id, event).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let known = corrected(&view.events);
    let current = &known[at];
    // Allocations are corrected by reallocating on the team page.
    let Some(kind) = form_kind(current) else {
        return web(AppError::NotFound, user);
    };
    let (on, values, reason) = match shown {
        Shown::AsRecorded => (
            DateParts::from_text(&current.on.to_string()),
            record::values_of(kind, current.kind),
            String::new(),
        ),
        Shown::Given { on, values, reason } => (on, values.to_vec(), reason),
    };
    let d = &view.child.details;
    let page = AmendPage {
        id,
        event,
        child: format!("{} {}", d.given_name, d.family_name),
        label: kind.label,
        timed: kind.timed,
        on,
        on_error: error_for(&errors, "on"),
        fields: record::field_views(kind, &values, &view.events, &view.choosable, &errors),
        reason,
        reason_error: error_for(&errors, "reason"),
        errors,
        signed_in: user.who(),
    };
    (form_status(&page.errors), html(&page)).into_response()
}

pub async fn amend_form(
    State(state): State<AppState>,
    Ids((id, event)): Ids<(i64, u64)>,
    user: SignedIn,
) -> Response {
    amend_page(&state, &user, id, event, Shown::AsRecorded, Vec::new()).await
}

pub async fn amend(
    State(state): State<AppState>,
    Ids((id, event)): Ids<(i64, u64)>,
    user: SignedIn,
    body: axum::body::Bytes,
) -> Response {
    // Repeated keys (several factors or agencies) are kept.
    let mut values: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    // The kind is the target's own: an amendment cannot change it.
    let (view, at) = match target(&state, &user, id, event).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let Some(kind) = form_kind(&corrected(&view.events)[at]) else {
        return web(AppError::NotFound, &user);
    };
    let mut errors = record::gather_dates(kind, &mut values);
    let values = values;
    let given = |name: &str| {
        values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let (on_text, reason) = (given("on"), given("reason"));
    let again = async |errors| {
        let shown = Shown::Given {
            on: DateParts::of(&values, "on"),
            values: &values,
            reason: reason.clone(),
        };
        amend_page(&state, &user, id, event, shown, errors).await
    };
    let on = record::parse_on(kind, &on_text).map_err(|m| errors.push(("on".into(), m.into())));
    let parsed = record::to_event(kind, &values).map_err(|more| errors.extend(more));
    if reason.is_empty() {
        errors.push(("reason".into(), "Enter the reason for the amendment".into()));
    }
    let (Ok(on), Ok(parsed), true) = (on, parsed, errors.is_empty()) else {
        return again(errors).await;
    };
    let today = crate::today(&state);
    let ctx = user.ctx(&state);
    match events::amend(
        &ctx,
        ChildId(id),
        EventId(event),
        &reason,
        on,
        parsed,
        today,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/children/{id}/chronology?saved=amended")).into_response(),
        Err(AppError::Refused(r)) => {
            let mut fields = kind.field_names();
            fields.push("reason");
            again(crate::error::refusal_errors(r, &fields, "on")).await
        }
        Err(AppError::Invalid(m)) => again(field_errors(&m, "reason")).await,
        Err(e) => web(e, &user),
    }
}

async fn void_page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    event: u64,
    reason: String,
    errors: Vec<(String, String)>,
) -> Response {
    let (view, at) = match target(state, user, id, event).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let d = &view.child.details;
    let page = VoidPage {
        id,
        event,
        child: format!("{} {}", d.given_name, d.family_name),
        entry: {
            let all = corrected(&view.events);
            entry(&all[at], &all, &view.people)
        },
        reason,
        reason_error: error_for(&errors, "reason"),
        errors,
        signed_in: user.who(),
    };
    (form_status(&page.errors), html(&page)).into_response()
}

pub async fn void_form(
    State(state): State<AppState>,
    Ids((id, event)): Ids<(i64, u64)>,
    user: SignedIn,
) -> Response {
    void_page(&state, &user, id, event, String::new(), Vec::new()).await
}

#[derive(Deserialize)]
pub struct VoidForm {
    #[serde(default)]
    reason: String,
}

pub async fn void(
    State(state): State<AppState>,
    Ids((id, event)): Ids<(i64, u64)>,
    user: SignedIn,
    Form(form): Form<VoidForm>,
) -> Response {
    let reason = form.reason.trim().to_owned();
    if reason.is_empty() {
        let errors = vec![(
            "reason".to_owned(),
            "Enter the reason for voiding the event".to_owned(),
        )];
        return void_page(&state, &user, id, event, reason, errors).await;
    }
    let today = crate::today(&state);
    match events::void(
        &user.ctx(&state),
        ChildId(id),
        EventId(event),
        &reason,
        today,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/children/{id}/chronology?saved=voided")).into_response(),
        Err(AppError::Refused(r)) => {
            let errors = crate::error::refusal_errors(r, &["reason"], "reason");
            void_page(&state, &user, id, event, reason, errors).await
        }
        Err(AppError::Invalid(m)) => {
            void_page(&state, &user, id, event, reason, field_errors(&m, "reason")).await
        }
        Err(e) => web(e, &user),
    }
}
