//! My work: the worker's caseload, most urgent first.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use hearth_app::children;
use hearth_store::CaseloadRow;

use crate::AppState;
use crate::error::WebError;
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "my_work.html")]
struct MyWork {
    rows: Vec<CaseloadRow>,
    today: jiff::civil::Date,
    signed_in: bool,
}

pub async fn show(State(state): State<AppState>, user: SignedIn) -> Response {
    let today = crate::today(&state);
    match children::my_work(&user.ctx(&state), today).await {
        Ok(rows) => crate::account::html(&MyWork {
            rows,
            today,
            signed_in: true,
        }),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
