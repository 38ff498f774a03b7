//! The published contract, tried the way a generated client would: Schemathesis (from PyPI)
//! generates requests from `/api/v1/openapi.json` against the running server, and fails on any
//! server error, any undocumented status, and any answer that breaks the published schema.
//!
//! Needs the `st` program: scripts/test installs Schemathesis into target/schemathesis and names
//! it in HITSTAFF_SCHEMATHESIS. Without it the run is skipped, except with `CI=true`.

#![allow(
    clippy::print_stderr,
    reason = "a skipped run, and the run's summary, belong in the test output"
)]

mod common;

use common::TestApp;
use hitstaff_domain::{Role, Scope};
use serde_json::json;

/// The Schemathesis program, or `None` (outside CI only) when it is not installed.
fn schemathesis() -> Option<String> {
    let program = std::env::var("HITSTAFF_SCHEMATHESIS")
        .ok()
        .filter(|p| !p.is_empty());
    match program {
        Some(p) if std::path::Path::new(&p).exists() => Some(p),
        _ if hitstaff_store_tests::required() => panic!(
            "CI=true but Schemathesis is not installed (HITSTAFF_SCHEMATHESIS): run scripts/test, which installs it"
        ),
        _ => {
            eprintln!("Schemathesis is not installed (HITSTAFF_SCHEMATHESIS): the contract run is skipped");
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_requests_get_documented_answers_and_never_a_server_error() {
    let Some(st) = schemathesis() else { return };
    let app = TestApp::spawn().await;
    let admin = app.user("contract@mercy.test", Role::Admin).await;
    let token = app.token(&admin, Scope::ALL).await;
    // Something to read, so that reads answer records and not only empty lists.
    let http = reqwest::Client::new();
    let client = app.client.to_string();
    for (path, body) in [
        (
            "/api/v1/requisitions",
            json!({"client_id": client, "title": "Epic Beaker Analyst",
                   "role_family": "clinical_applications", "engagement": "contract",
                   "intent": "implement", "reason": "growth", "work_model": "remote",
                   "skills": [{"skill": "epic.beaker_cp", "required": true, "min_years": 3}]}),
        ),
        (
            "/api/v1/candidates",
            json!({"name": "Dana Whitfield", "email": "dana@example.org",
                   "location": {"city": "Austin", "state": "TX"},
                   "skills": [{"skill": "epic.beaker_cp", "years_tenths": 45, "level": "certified",
                               "last_used_year": 2026}]}),
        ),
    ] {
        let resp = http
            .post(app.url(path))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        assert!(
            status.is_success(),
            "seeding {path}: {status} {}",
            resp.text().await.unwrap()
        );
    }
    let report = tempfile::tempdir().unwrap();
    let schema = app.url("/api/v1/openapi.json");
    let base = app.url("/");
    let auth = format!("Authorization: Bearer {token}");
    let junit = report.path().join("junit.xml");
    let args: Vec<String> = vec![
        "run".into(),
        schema,
        "--url".into(),
        base,
        "--header".into(),
        auth,
        "--checks".into(),
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
            .into(),
        // The document carries no examples; the coverage phase tries each schema's edges, and
        // fuzzing the rest.
        "--phases".into(),
        "coverage,fuzzing".into(),
        // Bounded: a couple of minutes on two cores, whatever the machine.
        "--max-examples".into(),
        std::env::var("HITSTAFF_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "25".into()),
        "--max-time".into(),
        "150".into(),
        "--workers".into(),
        "2".into(),
        "--seed".into(),
        "12".into(),
        // The search has eleven free-text parameters; how many generated strings the generator
        // throws away before sending (NUL bytes and the like, which no query string can carry)
        // depends on the time each worker got, and once tripped Hypothesis's "filter too much"
        // health check, which judges the generator, not the API. The checks above judge the API.
        "--suppress-health-check".into(),
        "filter_too_much".into(),
        "--report".into(),
        "junit".into(),
        "--report-junit-path".into(),
        junit.display().to_string(),
    ];
    // Schemathesis keeps a cache where it runs: in the report's temporary folder, not the tree.
    let workdir = report.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(st)
            .current_dir(workdir)
            .args(&args)
            .env("SCHEMATHESIS_HOOKS", "")
            .output()
    })
    .await
    .unwrap()
    .expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "Schemathesis found answers that break the published contract:\n{stdout}\n{stderr}"
    );
    // The summary (operations, cases, warnings) for the log.
    let summary: Vec<&str> = stdout.lines().rev().take(16).collect();
    eprintln!("{}", summary.into_iter().rev().collect::<Vec<_>>().join("\n"));
}
