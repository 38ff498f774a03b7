//! Ranked, explained matches over the API and on the pages.

mod common;

use common::{Browser, TestApp, browser};
use hitstaff_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

impl Browser {
    async fn post(&self, app: &TestApp, path: &str, body: Value) -> Value {
        let resp = self
            .http
            .post(app.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED, "{path}");
        resp.json().await.unwrap()
    }

    /// A ranking once it shows `names` (best first), or as it is after a second: saved changes
    /// must reach the rankings within one second (on PostgreSQL the change feed may hold a
    /// change back while older transactions elsewhere in the cluster finish).
    async fn ranking_within_a_second(&self, app: &TestApp, path: &str, names: &[&str]) -> Value {
        let started = std::time::Instant::now();
        loop {
            let (status, ranked) = self.get(app, path).await;
            assert_eq!(status, StatusCode::OK, "{ranked}");
            let got: Vec<&str> = ranked
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["name"].as_str().unwrap())
                .collect();
            if got == names || started.elapsed() > std::time::Duration::from_secs(1) {
                assert_eq!(got, names, "the ranking after {:?}", started.elapsed());
                return ranked;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    async fn get(&self, app: &TestApp, path: &str) -> (StatusCode, Value) {
        let resp = self.http.get(app.url(path)).send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

fn person(name: &str, skills: Value) -> Value {
    json!({
        "name": name, "location": {"city": "Austin", "state": "TX"}, "preferences": {"models": ["remote"], "travel": "none", "relocate": false},
        "desired_pay": {"amount": {"cents": 9500, "currency": "usd"}, "unit": "hour"}, "available_from": "2026-12-15",
        "skills": skills
    })
}

#[tokio::test]
async fn requisitions_rank_candidates_and_candidates_rank_requisitions() {
    let app = TestApp::spawn().await;
    let rec = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let req = rec
        .post(
            &app,
            "/api/v1/requisitions",
            json!({
                "client_id": app.client.to_string(), "title": "Beaker CP analyst", "role_family": "clinical_applications",
                "engagement": "contract", "intent": "maintain", "reason": "system_upgrade", "work_model": "remote",
                "remote_states": ["TX"], "start_date": "2027-01-04",
                "skills": [{"skill": "epic.beaker_cp", "required": true, "min_years": 3, "level": "certified"},
                           {"skill": "hl7.v2", "required": false}],
                "pay": {"min": {"cents": 8500, "currency": "usd"}, "max": {"cents": 11000, "currency": "usd"}, "unit": "hour"}
            }),
        )
        .await;
    let rid = req["id"].as_str().unwrap().to_string();
    let skill = |id: &str, tenths: u32, level: &str| json!({"skill": id, "years_tenths": tenths, "level": level, "last_used_year": 2026});
    let best = rec
        .post(
            &app,
            "/api/v1/candidates",
            person(
                "Ana Best",
                json!([
                    skill("epic.beaker_cp", 60, "certified"),
                    skill("hl7.v2", 40, "experienced")
                ]),
            ),
        )
        .await;
    rec.post(
        &app,
        "/api/v1/candidates",
        person("Bo Sibling", json!([skill("epic.beaker_ap", 60, "certified")])),
    )
    .await;
    rec.post(
        &app,
        "/api/v1/candidates",
        person(
            "Cy Related",
            json!([skill("oracle_health.pathnet", 80, "experienced")]),
        ),
    )
    .await;
    rec.post(
        &app,
        "/api/v1/candidates",
        person("Di Unrelated", json!([skill("python", 80, "experienced")])),
    )
    .await;

    // Exact, then a sibling module, then a related product, then nothing in common.
    let ranked = rec
        .ranking_within_a_second(
            &app,
            &format!("/api/v1/requisitions/{rid}/matches"),
            &["Ana Best", "Bo Sibling", "Cy Related", "Di Unrelated"],
        )
        .await;
    let last = &ranked[3];
    assert!(last["score"].as_u64().unwrap() < 50, "{last}");
    assert!(
        last["weaknesses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["text"].as_str().unwrap().starts_with("No ")),
        "the missing requirement is named: {last}"
    );
    let first = &ranked[0];
    assert!(first["score"].as_u64().unwrap() >= 90, "{first}");
    assert!(
        first["strengths"]
            .to_string()
            .contains("Epic Beaker Clinical Pathology (6.0 years, certified)"),
        "{first}"
    );
    assert_eq!(
        first["strengths"][0]["evidence"],
        json!({"kind": "skill", "skill": "epic.beaker_cp"})
    );
    assert!(
        ranked[2]["weaknesses"]
            .to_string()
            .contains("related to Epic Beaker Clinical Pathology: laboratory systems")
    );
    assert_eq!(first["in_pipeline"], false);

    // Added to the pipeline, the candidate is marked so.
    let best_id = best["id"].as_str().unwrap().to_string();
    rec.post(
        &app,
        "/api/v1/applications",
        json!({"candidate_id": best_id, "requisition_id": rid}),
    )
    .await;
    let (_, ranked) = rec
        .get(&app, &format!("/api/v1/requisitions/{rid}/matches?limit=1"))
        .await;
    assert_eq!(ranked.as_array().unwrap().len(), 1);
    assert_eq!(ranked[0]["in_pipeline"], true);

    // The other way: the best open requisitions for a candidate.
    let (status, reqs) = rec
        .get(&app, &format!("/api/v1/candidates/{best_id}/matches"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reqs[0]["requisition_id"], rid.as_str());

    // The pages: score bars, reasons, and one click to the pipeline for those not in it.
    let html = rec.html(&app, &format!("/requisitions/{rid}")).await;
    assert!(html.contains("Best matches") && html.contains("<meter"), "{html}");
    assert!(
        html.contains("In the pipeline") && html.contains("Add Bo Sibling to the pipeline"),
        "{html}"
    );
    let html = rec.html(&app, &format!("/candidates/{best_id}")).await;
    assert!(
        html.contains("Best open requisitions") && html.contains("Beaker CP analyst"),
        "{html}"
    );
    // Already in that pipeline: said so where the requisition is listed, instead of an add.
    assert!(
        html.contains("In the pipeline") && !html.contains("Add to the pipeline of"),
        "{html}"
    );

    // Adding from the best matches stays on the requisition, so the next one is one click away.
    let (_, ranked) = rec
        .get(&app, &format!("/api/v1/requisitions/{rid}/matches"))
        .await;
    let bo = ranked
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Bo Sibling")
        .unwrap()["candidate_id"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = rec
        .http
        .post(app.url(&format!("/candidates/{bo}/applications")))
        .form(&[
            ("_csrf", rec.csrf.as_str()),
            ("requisition_id", rid.as_str()),
            ("back", &format!("/requisitions/{rid}#matches")),
        ])
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_redirection(), "{}", resp.status());
    assert_eq!(
        resp.headers()["location"],
        format!("/requisitions/{rid}#matches").as_str()
    );
    let html = rec.html(&app, &format!("/requisitions/{rid}")).await;
    assert!(
        html.contains("Added to the pipeline") && !html.contains("Add Bo Sibling to the pipeline"),
        "{html}"
    );
    // And from a candidate's best open requisitions, one click too.
    let html = rec.html(&app, &format!("/candidates/{bo}")).await;
    assert!(html.contains("In the pipeline"), "{html}");

    // Hiring managers do not see rankings.
    let hm = browser(&app, "hm@mercy.test", Role::HiringManager).await;
    let (status, _) = hm.get(&app, &format!("/api/v1/requisitions/{rid}/matches")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = rec.get(&app, "/api/v1/requisitions/not-an-id/matches").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_skill_marked_as_a_must_leaves_out_everyone_without_it() {
    let app = TestApp::spawn().await;
    let rec = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let (http, csrf) = (&rec.http, rec.csrf.clone());
    let client = app.client.to_string();
    let resp = http
        .post(app.url("/requisitions"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("client_id", client.as_str()),
            ("title", "Willow pharmacist analyst"),
            ("role_family", "clinical_applications"),
            ("engagement", "contract"),
            ("intent", "maintain"),
            ("reason", "system_upgrade"),
            ("work_model", "remote"),
            ("headcount", "1"),
            ("skill_id", "epic.willow_inpatient"),
            ("skill_need", "must"),
            ("skill_level", ""),
            ("skill_years", ""),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::SEE_OTHER,
        "{}",
        resp.text().await.unwrap()
    );
    let page = resp.headers()["location"].to_str().unwrap().to_string();
    let rid = page.trim_start_matches("/requisitions/").to_string();
    let (_, r) = rec.get(&app, &format!("/api/v1/requisitions/{rid}")).await;
    assert_eq!(r["skills"][0]["hard_filter"], true, "{r}");
    let html = http
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("required; candidates without it are not ranked"),
        "{html}"
    );

    let skill =
        |id: &str| json!([{"skill": id, "years_tenths": 50, "level": "certified", "last_used_year": 2026}]);
    rec.post(
        &app,
        "/api/v1/candidates",
        person("Wes Willow", skill("epic.willow_inpatient")),
    )
    .await;
    rec.post(
        &app,
        "/api/v1/candidates",
        person("Pia PharmNet", skill("oracle_health.pharmnet")),
    )
    .await;
    // The related product is not enough for a must.
    rec.ranking_within_a_second(
        &app,
        &format!("/api/v1/requisitions/{rid}/matches"),
        &["Wes Willow"],
    )
    .await;
}

#[tokio::test]
async fn administrators_set_how_much_each_factor_counts() {
    let app = TestApp::spawn().await;
    let admin = browser(&app, "admin@mercy.test", Role::Admin).await;
    let rec = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let (status, w) = rec.get(&app, "/api/v1/settings/matching").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        w["required_skills"], 40,
        "the defaults until someone changes them"
    );

    let put = |b: &Browser, body: Value| {
        b.http
            .put(app.url("/api/v1/settings/matching"))
            .header("x-csrf-token", &b.csrf)
            .json(&body)
            .send()
    };
    assert_eq!(
        put(&rec, json!({"pay": 0})).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let zero = json!({"required_skills": 0, "preferred_skills": 0, "intent": 0, "recency": 0, "experience": 0, "location": 0, "availability": 0, "pay": 0});
    assert_eq!(
        put(&admin, zero).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put(&admin, json!({"pay": 5000})).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Required skills at 0 (the rest as they are) would let people without the product top
    // the list: refused, naming the field and the rule.
    let resp = put(&admin, json!({"required_skills": 0})).await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "required_skills");
    assert!(
        body["errors"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("at least 20%"),
        "{body}"
    );

    // Only the skills count now: a candidate with every skill asked scores 100 whatever else.
    let only_skills = json!({"required_skills": 1, "preferred_skills": 0, "intent": 0, "recency": 0, "experience": 0, "location": 0, "availability": 0, "pay": 0});
    assert_eq!(put(&admin, only_skills).await.unwrap().status(), StatusCode::OK);
    let (_, w) = rec.get(&app, "/api/v1/settings/matching").await;
    assert_eq!(
        (w["required_skills"].as_u64(), w["location"].as_u64()),
        (Some(1), Some(0))
    );
    let req = rec
        .post(
            &app,
            "/api/v1/requisitions",
            json!({
                "client_id": app.client.to_string(), "title": "Cadence analyst", "role_family": "clinical_applications",
                "engagement": "contract", "intent": "maintain", "reason": "system_upgrade", "work_model": "onsite",
                "location": {"city": "Madison", "state": "WI"},
                "skills": [{"skill": "epic.cadence", "required": true}]
            }),
        )
        .await;
    let far = json!([{"skill": "epic.cadence", "years_tenths": 10, "level": "experienced", "last_used_year": 2015}]);
    rec.post(&app, "/api/v1/candidates", person("Far Away", far))
        .await;
    let (_, ranked) = rec
        .get(
            &app,
            &format!("/api/v1/requisitions/{}/matches", req["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(ranked[0]["score"], 100, "{ranked}");
    // And back to the defaults in one request.
    let reset = admin
        .http
        .delete(app.url("/api/v1/settings/matching"))
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::OK);
    let (_, w) = rec.get(&app, "/api/v1/settings/matching").await;
    assert_eq!(
        (w["required_skills"].as_u64(), w["location"].as_u64()),
        (Some(40), Some(12))
    );
}

#[tokio::test]
async fn the_administration_page_edits_the_weights() {
    let app = TestApp::spawn().await;
    let admin = browser(&app, "admin@mercy.test", Role::Admin).await;
    let html = admin.html(&app, "/admin/matching").await;
    assert!(
        html.contains("name=\"required_skills\"") && html.contains("value=\"40\""),
        "{html}"
    );
    let fields = |pay: &str| {
        vec![
            ("_csrf", admin.csrf.clone()),
            ("required_skills", "60".to_string()),
            ("preferred_skills", "10".to_string()),
            ("intent", "10".to_string()),
            ("recency", "5".to_string()),
            ("experience", "5".to_string()),
            ("location", "5".to_string()),
            ("availability", "5".to_string()),
            ("pay", pay.to_string()),
        ]
    };
    let resp = admin
        .http
        .post(app.url("/admin/matching"))
        .form(&fields("lots"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("a whole number from 0 to 1,000") && html.contains("value=\"lots\""),
        "kept as typed: {html}"
    );
    let (_, w) = admin.get(&app, "/api/v1/settings/matching").await;
    assert_eq!(w["required_skills"], 40, "nothing saved");
    let resp = admin
        .http
        .post(app.url("/admin/matching"))
        .form(&fields("0"))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success() || resp.status().is_redirection());
    let (_, w) = admin.get(&app, "/api/v1/settings/matching").await;
    assert_eq!(
        (w["required_skills"].as_u64(), w["pay"].as_u64()),
        (Some(60), Some(0))
    );

    // A preview on a requisition shows its best candidates under the weights typed, and saves
    // nothing.
    let req = admin
        .post(
            &app,
            "/api/v1/requisitions",
            json!({
                "client_id": app.client.to_string(), "title": "Cadence preview", "role_family": "clinical_applications",
                "engagement": "contract", "intent": "maintain", "reason": "system_upgrade", "work_model": "remote",
                "skills": [{"skill": "epic.cadence", "required": true}]
            }),
        )
        .await;
    let rid = req["id"].as_str().unwrap().to_string();
    assert_eq!(req["status"], "open", "new requisitions are open");
    let cadence =
        json!([{"skill": "epic.cadence", "years_tenths": 60, "level": "certified", "last_used_year": 2026}]);
    admin
        .post(&app, "/api/v1/candidates", person("Cara Cadence", cadence))
        .await;
    let mut typed = fields("5");
    typed.push(("action", "preview".into()));
    typed.push(("requisition_id", rid.clone()));
    let resp = admin
        .http
        .post(app.url("/admin/matching"))
        .form(&typed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("Preview: REQ-") && html.contains("Cara Cadence"),
        "{html}"
    );
    let (_, w) = admin.get(&app, "/api/v1/settings/matching").await;
    assert_eq!(w["pay"], 0, "a preview saves nothing");
    // Required skills at 0 is refused on the page too, with the rule.
    let mut zero = fields("5");
    zero[1] = ("required_skills", "0".to_string());
    let resp = admin
        .http
        .post(app.url("/admin/matching"))
        .form(&zero)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("at least 20%"));
    // Restore the defaults.
    let resp = admin
        .http
        .post(app.url("/admin/matching/reset"))
        .form(&[("_csrf", admin.csrf.clone())])
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success() || resp.status().is_redirection());
    let (_, w) = admin.get(&app, "/api/v1/settings/matching").await;
    assert_eq!(
        (w["required_skills"].as_u64(), w["pay"].as_u64()),
        (Some(40), Some(5))
    );
}

#[tokio::test]
async fn a_saved_change_reaches_the_rankings_within_a_second() {
    let app = TestApp::spawn().await;
    let rec = browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let req = rec
        .post(
            &app,
            "/api/v1/requisitions",
            json!({
                "client_id": app.client.to_string(), "title": "Willow analyst", "role_family": "clinical_applications",
                "engagement": "contract", "intent": "maintain", "reason": "system_upgrade", "work_model": "remote",
                "skills": [{"skill": "epic.willow_inpatient", "required": true, "hard_filter": true}]
            }),
        )
        .await;
    let path = format!("/api/v1/requisitions/{}/matches", req["id"].as_str().unwrap());
    rec.ranking_within_a_second(&app, &path, &[]).await;

    // Saved by another program on the same database (an import, another server): the
    // background loop picks it up without anyone asking for a ranking.
    let held = app.candidates.len();
    let mut new = hitstaff_domain::NewCandidate::new(
        hitstaff_domain::PersonName::parse("Wes Willow").unwrap(),
        "import",
    );
    new.skills = vec![hitstaff_domain::CandidateSkill {
        skill: hitstaff_domain::SkillId::parse("epic.willow_inpatient").unwrap(),
        years_tenths: 40,
        level: hitstaff_domain::CredentialLevel::Certified,
        last_used_year: Some(2026),
    }];
    let started = std::time::Instant::now();
    let wes = app.store.create_candidate(app.org, &new).await.unwrap();
    while app.candidates.len() == held && started.elapsed() < std::time::Duration::from_secs(5) {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let took = started.elapsed();
    assert!(
        took < std::time::Duration::from_secs(1),
        "the index saw the new candidate after {took:?}"
    );
    rec.ranking_within_a_second(&app, &path, &["Wes Willow"]).await;

    // Saved through the API.
    let vic = rec
        .post(
            &app,
            "/api/v1/candidates",
            person(
                "Vic Willow",
                json!([{"skill": "epic.willow_inpatient", "years_tenths": 90, "level": "certified", "last_used_year": 2026}]),
            ),
        )
        .await;
    rec.ranking_within_a_second(&app, &path, &["Vic Willow", "Wes Willow"])
        .await;

    // An edit that drops the skill, and a deletion, take them out.
    let vic_id = vic["id"].as_str().unwrap();
    let mut edited = vic.clone();
    edited["skills"] = json!([]);
    let resp = rec
        .http
        .put(app.url(&format!("/api/v1/candidates/{vic_id}")))
        .header("x-csrf-token", &rec.csrf)
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{}", resp.text().await.unwrap());
    rec.ranking_within_a_second(&app, &path, &["Wes Willow"]).await;
    app.store.delete_candidate(app.org, wes.id).await.unwrap();
    rec.ranking_within_a_second(&app, &path, &[]).await;
}
