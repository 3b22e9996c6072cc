//! `/teams/{id}`: caseloads and overdue clocks by worker, children awaiting
//! a worker, and allocation, for the team's managers.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::{AppError, teams};
use hearth_domain::keys::{ChildId, TeamId, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::error::Ids;
use crate::error::WebError;
use crate::html;
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    view: teams::TeamView,
    errors: Vec<(String, String)>,
    signed_in: bool,
}

async fn page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    errors: Vec<(String, String)>,
) -> Response {
    match teams::view(&user.ctx(state), TeamId(id), crate::now_local(state)).await {
        Ok(view) => {
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (
                status,
                html(&TeamPage {
                    view,
                    errors,
                    signed_in: true,
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
    page(&state, &user, id, Vec::new()).await
}

#[derive(Deserialize)]
pub struct AllocateForm {
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
    let child = form.child.parse::<i64>().ok();
    let worker = form.worker.parse::<i64>().ok();
    if child.is_none() {
        errors.push((
            "child".to_owned(),
            "Select the child to allocate".to_owned(),
        ));
    }
    if worker.is_none() {
        errors.push(("worker".to_owned(), "Select the worker".to_owned()));
    }
    let (Some(child), Some(worker)) = (child, worker) else {
        return page(&state, &user, id, errors).await;
    };
    match teams::allocate(
        &user.ctx(&state),
        TeamId(id),
        ChildId(child),
        UserId(worker),
        crate::today(&state),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/teams/{id}")).into_response(),
        Err(AppError::Invalid(m)) => {
            page(
                &state,
                &user,
                id,
                vec![("worker".into(), m.trim_start_matches("worker: ").to_owned())],
            )
            .await
        }
        Err(AppError::Refused(r)) => {
            page(
                &state,
                &user,
                id,
                crate::error::refusal_errors(r, &[], "child"),
            )
            .await
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
