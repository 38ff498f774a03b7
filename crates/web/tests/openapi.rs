//! The OpenAPI document: snapshot-tested, and checked against the running server.

mod common;

use common::{PASSWORD, TestApp};
use hitstaff_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn document(app: &TestApp) -> Value {
    let resp = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "the document needs no sign-in");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_unchanged_unless_reviewed() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    // Any change to the API shows up here as a snapshot diff to review (cargo insta review).
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn two_types_never_share_one_published_name() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let schemas = &doc["components"]["schemas"];
    // The requisition's reason is the code the server sends ("growth"), not the matcher's
    // explained reason, which has its own name.
    let reason = &schemas["NewRequisition"]["properties"]["reason"];
    let reason_ref = reason["$ref"]
        .as_str()
        .or_else(|| reason["oneOf"][1]["$ref"].as_str())
        .or_else(|| reason["anyOf"][1]["$ref"].as_str())
        .unwrap_or_else(|| panic!("reason is a reference: {reason}"));
    let name = reason_ref.trim_start_matches("#/components/schemas/");
    assert_eq!(schemas[name]["type"], "string", "{name}: {}", schemas[name]);
    assert!(
        schemas[name]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("growth"))
    );
    assert_eq!(
        schemas["Match"]["properties"]["strengths"]["items"]["$ref"],
        "#/components/schemas/MatchReason"
    );
    assert_eq!(schemas["MatchReason"]["type"], "object");
}

#[tokio::test]
async fn every_documented_operation_is_served_and_every_schema_reference_resolves() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    app.user("admin@mercy.test", Role::Admin).await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let signed: Value = http
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "admin@mercy.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let csrf = signed["csrf_token"].as_str().unwrap().to_string();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            assert!(op["summary"].is_string(), "{method} {path} has a summary");
            assert!(
                op["responses"].get("401").is_some(),
                "{method} {path} documents its errors"
            );
            if path == "/api/v1/session" && method != "get" {
                continue; // signing in and out would change this test's own session
            }
            let url = app.url(&path.replace("{id}", &uuid_like()));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let resp = http
                .request(method.clone(), url)
                .header("x-csrf-token", &csrf)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = resp.status();
            assert_ne!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is routed"
            );
            assert!(!status.is_server_error(), "{method} {path}: {status}");
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            let detail = body["detail"].as_str().unwrap_or_default();
            assert!(
                !detail.contains("nothing at this address"),
                "{method} {path} is documented but not served"
            );
        }
    }
    assert_eq!(operations, 58, "every API operation is documented");

    // Every $ref points at a schema the document defines.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 50);
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or(&r);
        assert!(schemas.contains_key(name), "{r} is defined");
    }
}

fn uuid_like() -> String {
    "0190f2a4-7c3e-7d41-9a0b-3f6c2e1d4b5a".into()
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    out.push(x.as_str().unwrap_or_default().to_string());
                } else {
                    collect_refs(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_interactive_docs_are_served_from_the_binary() {
    let app = TestApp::spawn().await;
    let resp = reqwest::get(app.url("/api/v1/docs/")).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.text().await.unwrap().contains("swagger-ui"));
    let init = reqwest::get(app.url("/api/v1/docs/swagger-initializer.js"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        init.contains("/api/v1/openapi.json"),
        "the docs load our document"
    );
}
