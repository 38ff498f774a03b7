//! The real server on port 0 with a fresh database.

use hitstaff_store::prelude::*;
use hitstaff_store_sqlite::SqliteStore;
use hitstaff_web::{AppState, ServerInfo, serve};

async fn spawn_app() -> (String, tempfile::TempDir, tokio::sync::oneshot::Sender<()>) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_path(&dir.path().join("web.sqlite"))
        .await
        .unwrap();
    let report = store.migrate().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let info = ServerInfo::new(store.backend(), report.to_version);
    let state = AppState::new(store, info);
    tokio::spawn(serve(state, listener, async move {
        let _ = stopped.await;
    }));
    (format!("http://{addr}"), dir, stop)
}

#[tokio::test]
async fn health_and_version() {
    let (base, _dir, _stop) = spawn_app().await;
    let client = reqwest::Client::new();
    let health = client.get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let body: serde_json::Value = health.json().await.unwrap();
    assert_eq!(body["status"], "ok");

    let version: serde_json::Value = client
        .get(format!("{base}/version"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(version["name"], "hitstaff");
    assert_eq!(version["backend"], "sqlite");
    assert_eq!(version["version"], env!("CARGO_PKG_VERSION"));
    assert!(version["schema_version"].as_i64().unwrap() >= 1);
}

#[tokio::test]
async fn unknown_paths_get_a_helpful_answer() {
    let (base, _dir, _stop) = spawn_app().await;
    let resp = reqwest::get(format!("{base}/api/v1/nope")).await.unwrap();
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("openapi.json"));

    // People get a page that helps them on, with the security headers every page carries.
    let resp = reqwest::get(format!("{base}/nope")).await.unwrap();
    assert_eq!(resp.status(), 404);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(resp.headers()["x-frame-options"], "DENY");
    let page = resp.text().await.unwrap();
    assert!(page.contains("Not found") && page.contains("href=\"/\""));
}

#[tokio::test]
async fn health_reports_a_lost_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_path(&dir.path().join("web.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(store.clone(), ServerInfo::new(store.backend(), 1));
    tokio::spawn(serve(state, listener, std::future::pending()));
    store.close().await;
    let resp = reqwest::get(format!("http://{addr}/health")).await.unwrap();
    assert_eq!(resp.status(), 503);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
}

/// Browsers ask for /favicon.ico on every page: it answers with the icon the pages link, and
/// the sign-in form lets a password manager fill it.
#[tokio::test]
async fn the_icon_and_the_password_field_are_what_browsers_expect() {
    let (base, _dir, _stop) = spawn_app().await;
    for path in ["/favicon.ico", "/assets/icon.svg"] {
        let resp = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(resp.headers()["content-type"], "image/svg+xml", "{path}");
        assert!(resp.text().await.unwrap().starts_with("<svg"), "{path}");
    }
    let page = reqwest::get(format!("{base}/sign-in"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"<link rel="icon" href="/assets/icon.svg""#),
        "{page}"
    );
    assert!(
        page.contains(r#"type="password" autocomplete="current-password""#),
        "{page}"
    );
}
