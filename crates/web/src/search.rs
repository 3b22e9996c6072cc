//! `/search`: children by name, id or date of birth, within the user's scope.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearth_app::views::Found;
use hearth_app::{AppError, children};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html;
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    q: String,
    results: Option<Vec<Found>>,
    error: Option<String>,
    signed_in: bool,
}

#[derive(Deserialize)]
pub struct Params {
    #[serde(default)]
    q: String,
}

pub async fn show(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    user: SignedIn,
) -> Response {
    if params.q.trim().is_empty() {
        return html(&SearchPage {
            q: String::new(),
            results: None,
            error: None,
            signed_in: true,
        });
    }
    match children::search(&user.ctx(&state), &params.q).await {
        Ok(results) => html(&SearchPage {
            q: params.q,
            results: Some(results),
            error: None,
            signed_in: true,
        }),
        Err(AppError::Invalid(m)) => {
            let page = SearchPage {
                q: params.q,
                results: None,
                error: Some(m.trim_start_matches("q: ").to_owned()),
                signed_in: true,
            };
            (StatusCode::UNPROCESSABLE_ENTITY, html(&page)).into_response()
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
