//! `/admin`: users, teams and roles, for the system administrator. Anyone
//! else is refused (403: the page is no secret, the role does not allow it),
//! and the refusal is audited.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::AppError;
use hearth_app::admin::{self, Directory, TEAM_KINDS, UserForm};
use hearth_domain::access::Role;
use hearth_domain::keys::UserId;
use serde::Deserialize;

use crate::error::Ids;
use crate::error::{WebError, field_errors};
use crate::session::{SignedIn, Who};
use crate::{AppState, error_for, form_status, html};

fn web(error: AppError, user: &SignedIn) -> Response {
    WebError {
        error,
        request_id: user.request_id.clone(),
    }
    .into_response()
}

fn with_status(errors: &[(String, String)], body: Response) -> Response {
    (form_status(errors), body).into_response()
}

/// A user as listed, with their team's and manager's names.
pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub team: String,
    pub manager: String,
    pub active: bool,
    /// A new account's role awaits approval: it has not been deactivated.
    pub awaiting: bool,
}

fn lines(d: &Directory) -> Vec<UserLine> {
    d.users
        .iter()
        .map(|u| UserLine {
            id: u.id.0,
            username: u.username.clone(),
            name: u.display_name.clone(),
            role: role_label(u.role),
            team: u
                .team
                .and_then(|t| d.teams.iter().find(|x| x.id == t))
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            manager: u
                .manager
                .and_then(|m| d.users.iter().find(|x| x.id == m))
                .map(|m| m.display_name.clone())
                .unwrap_or_default(),
            active: u.active,
            awaiting: d.awaiting(u.id).is_some_and(|a| a.previous.is_none()),
        })
        .collect()
}

/// Roles as the guidance names them.
pub(crate) fn role_label(role: Role) -> &'static str {
    match role {
        Role::SocialWorker => "Social worker",
        Role::TeamManager => "Team manager",
        Role::ServiceManager => "Service manager",
        Role::Iro => "IRO / conference chair",
        Role::PerformanceAnalyst => "Performance analyst",
        Role::BusinessSupport => "Business support",
        Role::SystemAdministrator => "System administrator",
        Role::Auditor => "Auditor",
    }
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    users: Vec<UserLine>,
    teams: Vec<hearth_app::views::TeamRow>,
    /// Roles awaiting a second administrator.
    approvals: Vec<crate::approvals::Grant>,
    /// A warning that the bank holidays run out soon.
    calendar: Option<String>,
    signed_in: Option<crate::session::Who>,
}

/// Warns from six months before the working-day calendar ends: a 45
/// working-day clock started then already falls beyond it, and no clock
/// is guessed past the last bank holiday Hearth knows.
fn calendar_warning(today: jiff::civil::Date, ends: jiff::civil::Date) -> Option<String> {
    let from = ends
        .checked_sub(jiff::Span::new().months(6))
        .unwrap_or(ends);
    (today >= from).then(|| {
        format!(
            "The bank holidays Hearth knows end on {}. Clocks that fall due after that day cannot be worked out: import GOV.UK's newer list of bank holidays.",
            crate::words::date(ends)
        )
    })
}

pub async fn show(State(state): State<AppState>, user: SignedIn) -> Response {
    match admin::directory(&user.ctx(&state)).await {
        Ok(d) => html(&AdminPage {
            users: lines(&d),
            approvals: d
                .approvals
                .iter()
                .map(|a| crate::approvals::grant(a, hearth_app::london_time))
                .collect(),
            calendar: calendar_warning(crate::today(&state), d.calendar_ends),
            teams: d.teams,
            signed_in: user.who(),
        }),
        Err(e) => web(e, &user),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct UserFields {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    manager: String,
    #[serde(default)]
    swe_number: String,
}

impl UserFields {
    fn form(&self) -> UserForm<'_> {
        UserForm {
            username: &self.username,
            display_name: &self.display_name,
            role: &self.role,
            team: &self.team,
            manager: &self.manager,
            swe_number: &self.swe_number,
        }
    }
}

/// The add and change forms: one template, `changing` set for a change.
#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    changing: Option<i64>,
    fields: UserFields,
    roles: Vec<(&'static str, &'static str)>,
    teams: Vec<(String, String)>,
    managers: Vec<(String, String)>,
    errors: Vec<(String, String)>,
    /// The account is active (for a change: the account section).
    active: bool,
    signed_in: Option<crate::session::Who>,
}

impl UserPage {
    fn error(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field)
    }
}

fn user_page(
    who: Option<Who>,
    d: &Directory,
    changing: Option<i64>,
    fields: UserFields,
    errors: Vec<(String, String)>,
    active: bool,
) -> Response {
    let page = UserPage {
        active,
        changing,
        fields,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), role_label(*r)))
            .collect(),
        teams: d
            .teams
            .iter()
            .map(|t| (t.id.0.to_string(), t.name.clone()))
            .collect(),
        managers: d
            .users
            .iter()
            .filter(|u| Some(u.id.0) != changing)
            .map(|u| {
                (
                    u.id.0.to_string(),
                    format!("{} ({})", u.display_name, u.username),
                )
            })
            .collect(),
        errors,
        signed_in: who,
    };
    with_status(&page.errors, html(&page))
}

pub async fn new_user(State(state): State<AppState>, user: SignedIn) -> Response {
    match admin::directory(&user.ctx(&state)).await {
        Ok(d) => user_page(
            user.who(),
            &d,
            None,
            UserFields::default(),
            Vec::new(),
            true,
        ),
        Err(e) => web(e, &user),
    }
}

#[derive(Template)]
#[template(path = "admin_user_added.html")]
struct AddedPage {
    username: String,
    password: String,
    /// The request their role waits for: until approved they cannot sign in.
    approval: Option<i64>,
    signed_in: Option<crate::session::Who>,
}

pub async fn add_user(
    State(state): State<AppState>,
    user: SignedIn,
    Form(fields): Form<UserFields>,
) -> Response {
    let ctx = user.ctx(&state);
    match admin::add_user(&ctx, &fields.form()).await {
        // Shown once, on a page that is never stored (no-store).
        Ok(added) => html(&AddedPage {
            username: fields.username.trim().to_owned(),
            password: added.password,
            approval: added.approval.map(|a| a.0),
            signed_in: user.who(),
        }),
        Err(AppError::Invalid(m)) => match admin::directory(&ctx).await {
            Ok(d) => user_page(
                user.who(),
                &d,
                None,
                fields,
                field_errors(&m, "username"),
                true,
            ),
            Err(e) => web(e, &user),
        },
        Err(e) => web(e, &user),
    }
}

pub async fn edit_user(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
) -> Response {
    match admin::user(&user.ctx(&state), UserId(id)).await {
        Ok((u, d)) => {
            let active = u.active;
            let fields = UserFields {
                username: u.username,
                display_name: u.display_name,
                role: u.role.as_str().to_owned(),
                team: u.team.map(|t| t.0.to_string()).unwrap_or_default(),
                manager: u.manager.map(|m| m.0.to_string()).unwrap_or_default(),
                swe_number: u
                    .swe_number
                    .map(|n| n.as_str().to_owned())
                    .unwrap_or_default(),
            };
            user_page(user.who(), &d, Some(id), fields, Vec::new(), active)
        }
        Err(e) => web(e, &user),
    }
}

pub async fn change_user(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
    Form(fields): Form<UserFields>,
) -> Response {
    let ctx = user.ctx(&state);
    match admin::change_user(&ctx, UserId(id), &fields.form()).await {
        Ok(None) => Redirect::to("/admin").into_response(),
        // The role waits for a second administrator: say so.
        Ok(Some(approval)) => {
            Redirect::to(&format!("/admin/approvals/{}", approval.0)).into_response()
        }
        Err(AppError::Invalid(m)) => match admin::user(&ctx, UserId(id)).await {
            Ok((u, d)) => {
                let active = u.active;
                let fields = UserFields {
                    username: u.username,
                    display_name: u.display_name,
                    ..fields
                };
                user_page(
                    user.who(),
                    &d,
                    Some(id),
                    fields,
                    field_errors(&m, "username"),
                    active,
                )
            }
            Err(e) => web(e, &user),
        },
        Err(e) => web(e, &user),
    }
}

/// Ending or resetting an account: which, as in its address.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AccountAction {
    Deactivate,
    ResetPassword,
    RevokeTokens,
}

impl AccountAction {
    fn parse(s: &str) -> Option<AccountAction> {
        match s {
            "deactivate" => Some(AccountAction::Deactivate),
            "reset-password" => Some(AccountAction::ResetPassword),
            "revoke-tokens" => Some(AccountAction::RevokeTokens),
            _ => None,
        }
    }

    fn path(self) -> &'static str {
        match self {
            AccountAction::Deactivate => "deactivate",
            AccountAction::ResetPassword => "reset-password",
            AccountAction::RevokeTokens => "revoke-tokens",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            AccountAction::Deactivate => "Deactivate the account",
            AccountAction::ResetPassword => "Reset their password",
            AccountAction::RevokeTokens => "Revoke their API tokens",
        }
    }

    fn explanation(self) -> &'static str {
        match self {
            AccountAction::Deactivate => {
                "For a leaver: they can no longer sign in, and every session and API token of theirs stops working at once. Their records and the audit log keep their name."
            }
            AccountAction::ResetPassword => {
                "They get a new password, shown to you once, which they must change when they sign in with it. Their old password, and every session and API token of theirs, stop working at once."
            }
            AccountAction::RevokeTokens => {
                "Every API token of theirs stops working at once. Their password and sessions are not changed."
            }
        }
    }

    fn button(self) -> &'static str {
        match self {
            AccountAction::Deactivate => "Deactivate the account",
            AccountAction::ResetPassword => "Reset the password",
            AccountAction::RevokeTokens => "Revoke the tokens",
        }
    }

    fn done(self) -> &'static str {
        match self {
            AccountAction::Deactivate => "Account deactivated",
            AccountAction::ResetPassword => "Password reset",
            AccountAction::RevokeTokens => "API tokens revoked",
        }
    }
}

#[derive(Template)]
#[template(path = "admin_account.html")]
struct AccountPage {
    id: i64,
    name: String,
    username: String,
    api_tokens: i64,
    heading: &'static str,
    explanation: &'static str,
    action: &'static str,
    button: &'static str,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

#[derive(Template)]
#[template(path = "admin_account_done.html")]
struct AccountDonePage {
    heading: &'static str,
    username: String,
    sessions: u64,
    tokens: u64,
    password: Option<String>,
    signed_in: Option<crate::session::Who>,
}

async fn account_page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    action: AccountAction,
    errors: Vec<(String, String)>,
) -> Response {
    match admin::account(&user.ctx(state), UserId(id)).await {
        Ok(a) => {
            let page = AccountPage {
                id,
                name: a.user.display_name,
                username: a.user.username,
                api_tokens: a.api_tokens,
                heading: action.heading(),
                explanation: action.explanation(),
                action: action.path(),
                button: action.button(),
                errors,
                signed_in: user.who(),
            };
            with_status(&page.errors, html(&page))
        }
        Err(e) => web(e, user),
    }
}

/// `/admin/users/{id}/{deactivate,reset-password,revoke-tokens}`: what it
/// will do, and a button to do it.
pub async fn confirm_account(
    State(state): State<AppState>,
    Ids((id, action)): Ids<(i64, String)>,
    user: SignedIn,
) -> Response {
    match AccountAction::parse(&action) {
        Some(action) => account_page(&state, &user, id, action, Vec::new()).await,
        None => web(AppError::NotFound, &user),
    }
}

/// Does it: the result, with a reset's new password shown once.
pub async fn end_account(
    State(state): State<AppState>,
    Ids((id, action)): Ids<(i64, String)>,
    user: SignedIn,
) -> Response {
    let Some(action) = AccountAction::parse(&action) else {
        return web(AppError::NotFound, &user);
    };
    let ctx = user.ctx(&state);
    let target = UserId(id);
    let done = match action {
        AccountAction::Deactivate => admin::deactivate_user(&ctx, target)
            .await
            .map(|e| (e, None)),
        AccountAction::ResetPassword => admin::reset_password(&ctx, target)
            .await
            .map(|(p, e)| (e, Some(p))),
        AccountAction::RevokeTokens => admin::revoke_api_tokens(&ctx, target).await.map(|tokens| {
            (
                hearth_app::accounts::Ended {
                    sessions: 0,
                    tokens,
                },
                None,
            )
        }),
    };
    match done {
        // A new password is shown once, on a page never stored (no-store).
        Ok((ended, password)) => match admin::account(&ctx, target).await {
            Ok(a) => html(&AccountDonePage {
                heading: action.done(),
                username: a.user.username,
                sessions: ended.sessions,
                tokens: ended.tokens,
                password,
                signed_in: user.who(),
            }),
            Err(e) => web(e, &user),
        },
        Err(AppError::Invalid(m)) => {
            account_page(&state, &user, id, action, field_errors(&m, "user")).await
        }
        Err(e) => web(e, &user),
    }
}

#[derive(Template)]
#[template(path = "admin_team.html")]
struct TeamPage {
    fields: TeamFields,
    kinds: &'static [(&'static str, &'static str)],
    name_error: Option<String>,
    kind_error: Option<String>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

#[derive(Deserialize, Default)]
pub struct TeamFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

fn team_page(who: Option<Who>, fields: TeamFields, errors: Vec<(String, String)>) -> Response {
    let page = TeamPage {
        fields,
        kinds: TEAM_KINDS,
        name_error: error_for(&errors, "name"),
        kind_error: error_for(&errors, "kind"),
        errors,
        signed_in: who,
    };
    with_status(&page.errors, html(&page))
}

pub async fn new_team(State(state): State<AppState>, user: SignedIn) -> Response {
    // The form shows nothing from the store, but only administrators get it.
    match admin::directory(&user.ctx(&state)).await {
        Ok(_) => team_page(user.who(), TeamFields::default(), Vec::new()),
        Err(e) => web(e, &user),
    }
}

pub async fn add_team(
    State(state): State<AppState>,
    user: SignedIn,
    Form(fields): Form<TeamFields>,
) -> Response {
    match admin::add_team(&user.ctx(&state), &fields.name, &fields.kind).await {
        Ok(_) => Redirect::to("/admin").into_response(),
        Err(AppError::Invalid(m)) => team_page(user.who(), fields, field_errors(&m, "username")),
        Err(e) => web(e, &user),
    }
}

/// The one file field of a `multipart/form-data` body, as text. Only what
/// a browser sends for `<input type="file">` is understood; anything else
/// is no file.
fn uploaded(content_type: &str, body: &[u8], field: &str) -> Option<String> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    if !content_type.trim_start().starts_with("multipart/form-data") || boundary.is_empty() {
        return None;
    }
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(body);
    let wanted = format!("name=\"{field}\"");
    text.split(delimiter.as_str()).find_map(|part| {
        let part = part.strip_prefix("\r\n")?;
        let (headers, content) = part.split_once("\r\n\r\n")?;
        let disposition = headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        disposition
            .split(';')
            .any(|p| p.trim() == wanted)
            .then(|| content.strip_suffix("\r\n").unwrap_or(content).to_owned())
    })
}

/// A bank holiday as listed.
pub struct Holiday {
    pub date: String,
    pub weekday: &'static str,
}

/// An import as listed.
pub struct Import {
    pub at: String,
    pub by: String,
    pub covers: String,
    pub sha256: String,
}

#[derive(Template)]
#[template(path = "admin_holidays.html")]
struct HolidaysPage {
    first: String,
    last: String,
    upcoming: Vec<Holiday>,
    imports: Vec<Import>,
    imported: bool,
    file_error: Option<String>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

#[derive(Deserialize, Default)]
pub struct Imported {
    #[serde(default)]
    imported: String,
}

async fn holidays_page(
    state: &AppState,
    user: &SignedIn,
    imported: bool,
    errors: Vec<(String, String)>,
) -> Response {
    let h = match admin::bank_holidays(&user.ctx(state)).await {
        Ok(h) => h,
        Err(e) => return web(e, user),
    };
    let today = crate::today(state);
    let page = HolidaysPage {
        first: crate::words::date(h.calendar.first()),
        last: crate::words::date(h.calendar.last()),
        upcoming: h
            .calendar
            .holidays()
            .filter(|d| *d >= today)
            .take(10)
            .map(|d| Holiday {
                date: crate::words::date(d),
                weekday: weekday(d.weekday()),
            })
            .collect(),
        imports: h
            .imports
            .iter()
            .map(|i| Import {
                at: hearth_app::london_time(i.imported_at),
                by: h.people.user(i.imported_by),
                covers: format!(
                    "{} to {}",
                    crate::words::date(i.covers_from),
                    crate::words::date(i.covers_to)
                ),
                sha256: i.sha256.clone(),
            })
            .collect(),
        imported,
        file_error: error_for(&errors, "file"),
        errors,
        signed_in: user.who(),
    };
    with_status(&page.errors, html(&page))
}

fn weekday(w: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday as W;
    match w {
        W::Monday => "Monday",
        W::Tuesday => "Tuesday",
        W::Wednesday => "Wednesday",
        W::Thursday => "Thursday",
        W::Friday => "Friday",
        W::Saturday => "Saturday",
        W::Sunday => "Sunday",
    }
}

pub async fn bank_holidays(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Query(q): axum::extract::Query<Imported>,
) -> Response {
    holidays_page(&state, &user, q.imported == "yes", Vec::new()).await
}

pub async fn import_bank_holidays(
    State(state): State<AppState>,
    user: SignedIn,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let json = uploaded(content_type, &body, "file").unwrap_or_default();
    match admin::import_bank_holidays(&user.ctx(&state), &json).await {
        Ok(_) => Redirect::to("/admin/bank-holidays?imported=yes").into_response(),
        Err(AppError::Invalid(m)) => {
            holidays_page(&state, &user, false, field_errors(&m, "username")).await
        }
        Err(e) => web(e, &user),
    }
}

/// A timescale as listed: its key, whether the law sets it, and lengths.
pub struct Timescale {
    pub key: &'static str,
    pub statutory: bool,
    pub default: String,
    pub length: String,
}

fn timescales(policy: &hearth_domain::timescales::Policy, changed_only: bool) -> Vec<Timescale> {
    use hearth_domain::timescales::Item;
    use hearth_domain::timescales::policy::Standing;
    Item::all()
        .filter(|i| !changed_only || policy.length(*i) != i.default_length())
        .map(|i| Timescale {
            key: i.key(),
            statutory: i.standing() == Standing::Statutory,
            default: i.default_length().to_string(),
            length: policy.length(i).to_string(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin_timescales.html")]
struct TimescalesPage {
    in_force: Vec<Timescale>,
    saved: Vec<Import>,
    text: String,
    /// After a check: the items the checked policy changes.
    checked: Option<Vec<Timescale>>,
    /// Just saved and put in force.
    just_saved: bool,
    policy_error: Option<String>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

struct Shown {
    /// The text in the box; the policy in force when none is given.
    text: Option<String>,
    checked: Option<Vec<Timescale>>,
    just_saved: bool,
}

async fn timescales_page(
    state: &AppState,
    user: &SignedIn,
    shown: Shown,
    errors: Vec<(String, String)>,
) -> Response {
    match admin::policy(&user.ctx(state)).await {
        Ok(t) => {
            let page = TimescalesPage {
                in_force: timescales(&t.policy, false),
                saved: t
                    .saved
                    .iter()
                    .map(|p| Import {
                        at: hearth_app::london_time(p.saved_at),
                        by: t.people.user(p.saved_by),
                        covers: String::new(),
                        sha256: p.sha256.clone(),
                    })
                    .collect(),
                text: shown.text.unwrap_or_else(|| t.policy.to_toml()),
                checked: shown.checked,
                just_saved: shown.just_saved,
                policy_error: error_for(&errors, "policy"),
                errors,
                signed_in: user.who(),
            };
            with_status(&page.errors, html(&page))
        }
        Err(e) => web(e, user),
    }
}

#[derive(Deserialize, Default)]
pub struct Saved {
    #[serde(default)]
    saved: String,
}

pub async fn show_timescales(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Query(q): axum::extract::Query<Saved>,
) -> Response {
    let shown = Shown {
        text: None,
        checked: None,
        just_saved: q.saved == "yes",
    };
    timescales_page(&state, &user, shown, Vec::new()).await
}

#[derive(Deserialize, Default)]
pub struct PolicyText {
    #[serde(default)]
    policy: String,
    /// `check` (the default) or `save`.
    #[serde(default)]
    action: String,
}

/// Checks a pasted policy, or saves it and puts it in force.
pub async fn check_timescales(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<PolicyText>,
) -> Response {
    let ctx = user.ctx(&state);
    let result = if form.action == "save" {
        admin::save_policy(&ctx, &form.policy).await
    } else {
        admin::check_policy(&ctx, &form.policy).await
    };
    match result {
        Ok(_) if form.action == "save" => {
            Redirect::to("/admin/timescales?saved=yes").into_response()
        }
        Ok(policy) => {
            let shown = Shown {
                checked: Some(timescales(&policy, true)),
                text: Some(form.policy),
                just_saved: false,
            };
            timescales_page(&state, &user, shown, Vec::new()).await
        }
        Err(AppError::Invalid(m)) => {
            let shown = Shown {
                text: Some(form.policy),
                checked: None,
                just_saved: false,
            };
            timescales_page(&state, &user, shown, field_errors(&m, "username")).await
        }
        Err(e) => web(e, &user),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_administrator_is_warned_six_months_before_the_bank_holidays_run_out() {
        let ends = jiff::civil::date(2028, 12, 31);
        assert_eq!(calendar_warning(jiff::civil::date(2028, 6, 29), ends), None);
        let warning = calendar_warning(jiff::civil::date(2028, 6, 30), ends).unwrap();
        assert!(warning.contains("31 December 2028"), "{warning}");
        assert!(calendar_warning(jiff::civil::date(2029, 1, 5), ends).is_some());
    }

    use super::*;

    #[test]
    fn the_file_is_read_from_a_browser_upload() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nno\r\n\
            --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank-holidays.json\"\r\n\
            Content-Type: application/json\r\n\r\n{\"a\":\r\n1}\r\n--XyZ--\r\n";
        let ct = "multipart/form-data; boundary=XyZ";
        assert_eq!(
            uploaded(ct, body.as_bytes(), "file").as_deref(),
            Some("{\"a\":\r\n1}")
        );
        assert_eq!(uploaded(ct, body.as_bytes(), "missing"), None);
        assert_eq!(
            uploaded("application/x-www-form-urlencoded", body.as_bytes(), "file"),
            None
        );
        let quoted = "multipart/form-data; boundary=\"XyZ\"";
        assert!(uploaded(quoted, body.as_bytes(), "file").is_some());
    }
}
