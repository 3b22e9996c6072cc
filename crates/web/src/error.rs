//! The one place errors become responses. Users never see internal error
//! text: they see what they can do, and a request id to quote.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use hearth_app::AppError;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    request_id: &'a str,
    signed_in: Option<crate::session::Who>,
}

/// An error on its way to the user, with the request it belongs to.
#[derive(Debug)]
pub struct WebError {
    pub error: AppError,
    pub request_id: String,
}

pub(crate) fn page(status: StatusCode, title: &str, message: &str, request_id: &str) -> Response {
    let body = ErrorPage {
        title,
        message,
        request_id,
        // The error page does not know who asked: the menu, and no name.
        signed_in: Some(crate::session::Who::unnamed()),
    }
    .render()
    .unwrap_or_else(|_| title.to_owned());
    (status, Html(body)).into_response()
}

/// What a person, or an API client, is told of an error: the status, a
/// heading, what to do, and a refused event's problems. Internal errors are
/// logged here, with the request id, and never shown.
struct Told {
    status: StatusCode,
    title: &'static str,
    /// For the API: short, stable words.
    api: String,
    /// For a page: what the person can do.
    page: String,
    /// Each refused event: its id, the field concerned, and why.
    problems: Vec<(u64, &'static str, String)>,
}

fn told(error: &AppError, request_id: &str) -> Told {
    let plain = |status, title, api: &str, page: &str| Told {
        status,
        title,
        api: api.to_owned(),
        page: page.to_owned(),
        problems: Vec::new(),
    };
    match error {
        AppError::NotFound => plain(
            StatusCode::NOT_FOUND,
            "Page not found",
            "not found",
            "There is no page at this address, or you do not have access to it.",
        ),
        AppError::Forbidden => plain(
            StatusCode::FORBIDDEN,
            "You cannot do this",
            "your role does not allow this",
            "Your role does not allow this. Ask your manager if you need it.",
        ),
        AppError::Invalid(m) => plain(StatusCode::UNPROCESSABLE_ENTITY, "There is a problem", m, m),
        AppError::Busy(m) => plain(StatusCode::CONFLICT, "This is already being done", m, m),
        AppError::Refused(r) => {
            let problems: Vec<(u64, &'static str, String)> = r
                .problems
                .iter()
                .map(|p| (p.event.0, p.field(), p.message()))
                .collect();
            let list: Vec<&str> = problems.iter().map(|(_, _, m)| m.as_str()).collect();
            Told {
                problems: problems.clone(),
                ..plain(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "The record was not changed",
                    "the event contradicts the record; nothing was written",
                    &list.join("; "),
                )
            }
        }
        AppError::Calendar(_) | AppError::Store(_) | AppError::Unexpected(_) => {
            // Logs carry the request id and the error, never personal data.
            eprintln!("request {request_id}: {error}");
            plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with the service",
                "internal error",
                "Try again later. If it keeps happening, give the service desk this request id.",
            )
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let t = told(&self.error, &self.request_id);
        page(t.status, t.title, &t.page, &self.request_id)
    }
}

/// An API error on its way to the client: JSON with the request id.
#[derive(Debug)]
pub struct ApiError {
    pub error: AppError,
    pub request_id: String,
}

/// A JSON error: `{"error": ..., "request_id": ...}`.
pub(crate) fn json(status: StatusCode, message: &str, request_id: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "error": message, "request_id": request_id })),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let t = told(&self.error, &self.request_id);
        if t.problems.is_empty() {
            return json(t.status, &t.api, &self.request_id);
        }
        let problems: Vec<serde_json::Value> = t
            .problems
            .iter()
            .map(|(event, field, message)| {
                serde_json::json!({ "event": event, "field": field, "message": message })
            })
            .collect();
        (
            t.status,
            axum::Json(serde_json::json!({
                "error": t.api,
                "problems": problems,
                "request_id": self.request_id,
            })),
        )
            .into_response()
    }
}

/// The fold's refusal as form errors: each problem against the field it
/// names ([`hearth_domain::record::Refused::field`]) where the form has that
/// field, otherwise against `fallback`.
pub(crate) fn refusal_errors(
    refusal: hearth_domain::record::Refusal,
    fields: &[&str],
    fallback: &str,
) -> Vec<(String, String)> {
    refusal
        .problems
        .into_iter()
        .map(|p| {
            let field = if fields.contains(&p.field()) {
                p.field()
            } else {
                fallback
            };
            (field.to_owned(), crate::words::sentence(&p.message()))
        })
        .collect()
}

/// An [`AppError::Invalid`] message as form errors: one per line, each
/// `field: message` as the app layer writes them (a line naming no field is
/// put against `default`), capitalised as the GOV.UK error summary shows them.
pub(crate) fn field_errors(message: &str, default: &str) -> Vec<(String, String)> {
    message
        .lines()
        .map(|line| {
            let (field, text) = line.split_once(": ").unwrap_or((default, line));
            let mut c = text.chars();
            let text = c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default();
            (field.to_owned(), text)
        })
        .collect()
}

/// The ids in an address (`/children/{id}`), as numbers. An address whose
/// id is not one names no record: it answers 404 like any other unknown
/// address (JSON under `/api/`), never the parser's message.
pub struct Ids<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Ids<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(ids)) => Ok(Ids(ids)),
            Err(_) => {
                let id = parts
                    .extensions
                    .get::<crate::security::RequestId>()
                    .map(|r| r.0.clone())
                    .unwrap_or_default();
                if parts.uri.path().starts_with("/api/") {
                    Err(json(StatusCode::NOT_FOUND, "not found", &id))
                } else {
                    Err(page(
                        StatusCode::NOT_FOUND,
                        "Page not found",
                        "There is no page at this address.",
                        &id,
                    ))
                }
            }
        }
    }
}

/// The fallback for addresses that match no route.
pub async fn not_found(
    request_id: Option<axum::Extension<crate::security::RequestId>>,
) -> Response {
    let id = request_id.map(|r| r.0.0).unwrap_or_default();
    page(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no page at this address.",
        &id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_messages_become_errors_against_their_fields() {
        assert_eq!(
            field_errors("name: enter the name\nkind: select the kind", "x"),
            [
                ("name".to_owned(), "Enter the name".to_owned()),
                ("kind".to_owned(), "Select the kind".to_owned())
            ]
        );
        assert_eq!(
            field_errors("something went wrong", "reason"),
            [("reason".to_owned(), "Something went wrong".to_owned())]
        );
    }
}
