//! The returns' data quality page: what the DfE's rules find in the whole
//! authority's CIN census and SSDA903 as they would be sent, by rule, team
//! and worker, each finding opening the child. Everyone who reads records
//! sees the findings about the children they may see; performance
//! analysts can check the whole authority again at once (it is also done
//! each night).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::data_quality::{self, FindingFilter, GroupCount, LISTED, Report, ReturnCheck};
use hearth_returns::CollectionYear;
use serde::Deserialize;

use crate::error::WebError;
use crate::session::{SignedIn, Who};
use crate::{AppState, form_status, html};

/// What the page is asked to show: every part optional.
#[derive(Debug, Default, Deserialize)]
pub struct Asked {
    #[serde(default)]
    year: String,
    /// `return:rule`, e.g. `ssda903:SW17STG2`.
    #[serde(default)]
    rule: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    worker: String,
}

#[derive(Debug, Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    year: String,
}

/// A year to choose.
struct YearOption {
    value: String,
    selected: bool,
}

/// One rule's line.
struct RuleLine {
    return_name: &'static str,
    rule: String,
    message: String,
    query: bool,
    children: i64,
    href: String,
}

/// One team's or worker's line.
struct GroupLine {
    name: String,
    children: i64,
    findings: i64,
    href: String,
}

/// One finding about a child.
struct ChildLine {
    href: String,
    name: String,
    la_child_id: String,
    return_name: &'static str,
    rule: String,
    field: String,
    message: String,
    query: bool,
    team: String,
    worker: String,
}

/// One finding about the return as a whole.
struct ReturnLine {
    return_name: &'static str,
    rule: String,
    field: String,
    message: String,
}

/// A check, in words.
struct CheckLine {
    when: String,
    by: &'static str,
    children: i64,
    in_cin: i64,
    in_ssda903: i64,
    findings: i64,
    unreadable: i64,
}

#[derive(Template)]
#[template(path = "data_quality.html")]
struct Page {
    year: String,
    years: Vec<YearOption>,
    may_check: bool,
    /// For analysts: Ofsted's list of providers in force, in words.
    providers: Option<String>,
    latest: Option<CheckLine>,
    earlier: Vec<CheckLine>,
    /// What the lists are narrowed to, in words; empty for everything.
    narrowed: Vec<String>,
    rules: Vec<RuleLine>,
    teams: Vec<GroupLine>,
    workers: Vec<GroupLine>,
    children: Vec<ChildLine>,
    listed_all: bool,
    listed: usize,
    about_returns: Vec<ReturnLine>,
    errors: Vec<(String, String)>,
    signed_in: Option<Who>,
}

fn return_words(name: &str) -> &'static str {
    match name {
        "cin" => "CIN census",
        "ssda903" => "SSDA903",
        _ => "Both returns",
    }
}

/// The page's address for a year, narrowed as given (empty parts left
/// out).
fn href(year: &str, rule: &str, team: &str, worker: &str) -> String {
    let parts: Vec<(&str, &str)> = [
        ("year", year),
        ("rule", rule),
        ("team", team),
        ("worker", worker),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    format!(
        "/data-quality?{}",
        serde_urlencoded::to_string(parts).unwrap_or_default()
    )
}

fn check_line(c: &ReturnCheck) -> CheckLine {
    CheckLine {
        when: hearth_app::london_time(c.checked_at),
        by: if c.checked_by.is_some() {
            "at an analyst's request"
        } else {
            "by the nightly run"
        },
        children: c.children,
        in_cin: c.in_cin,
        in_ssda903: c.in_ssda903,
        findings: c.findings,
        unreadable: c.unreadable,
    }
}

fn group_lines(
    groups: Vec<GroupCount>,
    none: &str,
    link: impl Fn(&str) -> String,
) -> Vec<GroupLine> {
    groups
        .into_iter()
        .map(|g| GroupLine {
            name: g.name.clone().unwrap_or_else(|| none.to_owned()),
            children: g.children,
            findings: g.findings,
            href: g.key.as_deref().map(&link).unwrap_or_default(),
        })
        .collect()
}

/// The page for a year (the one today falls in unless asked), narrowed
/// to a rule, a team or a worker when asked.
pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Query(asked): Query<Asked>,
) -> Response {
    // A year not known is said beside the year's box; the page shows the
    // year today falls in meanwhile.
    let (year, errors) = match asked.year.trim() {
        "" => (CollectionYear::nearest(crate::today(&state)), Vec::new()),
        text => match text.parse::<CollectionYear>() {
            Ok(y) => (y, Vec::new()),
            Err(e) => (
                CollectionYear::nearest(crate::today(&state)),
                vec![("year".to_owned(), e.to_string())],
            ),
        },
    };
    let filter = FindingFilter {
        rule: asked
            .rule
            .split_once(':')
            .map(|(r, c)| (r.to_owned(), c.to_owned())),
        team: Some(asked.team.clone()).filter(|t| !t.is_empty()),
        worker: Some(asked.worker.clone()).filter(|w| !w.is_empty()),
    };
    let report = match data_quality::report(&user.ctx(&state), year, &filter).await {
        Ok(r) => r,
        Err(error) => {
            return WebError {
                error,
                request_id: user.request_id,
            }
            .into_response();
        }
    };
    let mut page = page(&user, year, &asked, report, errors);
    if page.may_check {
        page.providers = match data_quality::providers_in_force(&user.ctx(&state)).await {
            Ok(Some((n, at))) => Some(format!(
                "{n} providers, kept {}",
                hearth_app::london_time(at)
            )),
            Ok(None) => None,
            Err(error) => {
                return WebError {
                    error,
                    request_id: user.request_id,
                }
                .into_response();
            }
        };
    }
    (form_status(&page.errors), html(&page)).into_response()
}

/// `POST /data-quality/providers`: a performance analyst's upload of
/// Ofsted's combined list of providers (one file field, `file`); from
/// then on every check runs the rules on placements' URNs against it.
pub async fn upload_providers(
    State(state): State<AppState>,
    user: SignedIn,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    // A body that is not a multipart form sends no file.
    let mut file = Vec::new();
    if let Ok(mut form) = multipart {
        while let Ok(Some(field)) = form.next_field().await {
            if field.name() == Some("file") {
                file = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            }
        }
    }
    match data_quality::upload_providers(&user.ctx(&state), &file).await {
        Ok(_) => Redirect::to("/data-quality#providers").into_response(),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}

fn page(
    user: &SignedIn,
    year: CollectionYear,
    asked: &Asked,
    report: Report,
    errors: Vec<(String, String)>,
) -> Page {
    let y = year.to_string();
    let mut narrowed = Vec::new();
    if let Some((r, code)) = asked.rule.split_once(':') {
        narrowed.push(format!("{} rule {code}", return_words(r)));
    }
    let team_name = |key: &str| {
        report
            .by_team
            .iter()
            .find(|g| g.key.as_deref() == Some(key))
            .and_then(|g| g.name.clone())
    };
    if !asked.team.is_empty() {
        narrowed.push(format!(
            "team {}",
            team_name(&asked.team).unwrap_or_else(|| asked.team.clone())
        ));
    }
    if !asked.worker.is_empty() {
        let name = report
            .by_worker
            .iter()
            .find(|g| g.key.as_deref() == Some(asked.worker.as_str()))
            .and_then(|g| g.name.clone());
        narrowed.push(format!(
            "worker {}",
            name.unwrap_or_else(|| asked.worker.clone())
        ));
    }
    let listed = report.children.len();
    Page {
        years: CollectionYear::ALL
            .iter()
            .map(|c| YearOption {
                value: c.to_string(),
                selected: *c == year,
            })
            .collect(),
        may_check: data_quality::may_check(user.actor.role),
        providers: None,
        latest: report.checks.first().map(check_line),
        earlier: report.checks.iter().skip(1).map(check_line).collect(),
        narrowed,
        rules: report
            .by_rule
            .into_iter()
            .map(|r| RuleLine {
                href: href(
                    &y,
                    &format!("{}:{}", r.return_name, r.rule),
                    &asked.team,
                    &asked.worker,
                ),
                return_name: return_words(&r.return_name),
                rule: r.rule,
                message: r.message,
                query: r.kind == "query",
                children: r.children,
            })
            .collect(),
        teams: group_lines(report.by_team, "Not allocated to a team", |k| {
            href(&y, &asked.rule, k, &asked.worker)
        }),
        workers: group_lines(report.by_worker, "Not allocated to a worker", |k| {
            href(&y, &asked.rule, &asked.team, k)
        }),
        children: report
            .children
            .into_iter()
            .map(|c| ChildLine {
                href: format!("/children/{}#return-checks", c.child.0),
                name: c.name,
                la_child_id: c.la_child_id,
                return_name: return_words(&c.return_name),
                rule: c.rule,
                field: c.field,
                message: c.message,
                query: c.kind == "query",
                team: c.team.unwrap_or_default(),
                worker: c.worker.unwrap_or_default(),
            })
            .collect(),
        listed_all: listed < LISTED,
        listed,
        about_returns: report
            .about_returns
            .into_iter()
            .map(|r| ReturnLine {
                return_name: return_words(&r.return_name),
                rule: r.rule,
                field: r.field,
                message: r.message,
            })
            .collect(),
        year: y,
        errors,
        signed_in: user.who(),
    }
}

/// Checks the whole authority's returns for a year now, for a performance
/// analyst, then shows them.
pub async fn check(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<CheckForm>,
) -> Response {
    let year = match form.year.trim() {
        "" => CollectionYear::nearest(crate::today(&state)),
        text => match text.parse::<CollectionYear>() {
            Ok(y) => y,
            Err(e) => {
                return WebError {
                    error: hearth_app::AppError::Invalid(format!("year: {e}")),
                    request_id: user.request_id,
                }
                .into_response();
            }
        },
    };
    match data_quality::check_now(&user.ctx(&state), year).await {
        Ok(_) => Redirect::to(&format!("/data-quality?year={year}")).into_response(),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
