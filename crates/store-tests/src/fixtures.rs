//! Small, valid domain values for tests.

use hitstaff_domain::{
    CandidateSkill, ClientId, ClientKind, CredentialLevel, EhrSystem, Email, Engagement, Intent, Location,
    Money, NewCandidate, NewClient, NewOrganization, NewRequisition, PayRange, PayUnit, PersonName, Priority,
    Reason, RequisitionStatus, RoleFamily, SkillId, SkillRequirement, UsState, WorkModel,
};
use time::macros::date;

pub fn org(slug: &str) -> NewOrganization {
    NewOrganization::parse(&format!("Org {slug}"), slug).expect("valid org")
}

pub fn skill(id: &str) -> SkillId {
    SkillId::parse(id).expect("valid skill id")
}

pub fn client(name: &str) -> NewClient {
    NewClient {
        name: name.into(),
        kind: ClientKind::Hospital,
        locations: vec![Location::parse("Chicago, IL 60611").expect("valid")],
        ehr_systems: vec![EhrSystem {
            product: skill("epic"),
            version: Some("November 2025".into()),
            live_since: None,
        }],
        notes: String::new(),
    }
}

pub fn requisition(client: ClientId, title: &str) -> NewRequisition {
    NewRequisition {
        client_id: client,
        title: title.into(),
        role_family: RoleFamily::ClinicalApplications,
        engagement: Engagement::Contract,
        intent: Intent::Implement,
        reason: Reason::NewImplementation,
        work_model: WorkModel::Remote,
        location: None,
        remote_states: vec![UsState::parse("TX").expect("valid")],
        headcount: 1,
        start_date: Some(date!(2027 - 01 - 04)),
        duration_weeks: Some(26),
        skills: vec![SkillRequirement {
            skill: skill("epic.beaker_cp"),
            required: true,
            min_years: Some(3),
            level: Some(CredentialLevel::Certified),
            hard_filter: false,
        }],
        pay: Some(PayRange::new(Money::usd(85), Money::usd(110), PayUnit::Hour).expect("valid")),
        priority: Priority::High,
        status: RequisitionStatus::Open,
        contacts: vec![],
        description: "Beaker CP build for a new lab go-live.".into(),
        owner_id: None,
    }
}

pub fn candidate(name: &str, email: Option<&str>) -> NewCandidate {
    let mut c = NewCandidate::new(PersonName::parse(name).expect("valid"), "referral");
    c.email = email.map(|e| Email::parse(e).expect("valid"));
    c.location = Some(Location::parse("Austin, TX 78701").expect("valid"));
    c.skills = vec![CandidateSkill {
        skill: skill("epic.beaker_cp"),
        years_tenths: 45,
        level: CredentialLevel::Certified,
        last_used_year: Some(2026),
    }];
    c.tags = vec!["go-live".into()];
    c
}
