//! Security headers, CSRF checks and request ids, for every response.
//!
//! - CSP: scripts, styles and images from this site only; no inline script,
//!   no eval, no framing.
//! - `Cache-Control: no-store` on everything but the static assets, so no
//!   page of a child's record is kept by a browser or proxy.
//! - CSRF: a state-changing request from another site is refused, judged by
//!   `Sec-Fetch-Site`, or `Origin` against `Host` where the browser sends no
//!   `Sec-Fetch-Site`.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// A request's id, for the audit log, error pages and logs.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn new_request_id() -> String {
    let mut bytes = [0u8; 8];
    // Without randomness ids are still unique enough from the clock.
    if getrandom::fill(&mut bytes).is_err() {
        bytes = jiff::Timestamp::now().as_nanosecond().to_le_bytes()[..8]
            .try_into()
            .unwrap_or_default();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn cross_site(req: &Request) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            origin_host != host
        }
        (Some(_), None) => true,
        // No browser fetch metadata at all: a non-browser client.
        (None, _) => false,
    }
}

pub async fn layer(mut req: Request, next: Next) -> Response {
    let id = RequestId(new_request_id());
    req.extensions_mut().insert(id.clone());
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut response = if cross_site(&req) {
        crate::error::page(
            StatusCode::FORBIDDEN,
            "You cannot do this",
            "This request came from another site and was refused.",
            &id.0,
        )
    } else {
        next.run(req).await
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        h.insert("x-request-id", v);
    }
    response
}
