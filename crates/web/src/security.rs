//! Security headers, CSRF checks and request ids, for every response.
//!
//! - CSP: scripts, styles and images from this site only; no inline script,
//!   no eval, no framing.
//! - `Cache-Control: no-store` on everything but the static assets, so no
//!   page of a child's record is kept by a browser or proxy.
//! - CSRF: a state-changing request from another site is refused, judged by
//!   `Sec-Fetch-Site`, or, where the browser sends none, by `Origin` (or
//!   failing that `Referer`) against `Host`, scheme included.
//! - `Strict-Transport-Security` for a year.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// A request's id, for the audit log, error pages and logs.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl RequestId {
    /// The request's id, as the security layer set it (empty if it did
    /// not run, as in some tests).
    pub fn of(parts: &axum::http::request::Parts) -> String {
        parts
            .extensions
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default()
    }
}

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

/// Whether `origin` (a scheme, host and port, as `Origin` sends it, or a
/// whole URL, as `Referer` does) is this site: HTTPS on the same host, or
/// plain HTTP only on loopback, where the demo serves (the session cookie is
/// `Secure`, which browsers relax only there).
fn same_site(origin: &str, host: &str) -> bool {
    let (scheme, rest) = match origin.split_once("://") {
        Some(parts) => parts,
        None => return false,
    };
    let origin_host = rest.split('/').next().unwrap_or_default();
    if !origin_host.eq_ignore_ascii_case(host) {
        return false;
    }
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    match scheme {
        "https" => true,
        "http" => matches!(name, "localhost" | "127.0.0.1" | "[::1]"),
        _ => false,
    }
}

fn cross_site(req: &Request) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = req.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return !matches!(site, "same-origin" | "none");
    }
    let host = text(header::HOST);
    // Without fetch metadata, the Origin decides; without an Origin, the
    // Referer (sent to this site under its same-origin referrer policy).
    match (text(header::ORIGIN).or(text(header::REFERER)), host) {
        (Some(origin), Some(host)) => !same_site(origin, host),
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
    // Browsers heed it only over HTTPS, where Hearth is meant to be served.
    h.insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    if !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        h.insert("x-request-id", v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::same_site;

    #[test]
    fn the_origin_must_be_this_site_over_https_or_loopback() {
        assert!(same_site(
            "https://hearth.example.gov.uk",
            "hearth.example.gov.uk"
        ));
        assert!(same_site(
            "https://hearth.example.gov.uk/children/1",
            "hearth.example.gov.uk"
        ));
        assert!(
            !same_site("http://hearth.example.gov.uk", "hearth.example.gov.uk"),
            "scheme"
        );
        assert!(!same_site("https://evil.example", "hearth.example.gov.uk"));
        assert!(!same_site(
            "https://hearth.example.gov.uk.evil.example",
            "hearth.example.gov.uk"
        ));
        assert!(same_site("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(same_site("http://localhost:8080/sign-in", "localhost:8080"));
        assert!(
            !same_site("http://127.0.0.1:9999", "127.0.0.1:8080"),
            "port"
        );
        assert!(!same_site("null", "127.0.0.1:8080"));
    }

    /// htmx (on `/search`) needs its own script and requests back to this
    /// site, and nothing else: no inline script or style and no `eval`, which
    /// the base template's htmx config turns off (attribute code, injected
    /// indicator styles) so that the policy need not allow them.
    #[test]
    fn the_csp_allows_what_htmx_needs_and_nothing_inline() {
        let directive = |name: &str| {
            super::CSP
                .split(';')
                .map(str::trim)
                .find(|d| d.split_whitespace().next() == Some(name))
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(directive("script-src"), "script-src 'self'");
        assert_eq!(directive("style-src"), "style-src 'self'");
        assert_eq!(directive("connect-src"), "connect-src 'self'");
        assert!(!super::CSP.contains("unsafe"), "{}", super::CSP);
        let base = include_str!("../templates/base.html");
        for setting in [
            "\"allowEval\":false",
            "\"allowScriptTags\":false",
            "\"includeIndicatorStyles\":false",
            "\"historyCacheSize\":0",
        ] {
            assert!(base.contains(setting), "htmx-config sets {setting}");
        }
        let js = include_str!("../assets/hearth.js");
        for setting in [
            "allowEval: false",
            "allowScriptTags: false",
            "includeIndicatorStyles: false",
            "historyCacheSize: 0",
        ] {
            assert!(js.contains(setting), "hearth.js falls back to {setting}");
        }
    }
}
