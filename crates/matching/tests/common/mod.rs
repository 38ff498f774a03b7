//! Requisitions and candidates for the matching tests: hand-made ones and proptest strategies.
#![allow(dead_code)]

use hitstaff_domain::{
    CandidateSkill, ClientId, CredentialLevel, DesiredPay, Engagement, Experience, Intent, Location, Money,
    NewCandidate, NewRequisition, PayRange, PayUnit, PersonName, Priority, Reason, RequisitionStatus,
    RoleFamily, SkillId, SkillRequirement, UsState, WorkModel, WorkPreferences, parse_date,
};
use proptest::prelude::*;
use time::Date;
use time::macros::date;

pub const TODAY: Date = date!(2026 - 11 - 22);

pub fn id(s: &str) -> SkillId {
    SkillId::parse(s).unwrap()
}

pub fn need(
    skill: &str,
    required: bool,
    years: Option<u8>,
    level: Option<CredentialLevel>,
) -> SkillRequirement {
    SkillRequirement {
        skill: id(skill),
        required,
        min_years: years,
        level,
        hard_filter: false,
    }
}

pub fn requisition(skills: Vec<SkillRequirement>, intent: Intent, model: WorkModel) -> NewRequisition {
    NewRequisition {
        client_id: ClientId::new(),
        title: "Analyst".into(),
        role_family: RoleFamily::ClinicalApplications,
        engagement: Engagement::Contract,
        intent,
        reason: Reason::SystemUpgrade,
        work_model: model,
        location: Some(Location::parse("Madison, WI 53703").unwrap()),
        remote_states: vec![],
        headcount: 1,
        start_date: Some(date!(2027 - 01 - 15)),
        duration_weeks: Some(26),
        skills,
        pay: Some(PayRange::new(Money::usd(80), Money::usd(110), PayUnit::Hour).unwrap()),
        priority: Priority::Normal,
        status: RequisitionStatus::Open,
        contacts: vec![],
        description: String::new(),
        owner_id: None,
    }
}

pub fn has(skill: &str, years_tenths: u16, level: CredentialLevel, last: i32) -> CandidateSkill {
    CandidateSkill {
        skill: id(skill),
        years_tenths,
        level,
        last_used_year: Some(last),
    }
}

pub fn candidate(skills: Vec<CandidateSkill>, place: &str) -> NewCandidate {
    let mut c = NewCandidate::new(PersonName::parse("Pat Example").unwrap(), "referral");
    c.location = Some(Location::parse(place).unwrap());
    c.skills = skills;
    c.experience = vec![Experience {
        employer: "Lakeview Health".into(),
        title: "Analyst".into(),
        start: date!(2016 - 01 - 01),
        end: None,
        skills: vec![],
    }];
    c.preferences = WorkPreferences {
        models: vec![WorkModel::Onsite, WorkModel::Hybrid, WorkModel::Remote],
        ..WorkPreferences::default()
    };
    c.available_from = Some(date!(2027 - 01 - 01));
    c.desired_pay = Some(DesiredPay {
        amount: Money::usd(95),
        unit: PayUnit::Hour,
    });
    c
}

pub const POOL: &[&str] = &[
    "epic.beaker",
    "epic.beaker_cp",
    "epic.beaker_ap",
    "epic.cadence",
    "epic.prelude",
    "epic.willow_inpatient",
    "oracle_health.pathnet",
    "oracle_health.pharmnet",
    "hl7.v2",
    "fhir",
    "sql",
    "practice.go_live",
];
pub const PLACES: &[&str] = &[
    "Madison, WI 53703",
    "Milwaukee, WI",
    "Phoenix, AZ",
    "Austin, TX",
    "Chicago, IL",
];

pub fn level() -> impl Strategy<Value = CredentialLevel> {
    proptest::sample::select(CredentialLevel::ALL.to_vec())
}

pub fn skill() -> impl Strategy<Value = CandidateSkill> {
    (proptest::sample::select(POOL), 0u16..150, level(), 2010i32..=2026)
        .prop_map(|(s, y, l, last)| has(s, y, l, last))
}

pub fn requirement() -> impl Strategy<Value = SkillRequirement> {
    (
        proptest::sample::select(POOL),
        any::<bool>(),
        proptest::option::of(1u8..8),
        proptest::option::of(level()),
    )
        .prop_map(|(s, required, years, level)| need(s, required, years, level))
}

pub fn requisition_strategy() -> impl Strategy<Value = NewRequisition> {
    (
        proptest::collection::vec(requirement(), 1..5),
        proptest::sample::select(Intent::ALL.to_vec()),
        proptest::sample::select(WorkModel::ALL.to_vec()),
    )
        .prop_map(|(mut skills, intent, model)| {
            // At least one requirement is required.
            skills[0].required = true;
            skills.sort_by(|a, b| a.skill.cmp(&b.skill));
            skills.dedup_by(|a, b| a.skill == b.skill);
            requisition(skills, intent, model)
        })
}

pub fn candidate_strategy() -> impl Strategy<Value = NewCandidate> {
    (
        proptest::collection::vec(skill(), 0..5),
        proptest::sample::select(PLACES),
        any::<bool>(),
        // Pay asked per hour (the budget is 80 to 110; over 154 is far over it), or none.
        proptest::option::of(40i64..200),
        // Free this many days after New Year (the start is on 15 January), or unknown.
        proptest::option::of(0i64..120),
        // Work models accepted, a bit each (none: no preference stated).
        0u8..8,
    )
        .prop_map(|(mut skills, place, relocate, pay, free_after, models)| {
            skills.sort_by(|a, b| a.skill.cmp(&b.skill));
            skills.dedup_by(|a, b| a.skill == b.skill);
            let mut c = candidate(skills, place);
            c.preferences.relocate = relocate;
            c.preferences.models = WorkModel::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| models & (1 << i) != 0)
                .map(|(_, m)| *m)
                .collect();
            c.desired_pay = pay.map(|dollars| DesiredPay {
                amount: Money::usd(dollars),
                unit: PayUnit::Hour,
            });
            c.available_from = free_after.map(|d| date!(2027 - 01 - 01) + time::Duration::days(d));
            c
        })
}

// Requisitions written as data (cases.toml, judged/requisitions.toml).

#[derive(Debug, serde::Deserialize)]
pub struct Need {
    pub skill: String,
    #[serde(default = "yes")]
    pub required: bool,
    pub min_years: Option<u8>,
    pub level: Option<String>,
    #[serde(default)]
    pub hard_filter: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, serde::Deserialize)]
pub struct Req {
    pub skills: Vec<Need>,
    /// What the job is called (the scorer does not read it).
    #[serde(default = "analyst")]
    pub title: String,
    #[serde(default = "maintain")]
    pub intent: String,
    #[serde(default = "onsite")]
    pub work_model: String,
    #[serde(default = "madison")]
    pub location: String,
    #[serde(default)]
    pub remote_states: Vec<String>,
    pub start: Option<String>,
    /// [min, max, unit]
    pub pay: Option<(i64, i64, String)>,
    /// "permanent", "contract" or "contract_to_hire"; by default from the pay's unit.
    pub engagement: Option<String>,
}

fn maintain() -> String {
    "maintain".into()
}
fn onsite() -> String {
    "onsite".into()
}
pub fn madison() -> String {
    "Madison, WI 53703".into()
}

fn analyst() -> String {
    "Analyst".into()
}

pub fn unit(s: &str) -> PayUnit {
    PayUnit::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

/// A requisition written as data, for `client`.
pub fn requisition_from(r: &Req, client: ClientId) -> NewRequisition {
    NewRequisition {
        client_id: client,
        title: r.title.clone(),
        role_family: RoleFamily::ClinicalApplications,
        // A salaried budget is a permanent role; an hourly one a contract (as the form insists).
        engagement: match (&r.engagement, &r.pay) {
            (Some(e), _) => Engagement::parse(e).unwrap(),
            (None, Some((_, _, u))) if u == "year" => Engagement::Permanent,
            (None, _) => Engagement::Contract,
        },
        intent: Intent::parse(&r.intent).unwrap(),
        reason: Reason::SystemUpgrade,
        work_model: WorkModel::parse(&r.work_model).unwrap(),
        location: Some(Location::parse(&r.location).unwrap()),
        remote_states: r
            .remote_states
            .iter()
            .map(|s| UsState::parse(s).unwrap())
            .collect(),
        headcount: 1,
        start_date: r.start.as_deref().map(|d| parse_date(d).unwrap()),
        duration_weeks: None,
        skills: r
            .skills
            .iter()
            .map(|n| SkillRequirement {
                skill: SkillId::parse(&n.skill).unwrap(),
                required: n.required,
                min_years: n.min_years,
                level: n.level.as_deref().map(|l| CredentialLevel::parse(l).unwrap()),
                hard_filter: n.hard_filter,
            })
            .collect(),
        pay: r
            .pay
            .as_ref()
            .map(|(lo, hi, u)| PayRange::new(Money::usd(*lo), Money::usd(*hi), unit(u)).unwrap()),
        priority: Priority::Normal,
        status: RequisitionStatus::Open,
        contacts: vec![],
        description: String::new(),
        owner_id: None,
    }
}
