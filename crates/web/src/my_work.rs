//! My work: the worker's caseload, most urgent first.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use hearth_app::children;
use hearth_app::views::{CaseloadRow, ReviewRow};

use crate::AppState;
use crate::error::WebError;
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "my_work.html")]
struct MyWork {
    rows: Vec<CaseloadRow>,
    /// For an independent reviewing officer: the children they review.
    reviews: Option<Vec<ReviewRow>>,
    /// Teams the user manages.
    teams: Vec<hearth_domain::keys::TeamId>,
    /// Whether to offer the break-glass report (managers and auditors).
    report: bool,
    /// Open actions the user owns, soonest due first
    /// (`my_actions.html`).
    actions: Vec<hearth_app::views::OpenAction>,
    /// Whether to offer administration (system administrators).
    admin: bool,
    today: jiff::civil::Date,
    signed_in: Option<crate::session::Who>,
}

pub async fn show(State(state): State<AppState>, user: SignedIn) -> Response {
    let today = crate::today(&state);
    let ctx = user.ctx(&state);
    // An IRO's work is the reviews they chair: the children they are
    // appointed to come first on their page.
    let reviews = if user.actor.role == hearth_domain::access::Role::Iro {
        match children::my_reviews(&ctx, today).await {
            Ok(rows) => Some(rows),
            Err(error) => {
                return WebError {
                    error,
                    request_id: user.request_id,
                }
                .into_response();
            }
        }
    } else {
        None
    };
    let actions = match hearth_app::narrative::my_actions(&ctx).await {
        Ok(actions) => actions,
        Err(error) => {
            return WebError {
                error,
                request_id: user.request_id,
            }
            .into_response();
        }
    };
    match children::my_work(&ctx, crate::now_local(&state)).await {
        Ok(rows) => {
            let teams = match user.actor.role {
                hearth_domain::access::Role::TeamManager
                | hearth_domain::access::Role::ServiceManager => user.actor.manages.clone(),
                _ => Vec::new(),
            };
            use hearth_domain::access::Role;
            let report = matches!(
                user.actor.role,
                Role::TeamManager | Role::ServiceManager | Role::Auditor
            );
            crate::html(&MyWork {
                rows,
                reviews,
                actions,
                teams,
                report,
                admin: user.actor.role == Role::SystemAdministrator,
                today,
                signed_in: user.who(),
            })
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
