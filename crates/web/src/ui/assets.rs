//! Static assets, embedded in the binary so the workspace works offline and needs no CDN.

use crate::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hitstaff_store::Store;

/// (file name, content type, bytes). Names carry the version, so they can be cached for a year.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/app.css"),
    ),
    (
        "htmx-2.0.11.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/htmx-2.0.11.min.js"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_bytes!("../../assets/icon.svg"),
    ),
    (
        "copy-1.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/copy-1.js"),
    ),
    (
        "board-1.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/board-1.js"),
    ),
    (
        "lists-1.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/lists-1.js"),
    ),
];

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/assets/{name}", get(asset))
        // Browsers and bookmarks ask for it whatever the page links: the same icon, not a 404.
        .route("/favicon.ico", get(|| asset(Path("icon.svg".to_string()))))
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, bytes)) => {
            // The stylesheet has no version in its name: revalidate it hourly.
            let cache = if name.ends_with(".js") {
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=3600"
            };
            (
                [(header::CONTENT_TYPE, *kind), (header::CACHE_CONTROL, cache)],
                *bytes,
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
