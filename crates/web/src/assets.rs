//! The front-end assets, embedded in the binary: only the files pages load
//! (the vendoring notes and build scripts beside them are not served).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// (path under /assets, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "hearth.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/hearth.js"),
    ),
    (
        "hearth-supported.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/hearth-supported.js"),
    ),
    (
        "hearth.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/hearth.css"),
    ),
    (
        "vendor/govuk-frontend/govuk-frontend.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/govuk-frontend/govuk-frontend.min.css"),
    ),
    (
        "vendor/govuk-frontend/govuk-frontend.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/govuk-frontend/govuk-frontend.min.js"),
    ),
    (
        "vendor/moj-frontend/moj-frontend.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/moj-frontend/moj-frontend.min.css"),
    ),
    (
        "vendor/moj-frontend/moj-frontend.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/moj-frontend/moj-frontend.min.js"),
    ),
    (
        "vendor/htmx/htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/htmx/htmx.min.js"),
    ),
    (
        "vendor/moj-frontend/images/icon-close-cross-black.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-close-cross-black.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-document.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-document.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-progress-tick.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-progress-tick.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-tag-remove-cross-white.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-tag-remove-cross-white.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-tag-remove-cross.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-tag-remove-cross.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-toggle-plus-minus.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-toggle-plus-minus.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-wysiwyg-bold.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-wysiwyg-bold.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-wysiwyg-italic.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-wysiwyg-italic.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-wysiwyg-ordered-list.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-wysiwyg-ordered-list.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-wysiwyg-underline.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-wysiwyg-underline.svg"),
    ),
    (
        "vendor/moj-frontend/images/icon-wysiwyg-unordered-list.svg",
        "image/svg+xml",
        include_bytes!("../assets/vendor/moj-frontend/images/icon-wysiwyg-unordered-list.svg"),
    ),
];

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(p, _, _)| *p == path) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
