//! Signing in and out, and "your sessions".

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::accounts::{self, SignInError};
use hearth_store::SessionRow;
use serde::Deserialize;

use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{SignedIn, clear_cookie, set_cookie, token_from};
use crate::{AppState, html};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    error: Option<&'a str>,
    username: &'a str,
    signed_in: bool,
}

pub async fn sign_in_page() -> Response {
    html(&SignInPage {
        error: None,
        username: "",
        signed_in: false,
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
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    if form.username.trim().is_empty() || form.password.is_empty() {
        let page = SignInPage {
            error: Some("Enter your username and password"),
            username: &form.username,
            signed_in: false,
        };
        return (StatusCode::UNPROCESSABLE_ENTITY, html(&page)).into_response();
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
                signed_in: false,
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
    sessions: Vec<SessionRow>,
    signed_in: bool,
}

pub async fn sessions(State(state): State<AppState>, user: SignedIn) -> Response {
    match accounts::sessions(&state.services, &user.actor).await {
        Ok(sessions) => html(&SessionsPage {
            sessions,
            signed_in: true,
        }),
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}
