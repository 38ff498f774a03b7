//! The ordering cases in `cases.toml`: requisitions of many shapes, a few candidates each, the
//! order a recruiter would rank them in, and words their strengths and weaknesses must contain.
//! Each case is scored directly, and again through each store backend and the candidate index,
//! as the server ranks them.

use hitstaff_domain::{
    CandidateSkill, ClientId, CredentialLevel, DesiredPay, Experience, Location, Money, NewCandidate,
    PersonName, SkillId, Travel, WorkModel, WorkPreferences, parse_date,
};
mod common;

use common::{Req, requisition_from, unit};
use hitstaff_matching::{AtClient, CandidateIndex, Match, Weights, best_candidates};
use hitstaff_store::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use time::macros::date;

#[derive(Debug, Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    requisition: Req,
    candidates: Vec<Cand>,
    /// Candidates' names, best first; candidates left out by a hard filter are not listed.
    order: Vec<String>,
    #[serde(default)]
    excluded: Vec<String>,
    #[serde(default)]
    strengths: HashMap<String, Vec<String>>,
    #[serde(default)]
    weaknesses: HashMap<String, Vec<String>>,
    /// Words that must appear in none of a candidate's reasons.
    #[serde(default)]
    unsaid: HashMap<String, Vec<String>>,
    /// The band each named candidate's score must fall in ("submit-ready", "worth a call",
    /// "long shot", "missing a requirement").
    #[serde(default)]
    bands: HashMap<String, String>,
    /// The EHR products the client runs (skill ids); none by default.
    #[serde(default)]
    client_ehr: Vec<String>,
}

impl Case {
    fn client_systems(&self) -> Vec<SkillId> {
        self.client_ehr
            .iter()
            .map(|s| SkillId::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")))
            .collect()
    }
}

#[derive(Debug, Deserialize)]
struct Cand {
    name: String,
    /// [skill, years, level, last used]
    #[serde(default)]
    skills: Vec<(String, f64, String, i32)>,
    #[serde(default = "common::madison")]
    location: String,
    #[serde(default)]
    models: Vec<String>,
    #[serde(default)]
    relocate: bool,
    /// "none", "some", "half" or "full".
    travel: Option<String>,
    available: Option<String>,
    /// [amount, unit]
    pay: Option<(i64, String)>,
    #[serde(default = "analyst")]
    title: String,
    #[serde(default = "since")]
    since: String,
}

fn analyst() -> String {
    "Analyst".into()
}
fn since() -> String {
    "2016-01-01".into()
}

fn candidate(c: &Cand) -> NewCandidate {
    let mut n = NewCandidate::new(PersonName::parse(&c.name).unwrap(), "referral");
    n.location = Some(Location::parse(&c.location).unwrap());
    n.skills = c
        .skills
        .iter()
        .map(|(s, y, l, last)| CandidateSkill {
            skill: SkillId::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")),
            years_tenths: (y * 10.0).round() as u16,
            level: CredentialLevel::parse(l).unwrap(),
            last_used_year: Some(*last),
        })
        .collect();
    n.preferences = WorkPreferences {
        models: c.models.iter().map(|m| WorkModel::parse(m).unwrap()).collect(),
        relocate: c.relocate,
        travel: c
            .travel
            .as_deref()
            .map_or(Travel::None, |t| Travel::parse(t).unwrap()),
    };
    n.available_from = c.available.as_deref().map(|d| parse_date(d).unwrap());
    n.desired_pay = c.pay.as_ref().map(|(a, u)| DesiredPay {
        amount: Money::usd(*a),
        unit: unit(u),
    });
    n.experience = vec![Experience {
        employer: "Lakeview Health".into(),
        title: c.title.clone(),
        start: parse_date(&c.since).unwrap(),
        end: None,
        skills: vec![],
    }];
    n
}

/// The day the cases are judged on (their start and availability dates are set against it).
const TODAY: time::Date = date!(2026 - 11 - 22);

fn cases() -> File {
    let file: File = toml::from_str(include_str!("cases.toml")).expect("cases.toml");
    assert!(file.case.len() >= 30, "{} cases; at least 30", file.case.len());
    file
}

/// What is wrong with one case's ranking (best first, by name) and the names left out.
fn judge(
    case: &Case,
    ranked: &[(u8, String)],
    left_out: &[String],
    reasons: &HashMap<String, Match>,
) -> Vec<String> {
    let mut failures = Vec::new();
    let order: Vec<&String> = ranked.iter().map(|(_, n)| n).collect();
    // Ties must not decide an expected order.
    let strictly = ranked.windows(2).all(|w| w[0].0 > w[1].0);
    if order != case.order.iter().collect::<Vec<_>>() || !strictly {
        failures.push(format!(
            "{}: ranked {ranked:?}, expected {:?}",
            case.name, case.order
        ));
    }
    if left_out != case.excluded {
        failures.push(format!(
            "{}: left out {left_out:?}, expected {:?}",
            case.name, case.excluded
        ));
    }
    for (expect, strengths) in [(&case.strengths, true), (&case.weaknesses, false)] {
        for (who, words) in expect {
            let Some(m) = reasons.get(who) else {
                failures.push(format!("{}: no match for {who}", case.name));
                continue;
            };
            let list = if strengths { &m.strengths } else { &m.weaknesses };
            let all: Vec<&str> = list.iter().map(|r| r.text.as_str()).collect();
            for w in words {
                if !all.iter().any(|t| t.contains(w.as_str())) {
                    failures.push(format!(
                        "{}: {who}'s {} lack {w:?}: {all:?}",
                        case.name,
                        if strengths { "strengths" } else { "weaknesses" }
                    ));
                }
            }
        }
    }
    for (who, words) in &case.unsaid {
        let Some(m) = reasons.get(who) else {
            failures.push(format!("{}: no match for {who}", case.name));
            continue;
        };
        for r in m.strengths.iter().chain(&m.weaknesses) {
            if words.iter().any(|w| r.text.contains(w.as_str())) {
                failures.push(format!("{}: {who} is told {:?}", case.name, r.text));
            }
        }
    }
    for (who, band) in &case.bands {
        match reasons.get(who) {
            Some(m) if hitstaff_matching::band::name(m.score) == band => {}
            Some(m) => failures.push(format!(
                "{}: {who} scores {} ({}), expected {band}",
                case.name,
                m.score,
                hitstaff_matching::band::name(m.score)
            )),
            None => failures.push(format!("{}: no match for {who}", case.name)),
        }
    }
    failures
}

fn assert_none(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_cases_rank_and_explain_as_a_recruiter_would() {
    let mut failures = Vec::new();
    for case in &cases().case {
        let r = requisition_from(&case.requisition, ClientId::new());
        let at = AtClient::new(&r, &case.client_systems());
        let mut ranked = Vec::new();
        let mut left_out = Vec::new();
        let mut reasons = HashMap::new();
        for c in &case.candidates {
            match at.score(&candidate(c), &Weights::default(), TODAY) {
                Some(m) => {
                    ranked.push((m.score, c.name.clone()));
                    reasons.insert(c.name.clone(), m);
                }
                None => left_out.push(c.name.clone()),
            }
        }
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        failures.extend(judge(case, &ranked, &left_out, &reasons));
    }
    assert_none(&failures);
}

/// Every case saved in the store (an organisation each, so that cases do not mix), the index
/// loaded from it, and each requisition ranked as the server ranks it: what the store gives back
/// must rank exactly as the cases say.
async fn through_the_store<S: Store>(store: &S) {
    let file = cases();
    let mut saved = Vec::new();
    for (n, case) in file.case.iter().enumerate() {
        let org = store
            .create_organization(
                &hitstaff_domain::NewOrganization::parse(&case.name, &format!("case-{n}")).unwrap(),
            )
            .await
            .unwrap()
            .id;
        let mut client = hitstaff_store_tests::fixtures::client("Lakeview Health");
        client.ehr_systems = case
            .client_systems()
            .into_iter()
            .map(|product| hitstaff_domain::EhrSystem {
                product,
                version: None,
                live_since: None,
            })
            .collect();
        let client = store.create_client(org, &client).await.unwrap().id;
        let batch: Vec<NewCandidate> = case.candidates.iter().map(candidate).collect();
        let ids = store.insert_candidates(org, &batch).await.unwrap();
        let names: HashMap<_, _> = ids
            .into_iter()
            .zip(case.candidates.iter().map(|c| c.name.clone()))
            .collect();
        let r = store
            .create_requisition(org, &requisition_from(&case.requisition, client))
            .await
            .unwrap();
        saved.push((org, r, names));
    }
    let index = std::sync::Arc::new(CandidateIndex::default());
    index.load(store, None).await.unwrap();
    let mut failures = Vec::new();
    for (case, (org, r, names)) in file.case.iter().zip(&saved) {
        let best = best_candidates(&index, store, *org, r, &Weights::default(), TODAY, 50)
            .await
            .unwrap();
        let ranked: Vec<(u8, String)> = best
            .iter()
            .map(|(id, _, m)| (m.score, names[id].clone()))
            .collect();
        let left_out: Vec<String> = case
            .candidates
            .iter()
            .map(|c| c.name.clone())
            .filter(|n| !ranked.iter().any(|(_, r)| r == n))
            .collect();
        let reasons: HashMap<String, Match> = best
            .into_iter()
            .map(|(id, _, m)| (names[&id].clone(), m))
            .collect();
        failures.extend(judge(case, &ranked, &left_out, &reasons));
    }
    assert_none(&failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cases_rank_the_same_saved_in_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = hitstaff_store_sqlite::SqliteStore::open_path(&dir.path().join("cases.sqlite"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    through_the_store(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cases_rank_the_same_saved_in_postgres() {
    // None outside CI without a server; in CI a missing server fails inside new_database.
    let Some((admin, name, url)) = hitstaff_store_tests::postgres::new_database().await else {
        return;
    };
    let store = hitstaff_store_postgres::PgStore::open_with(&url, 4)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    through_the_store(&store).await;
    store.close().await;
    hitstaff_store_tests::postgres::drop_database(&admin, &name).await;
}
