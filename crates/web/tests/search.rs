//! Search over the API and on the page: words and filters, typo-tolerant names, snippets,
//! facets, saved searches, and changes reaching the index within a second.

mod common;

use common::{Browser, TestApp, browser};
use hitstaff_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn person(name: &str, place: &str, headline: &str, skill: &str, tags: &[&str]) -> Value {
    let (city, rest) = place.split_once(", ").unwrap();
    let (state, zip) = rest.split_once(' ').unwrap();
    json!({
        "name": name, "location": {"city": city, "state": state, "postal_code": zip}, "headline": headline, "tags": tags,
        "preferences": {"models": ["remote"], "travel": "none", "relocate": false},
        "skills": [{"skill": skill, "years_tenths": 50, "level": "certified", "last_used_year": 2026}]
    })
}

async fn add(b: &Browser, app: &TestApp, body: Value) -> Value {
    let resp = b
        .http
        .post(app.url("/api/v1/candidates"))
        .header("x-csrf-token", &b.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json().await.unwrap()
}

async fn search(b: &Browser, app: &TestApp, query: &str) -> (StatusCode, Value) {
    let resp = b
        .http
        .get(app.url(&format!("/api/v1/search?{query}")))
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn names(found: &Value) -> Vec<String> {
    let mut n: Vec<String> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

/// The names found once they are `want`, within a second of asking (saved changes must reach
/// the index that fast).
async fn found_within_a_second(b: &Browser, app: &TestApp, query: &str, want: &[&str]) -> Value {
    let started = Instant::now();
    loop {
        let (status, found) = search(b, app, query).await;
        assert_eq!(status, StatusCode::OK, "{found}");
        if names(&found) == want || started.elapsed() > Duration::from_secs(1) {
            assert_eq!(names(&found), want, "{query} after {:?}", started.elapsed());
            return found;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn recruiters_search_filter_save_and_see_changes_within_a_second() {
    let app = TestApp::spawn().await;
    let rec = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let ana = add(
        &rec,
        &app,
        person(
            "Ana Whitfield",
            "Austin, TX 78701",
            "Willow Inpatient Analyst",
            "epic.willow_inpatient",
            &["go-live"],
        ),
    )
    .await;
    add(
        &rec,
        &app,
        person(
            "Bo Lindqvist",
            "Madison, WI 53703",
            "Beaker <script>alert(1)</script> Analyst",
            "epic.beaker_cp",
            &[],
        ),
    )
    .await;
    add(
        &rec,
        &app,
        person(
            "Cy Okafor",
            "Dallas, TX 75201",
            "PharmNet Analyst",
            "oracle_health.pharmnet",
            &[],
        ),
    )
    .await;

    let found = found_within_a_second(
        &rec,
        &app,
        "q=analyst",
        &["Ana Whitfield", "Bo Lindqvist", "Cy Okafor"],
    )
    .await;
    assert_eq!(found["total"], 3);
    found_within_a_second(
        &rec,
        &app,
        "q=willow+OR+pharmnet",
        &["Ana Whitfield", "Cy Okafor"],
    )
    .await;
    found_within_a_second(&rec, &app, "q=whitfeld", &["Ana Whitfield"]).await;
    found_within_a_second(&rec, &app, "q=analyst&state=TX&skill=epic", &["Ana Whitfield"]).await;
    found_within_a_second(
        &rec,
        &app,
        "near=78701&miles=250",
        &["Ana Whitfield", "Cy Okafor"],
    )
    .await;
    found_within_a_second(&rec, &app, "tag=go-live&model=remote", &["Ana Whitfield"]).await;
    let (_, beaker) = search(&rec, &app, "q=%22beaker+script%22").await;
    let snippet = beaker["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(!snippet.contains("<script>"), "snippets are escaped: {snippet}");
    let facets = &found["facets"];
    assert!(
        facets["states"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["value"] == "TX" && f["count"] == 2),
        "{facets}"
    );

    // Bad input names the parameter and what to do.
    for (query, says) in [
        ("q=%22unclosed", "close every"),
        ("skill=epic.nope", "no single skill is called \"epic.nope\""),
        ("near=Atlantis", "cannot be placed"),
        ("miles=20", "give `near` too"),
        ("model=teleport", "model"),
    ] {
        let (status, problem) = search(&rec, &app, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains(says),
            "{query}: {problem}"
        );
    }

    // An edit and a deletion reach the index too.
    let id = ana["id"].as_str().unwrap();
    let resp = rec
        .http
        .delete(app.url(&format!("/api/v1/candidates/{id}")))
        .header("x-csrf-token", &rec.csrf)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    found_within_a_second(&rec, &app, "q=willow", &[]).await;

    // Saved searches: per user, replaced by name, rerun as saved.
    let save = |name: &str, search: Value| {
        rec.http
            .post(app.url("/api/v1/searches"))
            .header("x-csrf-token", &rec.csrf)
            .json(&json!({"name": name, "search": search}))
            .send()
    };
    assert_eq!(
        save("Texas analysts", json!({"q": "analyst", "state": "TX"}))
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        save(
            "Texas analysts",
            json!({"q": "pharmnet", "state": "TX", "available_within": "30"})
        )
        .await
        .unwrap()
        .status(),
        StatusCode::CREATED
    );
    let bad = save("Broken", json!({"q": "\"unclosed"})).await.unwrap();
    assert_eq!(
        bad.status(),
        StatusCode::BAD_REQUEST,
        "a search that cannot run is not saved"
    );
    let kept: Value = rec
        .http
        .get(app.url("/api/v1/searches"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(kept.as_array().unwrap().len(), 1, "{kept}");
    assert_eq!(kept[0]["search"]["q"], "pharmnet");
    let other = browser(&app, "other@mercy.test", Role::Recruiter).await;
    let theirs: Value = other
        .http
        .get(app.url("/api/v1/searches"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        theirs.as_array().unwrap().is_empty(),
        "saved searches are each user's own"
    );

    // The page: results with snippets and facets, the saved search listed.
    let html = rec.html(&app, "/search?q=pharmnet").await;
    assert!(
        html.contains("Cy Okafor") && html.contains("<b>PharmNet</b>"),
        "{html}"
    );
    assert!(
        html.contains("Texas analysts") && html.contains("Narrow the results"),
        "{html}"
    );
    let html = rec.html(&app, "/search?q=%22unclosed").await;
    assert!(
        html.contains("close every"),
        "the page explains a bad query: {html}"
    );
    let resp = rec
        .http
        .post(app.url("/search/saved"))
        .form(&[
            ("_csrf", rec.csrf.as_str()),
            ("name", "Remote"),
            ("query", "model=remote"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let kept: Value = rec
        .http
        .get(app.url("/api/v1/searches"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(kept.as_array().unwrap().len(), 2);
    let gone = rec
        .http
        .delete(app.url("/api/v1/searches/Texas%20analysts"))
        .header("x-csrf-token", &rec.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);

    // Hiring managers do not search the firm's candidates.
    let hm = browser(&app, "hm@mercy.test", Role::HiringManager).await;
    assert_eq!(search(&hm, &app, "q=analyst").await.0, StatusCode::FORBIDDEN);
}

/// The search page filters by skills picked by name (no ids to know): the picker lists them by
/// any alias, a pick comes back as a box to untick, several skills and the no-JavaScript "Add
/// skill" path work, and a name nothing matches is said plainly.
#[tokio::test]
async fn the_search_page_picks_skills_by_name() {
    let app = TestApp::spawn().await;
    let rec = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    add(
        &rec,
        &app,
        person(
            "Ida Nurse",
            "Madison, WI 53703",
            "ClinDoc Analyst",
            "epic.clindoc",
            &[],
        ),
    )
    .await;
    add(
        &rec,
        &app,
        person(
            "Bo Lindqvist",
            "Madison, WI 53703",
            "Lab Analyst",
            "epic.beaker_cp",
            &[],
        ),
    )
    .await;
    found_within_a_second(&rec, &app, "skill=ClinDoc", &["Ida Nurse"]).await;
    let page = |q: &str| {
        let (http, url) = (rec.http.clone(), app.url(&format!("/search?{q}")));
        async move { http.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let picker = page("").await;
    assert!(
        picker.contains("hx-get=\"/ui/skills?kind=filter\"") && !picker.contains("Skill ids"),
        "{picker}"
    );
    let list = rec.html(&app, "/ui/skills?kind=filter&skill_q=clin+doc").await;
    assert!(
        list.contains("Add Epic Inpatient Clinical Documentation") && list.contains("kind=filter"),
        "{list}"
    );
    let row = rec.html(&app, "/ui/skills/row?id=epic.clindoc&kind=filter").await;
    assert!(
        row.contains(r#"type="checkbox" name="skill" value="epic.clindoc" checked"#),
        "{row}"
    );
    // Picked boxes come back as repeated parameters; each must be held.
    let html = page("skill=epic.clindoc").await;
    assert!(
        html.contains("Ida Nurse") && !html.contains("Bo Lindqvist"),
        "{html}"
    );
    assert!(
        html.contains(r#"value="epic.clindoc" checked> Epic Inpatient Clinical Documentation"#),
        "{html}"
    );
    let both = page("skill=epic.clindoc&skill=beaker").await;
    assert!(both.contains("0 candidates found"), "{both}");
    let typed = page("skill_q=beaker+cp&action=add_skill").await;
    assert!(
        typed.contains("Bo Lindqvist") && typed.contains(r#"value="epic.beaker_cp" checked"#),
        "{typed}"
    );
    let unknown = page("skill_q=zzzz&action=add_skill").await;
    assert!(unknown.contains("no single skill matches “zzzz”"), "{unknown}");
    let api = search(&rec, &app, "skill=nothing+like+this").await;
    assert_eq!(api.0, StatusCode::BAD_REQUEST, "{:?}", api.1);
    assert!(
        api.1.to_string().contains("no single skill is called"),
        "{:?}",
        api.1
    );
}
