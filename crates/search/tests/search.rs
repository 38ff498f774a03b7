//! Search over a real store: words, phrases, operators, filters, typo-tolerant names, snippets,
//! facets, and an index on disk that catches up after a restart.

use hitstaff_domain::{
    CandidateSkill, CredentialLevel, Experience, Location, NewApplication, NewCandidate, NewOrganization,
    NewResume, OrgId, PersonName, SkillId, Stage, UsState, WorkModel,
};
use hitstaff_search::{SearchIndex, SearchRequest, SearchResults};
use hitstaff_store::prelude::*;
use hitstaff_store_sqlite::SqliteStore;
use time::macros::date;

fn skill(id: &str, tenths: u16) -> CandidateSkill {
    CandidateSkill {
        skill: SkillId::parse(id).unwrap(),
        years_tenths: tenths,
        level: CredentialLevel::Certified,
        last_used_year: Some(2026),
    }
}

fn person(name: &str, place: &str, skills: Vec<CandidateSkill>, title: &str, employer: &str) -> NewCandidate {
    let mut c = NewCandidate::new(PersonName::parse(name).unwrap(), "referral");
    c.location = Some(Location::parse(place).unwrap());
    c.headline = Some(title.into());
    c.skills = skills;
    c.experience = vec![Experience {
        employer: employer.into(),
        title: title.into(),
        start: date!(2019 - 01 - 01),
        end: None,
        skills: vec![],
    }];
    c
}

async fn store() -> (SqliteStore, tempfile::TempDir, OrgId) {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open_path(&dir.path().join("db.sqlite"))
        .await
        .unwrap();
    s.migrate().await.unwrap();
    let org = s
        .create_organization(&NewOrganization::parse("Mercy IT", "mercy").unwrap())
        .await
        .unwrap()
        .id;
    (s, dir, org)
}

fn names(r: &SearchResults) -> Vec<&str> {
    let mut n: Vec<&str> = r.hits.iter().map(|h| h.name.as_str()).collect();
    n.sort_unstable();
    n
}

fn ask(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        limit: 20,
        ..SearchRequest::default()
    }
}

#[tokio::test]
async fn words_phrases_filters_names_snippets_and_facets() {
    let (s, _dir, org) = store().await;
    let mut ana = person(
        "Ana Whitfield",
        "Austin, TX 78701",
        vec![skill("epic.willow_inpatient", 60)],
        "Willow Inpatient Analyst",
        "St. David's Medical Center",
    );
    ana.preferences.models = vec![WorkModel::Remote];
    ana.available_from = Some(date!(2026 - 12 - 01));
    ana.tags = vec!["Go-Live".into()];
    let ana = s.create_candidate(org, &ana).await.unwrap();
    let mut bo = person(
        "Bo Lindqvist",
        "Madison, WI 53703",
        vec![skill("epic.beaker_cp", 40)],
        "Beaker Analyst",
        "UW Health",
    );
    bo.available_from = Some(date!(2027 - 06 - 01));
    let bo = s.create_candidate(org, &bo).await.unwrap();
    let cy = s
        .create_candidate(
            org,
            &person(
                "Cy Okafor",
                "Dallas, TX 75201",
                vec![skill("oracle_health.pharmnet", 80)],
                "PharmNet Analyst",
                "Parkland Health",
            ),
        )
        .await
        .unwrap();
    s.file_resume(
        org,
        hitstaff_store::ResumeOwner::AsIs(bo.id),
        &NewResume {
            file_name: "bo.txt".into(),
            format: "txt".into(),
            media_type: "text/plain".into(),
            sha256: "ab".repeat(32),
            content: b"resume".to_vec(),
            text: "Led the blood bank interface rebuild and the microbiology build for a Beaker go-live."
                .into(),
            parsed_json: "{}".into(),
        },
        None,
    )
    .await
    .unwrap();
    let client = s
        .create_client(
            org,
            &hitstaff_domain::NewClient {
                name: "Mercy General".into(),
                kind: hitstaff_domain::ClientKind::Hospital,
                locations: vec![],
                ehr_systems: vec![],
                notes: String::new(),
            },
        )
        .await
        .unwrap();
    // Another organisation's candidate never shows.
    let other = s
        .create_organization(&NewOrganization::parse("Other", "other").unwrap())
        .await
        .unwrap()
        .id;
    s.create_candidate(
        other,
        &person(
            "Ana Other",
            "Austin, TX",
            vec![skill("epic.willow_inpatient", 60)],
            "Willow Analyst",
            "X",
        ),
    )
    .await
    .unwrap();

    let index = SearchIndex::open(None).unwrap();
    assert_eq!(index.catch_up(&s).await.unwrap(), 0, "the first catch-up builds");
    assert_eq!(index.len(), 4);

    // Words in any field, all of them by default; resume text counts.
    assert_eq!(
        names(&index.search(org, &ask("willow")).unwrap()),
        vec!["Ana Whitfield"]
    );
    assert_eq!(
        names(&index.search(org, &ask("analyst health")).unwrap()),
        vec!["Bo Lindqvist", "Cy Okafor"]
    );
    assert_eq!(
        names(&index.search(org, &ask("microbiology")).unwrap()),
        vec!["Bo Lindqvist"]
    );
    // Phrases keep word order; operators combine.
    assert_eq!(
        names(&index.search(org, &ask("\"blood bank interface\"")).unwrap()),
        vec!["Bo Lindqvist"]
    );
    assert!(
        index
            .search(org, &ask("\"interface bank blood\""))
            .unwrap()
            .hits
            .is_empty()
    );
    assert_eq!(
        names(&index.search(org, &ask("willow OR pharmnet")).unwrap()),
        vec!["Ana Whitfield", "Cy Okafor"]
    );
    assert_eq!(
        names(&index.search(org, &ask("analyst -pharmnet")).unwrap()),
        vec!["Ana Whitfield", "Bo Lindqvist"]
    );
    // Fields in the words, and a name with a typo.
    assert_eq!(
        names(&index.search(org, &ask("state:TX")).unwrap()),
        vec!["Ana Whitfield", "Cy Okafor"]
    );
    assert_eq!(
        names(&index.search(org, &ask("name:whitfeld")).unwrap()),
        vec!["Ana Whitfield"]
    );
    assert_eq!(
        names(&index.search(org, &ask("lindqvst")).unwrap()),
        vec!["Bo Lindqvist"]
    );

    // Filters beside the words: skill (a vendor finds its modules), state, model, availability,
    // tag, distance.
    let filtered = |f: fn(&mut SearchRequest)| {
        let mut r = ask("");
        f(&mut r);
        names(&index.search(org, &r).unwrap())
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        filtered(|r| r.skills = vec![SkillId::parse("epic").unwrap()]),
        vec!["Ana Whitfield", "Bo Lindqvist"]
    );
    assert_eq!(
        filtered(|r| r.state = Some(UsState::parse("WI").unwrap())),
        vec!["Bo Lindqvist"]
    );
    assert_eq!(
        filtered(|r| r.model = Some(WorkModel::Remote)),
        vec!["Ana Whitfield"]
    );
    assert_eq!(
        filtered(|r| r.available_by = Some(date!(2027 - 01 - 01))),
        vec!["Ana Whitfield", "Cy Okafor"],
        "no date given counts as available"
    );
    assert_eq!(
        filtered(|r| r.tag = Some("go-live".into())),
        vec!["Ana Whitfield"]
    );
    let austin = hitstaff_matching::geo::Places::get().zip("78701").unwrap();
    assert_eq!(
        filtered(|r| r.near = None),
        vec!["Ana Whitfield", "Bo Lindqvist", "Cy Okafor"]
    );
    let mut near = ask("");
    near.near = Some((austin, 50.0));
    assert_eq!(names(&index.search(org, &near).unwrap()), vec!["Ana Whitfield"]);
    near.near = Some((austin, 250.0));
    assert_eq!(
        names(&index.search(org, &near).unwrap()),
        vec!["Ana Whitfield", "Cy Okafor"]
    );

    // Snippets mark the words; facets count what was found.
    let found = index.search(org, &ask("microbiology")).unwrap();
    assert!(
        found.hits[0].snippet_html.contains("<b>microbiology</b>"),
        "{:?}",
        found.hits[0]
    );
    let all = index.search(org, &ask("")).unwrap();
    assert_eq!(all.total, 3);
    let tx = all.facets.states.iter().find(|f| f.value == "TX").unwrap();
    assert_eq!(tx.count, 2);
    assert!(
        all.facets
            .skills
            .iter()
            .any(|f| f.value == "epic" && f.count == 2),
        "{:?}",
        all.facets.skills
    );

    // A query that cannot be read says how to fix it.
    let bad = index
        .search(org, &ask("\"unclosed phrase"))
        .unwrap_err()
        .to_string();
    assert!(bad.contains("close every"), "{bad}");

    // Pipeline stages, edits and deletions reach the index from the change feed.
    let req = s
        .create_requisition(
            org,
            &hitstaff_store_tests::fixtures::requisition(client.id, "Willow analyst"),
        )
        .await
        .unwrap();
    s.create_application(
        org,
        &NewApplication {
            candidate_id: cy.id,
            requisition_id: req.id,
            stage: Stage::Sourced,
        },
        None,
    )
    .await
    .unwrap();
    s.delete_candidate(org, ana.id).await.unwrap();
    assert!(index.catch_up(&s).await.unwrap() >= 2);
    assert_eq!(filtered(|r| r.stage = Some(Stage::Sourced)), vec!["Cy Okafor"]);
    assert!(index.search(org, &ask("willow")).unwrap().hits.is_empty());
}

#[tokio::test]
async fn the_index_on_disk_catches_up_after_a_restart_and_rebuilds_on_demand() {
    let (s, dir, org) = store().await;
    let folder = dir.path().join("search");
    let first = s
        .create_candidate(
            org,
            &person(
                "Dee Marsh",
                "Austin, TX",
                vec![skill("epic.cadence", 30)],
                "Cadence Analyst",
                "Ascension",
            ),
        )
        .await
        .unwrap();
    {
        let index = SearchIndex::open(Some(&folder)).unwrap();
        index.catch_up(&s).await.unwrap();
        assert_eq!(index.len(), 1);
        // A second process cannot write to the same folder.
        let busy = SearchIndex::open(Some(&folder)).unwrap_err().to_string();
        assert!(busy.contains("another hitstaff process"), "{busy}");
    }
    // Saved while no one was indexing (the server stopped or crashed).
    s.create_candidate(
        org,
        &person(
            "Eli Stone",
            "Austin, TX",
            vec![skill("epic.cadence", 30)],
            "Cadence Analyst",
            "Baylor",
        ),
    )
    .await
    .unwrap();
    s.delete_candidate(org, first.id).await.unwrap();
    let index = SearchIndex::open(Some(&folder)).unwrap();
    assert!(index.is_built().await, "the saved position survives");
    assert_eq!(index.len(), 1, "nothing applied yet");
    assert_eq!(index.catch_up(&s).await.unwrap(), 2);
    assert_eq!(
        names(&index.search(org, &ask("cadence")).unwrap()),
        vec!["Eli Stone"]
    );
    assert_eq!(index.rebuild(&s).await.unwrap(), 1);
    assert_eq!(
        names(&index.search(org, &ask("cadence")).unwrap()),
        vec!["Eli Stone"]
    );
}

/// Recruiters type short names: every alias of a skill finds the people who hold it, a full
/// certificate name too, and a skill named outranks a name forgiven a typo.
#[tokio::test]
async fn skills_are_found_by_every_name_and_outrank_forgiven_names() {
    let (s, _dir, org) = store().await;
    for (name, skills, title) in [
        (
            "Rae Lindqvist",
            vec![skill("epic.beaker_cp", 50)],
            "Lab Systems Analyst",
        ),
        ("Tom Baker", vec![skill("epic.cadence", 50)], "Scheduling Analyst"),
        (
            "Ida Nurse",
            vec![skill("epic.clindoc", 70)],
            "Clinical Informatics Analyst",
        ),
        (
            "Sol Finance",
            vec![skill("oracle_health.soarian", 90)],
            "Revenue Cycle Analyst",
        ),
    ] {
        s.create_candidate(
            org,
            &person(name, "Madison, WI 53703", skills, title, "UW Health"),
        )
        .await
        .unwrap();
    }
    let index = SearchIndex::open(None).unwrap();
    index.catch_up(&s).await.unwrap();
    let first = |q: &str| -> Vec<String> {
        index
            .search(org, &ask(q))
            .unwrap()
            .hits
            .iter()
            .map(|h| h.name.clone())
            .collect()
    };
    for q in [
        "ClinDoc",
        "clindoc",
        "Epic ClinDoc",
        "Inpatient Clinical Documentation",
        "EpicCare Inpatient Clinical Documentation",
    ] {
        assert_eq!(first(q), ["Ida Nurse"], "{q}");
    }
    assert_eq!(first("Soarian"), ["Sol Finance"]);
    // "Beaker" names the lab application: its analyst first, Baker (a forgiven typo) after.
    let beaker = first("beaker");
    assert_eq!(
        beaker.first().map(String::as_str),
        Some("Rae Lindqvist"),
        "{beaker:?}"
    );
    let analyst = first("Beaker analyst");
    assert_eq!(
        analyst.first().map(String::as_str),
        Some("Rae Lindqvist"),
        "{analyst:?}"
    );
    // The query syntax is left as written: a name search is about names.
    assert_eq!(first("name:baker"), ["Tom Baker"]);
}
