//! Hearth's web pages: server-rendered HTML on GOV.UK Frontend, with htmx
//! only as progressive enhancement (every page and form works without
//! JavaScript).
//!
//! Handlers extract, call one use-case, and render. Errors become responses
//! in one place ([`error`]); security headers, CSRF checks and request ids in
//! another ([`security`]).

use axum::Router;
use axum::routing::{get, post};
use hearth_app::Services;

mod account;
mod admin;
mod api;
mod assets;
mod break_glass;
mod children;
mod corrections;
pub mod error;
pub mod limits;
mod my_work;
mod record;
mod search;
pub mod security;
mod session;
mod teams;

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
    Router::new()
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/my-work") }),
        )
        .route(
            "/sign-in",
            get(account::sign_in_page).post(account::sign_in),
        )
        .route("/sign-out", post(account::sign_out))
        .route("/sessions", get(account::sessions))
        .route(
            "/change-password",
            get(account::change_password_form).post(account::change_password),
        )
        .route("/my-work", get(my_work::show))
        .route(
            "/break-glass",
            get(break_glass::show).post(break_glass::ask),
        )
        .route("/break-glass/report", get(break_glass::report))
        .route("/search", get(search::show))
        .route("/children/{id}", get(children::show))
        .route("/children/{id}/chronology", get(children::chronology))
        .route(
            "/children/{id}/chronology/print",
            get(children::print_chronology),
        )
        .route("/children/{id}/access", get(children::access))
        .route("/children/{id}/visits", post(children::record_visit))
        .route(
            "/children/{id}/record",
            get(record::show).post(record::submit),
        )
        .route(
            "/children/{id}/events/{event}/amend",
            get(corrections::amend_form).post(corrections::amend),
        )
        .route(
            "/children/{id}/events/{event}/void",
            get(corrections::void_form).post(corrections::void),
        )
        .route("/admin", get(admin::show))
        .route(
            "/admin/users/new",
            get(admin::new_user).post(admin::add_user),
        )
        .route(
            "/admin/users/{id}",
            get(admin::edit_user).post(admin::change_user),
        )
        .route(
            "/admin/users/{id}/{action}",
            get(admin::confirm_account).post(admin::end_account),
        )
        .route(
            "/admin/teams/new",
            get(admin::new_team).post(admin::add_team),
        )
        .route(
            "/admin/bank-holidays",
            get(admin::bank_holidays).post(admin::import_bank_holidays),
        )
        .route(
            "/admin/timescales",
            get(admin::show_timescales).post(admin::check_timescales),
        )
        .route("/teams/{id}", get(teams::show))
        .route("/teams/{id}/allocations", post(teams::allocate))
        .route("/assets/{*path}", get(assets::serve))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/caseload", get(api::caseload))
        .route("/api/v1/children/{id}", get(api::child))
        .route(
            "/api/v1/children/{id}/events",
            get(api::child_events).post(api::record),
        )
        .route("/api/v1/children/{id}/obligations", get(api::obligations))
        .route("/api/v1/{*rest}", get(api::not_found).post(api::not_found))
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
    let now = state.services.clock.now();
    match jiff::tz::TimeZone::get("Europe/London") {
        Ok(tz) => now.to_zoned(tz).date(),
        // Without zone data the UTC date is at worst an hour behind in summer.
        Err(_) => now.to_zoned(jiff::tz::TimeZone::UTC).date(),
    }
}
