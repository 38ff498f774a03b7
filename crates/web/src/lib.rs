//! hitstaff's HTTP server.
//!
//! Generic over the [`Store`] backend: `hitstaff` picks SQLite or PostgreSQL once at start-up and
//! calls [`serve`] with it. It serves the recruiter workspace (HTML pages, [`ui`]), the JSON API
//! under `/api/v1`, `/health` for load balancers and monitors, and `/version`.

mod api;
pub mod edge;
pub use hitstaff_app::secrets as auth;
pub mod error;
pub mod idempotency;
pub mod session;
pub mod throttle;
mod ui;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use hitstaff_ingest::extract::Sandbox;
use hitstaff_store::{Backend, Store};
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Facts about the running server, shown by `/version`.
#[derive(Debug, Clone, Serialize)]
pub struct ServerInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub backend: Backend,
    pub schema_version: i64,
}

impl ServerInfo {
    pub fn new(backend: Backend, schema_version: i64) -> Self {
        Self {
            name: "hitstaff",
            version: env!("CARGO_PKG_VERSION"),
            backend,
            schema_version,
        }
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState<S: Store> {
    pub store: S,
    pub info: ServerInfo,
    pub auth: session::AuthSettings,
    /// How uploaded resumes are read: in a child process with limits.
    pub sandbox: Arc<Sandbox>,
    /// Uploads waiting for a recruiter's answer (is this the person already on file?).
    pub pending: Arc<ui::resumes::PendingUploads>,
    /// Every organisation's candidates in memory for ranking, loaded and kept fresh by [`serve`].
    pub candidates: Arc<hitstaff_matching::CandidateIndex>,
    /// Full-text search over candidates, built and kept fresh by [`serve`] (in memory unless
    /// [`AppState::with_search`] gives one kept on disk).
    pub search: Arc<hitstaff_search::SearchIndex>,
    /// Where the candidate index keeps its snapshot on disk ([`AppState::with_index_snapshot`]);
    /// `None` loads it from the database at every start.
    pub index_snapshot: Option<std::path::PathBuf>,
}

impl<S: Store> AppState<S> {
    /// The state for this program: resumes are read by running this same executable with the
    /// `extract-worker` command (as `hitstaff` does).
    pub fn new(store: S, info: ServerInfo) -> Self {
        let me = std::env::current_exe().unwrap_or_else(|_| "hitstaff".into());
        Self {
            store,
            info,
            auth: session::AuthSettings::default(),
            sandbox: Arc::new(Sandbox::new(me, ["extract-worker"])),
            pending: Arc::default(),
            candidates: Arc::default(),
            search: Arc::new(
                hitstaff_search::SearchIndex::open(None).expect("an index in memory always opens"),
            ),
            index_snapshot: None,
        }
    }

    /// Starts the candidate index from a snapshot at `path` (written there after a load from the
    /// database, and again every [`SNAPSHOT_EVERY`] while changes arrive).
    pub fn with_index_snapshot(mut self, path: std::path::PathBuf) -> Self {
        self.index_snapshot = Some(path);
        self
    }

    /// Searches with an index kept on disk (it survives restarts and catches up from where it was).
    pub fn with_search(mut self, search: hitstaff_search::SearchIndex) -> Self {
        self.search = Arc::new(search);
        self
    }

    /// Reads resumes with another worker program (tests, embedders).
    pub fn with_sandbox(mut self, sandbox: Sandbox) -> Self {
        self.sandbox = Arc::new(sandbox);
        self
    }
}

/// The largest request body accepted: JSON for people and requisitions is small; resume uploads
/// have their own, larger limit on their own routes ([`UPLOAD_LIMIT`]).
const BODY_LIMIT: usize = 256 * 1024;
/// A resume upload: the largest file hitstaff reads, and room for the form around it.
pub(crate) const UPLOAD_LIMIT: usize = hitstaff_ingest::extract::MAX_FILE_BYTES + 64 * 1024;

/// The application's routes.
pub fn router<S: Store>(state: AppState<S>) -> Router {
    Router::new()
        .route("/health", get(health::<S>))
        .route("/version", get(version::<S>))
        .merge(api::router())
        .merge(ui::router())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::idempotent::<S>,
        ))
        .layer(axum::middleware::map_response_with_state(
            state.auth.secure_cookies,
            security_headers,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        // Outermost: every request gets an id (or keeps the one it came with), one span records
        // it with the method and the route (never the path's values or the query, which can
        // hold names), and the answer carries the id back.
        .layer(tower_http::request_id::PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(
                    tower_http::trace::DefaultOnResponse::new()
                        .level(tracing::Level::DEBUG)
                        .latency_unit(tower_http::LatencyUnit::Micros),
                )
                .on_failure(tower_http::trace::DefaultOnFailure::new().level(tracing::Level::WARN)),
        )
        .layer(tower_http::request_id::SetRequestIdLayer::new(
            REQUEST_ID,
            tower_http::request_id::MakeRequestUuid,
        ))
        .with_state(state)
}

/// The header that carries a request's id, on the request and on its answer.
pub const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");

/// One span per request: its id, the method and the route as declared (`/api/v1/candidates/{id}`),
/// never the concrete path or the query. The store's spans hang under it.
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or("-");
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("unrouted", axum::extract::MatchedPath::as_str);
    tracing::info_span!("request", id = %id, method = %req.method(), route = %route)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
}

/// 200 when the database answers, 503 when it does not (the cause goes to the log, not the caller).
#[tracing::instrument(skip_all)]
async fn health<S: Store>(State(state): State<AppState<S>>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(Health {
            status: "ok",
            database: "ok",
        })
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                    database: "unreachable",
                }),
            )
                .into_response()
        }
    }
}

async fn version<S: Store>(State(state): State<AppState<S>>) -> Json<ServerInfo> {
    Json(state.info)
}

/// Unknown addresses: problem+json under `/api/`, a page that helps everywhere else.
async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        error::AppError::NotFound("there is nothing at this address; see /api/v1/openapi.json".into())
            .into_response()
    } else {
        ui::UiError::App(error::AppError::NotFound(
            "there is no page at this address".into(),
        ))
        .into_response()
    }
}

/// Headers every response carries: no framing, no sniffing, no referrers to other sites; for
/// pages a content security policy that allows only our own scripts and styles (a response that
/// set its own, such as a resume download's `sandbox`, keeps it); no caching of pages or JSON,
/// which hold personal data; and HSTS where cookies are marked secure (the site is on HTTPS).
async fn security_headers(State(secure): State<bool>, mut response: Response) -> Response {
    use axum::http::{HeaderValue, header};
    let h = response.headers_mut();
    if secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    let kind = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let html = kind.starts_with("text/html");
    let json = kind.starts_with("application/json") || kind.starts_with("application/problem+json");
    if json && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// How often the candidate index looks for saved changes.
const INDEX_POLL: std::time::Duration = std::time::Duration::from_millis(200);
/// How often the candidate index's snapshot is written again, when changes arrived meanwhile.
pub const SNAPSHOT_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Loads the candidate index (from its snapshot when there is a sound one), then applies the
/// change feed to it every [`INDEX_POLL`] for as long as the process runs, and keeps the snapshot
/// current. A failed read is logged and tried again (the index keeps what it had).
pub fn keep_index_fresh<S: Store>(state: &AppState<S>) -> tokio::task::JoinHandle<()> {
    let (store, index, search, snapshot) = (
        state.store.clone(),
        state.candidates.clone(),
        state.search.clone(),
        state.index_snapshot.clone(),
    );
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        let mut saved = loop {
            let loaded = match &snapshot {
                Some(path) => index.load_with_snapshot(&store, path).await,
                None => index
                    .load(&store, None)
                    .await
                    .map(|()| hitstaff_matching::Loaded::Database {
                        candidates: index.len(),
                        snapshot_refused: "none is kept".into(),
                    }),
            };
            match loaded {
                Ok(hitstaff_matching::Loaded::Snapshot { candidates, applied }) => {
                    tracing::info!(
                        candidates,
                        applied,
                        millis = started.elapsed().as_millis() as u64,
                        "candidate index loaded from its snapshot"
                    );
                    break Some(index.cursor().await);
                }
                Ok(hitstaff_matching::Loaded::Database {
                    candidates,
                    snapshot_refused,
                }) => {
                    tracing::info!(
                        candidates,
                        millis = started.elapsed().as_millis() as u64,
                        snapshot = %snapshot_refused,
                        "candidate index loaded from the database (not from a snapshot)"
                    );
                    break None;
                }
                Err(e) => {
                    tracing::error!(error = %e, "loading the candidate index failed; trying again");
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                }
            }
        };
        // The first try at once after a load from the database; then, while changes arrive,
        // one every SNAPSHOT_EVERY (a failed write too is tried again only then).
        let mut next_save = tokio::time::Instant::now();
        loop {
            // Builds the search index the first time (or after a version change), else applies
            // what was saved since its last commit.
            if let Err(e) = search.catch_up(&store).await {
                tracing::warn!(error = %e, "catching up the search index failed; trying again");
            }
            if let Err(e) = index.catch_up(&store).await {
                tracing::warn!(error = %e, "catching up the candidate index failed; trying again");
            }
            // A snapshot right after a load from the database, then whenever changes arrived
            // and a while has passed.
            if let Some(path) = &snapshot {
                let at = index.cursor().await;
                if saved != Some(at) && tokio::time::Instant::now() >= next_save {
                    next_save = tokio::time::Instant::now() + SNAPSHOT_EVERY;
                    match index.save_snapshot(path).await {
                        Ok(bytes) => {
                            saved = Some(at);
                            tracing::info!(bytes, "candidate index snapshot written");
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "writing the candidate index snapshot failed; trying again later")
                        }
                    }
                }
            }
            tokio::time::sleep(INDEX_POLL).await;
        }
    })
}

/// Serves until `shutdown` completes, then finishes the requests in flight. The candidate index
/// is loaded and kept fresh meanwhile.
pub async fn serve<S: Store>(
    state: AppState<S>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let indexing = keep_index_fresh(&state);
    let _stop = AbortOnDrop(indexing);
    // Connect info gives handlers the peer address, which sign-in throttling counts by.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Stops a background task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
