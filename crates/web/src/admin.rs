//! `/admin`: users, teams and roles, for the system administrator. Anyone
//! else is refused (403: the page is no secret, the role does not allow it),
//! and the refusal is audited.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::AppError;
use hearth_app::admin::{self, Directory, TEAM_KINDS, UserForm};
use hearth_domain::access::Role;
use hearth_store::UserId;
use serde::Deserialize;

use crate::error::WebError;
use crate::session::SignedIn;
use crate::{AppState, html};

fn web(error: AppError, user: &SignedIn) -> Response {
    WebError {
        error,
        request_id: user.request_id.clone(),
    }
    .into_response()
}

/// The app layer's `field: message` lines as form errors.
fn form_errors(m: &str) -> Vec<(String, String)> {
    m.lines()
        .map(|line| {
            let (field, message) = line.split_once(": ").unwrap_or(("username", line));
            let mut c = message.chars();
            let message = c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default();
            (field.to_owned(), message)
        })
        .collect()
}

fn error_for(errors: &[(String, String)], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|(n, _)| n == field)
        .map(|(_, m)| m.clone())
}

fn with_status(errors: &[(String, String)], body: Response) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, body).into_response()
}

/// A user as listed, with their team's and manager's names.
pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub team: String,
    pub manager: String,
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
        })
        .collect()
}

/// Roles as the guidance names them.
fn role_label(role: Role) -> &'static str {
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
    teams: Vec<hearth_store::TeamRow>,
    signed_in: bool,
}

pub async fn show(State(state): State<AppState>, user: SignedIn) -> Response {
    match admin::directory(&user.ctx(&state)).await {
        Ok(d) => html(&AdminPage {
            users: lines(&d),
            teams: d.teams,
            signed_in: true,
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
}

impl UserFields {
    fn form(&self) -> UserForm<'_> {
        UserForm {
            username: &self.username,
            display_name: &self.display_name,
            role: &self.role,
            team: &self.team,
            manager: &self.manager,
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
    signed_in: bool,
}

impl UserPage {
    fn error(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field)
    }
}

fn user_page(
    d: &Directory,
    changing: Option<i64>,
    fields: UserFields,
    errors: Vec<(String, String)>,
) -> Response {
    let page = UserPage {
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
        signed_in: true,
    };
    with_status(&page.errors, html(&page))
}

pub async fn new_user(State(state): State<AppState>, user: SignedIn) -> Response {
    match admin::directory(&user.ctx(&state)).await {
        Ok(d) => user_page(&d, None, UserFields::default(), Vec::new()),
        Err(e) => web(e, &user),
    }
}

#[derive(Template)]
#[template(path = "admin_user_added.html")]
struct AddedPage {
    username: String,
    password: String,
    signed_in: bool,
}

pub async fn add_user(
    State(state): State<AppState>,
    user: SignedIn,
    Form(fields): Form<UserFields>,
) -> Response {
    let ctx = user.ctx(&state);
    match admin::add_user(&ctx, &fields.form()).await {
        // Shown once, on a page that is never stored (no-store).
        Ok((_, password)) => html(&AddedPage {
            username: fields.username.trim().to_owned(),
            password,
            signed_in: true,
        }),
        Err(AppError::Invalid(m)) => match admin::directory(&ctx).await {
            Ok(d) => user_page(&d, None, fields, form_errors(&m)),
            Err(e) => web(e, &user),
        },
        Err(e) => web(e, &user),
    }
}

pub async fn edit_user(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    user: SignedIn,
) -> Response {
    match admin::user(&user.ctx(&state), UserId(id)).await {
        Ok((u, d)) => {
            let fields = UserFields {
                username: u.username,
                display_name: u.display_name,
                role: u.role.as_str().to_owned(),
                team: u.team.map(|t| t.0.to_string()).unwrap_or_default(),
                manager: u.manager.map(|m| m.0.to_string()).unwrap_or_default(),
            };
            user_page(&d, Some(id), fields, Vec::new())
        }
        Err(e) => web(e, &user),
    }
}

pub async fn change_user(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    user: SignedIn,
    Form(fields): Form<UserFields>,
) -> Response {
    let ctx = user.ctx(&state);
    match admin::change_user(&ctx, UserId(id), &fields.form()).await {
        Ok(()) => Redirect::to("/admin").into_response(),
        Err(AppError::Invalid(m)) => match admin::user(&ctx, UserId(id)).await {
            Ok((u, d)) => {
                let fields = UserFields {
                    username: u.username,
                    display_name: u.display_name,
                    ..fields
                };
                user_page(&d, Some(id), fields, form_errors(&m))
            }
            Err(e) => web(e, &user),
        },
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
    signed_in: bool,
}

#[derive(Deserialize, Default)]
pub struct TeamFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

fn team_page(fields: TeamFields, errors: Vec<(String, String)>) -> Response {
    let page = TeamPage {
        fields,
        kinds: TEAM_KINDS,
        name_error: error_for(&errors, "name"),
        kind_error: error_for(&errors, "kind"),
        errors,
        signed_in: true,
    };
    with_status(&page.errors, html(&page))
}

pub async fn new_team(State(state): State<AppState>, user: SignedIn) -> Response {
    // The form shows nothing from the store, but only administrators get it.
    match admin::directory(&user.ctx(&state)).await {
        Ok(_) => team_page(TeamFields::default(), Vec::new()),
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
        Err(AppError::Invalid(m)) => team_page(fields, form_errors(&m)),
        Err(e) => web(e, &user),
    }
}
