//! The signed-in user, from the session cookie.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::Ctx;
use hearth_app::accounts::{self, Token};
use hearth_domain::access::Actor;

use crate::AppState;
use crate::security::RequestId;

/// The session cookie: `__Host-` so it is bound to this host over HTTPS,
/// HttpOnly, and SameSite=Lax.
pub const COOKIE: &str = "__Host-hearth-session";

pub fn set_cookie(token: &Token) -> String {
    format!(
        "{COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Lax",
        token.0
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

pub fn token_from(parts: &Parts) -> Option<Token> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| Token(value.to_owned()))
}

/// A signed-in user; anyone else is sent to the sign-in page, and anyone
/// who must change their password first to `/change-password`.
pub struct SignedIn {
    pub actor: Actor,
    pub request_id: String,
    /// The user's name, for the header.
    pub name: String,
}

/// Who is signed in, as the header says it ("Dami Yates, social worker").
#[derive(Debug, Clone)]
pub struct Who {
    pub name: String,
    pub role: &'static str,
    /// Whether the menu offers the returns' data quality: to anyone who
    /// reads records (each sees the findings about their own children).
    pub data_quality: bool,
}

impl Who {
    fn of(name: &str, actor: &Actor) -> Who {
        Who {
            name: name.to_owned(),
            role: actor.role.label(),
            data_quality: actor.role.grants(hearth_domain::access::Action::View),
        }
    }

    /// Someone signed in, or not, on a page that does not know who: the
    /// menu without a name.
    pub fn unnamed() -> Who {
        Who {
            name: String::new(),
            role: "",
            data_quality: false,
        }
    }
}

impl SignedIn {
    /// Who the header says is signed in.
    pub fn who(&self) -> Option<Who> {
        Some(Who::of(&self.name, &self.actor))
    }

    pub fn ctx<'a>(&'a self, state: &'a AppState) -> Ctx<'a> {
        Ctx {
            services: &state.services,
            actor: &self.actor,
            request_id: &self.request_id,
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let request_id = RequestId::of(parts);
        let Some(token) = token_from(parts) else {
            return Err(Redirect::to("/sign-in").into_response());
        };
        match accounts::session(&state.services, &token).await {
            Ok(Some((s, _))) if s.must_change_password => {
                Err(Redirect::to("/change-password").into_response())
            }
            Ok(Some((s, actor))) => Ok(SignedIn {
                actor,
                request_id,
                name: s.display_name,
            }),
            Ok(None) => Err(Redirect::to("/sign-in").into_response()),
            Err(error) => Err(crate::error::WebError { error, request_id }.into_response()),
        }
    }
}

/// A signed-in user on the way to changing their password, whether or not
/// they must; anyone else is sent to the sign-in page.
pub struct Changing {
    pub actor: Actor,
    pub session: i64,
    pub must_change: bool,
    pub request_id: String,
    pub name: String,
}

impl Changing {
    /// Who the header says is signed in.
    pub fn who(&self) -> Option<Who> {
        Some(Who::of(&self.name, &self.actor))
    }
}

impl FromRequestParts<AppState> for Changing {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let request_id = RequestId::of(parts);
        let Some(token) = token_from(parts) else {
            return Err(Redirect::to("/sign-in").into_response());
        };
        match accounts::session(&state.services, &token).await {
            Ok(Some((s, actor))) => Ok(Changing {
                actor,
                session: s.id,
                must_change: s.must_change_password,
                request_id,
                name: s.display_name,
            }),
            Ok(None) => Err(Redirect::to("/sign-in").into_response()),
            Err(error) => Err(crate::error::WebError { error, request_id }.into_response()),
        }
    }
}
