//! Resume upload, reading, duplicates and corrections, over the API and the pages, against the
//! real server with the real extraction sandbox.

mod common;

use common::{Browser, TestApp, browser};
use hitstaff_domain::Role;
use hitstaff_synth::document::{self, Layout, Source};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const ANA: &str = "Ana Lopez
Austin, TX 78701 · ana.lopez@example.org · (512) 555-0101
## EXPERIENCE
Senior Beaker Analyst, Lakeview Health | Jan 2019 – Present
- Led the Epic Beaker CP build and Cadence scheduling fixes.
Lab Systems Analyst, Mercy Medical Center | 2014 – 2018
- Supported Sunquest and wrote SQL reports.
## CERTIFICATIONS
Epic Certified, Beaker Clinical Pathology, 2019
";

fn docx(markup: &str) -> Vec<u8> {
    document::docx(
        &Source::parse(markup),
        Layout {
            two_columns: false,
            contact_in_page_header: true,
        },
    )
    .unwrap()
}

fn form(name: &str, bytes: Vec<u8>) -> Form {
    Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()))
}

impl Browser {
    async fn upload(&self, app: &TestApp, path: &str, form: Form) -> (StatusCode, Value) {
        let resp = self
            .http
            .post(app.url(path))
            .header("x-csrf-token", &self.csrf)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, app: &TestApp, path: &str) -> Value {
        let resp = self.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        resp.json().await.unwrap()
    }

    async fn send(
        &self,
        app: &TestApp,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, app.url(path))
            .header("x-csrf-token", &self.csrf);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

fn skill_ids(candidate: &Value) -> Vec<String> {
    let mut ids: Vec<String> = candidate["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["skill"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn uploads_become_candidates_once_and_ask_about_duplicates() {
    let app = TestApp::spawn().await;
    let b = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let file = docx(ANA);

    let (status, body) = b
        .upload(&app, "/api/v1/resumes", form("Ana Lopez CV.docx", file.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["outcome"], "created");
    let cid = body["candidate_id"].as_str().unwrap().to_string();
    let rid = body["resume"]["id"].as_str().unwrap().to_string();
    assert_eq!(body["resume"]["format"], "docx");
    assert_eq!(body["resume"]["file_name"], "Ana Lopez CV.docx");

    let c = b.get(&app, &format!("/api/v1/candidates/{cid}")).await;
    assert_eq!(c["name"], "Ana Lopez");
    assert_eq!(c["email"], "ana.lopez@example.org");
    assert_eq!(c["source"], "resume_upload");
    // The page says it in words, and a skill with no job behind it shows no "0.0 years".
    let page = b.html(&app, &format!("/candidates/{cid}")).await;
    assert!(
        page.contains("<dd>Resume upload</dd>") && !page.contains("resume_upload"),
        "{page}"
    );
    assert!(!page.contains("0.0 years"), "{page}");
    assert_eq!(
        skill_ids(&c),
        vec![
            "epic",
            "epic.beaker",
            "epic.beaker_cp",
            "epic.cadence",
            "sql",
            "sunquest"
        ]
    );
    let beaker = c["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == "epic.beaker_cp")
        .unwrap();
    assert_eq!(beaker["level"], "certified");
    assert_eq!(c["experience"].as_array().unwrap().len(), 2);

    // The reading, with evidence that points into the text.
    let detail = b.get(&app, &format!("/api/v1/resumes/{rid}")).await;
    let text = detail["text"].as_str().unwrap();
    let skill = detail["profile"]["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["x-hitstaff"]["id"] == "epic.cadence")
        .unwrap();
    let span = &skill["x-hitstaff"]["evidence"][0];
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "Cadence");

    // The original comes back byte for byte, as an attachment of its sniffed type.
    let resp = b
        .http
        .get(app.url(&format!("/api/v1/resumes/{rid}/file")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(resp.bytes().await.unwrap().to_vec(), file);

    // The same file again: nothing new.
    let (status, body) = b
        .upload(&app, "/api/v1/resumes", form("copy.docx", file.clone()))
        .await;
    assert_eq!(
        (status, body["outcome"].as_str()),
        (StatusCode::OK, Some("already_on_file"))
    );

    // A newer resume of the same person: asked, then merged on request.
    let newer = ANA.replace("Cadence scheduling fixes", "Beaker AP go-live");
    let pdf = document::pdf(&Source::parse(&newer), Layout::default());
    let (status, body) = b
        .upload(&app, "/api/v1/resumes", form("ana-2026.pdf", pdf.clone()))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["outcome"], "possible_duplicates");
    assert_eq!(body["duplicates"][0]["candidate_id"], cid.as_str());
    assert_eq!(body["duplicates"][0]["reason"], "same_email");
    let (status, body) = b
        .upload(
            &app,
            "/api/v1/resumes",
            form("ana-2026.pdf", pdf.clone()).text("on_duplicate", "merge"),
        )
        .await;
    assert_eq!(
        (status, body["outcome"].as_str()),
        (StatusCode::CREATED, Some("updated")),
        "{body}"
    );
    let c = b.get(&app, &format!("/api/v1/candidates/{cid}")).await;
    assert!(
        skill_ids(&c).contains(&"epic.beaker_ap".to_string()),
        "the newer resume adds Beaker AP"
    );
    assert!(
        skill_ids(&c).contains(&"epic.cadence".to_string()),
        "and keeps what the older one showed"
    );
    let listed = b.get(&app, &format!("/api/v1/candidates/{cid}/resumes")).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let candidates = b.get(&app, "/api/v1/candidates").await;
    assert_eq!(
        candidates["items"].as_array().unwrap().len(),
        1,
        "one person, not two"
    );

    // Bad files: a clear reason, nothing stored.
    for (name, bytes, says) in [
        ("photo.png", b"\x89PNG\r\n\x1a\n0000".to_vec(), "not pictures"),
        ("empty.pdf", Vec::new(), "empty"),
        (
            "cv.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            "DOCX or PDF",
        ),
    ] {
        let (status, body) = b.upload(&app, "/api/v1/resumes", form(name, bytes)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        assert!(body.to_string().contains(says), "{name}: {body}");
    }
    let big = vec![b'a'; 11 * 1024 * 1024];
    let (status, _) = b.upload(&app, "/api/v1/resumes", form("huge.txt", big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, body) = b
        .upload(&app, "/api/v1/resumes", Form::new().text("on_duplicate", "ask"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        b.get(&app, "/api/v1/candidates").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Hiring managers never see resumes; anonymous callers are asked to sign in.
    let hm = browser(&app, "hm@mercy.test", Role::HiringManager).await;
    let resp = hm
        .http
        .get(app.url(&format!("/api/v1/resumes/{rid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = reqwest::get(app.url(&format!("/api/v1/resumes/{rid}/file")))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn corrections_hold_when_the_resume_is_read_again() {
    let app = TestApp::spawn().await;
    let b = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let (status, body) = b
        .upload(&app, "/api/v1/resumes", form("ana.txt", ANA.as_bytes().to_vec()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let cid = body["candidate_id"].as_str().unwrap().to_string();
    let rid = body["resume"]["id"].as_str().unwrap().to_string();
    let corrections = format!("/api/v1/candidates/{cid}/corrections");

    // "Cadence" here was a scheduling fix, not a skill; her name has an accent; Beaker CP is a
    // principal trainer credential.
    for c in [
        json!({"field": "skill_removed", "skill": "epic.cadence"}),
        json!({"field": "name", "value": "Ana López"}),
        json!({"field": "skill", "skill": "epic.beaker_cp", "level": "principal_trainer", "years_tenths": 80, "last_used_year": 2026}),
    ] {
        let (status, body) = b.send(&app, reqwest::Method::POST, &corrections, Some(c)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    // A correction that makes no sense is refused and changes nothing.
    let (status, body) = b
        .send(
            &app,
            reqwest::Method::POST,
            &corrections,
            Some(json!({"field": "email", "value": "not an email"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = b
        .send(
            &app,
            reqwest::Method::POST,
            &corrections,
            Some(json!({"field": "work_history", "roles": [
                {"title": "Analyst", "employer": "Lakeview Health", "start": "2019-01-01", "end": "2018-01-01"}
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("ends before it starts"), "{body}");
    let check = |c: &Value| {
        assert_eq!(c["name"], "Ana López");
        assert!(!skill_ids(c).contains(&"epic.cadence".to_string()), "{c}");
        let beaker = c["skills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["skill"] == "epic.beaker_cp")
            .unwrap();
        assert_eq!(
            (beaker["level"].as_str(), beaker["years_tenths"].as_u64()),
            (Some("principal_trainer"), Some(80))
        );
    };
    check(&b.get(&app, &format!("/api/v1/candidates/{cid}")).await);

    let (status, detail) = b
        .send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/resumes/{rid}/reparse"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert!(
        detail["text"].as_str().unwrap().contains("Cadence"),
        "the resume still says it"
    );
    check(&b.get(&app, &format!("/api/v1/candidates/{cid}")).await);
    assert_eq!(b.get(&app, &corrections).await.as_array().unwrap().len(), 3);

    // Withdrawn, the resume's reading counts again at the next reading.
    let (status, _) = b
        .send(
            &app,
            reqwest::Method::DELETE,
            &format!("{corrections}/skill:epic.cadence"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    b.send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/resumes/{rid}/reparse"),
        None,
    )
    .await;
    let c = b.get(&app, &format!("/api/v1/candidates/{cid}")).await;
    assert!(skill_ids(&c).contains(&"epic.cadence".to_string()));
    assert_eq!(c["name"], "Ana López", "the other corrections still hold");
}

#[tokio::test]
async fn the_pages_upload_show_evidence_and_offer_a_merge() {
    let app = TestApp::spawn().await;
    let b = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let page = |p: &str| b.http.get(app.url(p)).send();
    let html = page("/candidates/upload").await.unwrap().text().await.unwrap();
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");

    // The form's own CSRF field, as a browser without JavaScript sends it.
    let upload = |name: &str, bytes: Vec<u8>, csrf: &str| {
        b.http
            .post(app.url("/candidates/upload"))
            .multipart(
                Form::new()
                    .text("_csrf", csrf.to_string())
                    .part("file", Part::bytes(bytes).file_name(name.to_string())),
            )
            .send()
    };
    let resp = upload("ana.docx", docx(ANA), "wrong").await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = upload("ana.docx", docx(ANA), &b.csrf).await.unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let to = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/resumes/"), "{to}");
    let html = page(&to).await.unwrap().text().await.unwrap();
    assert!(
        html.contains("<mark title=\"Skill: Epic Beaker Clinical Pathology\">Beaker Clinical Pathology"),
        "{html}"
    );
    assert!(
        html.contains("<mark title=\"Email\">ana.lopez@example.org"),
        "{html}"
    );
    assert!(
        html.contains("Resume read: a new candidate"),
        "the flash says what happened"
    );

    // A bad file: the upload page again, with the reason beside the field.
    let resp = upload("photo.png", b"\x89PNG\r\n\x1a\n0000".to_vec(), &b.csrf)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("aria-invalid=\"true\"") && html.contains("not pictures"),
        "{html}"
    );

    // The same person again, in another file: asked, then added to her record.
    let txt = ANA.replace("Cadence", "Prelude").into_bytes();
    let resp = upload("ana.txt", txt, &b.csrf).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("may be about someone already on file") && html.contains("same email"),
        "{html}"
    );
    let action = html
        .split("action=\"/candidates/upload/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let choice = html
        .split("name=\"choice\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let resp = b
        .http
        .post(app.url(&format!("/candidates/upload/{action}")))
        .form(&[("_csrf", b.csrf.as_str()), ("choice", choice.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let candidate = page(&format!("/candidates/{choice}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        candidate.contains("Epic Prelude") && candidate.contains("ana.txt"),
        "{candidate}"
    );
    // The waiting upload is used once.
    let resp = b
        .http
        .post(app.url(&format!("/candidates/upload/{action}")))
        .form(&[("_csrf", b.csrf.as_str()), ("choice", "new")])
        .send()
        .await
        .unwrap();
    assert!(resp.text().await.unwrap().contains("no longer waiting"));

    // Correcting on the page: "not a skill of theirs" holds after reading again.
    let resume = to.trim_start_matches("/resumes/");
    let resp = b
        .http
        .post(app.url(&format!("/candidates/{choice}/corrections")))
        .form(&[
            ("_csrf", b.csrf.as_str()),
            ("back", resume),
            ("field", "not_skill"),
            ("skill", "epic.prelude"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let resp = b
        .http
        .post(app.url(&format!("{to}/reparse")))
        .form(&[("_csrf", b.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = page(&to).await.unwrap().text().await.unwrap();
    assert!(html.contains("Epic Prelude is not one of their skills"), "{html}");
    let candidate = page(&format!("/candidates/{choice}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !candidate.contains("<strong>Epic Prelude</strong>"),
        "{candidate}"
    );

    // The work history is corrected on the same page: a wrong employer mended, a job that is not
    // one left out, a missed job added. A month that is not one is refused, and nothing changes.
    let html = page(&to).await.unwrap().text().await.unwrap();
    assert!(
        html.contains("name=\"employer_0\""),
        "the jobs are a form: {html}"
    );
    let history = |rows: &[(&str, &str)]| {
        let mut f: Vec<(String, String)> = vec![
            ("_csrf".into(), b.csrf.clone()),
            ("back".into(), resume.to_string()),
            ("field".into(), "work_history".into()),
        ];
        f.extend(rows.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())));
        f
    };
    let bad = history(&[
        ("title_0", "Analyst"),
        ("employer_0", "Lakeview"),
        ("start_0", "spring"),
    ]);
    let resp = b
        .http
        .post(app.url(&format!("/candidates/{choice}/corrections")))
        .form(&bad)
        .send()
        .await
        .unwrap();
    let body = resp.text().await.unwrap();
    assert!(body.contains("is not a month; write it as 2019-04"), "{body}");
    let good = history(&[
        ("title_0", "Senior Beaker Analyst"),
        ("employer_0", "Lakeview Health System"),
        ("start_0", "2019-01"),
        ("end_0", ""),
        ("title_1", "Lab Systems Analyst"),
        ("employer_1", "Mercy"),
        ("start_1", "2014-01"),
        ("end_1", "2018-12"),
        ("remove_1", "1"),
        ("title_2", "Medical Technologist"),
        ("employer_2", "St. David's Medical Center"),
        ("start_2", "2010-06"),
        ("end_2", "2013-12"),
    ]);
    let resp = b
        .http
        .post(app.url(&format!("/candidates/{choice}/corrections")))
        .form(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let resp = b
        .http
        .post(app.url(&format!("{to}/reparse")))
        .form(&[("_csrf", b.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let c = b.get(&app, &format!("/api/v1/candidates/{choice}")).await;
    let jobs: Vec<(String, String)> = c["experience"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["employer"].as_str().unwrap().to_string(), e["end"].to_string()))
        .collect();
    assert_eq!(
        jobs,
        [
            ("Lakeview Health System".to_string(), "null".to_string()),
            (
                "St. David's Medical Center".to_string(),
                "\"2014-01-01\"".to_string()
            ),
        ],
        "{c}"
    );
    let html = page(&to).await.unwrap().text().await.unwrap();
    assert!(html.contains("As corrected by hand"), "{html}");
    assert!(html.contains("Work history set by hand (2 jobs)"), "{html}");
}
