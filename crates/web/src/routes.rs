//! Every address Hearth answers, with who it is for, declared once. The
//! router is built from this table, and the access matrix test walks the
//! same table, so a route cannot be added without saying who may use it
//! and being tried by every role.

use axum::routing::{MethodRouter, get, post};
use hearth_domain::access::Action;

use crate::{AppState, account, admin, api, approvals, assets, break_glass, children};
use crate::{corrections, data_quality, my_work, record, search, teams};

/// Who a route is for. A child's routes name the action the access policy
/// must allow ([`hearth_domain::access::authorize`]); the others are
/// decided by role or by the signed-in user alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Anyone, signed in or not: sign-in, the assets, the API description.
    Public,
    /// Any signed-in user, about their own work and account only.
    SignedIn,
    /// One child's record, for this action.
    Child(Action),
    /// The team's managers (a team manager's team, a service manager's line).
    TeamManager,
    /// Managers and auditors: the break-glass report.
    Oversight,
    /// Anyone whose role reads children's records, about the children
    /// they may see: the returns' data quality.
    Reader,
    /// Performance analysts: checking the whole authority's returns.
    PerformanceAnalyst,
    /// The system administrator.
    Administrator,
}

/// One method on one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub needs: Needs,
}

type Entry = (
    &'static str,
    MethodRouter<AppState>,
    &'static [(&'static str, Needs)],
);

/// The largest body of an upload of Ofsted's list of providers: the
/// workbook reader's own limit, and a little for the form around it.
const PROVIDER_LIST_BYTES: usize =
    hearth_returns::ssda903::rules::MAX_WORKBOOK_BYTES as usize + 64 * 1024;

const GET_PUBLIC: &[(&str, Needs)] = &[("GET", Needs::Public)];
const PUBLIC: &[(&str, Needs)] = &[("GET", Needs::Public), ("POST", Needs::Public)];
const GET_SIGNED_IN: &[(&str, Needs)] = &[("GET", Needs::SignedIn)];
const SIGNED_IN: &[(&str, Needs)] = &[("GET", Needs::SignedIn), ("POST", Needs::SignedIn)];
const ADMIN: &[(&str, Needs)] = &[
    ("GET", Needs::Administrator),
    ("POST", Needs::Administrator),
];
const GET_ADMIN: &[(&str, Needs)] = &[("GET", Needs::Administrator)];
const VIEW: &[(&str, Needs)] = &[("GET", Needs::Child(Action::View))];
const RECORD: &[(&str, Needs)] = &[
    ("GET", Needs::Child(Action::Record)),
    ("POST", Needs::Child(Action::Record)),
];
const CORRECT: &[(&str, Needs)] = &[
    ("GET", Needs::Child(Action::Correct)),
    ("POST", Needs::Child(Action::Correct)),
];

fn table() -> Vec<Entry> {
    vec![
        (
            "/",
            get(|| async { axum::response::Redirect::to("/my-work") }),
            GET_PUBLIC,
        ),
        (
            "/sign-in",
            get(account::sign_in_page).post(account::sign_in),
            PUBLIC,
        ),
        (
            "/sign-out",
            post(account::sign_out),
            &[("POST", Needs::SignedIn)],
        ),
        ("/sessions", get(account::sessions), GET_SIGNED_IN),
        (
            "/change-password",
            get(account::change_password_form).post(account::change_password),
            SIGNED_IN,
        ),
        ("/my-work", get(my_work::show), GET_SIGNED_IN),
        (
            "/break-glass",
            get(break_glass::show).post(break_glass::ask),
            SIGNED_IN,
        ),
        (
            "/break-glass/report",
            get(break_glass::report),
            &[("GET", Needs::Oversight)],
        ),
        ("/search", get(search::show), GET_SIGNED_IN),
        (
            "/data-quality",
            get(data_quality::show).post(data_quality::check),
            &[("GET", Needs::Reader), ("POST", Needs::PerformanceAnalyst)],
        ),
        (
            "/data-quality/providers",
            post(data_quality::upload_providers)
                .layer(axum::extract::DefaultBodyLimit::max(PROVIDER_LIST_BYTES)),
            &[("POST", Needs::PerformanceAnalyst)],
        ),
        ("/children/{id}", get(children::show), VIEW),
        ("/children/{id}/chronology", get(children::chronology), VIEW),
        (
            "/children/{id}/chronology/print",
            get(children::print_chronology),
            VIEW,
        ),
        (
            "/children/{id}/chronology/export",
            get(children::export_chronology),
            VIEW,
        ),
        (
            "/children/{id}/access",
            get(children::access),
            &[("GET", Needs::Child(Action::ViewAccessLog))],
        ),
        (
            "/children/{id}/visits",
            post(children::record_visit),
            &[("POST", Needs::Child(Action::Record))],
        ),
        (
            "/children/{id}/record",
            get(record::show).post(record::submit),
            RECORD,
        ),
        (
            "/children/{id}/events/{event}/amend",
            get(corrections::amend_form).post(corrections::amend),
            CORRECT,
        ),
        (
            "/children/{id}/events/{event}/void",
            get(corrections::void_form).post(corrections::void),
            CORRECT,
        ),
        // Documents attached to the record.
        (
            "/children/{id}/attachments",
            get(children::attachments::show)
                .post(children::attachments::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    children::attachments::drain_cap(),
                )),
            RECORD,
        ),
        (
            "/children/{id}/attachments/{attachment}",
            get(children::attachments::download),
            VIEW,
        ),
        ("/admin", get(admin::show), GET_ADMIN),
        (
            "/admin/users/new",
            get(admin::new_user).post(admin::add_user),
            ADMIN,
        ),
        (
            "/admin/users/{id}",
            get(admin::edit_user).post(admin::change_user),
            ADMIN,
        ),
        (
            "/admin/users/{id}/{action}",
            get(admin::confirm_account).post(admin::end_account),
            ADMIN,
        ),
        (
            "/admin/approvals/{id}",
            get(approvals::show).post(approvals::decide),
            ADMIN,
        ),
        (
            "/admin/teams/new",
            get(admin::new_team).post(admin::add_team),
            ADMIN,
        ),
        (
            "/admin/bank-holidays",
            get(admin::bank_holidays).post(admin::import_bank_holidays),
            ADMIN,
        ),
        (
            "/admin/timescales",
            get(admin::show_timescales).post(admin::check_timescales),
            ADMIN,
        ),
        (
            "/teams/{id}",
            get(teams::show),
            &[("GET", Needs::TeamManager)],
        ),
        (
            "/teams/{id}/allocations",
            // A GET is a refused allocation reloaded: back to the team.
            get(teams::allocations).post(teams::allocate),
            &[("GET", Needs::TeamManager), ("POST", Needs::TeamManager)],
        ),
        ("/assets/{*path}", get(assets::serve), GET_PUBLIC),
        ("/api/v1/openapi.json", get(api::openapi), GET_PUBLIC),
        ("/api/v1/caseload", get(api::caseload), GET_SIGNED_IN),
        ("/api/v1/children/{id}", get(api::child), VIEW),
        (
            "/api/v1/children/{id}/events",
            get(api::child_events).post(api::record),
            &[
                ("GET", Needs::Child(Action::View)),
                ("POST", Needs::Child(Action::Record)),
            ],
        ),
        (
            "/api/v1/children/{id}/obligations",
            get(api::obligations),
            VIEW,
        ),
        (
            "/api/v1/{*rest}",
            get(api::not_found).post(api::not_found),
            PUBLIC,
        ),
    ]
}

/// Every method on every address, with who it is for.
pub fn routes() -> Vec<Route> {
    table()
        .into_iter()
        .flat_map(|(path, _, needs)| {
            needs.iter().map(move |&(method, needs)| Route {
                method,
                path,
                needs,
            })
        })
        .collect()
}

/// The routes, for the router.
pub(crate) fn add_to(router: axum::Router<AppState>) -> axum::Router<AppState> {
    table()
        .into_iter()
        .fold(router, |r, (path, method_router, _)| {
            r.route(path, method_router)
        })
}
