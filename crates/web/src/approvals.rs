//! `/admin/approvals/{id}`: a role that can read children's records (or
//! the administrator's), asked for by one administrator, for another to
//! approve or refuse. The page says who may decide; the use-case decides
//! ([`hearth_app::approvals::decide`]).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::AppError;
use hearth_app::approvals;
use hearth_app::views::{ApprovalId, RoleApproval, RoleDecision};
use serde::Deserialize;

use crate::admin::role_label;
use crate::error::{Ids, WebError, field_errors};
use crate::session::SignedIn;
use crate::{AppState, form_status, html};

/// A role grant in words, for this page, the administration page and the
/// break-glass report.
pub(crate) struct Grant {
    pub id: i64,
    pub user: i64,
    pub name: String,
    pub role: &'static str,
    /// The role before, or that it is a new account.
    pub was: String,
    pub asked_by: String,
    pub asked_at: String,
    pub status: String,
}

pub(crate) fn grant(r: &RoleApproval, when: fn(jiff::Timestamp) -> String) -> Grant {
    let decided_by = r.decided_by_name.clone().unwrap_or_default();
    let decided_at = r.decided_at.map(when).unwrap_or_default();
    let status = match (r.decision, r.requested_by) {
        (None, _) => "Awaiting a second administrator".to_owned(),
        (Some(_), None) => "In force at once (command line)".to_owned(),
        (Some(RoleDecision::Approved), Some(_)) => {
            format!("Approved by {decided_by}, {decided_at}")
        }
        (Some(RoleDecision::Refused), Some(_)) => {
            format!("Refused by {decided_by}, {decided_at}")
        }
    };
    Grant {
        id: r.id.0,
        user: r.user.0,
        name: r.user_name.clone(),
        role: role_label(r.role),
        was: match (r.previous, r.decision) {
            (Some(p), _) => role_label(p).to_owned(),
            (None, None) => "New account (cannot sign in until approved)".to_owned(),
            (None, Some(_)) => "New account".to_owned(),
        },
        asked_by: r
            .requested_by_name
            .clone()
            .unwrap_or_else(|| "The command line".to_owned()),
        asked_at: when(r.requested_at),
        status,
    }
}

#[derive(Template)]
#[template(path = "admin_approval.html")]
struct ApprovalPage {
    grant: Grant,
    /// Why this administrator may not decide; `None`: the form is shown.
    not_yours: Option<&'static str>,
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

async fn page(
    state: &AppState,
    user: &SignedIn,
    id: ApprovalId,
    errors: Vec<(String, String)>,
) -> Response {
    match approvals::approval(&user.ctx(state), id).await {
        Ok(a) => {
            let page = ApprovalPage {
                grant: grant(&a.request, hearth_app::london_time),
                not_yours: a.not_yours,
                errors,
                signed_in: user.who(),
            };
            (form_status(&page.errors), html(&page)).into_response()
        }
        Err(e) => web(e, user),
    }
}

pub async fn show(State(state): State<AppState>, Ids(id): Ids<i64>, user: SignedIn) -> Response {
    page(&state, &user, ApprovalId(id), Vec::new()).await
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    /// `approve` or `refuse`.
    #[serde(default)]
    decision: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
    Form(form): Form<DecisionForm>,
) -> Response {
    let id = ApprovalId(id);
    match approvals::decide(&user.ctx(&state), id, &form.decision).await {
        Ok(_) => Redirect::to(&format!("/admin/approvals/{}", id.0)).into_response(),
        Err(AppError::Invalid(m)) => page(&state, &user, id, field_errors(&m, "decision")).await,
        Err(e) => web(e, &user),
    }
}
