//! Requests are traceable, and logs hold no personal data: every answer carries a request id,
//! the request's span records it with the route, and names, emails and searches never reach
//! the log, even at the most detailed level.

mod common;

use common::TestApp;
use hitstaff_domain::{Role, Scope};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Everything logged, at every level, by this test binary.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn answers_carry_a_request_id_and_logs_carry_no_personal_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let app = TestApp::spawn().await;
    let owner = app.user("quinn.private@mercy.test", Role::Recruiter).await;
    let token = app
        .token(&owner, &[Scope::CandidatesWrite, Scope::CandidatesRead])
        .await;
    let http = reqwest::Client::new();
    let made = http
        .post(app.url("/api/v1/candidates"))
        .bearer_auth(&token)
        .json(
            &json!({"name": "Zelda Quixotic", "email": "zelda.quixotic@example.org",
                      "phone": "(512) 555-0187"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), reqwest::StatusCode::CREATED);
    let id = made.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    // A request that comes with an id keeps it, so a proxy's id follows the request through.
    let listed = http
        .get(app.url("/api/v1/candidates?q=Zelda%20Quixotic"))
        .bearer_auth(&token)
        .header("x-request-id", "proxy-7f3a")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.headers()["x-request-id"], "proxy-7f3a");
    // A page and a failed sign-in naming an address.
    let page = http.get(app.url("/sign-in")).send().await.unwrap();
    assert!(page.headers().contains_key("x-request-id"));
    http.post(app.url("/api/v1/session"))
        .json(&json!({"email": "quinn.private@mercy.test", "password": "not the password"}))
        .send()
        .await
        .unwrap();
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains(&format!("id={id}")) && log.contains("route=/api/v1/candidates"),
        "the request's span names its id and route:\n{log}"
    );
    assert!(log.contains("id=proxy-7f3a"));
    for personal in [
        "Zelda",
        "Quixotic",
        "zelda.quixotic",
        "555-0187",
        "5125550187",
        "quinn.private",
    ] {
        assert!(!log.contains(personal), "{personal} reached the log:\n{log}");
    }
}
