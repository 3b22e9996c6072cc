//! Break-glass: `/break-glass`, where a user asks for time-limited access
//! to a record outside their scope (a restricted record is hidden even from
//! its team) with a written reason; and `/break-glass/report`, the grants
//! made, for managers and auditors (`docs/architecture.md`, "Access and
//! audit": break-glass needs a written reason, expires, and every grant is
//! reported), with the role grants that can read children: an
//! administrator could otherwise read every record by making someone an
//! auditor.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::AppError;
use hearth_app::access::{self, BREAK_GLASS_LIMIT_MINUTES};
use hearth_app::views::BreakGlassRow;
use serde::Deserialize;

use crate::date_input::{self, DateField, DateParts};
use crate::error::{WebError, field_errors};
use crate::session::{SignedIn, Who};
use crate::{AppState, error_for, form_status, html};

/// The lengths offered, in minutes, up to the limit.
const LENGTHS: &[(i64, &str)] = &[
    (30, "30 minutes"),
    (60, "1 hour"),
    (120, "2 hours"),
    (240, "4 hours"),
    (BREAK_GLASS_LIMIT_MINUTES, "8 hours"),
];

#[derive(Template)]
#[template(path = "break_glass.html")]
struct BreakGlassPage {
    form: BreakGlassForm,
    lengths: &'static [(i64, &'static str)],
    child_error: Option<String>,
    reason_error: Option<String>,
    minutes_error: Option<String>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

#[derive(Deserialize, Default)]
pub struct BreakGlassForm {
    #[serde(default)]
    child: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    minutes: String,
}

fn page(who: Option<Who>, form: BreakGlassForm, errors: Vec<(String, String)>) -> Response {
    let error = |field: &str| error_for(&errors, field);
    let page = BreakGlassPage {
        child_error: error("child"),
        reason_error: error("reason"),
        minutes_error: error("minutes"),
        form,
        lengths: LENGTHS,
        errors,
        signed_in: who,
    };
    (form_status(&page.errors), html(&page)).into_response()
}

pub async fn show(user: SignedIn, Query(form): Query<BreakGlassForm>) -> Response {
    let form = BreakGlassForm {
        minutes: "60".into(),
        reason: String::new(),
        ..form
    };
    page(user.who(), form, Vec::new())
}

pub async fn ask(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<BreakGlassForm>,
) -> Response {
    // Every problem with the form at once, before anything is looked up.
    let minutes = form.minutes.trim().parse::<i64>().ok();
    let problems = access::form_problems(&form.child, &form.reason, minutes);
    let Some(minutes) = minutes.filter(|_| problems.is_empty()) else {
        return page(
            user.who(),
            form,
            field_errors(&problems.join("\n"), "reason"),
        );
    };
    let ctx = user.ctx(&state);
    match access::break_glass_by_la_child_id(&ctx, &form.child, &form.reason, minutes).await {
        Ok(child) => Redirect::to(&format!("/children/{}", child.0)).into_response(),
        Err(AppError::Invalid(m)) => page(user.who(), form, field_errors(&m, "reason")),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}

#[derive(Template)]
#[template(path = "break_glass_report.html")]
struct ReportPage {
    /// The from date in words.
    since: String,
    /// The from date in its boxes, as typed where it was wrong.
    parts: DateParts,
    rows: Vec<Row>,
    /// Roles that can read children asked for, decided, or made by the
    /// command line.
    grants: Vec<crate::approvals::Grant>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

/// A grant as shown, in London time.
struct Row {
    granted_at: String,
    until: String,
    user: String,
    child: String,
    reason: String,
}

fn row(r: BreakGlassRow) -> Row {
    Row {
        granted_at: hearth_app::london_time(r.granted_at),
        until: hearth_app::london_time(r.until),
        user: r.user_name,
        child: r.la_child_id,
        reason: r.reason,
    }
}

/// The report's "from" date: GOV.UK's day, month and year boxes, or the
/// ISO text a link carries.
#[derive(Deserialize, Default)]
pub struct Since {
    #[serde(default)]
    since: String,
    #[serde(default, rename = "since-day")]
    day: String,
    #[serde(default, rename = "since-month")]
    month: String,
    #[serde(default, rename = "since-year")]
    year: String,
}

impl Since {
    /// The date asked for: `Ok(None)` when none was given, or the GOV.UK
    /// message for boxes (or text) that make no date.
    fn date(&self) -> Result<Option<jiff::civil::Date>, String> {
        let mut values = vec![
            ("since".to_owned(), self.since.clone()),
            ("since-day".to_owned(), self.day.clone()),
            ("since-month".to_owned(), self.month.clone()),
            ("since-year".to_owned(), self.year.clone()),
        ];
        if self.day.is_empty() && self.month.is_empty() && self.year.is_empty() {
            values.truncate(1);
        }
        let field = DateField {
            name: "since",
            label: "Granted on or after",
            timed: false,
        };
        if let Some((_, message)) = date_input::gather(&mut values, &[field]).pop() {
            return Err(message);
        }
        let text = values
            .iter()
            .find(|(k, _)| k == "since")
            .map_or("", |(_, v)| v.trim());
        match text {
            "" => Ok(None),
            text => text.parse::<jiff::civil::Date>().map(Some).map_err(|_| {
                "Granted on or after must be a real date, for example 3 3 2025".to_owned()
            }),
        }
    }
}

/// The report, from a date (the last 30 days unless asked).
pub async fn report(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<Since>,
) -> Response {
    let today = crate::today(&state);
    let month_ago = today.saturating_sub(jiff::Span::new().days(30));
    let (since, errors) = match q.date() {
        Ok(d) => (d.unwrap_or(month_ago), Vec::new()),
        Err(message) => (month_ago, vec![("since".to_owned(), message)]),
    };
    let from = jiff::tz::TimeZone::get("Europe/London")
        .and_then(|tz| since.to_zoned(tz))
        .map(|z| z.timestamp())
        .unwrap_or_else(|_| jiff::Timestamp::UNIX_EPOCH);
    match access::break_glass_report(&user.ctx(&state), from).await {
        Ok(report) => {
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = ReportPage {
                since: crate::words::date(since),
                parts: if errors.is_empty() {
                    DateParts::from_text(&since.to_string())
                } else {
                    DateParts {
                        day: q.day.clone(),
                        month: q.month.clone(),
                        year: q.year.clone(),
                        time: String::new(),
                    }
                },
                rows: report.break_glass.into_iter().map(row).collect(),
                grants: report
                    .role_grants
                    .iter()
                    .map(|g| crate::approvals::grant(g, hearth_app::london_time))
                    .collect(),
                errors,
                signed_in: user.who(),
            };
            (status, html(&page)).into_response()
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
