//! The JSON API, `/api/v1`: bearer API tokens, the same use-cases (and so
//! the same access rules and audit) as the pages. A child outside the
//! caller's scope is 404. Errors are JSON with a request id.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use hearth_app::accounts::{self, Token};
use hearth_app::{AppError, Ctx, children, events};
use hearth_domain::access::Actor;
use hearth_domain::events::{EventKind, When};
use hearth_domain::keys::ChildId;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::Ids;
use crate::error::json as error;
use crate::security::RequestId;

/// The OpenAPI description, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

fn app_error(error: AppError, request_id: &str) -> Response {
    crate::error::ApiError {
        error,
        request_id: request_id.to_owned(),
    }
    .into_response()
}

/// A caller with a live API token.
pub struct ApiUser {
    actor: Actor,
    request_id: String,
}

impl ApiUser {
    fn ctx<'a>(&'a self, state: &'a AppState) -> Ctx<'a> {
        Ctx {
            services: &state.services,
            actor: &self.actor,
            request_id: &self.request_id,
        }
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let request_id = RequestId::of(parts);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| Token(t.trim().to_owned()));
        let unauthorised = || {
            let mut r = error(
                StatusCode::UNAUTHORIZED,
                "send a live API token as Authorization: Bearer TOKEN",
                &request_id,
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
            r
        };
        let limiter = parts
            .extensions
            .get::<std::sync::Arc<crate::limits::Limiter>>()
            .cloned();
        let address = limiter
            .as_ref()
            .and_then(|l| l.client_address(&parts.headers, &parts.extensions));
        let too_many = |t: crate::limits::TooMany| {
            if t.first {
                eprintln!("request {request_id}: API refused: too many {}", t.what);
            }
            let mut r = error(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("too many requests; try again in {} seconds", t.seconds()),
                &request_id,
            );
            if let Ok(v) = axum::http::HeaderValue::from_str(&t.seconds().to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        };
        if let Some(Err(t)) = limiter.as_ref().map(|l| l.api_address(address)) {
            return Err(too_many(t));
        }
        let Some(token) = bearer else {
            return Err(unauthorised());
        };
        match accounts::api_actor(&state.services, &token).await {
            Ok(Some(actor)) => {
                if let Some(Err(t)) = limiter
                    .as_ref()
                    .map(|l| l.api_account(address, actor.user.0))
                {
                    return Err(too_many(t));
                }
                Ok(ApiUser { actor, request_id })
            }
            Ok(None) => Err(unauthorised()),
            Err(e) => Err(app_error(e, &request_id)),
        }
    }
}

pub async fn openapi() -> Response {
    static DESCRIBED: std::sync::LazyLock<String> = std::sync::LazyLock::new(described);
    (
        [(header::CONTENT_TYPE, "application/json")],
        DESCRIBED.as_str(),
    )
        .into_response()
}

/// The OpenAPI description with every kind of event spelt out, from the one
/// description of each kind ([`hearth_domain::catalogue`]): a client sees
/// each type's fields, which are required, and the codes each takes.
fn described() -> String {
    let Ok(mut spec) = serde_json::from_str::<Value>(OPENAPI) else {
        return OPENAPI.to_owned();
    };
    let kinds: Vec<Value> = hearth_domain::catalogue::KINDS
        .iter()
        .map(describe_kind)
        .collect();
    if let Some(event) = spec.pointer_mut("/components/schemas/NewEvent/properties/event") {
        *event = json!({ "oneOf": kinds });
    }
    spec.to_string()
}

fn describe_kind(kind: &hearth_domain::catalogue::Kind) -> Value {
    use hearth_domain::catalogue::Input;
    let mut properties = serde_json::Map::new();
    properties.insert("type".into(), json!({ "const": kind.name }));
    let mut required = vec![Value::from("type")];
    for field in kind.fields {
        let codes = |o: Vec<(&'static str, &'static str)>| -> Vec<&'static str> {
            o.into_iter().map(|(c, _)| c).collect()
        };
        let fixed = |o: &'static [(&'static str, &'static str)]| -> Vec<&'static str> {
            o.iter().map(|(c, _)| *c).collect()
        };
        let schema = match field.input {
            Input::Text | Input::TextArea => json!({ "type": "string" }),
            Input::Postcode => json!({ "type": "string", "description": "a UK postcode" }),
            Input::Urn => json!({ "type": "string", "description": "a school's URN: 6 digits" }),
            Input::Upn => {
                json!({ "type": "string", "description": "a unique pupil number: 13 characters" })
            }
            Input::Check => json!({ "type": "boolean" }),
            Input::Number => json!({ "type": ["integer", "string"] }),
            Input::Person(_) => json!({
                "type": ["string", "integer"],
                "description": format!("{}: a user's number", field.label)
            }),
            Input::Date => json!({ "type": "string", "format": "date" }),
            Input::EventRef(of) => {
                json!({ "type": "integer", "description": format!("the id of an earlier {of} event") })
            }
            Input::Code(o) => json!({ "enum": codes(o()) }),
            Input::Codes(o) => json!({ "type": "array", "items": { "enum": codes(o()) } }),
            Input::Choice(o) => json!({ "enum": fixed(o) }),
            Input::Choices(o) => json!({ "type": "array", "items": { "enum": fixed(o) } }),
        };
        let schema = match schema {
            Value::Object(mut m) if !m.contains_key("description") => {
                m.insert("description".into(), field.label.into());
                Value::Object(m)
            }
            other => other,
        };
        // A box is always written by the form, ticked or not, and the ledger
        // needs most of them: a client sends each.
        let required_here = field.required || matches!(field.input, Input::Check);
        match field.name.split_once('.') {
            None => {
                properties.insert(field.name.into(), schema);
                if required_here {
                    required.push(field.name.into());
                }
            }
            Some((outer, inner)) => {
                let object = properties.entry(outer).or_insert_with(
                    || json!({ "type": "object", "properties": {}, "required": [] }),
                );
                object["properties"][inner] = schema;
                if field.required {
                    if let Some(list) = object["required"].as_array_mut() {
                        list.push(inner.into());
                    }
                    if !required.contains(&Value::from(outer)) {
                        required.push(outer.into());
                    }
                }
            }
        }
    }
    let when = if kind.timed {
        "; `on` is a date and time (YYYY-MM-DDTHH:MM)"
    } else {
        ""
    };
    json!({
        "title": kind.label,
        "description": format!("{}{when}", kind.stage.label()),
        "type": "object",
        "required": required,
        "properties": properties,
    })
}

pub async fn child(State(state): State<AppState>, Ids(id): Ids<i64>, user: ApiUser) -> Response {
    match children::view(&user.ctx(&state), ChildId(id)).await {
        Ok(v) => {
            let d = &v.child.details;
            let s = v.summary.as_ref();
            Json(json!({
                "id": id,
                "la_child_id": d.la_child_id.as_str(),
                "given_name": d.given_name,
                "family_name": d.family_name,
                "date_of_birth": d.date_of_birth.map(|x| x.to_string()),
                "restricted": d.restricted.map(|r| r.as_str()),
                "stage": s.map(|s| s.status.clone()),
                "legal_status": s.and_then(|s| s.legal_status.clone()),
                "legal_status_in_words": s
                    .and_then(|s| s.legal_status.as_deref())
                    .and_then(|c| hearth_domain::codes::LegalStatus::from_code(c).ok())
                    .map(|c| c.description()),
                "placement_type": s.and_then(|s| s.placement_type.clone()),
                "placement_type_in_words": s
                    .and_then(|s| s.placement_type.as_deref())
                    .and_then(|c| hearth_domain::codes::PlacementType::from_code(c).ok())
                    .map(|c| c.description()),
                "allocated_worker": v.allocated_worker,
                "events": v.events.len(),
            }))
            .into_response()
        }
        Err(e) => app_error(e, &user.request_id),
    }
}

pub async fn child_events(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: ApiUser,
) -> Response {
    match children::view(&user.ctx(&state), ChildId(id)).await {
        Ok(v) => Json(v.events).into_response(),
        Err(e) => app_error(e, &user.request_id),
    }
}

/// `?known_at=2025-06-01T09:00` (a moment in England, or a date for the
/// end of that day): the clocks as the record stood then.
#[derive(Debug, Deserialize, Default)]
pub struct KnownAt {
    #[serde(default)]
    known_at: String,
}

/// The child's clocks: as now recorded, judged now; or, with `known_at`,
/// as the record stood at that moment, judged at it.
pub async fn obligations(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    axum::extract::Query(query): axum::extract::Query<KnownAt>,
    user: ApiUser,
) -> Response {
    let known_at = match crate::children::chronology::known_at(&query.known_at) {
        Ok(k) => k,
        Err(message) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("known_at: {message}"),
                &user.request_id,
            );
        }
    };
    let ctx = user.ctx(&state);
    let v = match children::view(&ctx, ChildId(id)).await {
        Ok(v) => v,
        Err(e) => return app_error(e, &user.request_id),
    };
    let (clocks, now) = match known_at {
        None => (v.obligations.clone(), crate::now_local(&state)),
        Some((at, _)) => match children::clocks_as_known_at(&ctx, &v, at).await {
            Ok(c) => (
                c,
                When::DateTime(hearth_domain::london::to_minute(
                    hearth_domain::london::local(at),
                )),
            ),
            Err(e) => return app_error(e, &user.request_id),
        },
    };
    let list: Vec<Value> = clocks
        .iter()
        .map(|o| {
            let status = o.status(now).as_str();
            let rule = hearth_domain::timescales::Rule::from_id(&o.rule);
            // A return interview: "held" or "offered_declined".
            let met_as =
                crate::children::interview_outcome(o, v.record.as_ref()).map(|m| m.as_str());
            json!({
                "rule": o.rule,
                "what": rule.map(|r| r.label()),
                "met_by_recording": rule.map(|r| r.met_by()),
                "start": o.start_on, "start_event": o.start_event, "due": o.due_on,
                "met": o.met_on, "met_by": o.met_by, "met_as": met_as,
                "status": status, "ended": o.ended.map(|e| e.to_string()),
                "due_in_words": crate::words::due(&o.due_on),
            })
        })
        .collect();
    Json(list).into_response()
}

/// A new event: `{"on": "2025-03-03", "event": {"type": "VisitMade", ...}}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    on: When,
    event: EventKind,
}

pub async fn record(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: ApiUser,
    body: axum::body::Bytes,
) -> Response {
    let new: NewEvent = match serde_json::from_slice(&body) {
        Ok(n) => n,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &body_error(&e),
                &user.request_id,
            );
        }
    };
    match events::record(&user.ctx(&state), ChildId(id), new.on, new.event).await {
        Ok(event) => (StatusCode::CREATED, Json(event)).into_response(),
        Err(e) => app_error(e, &user.request_id),
    }
}

/// What is wrong with a request body, and where, in the API's own terms:
/// serde names the server's Rust types ("struct NewEvent", "u8"), which
/// are no business of the caller.
fn body_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", e.line(), e.column());
    match e.classify() {
        Category::Syntax | Category::Eof => format!("body: not valid JSON ({at})"),
        Category::Io | Category::Data => {
            let mut words: Vec<&str> = Vec::new();
            let mut skip_name = false;
            let message = e.to_string();
            // serde's message ends with its own " at line L column C".
            let message = message.split(" at line ").next().unwrap_or_default();
            for word in message.split(' ') {
                if skip_name {
                    skip_name = false;
                    continue;
                }
                match word {
                    "struct" | "enum" => {
                        words.push("an object as described in openapi.json");
                        skip_name = true;
                    }
                    "internally" | "tagged" => {}
                    "u8" | "u16" | "u32" | "u64" | "i64" | "i32" | "usize" => {
                        words.push("a whole number")
                    }
                    other => words.push(other),
                }
            }
            format!("body: {} ({at})", words.join(" "))
        }
    }
}

pub async fn caseload(State(state): State<AppState>, user: ApiUser) -> Response {
    match children::my_work(&user.ctx(&state), crate::now_local(&state)).await {
        Ok(rows) => Json(
            rows.iter()
                .map(|r| {
                    json!({
                        "child": r.child.0, "la_child_id": r.la_child_id, "name": r.name, "stage": r.status,
                        "next_rule": r.next_rule, "next_due": r.next_due.map(|d| d.to_string()), "overdue": r.overdue,
                        "beyond_calendar": r.beyond_calendar,
                    })
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => app_error(e, &user.request_id),
    }
}

pub async fn not_found(request_id: Option<axum::Extension<RequestId>>) -> Response {
    let id = request_id.map(|r| r.0.0).unwrap_or_default();
    error(StatusCode::NOT_FOUND, "no such endpoint", &id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_errors_name_no_rust_types() {
        let e = serde_json::from_str::<NewEvent>("[1]").unwrap_err();
        let m = body_error(&e);
        assert!(!m.contains("NewEvent") && m.starts_with("body: "), "{m}");
        let e = serde_json::from_str::<NewEvent>(
            r#"{"on": "2025-03-03", "event": {"type": "SdqRecorded", "score": 300}}"#,
        )
        .unwrap_err();
        let m = body_error(&e);
        assert!(!m.contains("u8") && m.contains("a whole number"), "{m}");
        let e = serde_json::from_str::<NewEvent>(r#"{"on": "#).unwrap_err();
        assert_eq!(body_error(&e), "body: not valid JSON (line 1, column 7)");
    }
}
