//! JSON Resume: exports valid against the official schema, imports read like any resume.

use hitstaff_domain::CredentialLevel;
use hitstaff_ingest::extract::{ExtractError, Format, extract};
use hitstaff_ingest::jsonresume::{EXTENSION, export};
use hitstaff_ingest::parse;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 22);
const EPIC_ANALYST: &str = include_str!("data/epic-analyst.txt");

fn checker() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/jsonresume")
}

/// The official validator's errors for each document, or `None` when it is not installed (a
/// failure under CI=true).
fn official_errors(resumes: &[Value]) -> Option<Vec<Vec<String>>> {
    let dir = checker();
    let installed = dir.join("node_modules/@jsonresume/schema/schema.json").exists();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !installed {
        assert!(
            !ci,
            "CI=true but @jsonresume/schema is not installed in {}: run scripts/test",
            dir.display()
        );
        #[allow(
            clippy::print_stderr,
            reason = "a skipped check must say so in the test output"
        )]
        {
            eprintln!(
                "skipping the official schema check: run `npm ci` in {}",
                dir.display()
            );
        }
        return None;
    }
    let mut child = Command::new("node")
        .arg("validate.js")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let input = serde_json::to_vec(resumes).expect("json");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write");
    let out = child.wait_with_output().expect("node answers");
    assert!(out.status.success(), "validate.js failed");
    Some(serde_json::from_slice(&out.stdout).expect("a list of error lists"))
}

#[test]
fn exports_are_valid_json_resume() {
    let profile = parse(EPIC_ANALYST, TODAY);
    let doc = export(&profile, EPIC_ANALYST);
    // The extension carries ids, levels, years and evidence.
    let beaker_cp = doc["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .find(|s| s[EXTENSION]["id"] == "epic.beaker_cp")
        .expect("Beaker CP exported");
    assert_eq!(beaker_cp[EXTENSION]["credentialLevel"], "certified");
    assert_eq!(beaker_cp["level"], "Certified");
    let evidence = beaker_cp[EXTENSION]["evidence"][0].as_array().expect("span");
    let (s, e) = (
        evidence[0].as_u64().unwrap() as usize,
        evidence[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&EPIC_ANALYST[s..e], "Beaker CP");
    assert_eq!(doc["work"][0]["startDate"], "2019-01");
    assert!(
        doc["work"][0].get("endDate").is_none(),
        "a current role has no end"
    );
    assert_eq!(doc["work"][1]["endDate"], "2018-12");
    assert_eq!(doc["basics"]["location"]["city"], "Madison");
    assert_eq!(doc["basics"]["location"]["postalCode"], "53703");
    assert_eq!(doc["meta"][EXTENSION]["text"], EPIC_ANALYST);

    let broken = serde_json::json!({"basics": {"name": 5}, "work": [{"startDate": "January 2019"}]});
    let Some(results) = official_errors(&[doc, broken]) else {
        return;
    };
    assert_eq!(results[0], Vec::<String>::new(), "the export is valid");
    // The check bites: a wrong document is refused.
    assert!(results[1].len() >= 2, "{:?}", results[1]);
}

#[test]
fn an_export_imports_to_the_same_profile() {
    let original = parse(EPIC_ANALYST, TODAY);
    let bytes = serde_json::to_vec_pretty(&export(&original, EPIC_ANALYST)).expect("json");
    let got = extract(&bytes).expect("imports");
    assert_eq!(got.format, Format::JsonResume);
    let again = parse(&got.text, TODAY);
    let skills = |p: &hitstaff_ingest::Profile| {
        let mut s: Vec<(String, Option<CredentialLevel>)> =
            p.skills.iter().map(|s| (s.skill.to_string(), s.level)).collect();
        s.sort();
        s
    };
    assert_eq!(skills(&again), skills(&original), "text:\n{}", got.text);
    let roles = |p: &hitstaff_ingest::Profile| {
        p.roles
            .iter()
            .map(|r| {
                (
                    r.title.as_ref().map(|f| f.value.clone()),
                    r.employer.as_ref().map(|f| f.value.clone()),
                    r.start.as_ref().map(|s| s.value),
                    r.end,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(roles(&again), roles(&original), "text:\n{}", got.text);
    assert_eq!(again.email.map(|e| e.value), original.email.map(|e| e.value));
    assert_eq!(again.total_years_tenths, original.total_years_tenths);
}

#[test]
fn the_official_sample_imports() {
    let sample = checker().join("node_modules/@jsonresume/schema/sample.resume.json");
    if official_errors(&[]).is_none() {
        return;
    }
    let bytes = std::fs::read(&sample).expect("the package ships its sample");
    let got = extract(&bytes).expect("the sample imports");
    let profile = parse(&got.text, TODAY);
    assert!(profile.name.is_some(), "{}", got.text);
    assert!(profile.email.is_some(), "{}", got.text);
    assert!(!profile.roles.is_empty(), "{}", got.text);
}

#[test]
fn a_wrong_date_says_which_field() {
    let bytes = br#"{"basics": {"name": "Ana Ruiz"}, "work": [{"name": "Lakeside Health", "position": "Analyst", "startDate": "2019-01"}, {"name": "Mercy", "startDate": "Jan 2015"}]}"#;
    let err = extract(bytes).expect_err("refused");
    assert!(
        matches!(
            err,
            ExtractError::Invalid {
                format: Format::JsonResume,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("work[1].startDate") && message.contains("2019-04"),
        "{message}"
    );
    let err = extract(br#"{"basics": {"name": 5}}"#).expect_err("refused");
    assert!(err.to_string().contains("invalid type"), "{err}");
}
