//! Scores and reasons: hand-made cases with expected orderings and words, and the properties that
//! keep the ranking fair (more of what is asked never lowers a score).

mod common;

use common::*;
use hitstaff_domain::{
    CandidateSkill, CredentialLevel, DesiredPay, Intent, Location, Money, NewCandidate, NewRequisition,
    PayUnit, SkillRequirement, WorkModel,
};
use hitstaff_matching::{Match, Weights, score};
use proptest::prelude::*;
use time::macros::date;

fn run(r: &NewRequisition, c: &NewCandidate) -> Match {
    score(r, c, &Weights::default(), TODAY).expect("ranked")
}

fn texts(reasons: &[hitstaff_matching::Reason]) -> String {
    reasons
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn the_exact_product_beats_a_related_one_and_says_so() {
    let r = requisition(
        vec![need(
            "epic.beaker_cp",
            true,
            Some(3),
            Some(CredentialLevel::Certified),
        )],
        Intent::Maintain,
        WorkModel::Onsite,
    );
    let beaker = candidate(
        vec![has("epic.beaker_cp", 60, CredentialLevel::Certified, 2026)],
        "Madison, WI 53703",
    );
    let pathnet = candidate(
        vec![has(
            "oracle_health.pathnet",
            80,
            CredentialLevel::Experienced,
            2026,
        )],
        "Madison, WI 53703",
    );
    let sibling = candidate(
        vec![has("epic.beaker_ap", 60, CredentialLevel::Certified, 2026)],
        "Madison, WI 53703",
    );
    let nothing = candidate(vec![], "Madison, WI 53703");
    let (a, b, s, n) = (
        run(&r, &beaker),
        run(&r, &pathnet),
        run(&r, &sibling),
        run(&r, &nothing),
    );
    assert!(
        a.score > s.score && s.score > b.score && b.score > n.score,
        "{} {} {} {}",
        a.score,
        s.score,
        b.score,
        n.score
    );
    assert!(
        texts(&a.strengths).contains("Epic Beaker Clinical Pathology (6.0 years, certified)"),
        "{}",
        texts(&a.strengths)
    );
    assert!(
        texts(&a.strengths).contains("6.0 years on Epic Beaker Clinical Pathology, the system to maintain"),
        "{}",
        texts(&a.strengths)
    );
    assert!(
        texts(&b.weaknesses)
            .contains("Oracle Health PathNet, related to Epic Beaker Clinical Pathology: laboratory systems"),
        "{}",
        texts(&b.weaknesses)
    );
    assert!(
        texts(&n.weaknesses).contains("No Epic Beaker Clinical Pathology (required)"),
        "{}",
        texts(&n.weaknesses)
    );
    assert!(a.score >= 90, "a full match scores high: {}", a.score);
}

#[test]
fn level_and_years_short_of_the_ask_are_weaknesses() {
    let r = requisition(
        vec![need(
            "epic.cadence",
            true,
            Some(5),
            Some(CredentialLevel::Certified),
        )],
        Intent::Optimize,
        WorkModel::Remote,
    );
    let strong = candidate(
        vec![has("epic.cadence", 70, CredentialLevel::Certified, 2026)],
        "Austin, TX",
    );
    let junior = candidate(
        vec![has("epic.cadence", 20, CredentialLevel::Proficient, 2026)],
        "Austin, TX",
    );
    let (s, j) = (run(&r, &strong), run(&r, &junior));
    assert!(s.score > j.score);
    let w = texts(&j.weaknesses);
    assert!(
        w.contains("certified asked") && w.contains("5 years asked"),
        "{w}"
    );
}

#[test]
fn implementations_value_go_lives_and_breadth() {
    let r = requisition(
        vec![
            need("epic.beaker", true, None, None),
            need("hl7.v2", false, None, None),
        ],
        Intent::Implement,
        WorkModel::Remote,
    );
    let mut builder = candidate(
        vec![
            has("epic.beaker", 40, CredentialLevel::Certified, 2026),
            has("epic.beaker_ap", 30, CredentialLevel::Proficient, 2025),
            has("sunquest", 30, CredentialLevel::Experienced, 2022),
            has("practice.go_live", 30, CredentialLevel::Experienced, 2026),
        ],
        "Denver, CO",
    );
    builder.experience[0].title = "Implementation Consultant".into();
    let maintainer = candidate(
        vec![has("epic.beaker", 40, CredentialLevel::Certified, 2026)],
        "Denver, CO",
    );
    let (b, m) = (run(&r, &builder), run(&r, &maintainer));
    assert!(b.score > m.score, "{} vs {}", b.score, m.score);
    assert!(texts(&b.strengths).contains("Implementation and go-live history"));
    assert!(texts(&m.weaknesses).contains("No go-live or implementation history"));
}

#[test]
fn distance_availability_and_pay_count_and_are_explained() {
    let r = requisition(
        vec![need("epic.beaker", true, None, None)],
        Intent::Maintain,
        WorkModel::Onsite,
    );
    let near = candidate(
        vec![has("epic.beaker", 50, CredentialLevel::Certified, 2026)],
        "Madison, WI 53703",
    );
    let mut far = near.clone();
    far.location = Some(Location::parse("Phoenix, AZ").unwrap());
    let mut mover = far.clone();
    mover.preferences.relocate = true;
    let (n, f, m) = (run(&r, &near), run(&r, &far), run(&r, &mover));
    assert!(
        n.score > m.score && m.score > f.score,
        "{} {} {}",
        n.score,
        m.score,
        f.score
    );
    assert!(
        texts(&n.strengths).contains("Lives 0 miles from the site"),
        "{}",
        texts(&n.strengths)
    );
    assert!(
        texts(&f.weaknesses).contains("miles from the site"),
        "{}",
        texts(&f.weaknesses)
    );
    assert!(texts(&m.strengths).contains("willing to relocate"));

    let mut late = near.clone();
    late.available_from = Some(date!(2027 - 04 - 01));
    let mut dear = near.clone();
    dear.desired_pay = Some(DesiredPay {
        amount: Money::usd(150),
        unit: PayUnit::Hour,
    });
    let (l, d) = (run(&r, &late), run(&r, &dear));
    assert!(n.score > l.score && n.score > d.score);
    assert!(texts(&l.weaknesses).contains("days after the start date"));
    assert!(
        texts(&d.weaknesses).contains("Asks $150 per hour, over the $110 budget"),
        "{}",
        texts(&d.weaknesses)
    );
}

#[test]
fn a_hard_filter_leaves_a_candidate_out() {
    let mut req = need("epic.willow_inpatient", true, None, None);
    req.hard_filter = true;
    let r = requisition(vec![req], Intent::Maintain, WorkModel::Remote);
    let related = candidate(
        vec![has(
            "oracle_health.pharmnet",
            90,
            CredentialLevel::Certified,
            2026,
        )],
        "Austin, TX",
    );
    assert!(score(&r, &related, &Weights::default(), TODAY).is_none());
    let exact = candidate(
        vec![has(
            "epic.willow_inpatient",
            20,
            CredentialLevel::Experienced,
            2026,
        )],
        "Austin, TX",
    );
    assert!(score(&r, &exact, &Weights::default(), TODAY).is_some());
}

#[test]
fn remote_states_limit_where_a_remote_hire_may_live() {
    let mut r = requisition(
        vec![need("epic.beaker", true, None, None)],
        Intent::Maintain,
        WorkModel::Remote,
    );
    r.remote_states = vec![hitstaff_domain::UsState::parse("TX").unwrap()];
    let texan = candidate(
        vec![has("epic.beaker", 50, CredentialLevel::Certified, 2026)],
        "Austin, TX",
    );
    let mut ohioan = texan.clone();
    ohioan.location = Some(Location::parse("Columbus, OH").unwrap());
    let (t, o) = (run(&r, &texan), run(&r, &ohioan));
    assert!(t.score > o.score);
    assert!(
        texts(&o.weaknesses).contains("Lives in OH; remote only from TX"),
        "{}",
        texts(&o.weaknesses)
    );
}

#[test]
fn weights_are_the_organisation_s_to_change() {
    let r = requisition(
        vec![need("epic.beaker", true, None, None)],
        Intent::Maintain,
        WorkModel::Onsite,
    );
    let c = candidate(
        vec![has("epic.beaker", 50, CredentialLevel::Certified, 2026)],
        "Phoenix, AZ",
    );
    let default = score(&r, &c, &Weights::default(), TODAY).unwrap().score;
    let skills_only = Weights {
        location: 0,
        availability: 0,
        pay: 0,
        ..Weights::default()
    };
    let heavier = score(&r, &c, &skills_only, TODAY).unwrap().score;
    assert!(
        heavier > default,
        "without location, a far candidate scores higher: {heavier} vs {default}"
    );
}

proptest! {
    /// Gaining a skill the requisition asks for never lowers a candidate's score.
    #[test]
    fn adding_a_required_skill_never_lowers_the_score(
        r in requisition_strategy(),
        mut c in candidate_strategy(),
        which in any::<prop::sample::Index>(),
        years in 0u16..150,
        lvl in level(),
        last in 2010i32..=2026,
    ) {
        let asked: Vec<&SkillRequirement> = r.skills.iter().filter(|s| s.required).collect();
        let target = asked[which.index(asked.len())].skill.clone();
        c.skills.retain(|s| s.skill != target);
        let before = run(&r, &c).score;
        let mut more = c.clone();
        more.skills.push(CandidateSkill { skill: target, years_tenths: years, level: lvl, last_used_year: Some(last) });
        let after = run(&r, &more).score;
        prop_assert!(after >= before, "{before} -> {after}");
    }

    /// The fast path used for ranking gives the same score as the explained one.
    #[test]
    fn the_score_alone_is_the_explained_score(r in requisition_strategy(), c in candidate_strategy()) {
        let w = Weights::default();
        prop_assert_eq!(hitstaff_matching::score_only(&r, &c, &w, TODAY), score(&r, &c, &w, TODAY).map(|m| m.score));
    }

    /// Someone who meets every requirement outranks someone who meets only some of them.
    #[test]
    fn meeting_everything_outranks_meeting_a_subset(r in requisition_strategy(), drop in any::<prop::sample::Index>()) {
        let full: Vec<CandidateSkill> = r
            .skills
            .iter()
            .map(|s| has(s.skill.as_str(), u16::from(s.min_years.unwrap_or(1)) * 10 + 10, s.level.unwrap_or(CredentialLevel::Certified).max(CredentialLevel::Certified), 2026))
            .collect();
        let all = candidate(full.clone(), "Madison, WI 53703");
        let mut subset = full;
        let required: Vec<usize> = r.skills.iter().enumerate().filter(|(_, s)| s.required).map(|(i, _)| i).collect();
        subset.remove(required[drop.index(required.len())]);
        let some = candidate(subset, "Madison, WI 53703");
        prop_assert!(run(&r, &all).score > run(&r, &some).score);
    }
}
