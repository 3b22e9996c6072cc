//! `/search`: children by name, id or date of birth, or by words in their
//! case notes and write-ups (`in=notes`), within the user's scope.
//!
//! Search as you type, as progressive enhancement: the form is an ordinary
//! GET form that works without JavaScript, and with htmx the box asks for
//! the results as the user types and swaps in only the results region. The
//! handler is the same either way; an htmx request (one carrying
//! `HX-Request`) gets the results fragment, any other the whole page. Each
//! search goes through the same use-case, so each is authorised and audited
//! the same way however it was asked for.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
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
    /// Searching case notes and write-ups rather than names.
    notes: bool,
    results: Option<Vec<Found>>,
    error: Option<String>,
    signed_in: Option<crate::session::Who>,
    /// Always false: the page's results region is the same template as the
    /// fragment, less the status update.
    fragment: bool,
}

/// The results region alone (`search_results.html`, which the whole page
/// includes), for htmx to swap in.
#[derive(Template)]
#[template(path = "search_results.html")]
struct SearchResults {
    notes: bool,
    results: Option<Vec<Found>>,
    error: Option<String>,
    /// Set for the fragment: it also updates the page's status message, so
    /// a screen reader hears how many children were found (WCAG 2.2, 4.1.3
    /// Status Messages).
    fragment: bool,
}

#[derive(Deserialize)]
pub struct Params {
    #[serde(default)]
    q: String,
    /// `notes` to search case notes and write-ups.
    #[serde(default, rename = "in")]
    within: String,
}

/// Whether htmx asked for the results region. A history restore also
/// carries `HX-Request` but wants the whole page, so it gets one.
fn wants_fragment(headers: &HeaderMap) -> bool {
    let set = |name: &str| headers.get(name).is_some_and(|v| v.as_bytes() == b"true");
    set("hx-request") && !set("hx-history-restore-request")
}

/// The page or the fragment, with `Vary: HX-Request`, since one address
/// answers both.
fn respond(
    who: Option<crate::session::Who>,
    fragment: bool,
    status: StatusCode,
    notes: bool,
    q: String,
    results: Option<Vec<Found>>,
    error: Option<String>,
) -> Response {
    let mut response = if fragment {
        html(&SearchResults {
            notes,
            results,
            error,
            fragment: true,
        })
    } else {
        html(&SearchPage {
            q,
            notes,
            results,
            error,
            signed_in: who,
            fragment: false,
        })
    };
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("HX-Request"));
    response
}

pub async fn show(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
    user: SignedIn,
) -> Response {
    let fragment = wants_fragment(&headers);
    let notes = params.within == "notes";
    if params.q.trim().is_empty() {
        return respond(
            user.who(),
            fragment,
            StatusCode::OK,
            notes,
            String::new(),
            None,
            None,
        );
    }
    let found = if notes {
        hearth_app::narrative::search_notes(&user.ctx(&state), &params.q).await
    } else {
        children::search(&user.ctx(&state), &params.q).await
    };
    match found {
        Ok(results) => respond(
            user.who(),
            fragment,
            StatusCode::OK,
            notes,
            params.q,
            Some(results),
            None,
        ),
        Err(AppError::Invalid(m)) => {
            let error = m.trim_start_matches("q: ").to_owned();
            respond(
                user.who(),
                fragment,
                StatusCode::UNPROCESSABLE_ENTITY,
                notes,
                params.q,
                None,
                Some(error),
            )
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
