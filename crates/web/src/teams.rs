//! `/teams/{id}`: caseloads and overdue clocks by worker (each worker's
//! overdue children open from their row), children awaiting a worker, and
//! allocation by LA child id, for the team's managers.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::views::OverdueClock;
use hearth_app::{AppError, teams};
use hearth_domain::keys::{TeamId, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::error::Ids;
use crate::error::{WebError, field_errors};
use crate::html;
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    team: i64,
    name: String,
    workers: Vec<Worker>,
    unallocated: Vec<hearth_app::views::Unallocated>,
    form: AllocateForm,
    child_error: Option<String>,
    worker_error: Option<String>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

/// A worker's row: their load, and the overdue children behind it.
struct Worker {
    id: i64,
    name: String,
    children: i64,
    overdue: i64,
    late: Vec<Late>,
}

/// One of a worker's children with clocks overdue.
struct Late {
    child: i64,
    name: String,
    la_child_id: String,
    /// Each overdue clock: what it is for, and the day it was due.
    clocks: Vec<(String, String)>,
}

/// The overdue clocks, a child at a time, for one worker (the store gives
/// them by worker, then by due date).
fn late_children(worker: UserId, clocks: &[OverdueClock]) -> Vec<Late> {
    let mut late: Vec<Late> = Vec::new();
    for c in clocks.iter().filter(|c| c.worker == Some(worker)) {
        let clock = (crate::words::clock(&c.rule), crate::words::date(c.due));
        match late.iter_mut().find(|l| l.child == c.child.0) {
            Some(l) => l.clocks.push(clock),
            None => late.push(Late {
                child: c.child.0,
                name: c.name.clone(),
                la_child_id: c.la_child_id.clone(),
                clocks: vec![clock],
            }),
        }
    }
    late
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    form: AllocateForm,
    errors: Vec<(String, String)>,
) -> Response {
    match teams::view(&user.ctx(state), TeamId(id), crate::now_local(state)).await {
        Ok(view) => {
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let workers = view
                .workers
                .iter()
                .map(|w| Worker {
                    id: w.worker.0,
                    name: w.name.clone(),
                    children: w.children,
                    overdue: w.overdue,
                    late: late_children(w.worker, &view.overdue),
                })
                .collect();
            (
                status,
                html(&TeamPage {
                    team: view.team.0,
                    name: view.name,
                    workers,
                    unallocated: view.unallocated,
                    child_error: crate::error_for(&errors, "child"),
                    worker_error: crate::error_for(&errors, "worker"),
                    form,
                    errors,
                    signed_in: user.who(),
                }),
            )
                .into_response()
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id.clone(),
        }
        .into_response(),
    }
}

pub async fn show(State(state): State<AppState>, Ids(id): Ids<i64>, user: SignedIn) -> Response {
    page(&state, &user, id, AllocateForm::default(), Vec::new()).await
}

/// A reloaded refusal (the form's address, fetched): back to the team
/// page, for its managers; anyone else is told there is no such team.
pub async fn allocations(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
) -> Response {
    match teams::check_manager(&user.ctx(&state), TeamId(id)).await {
        Ok(()) => Redirect::to(&format!("/teams/{id}")).into_response(),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct AllocateForm {
    /// The child's LA child id, as the child's page shows it.
    #[serde(default)]
    child: String,
    #[serde(default)]
    worker: String,
}

pub async fn allocate(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
    Form(form): Form<AllocateForm>,
) -> Response {
    let mut errors = Vec::new();
    let worker = form.worker.trim().parse::<i64>().ok();
    if form.child.trim().is_empty() {
        errors.push((
            "child".to_owned(),
            "Enter the child's LA child id".to_owned(),
        ));
    }
    if worker.is_none() {
        errors.push(("worker".to_owned(), "Select the worker".to_owned()));
    }
    let Some(worker) = worker.filter(|_| errors.is_empty()) else {
        return page(&state, &user, id, form, errors).await;
    };
    let result = teams::allocate_by_la_child_id(
        &user.ctx(&state),
        TeamId(id),
        &form.child,
        UserId(worker),
        crate::today(&state),
    )
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/teams/{id}")).into_response(),
        Err(AppError::Invalid(m)) => {
            let errors = field_errors(&m, "worker");
            page(&state, &user, id, form, errors).await
        }
        Err(AppError::Refused(r)) => {
            let errors = crate::error::refusal_errors(r, &[], "child");
            page(&state, &user, id, form, errors).await
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
