//! Signing in and out, and "your sessions".

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::accounts::{self, SignInError};
use hearth_app::views::SessionRow;
use serde::Deserialize;

use std::sync::Arc;

use crate::error::{WebError, field_errors};
use crate::limits::Limiter;
use crate::security::RequestId;
use crate::session::{Changing, SignedIn, clear_cookie, set_cookie, token_from};
use crate::{AppState, error_for, form_status, html};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    error: Option<&'a str>,
    username: &'a str,
    signed_in: Option<crate::session::Who>,
}

pub async fn sign_in_page() -> Response {
    html(&SignInPage {
        error: None,
        username: "",
        signed_in: None,
    })
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    axum::Extension(RequestId(request_id)): axum::Extension<RequestId>,
    axum::Extension(limiter): axum::Extension<Arc<Limiter>>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(form): Form<SignInForm>,
) -> Response {
    if form.username.trim().is_empty() || form.password.is_empty() {
        let page = SignInPage {
            error: Some("Enter your username and password"),
            username: &form.username,
            signed_in: None,
        };
        return (StatusCode::UNPROCESSABLE_ENTITY, html(&page)).into_response();
    }
    let address = limiter.client_address(&headers, &extensions);
    if let Err(too_many) = limiter.sign_in(address, &form.username) {
        if too_many.first {
            // Ids only: neither the username nor the address.
            eprintln!(
                "request {request_id}: sign-in refused: too many {}",
                too_many.what
            );
        }
        let page = SignInPage {
            error: Some(
                "There have been too many attempts to sign in. Wait a minute, then try again",
            ),
            username: &form.username,
            signed_in: None,
        };
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, too_many.seconds().to_string())],
            html(&page),
        )
            .into_response();
    }
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    match accounts::sign_in(
        &state.services,
        &form.username,
        &form.password,
        agent,
        &request_id,
    )
    .await
    {
        Ok(Ok((token, _))) => (
            [(header::SET_COOKIE, set_cookie(&token))],
            Redirect::to("/my-work"),
        )
            .into_response(),
        Ok(Err(e)) => {
            let message = match e {
                SignInError::NotRecognised => {
                    "The username or password is not recognised".to_owned()
                }
                SignInError::Locked(_) => {
                    "Your account is locked after repeated failed sign-ins. Try again in 15 minutes"
                        .to_owned()
                }
            };
            let page = SignInPage {
                error: Some(&message),
                username: &form.username,
                signed_in: None,
            };
            (StatusCode::UNAUTHORIZED, html(&page)).into_response()
        }
        Err(error) => WebError { error, request_id }.into_response(),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    axum::Extension(RequestId(request_id)): axum::Extension<RequestId>,
    request: axum::extract::Request,
) -> Response {
    let (parts, _) = request.into_parts();
    if let Some(token) = token_from(&parts)
        && let Err(error) = accounts::sign_out(&state.services, &token, &request_id).await
    {
        return WebError { error, request_id }.into_response();
    }
    (
        [(header::SET_COOKIE, clear_cookie())],
        Redirect::to("/sign-in"),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    sessions: Vec<SessionShown>,
    signed_in: Option<crate::session::Who>,
}

/// A sign-in as the user reads it: moments in London time, in words.
struct SessionShown {
    created: String,
    last_seen: String,
    ended: Option<String>,
    user_agent: Option<String>,
}

impl From<&SessionRow> for SessionShown {
    fn from(s: &SessionRow) -> SessionShown {
        SessionShown {
            created: hearth_app::london_time(s.created_at),
            last_seen: hearth_app::london_time(s.last_seen_at),
            ended: s.ended_at.map(hearth_app::london_time),
            user_agent: s.user_agent.clone(),
        }
    }
}

pub async fn sessions(State(state): State<AppState>, user: SignedIn) -> Response {
    match accounts::sessions(&state.services, &user.actor, &user.request_id).await {
        Ok(sessions) => html(&SessionsPage {
            sessions: sessions.iter().map(SessionShown::from).collect(),
            signed_in: user.who(),
        }),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}

#[derive(Template)]
#[template(path = "change_password.html")]
struct ChangePasswordPage {
    must_change: bool,
    min_chars: usize,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

impl ChangePasswordPage {
    fn error(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field)
    }
}

fn change_password_page(
    who: Option<crate::session::Who>,
    must_change: bool,
    errors: Vec<(String, String)>,
) -> Response {
    let page = ChangePasswordPage {
        must_change,
        min_chars: accounts::MIN_PASSWORD_CHARS,
        errors,
        // One who must change their password is shown no way elsewhere.
        signed_in: who.filter(|_| !must_change),
    };
    (form_status(&page.errors), html(&page)).into_response()
}

/// `/change-password`: where a first or reset password is changed (every
/// other page sends its user here until it is), and where anyone signed in
/// may change theirs.
pub async fn change_password_form(user: Changing) -> Response {
    change_password_page(user.who(), user.must_change, Vec::new())
}

#[derive(Deserialize)]
pub struct ChangePasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    user: Changing,
    Form(form): Form<ChangePasswordForm>,
) -> Response {
    let change = accounts::PasswordChange {
        current: &form.current_password,
        new: &form.new_password,
        confirm: &form.confirm_password,
    };
    match accounts::change_password(
        &state.services,
        &user.actor,
        Some(user.session),
        &change,
        &user.request_id,
    )
    .await
    {
        Ok(()) => Redirect::to("/my-work").into_response(),
        Err(hearth_app::AppError::Invalid(m)) => change_password_page(
            user.who(),
            user.must_change,
            field_errors(&m, "new_password"),
        ),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
