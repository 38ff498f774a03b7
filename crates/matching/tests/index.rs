//! The in-memory index ranks exactly as scoring every candidate does, whatever it skips, and
//! follows updates and deletions.

mod common;

use common::*;
use hitstaff_domain::{CandidateId, Intent, OrgId, WorkModel};
use hitstaff_matching::{CandidateIndex, Plan, Profile, Weights, score_only};
use proptest::prelude::*;

/// Every candidate scored, best first, ties to the older id: what the index must return.
fn everyone(
    r: &hitstaff_domain::NewRequisition,
    people: &[(CandidateId, hitstaff_domain::NewCandidate)],
    w: &Weights,
    k: usize,
) -> Vec<(CandidateId, u8)> {
    let mut all: Vec<(CandidateId, u8)> = people
        .iter()
        .filter_map(|(id, c)| score_only(r, c, w, TODAY).map(|s| (*id, s)))
        .collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.truncate(k);
    all
}

fn weights() -> impl Strategy<Value = Weights> {
    prop_oneof![
        Just(Weights::default()),
        (
            0u16..50,
            0u16..50,
            0u16..50,
            0u16..50,
            0u16..50,
            0u16..50,
            0u16..50,
            1u16..50
        )
            .prop_map(|(a, b, c, d, e, f, g, h)| Weights {
                required_skills: a,
                preferred_skills: b,
                intent: c,
                recency: d,
                experience: e,
                location: f,
                availability: g,
                pay: h,
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the requisition, weights and population, the index returns the same list as
    /// scoring everyone: its shortcuts never drop someone who belongs on the list.
    #[test]
    fn the_index_ranks_as_scoring_everyone_does(
        mut r in requisition_strategy(),
        people in proptest::collection::vec(candidate_strategy(), 0..120),
        w in weights(),
        k in 1usize..25,
        hard in any::<bool>(),
        only_preferred in any::<bool>(),
    ) {
        if hard {
            r.skills[0].hard_filter = true;
        } else if only_preferred {
            for s in &mut r.skills {
                s.required = false;
            }
        }
        // Ids in a fixed order, so that a failure replays with the same ties.
        let people: Vec<(CandidateId, _)> = people
            .into_iter()
            .enumerate()
            .map(|(i, c)| (CandidateId(uuid::Uuid::from_u128(i as u128 + 1)), c))
            .collect();
        let org = OrgId::new();
        let index = CandidateIndex::from_profiles(org, people.iter().map(|(id, c)| (*id, Profile::of(c))));
        let plan = Plan::new(&r, TODAY);
        prop_assert_eq!(index.top(org, &plan, &w, k), everyone(&r, &people, &w, k));
    }
}

#[test]
fn the_index_skips_the_unrelated_once_the_list_is_full() {
    // Ten Beaker analysts fill a top 5 with scores nobody without a laboratory skill can reach;
    // the result is still exactly the brute-force list.
    let r = requisition(
        vec![need("epic.beaker", true, Some(3), None)],
        Intent::Maintain,
        WorkModel::Onsite,
    );
    let mut people = Vec::new();
    for i in 0..10 {
        people.push((
            CandidateId::new(),
            candidate(
                vec![has(
                    "epic.beaker",
                    40 + i,
                    hitstaff_domain::CredentialLevel::Certified,
                    2026,
                )],
                "Madison, WI 53703",
            ),
        ));
    }
    for _ in 0..200 {
        people.push((
            CandidateId::new(),
            candidate(
                vec![has(
                    "sql",
                    90,
                    hitstaff_domain::CredentialLevel::Experienced,
                    2026,
                )],
                "Madison, WI 53703",
            ),
        ));
    }
    let org = OrgId::new();
    let index = CandidateIndex::from_profiles(org, people.iter().map(|(id, c)| (*id, Profile::of(c))));
    let w = Weights::default();
    let got = index.top(org, &Plan::new(&r, TODAY), &w, 5);
    assert_eq!(got, everyone(&r, &people, &w, 5));
    assert!(
        got.iter()
            .all(|(id, _)| people[..10].iter().any(|(p, _)| p == id))
    );
    // Another organisation sees none of them.
    assert!(index.top(OrgId::new(), &Plan::new(&r, TODAY), &w, 5).is_empty());
}

#[test]
fn a_large_organisation_is_ranked_on_two_threads_with_the_same_result() {
    // Past 20,000 candidates the slots are ranked in two halves at once; generated people and
    // requisitions of every shape must come out exactly as scoring everyone.
    let mut g = hitstaff_synth::Generator::new(5, TODAY);
    let people: Vec<(CandidateId, _)> = (0..21_000u64)
        .map(|i| {
            (
                CandidateId(uuid::Uuid::from_u128(u128::from(i) + 1)),
                g.candidate(i),
            )
        })
        .collect();
    let org = OrgId::new();
    let index = CandidateIndex::from_profiles(org, people.iter().map(|(id, c)| (*id, Profile::of(c))));
    let w = Weights::default();
    for n in 0..20 {
        let client = g.saved_client(org);
        let mut r = g.requisition(&client);
        if n % 5 == 0 {
            r.skills[0].required = true;
            r.skills[0].hard_filter = true;
        }
        let plan = Plan::new(&r, TODAY);
        assert_eq!(
            index.top(org, &plan, &w, 50),
            everyone(&r, &people, &w, 50),
            "requisition {n}"
        );
    }
}
