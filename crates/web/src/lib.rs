//! Hearth's web pages: server-rendered HTML on GOV.UK Frontend, with htmx
//! only as progressive enhancement (every page and form works without
//! JavaScript).
//!
//! Handlers extract, call one use-case, and render. Errors become responses
//! in one place ([`error`]); security headers, CSRF checks and request ids in
//! another ([`security`]).

use axum::Router;
use hearth_app::Services;

mod account;
mod admin;
mod api;
mod approvals;
mod assets;
mod break_glass;
mod children;
mod corrections;
mod data_quality;
mod date_input;
pub mod error;
pub mod limits;
mod my_work;
mod record;
pub mod routes;
mod search;
pub mod security;
mod session;
mod teams;
mod words;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub services: Services,
}

/// The whole site. Addresses are stable: `/sign-in`, `/my-work`,
/// `/children/{id}` with `/chronology` and `/access` beneath it. Sign-in
/// and API attempts are limited by [`limits::Limits::default`].
pub fn router(state: AppState) -> Router {
    router_with_limits(state, limits::Limits::default())
}

/// The whole site, with these limits on sign-in and API attempts.
pub fn router_with_limits(state: AppState, limits: limits::Limits) -> Router {
    let limiter = std::sync::Arc::new(limits::Limiter::new(limits));
    routes::add_to(Router::new())
        .fallback(error::not_found)
        .layer(axum::Extension(limiter))
        .layer(axum::middleware::from_fn(security::layer))
        .with_state(state)
}

/// A rendered page. Templates are compiled and checked at build time, so a
/// failure here is a bug; the user gets a bare 500 rather than a panic.
pub(crate) fn html(t: &impl askama::Template) -> axum::response::Response {
    use axum::response::IntoResponse;
    match t.render() {
        Ok(body) => axum::response::Html(body).into_response(),
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A form page's status: 200, or 422 when it shows problems to put right.
pub(crate) fn form_status(errors: &[(String, String)]) -> axum::http::StatusCode {
    if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// The problem with `field`, if there is one, for the message beside it.
pub(crate) fn error_for(errors: &[(String, String)], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|(n, _)| n == field)
        .map(|(_, m)| m.clone())
}

/// Today's date in England, from the injected clock.
pub(crate) fn today(state: &AppState) -> jiff::civil::Date {
    hearth_domain::london::today(state.services.clock.now())
}

/// The local date and time in England, from the injected clock: the moment
/// clocks are judged at (one due at 18:30 is overdue at 18:31).
pub(crate) fn now_local(state: &AppState) -> hearth_domain::events::When {
    hearth_domain::events::When::DateTime(hearth_domain::london::local(state.services.clock.now()))
}
