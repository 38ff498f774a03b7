//! Candidates: the people, their skills, their careers and what they want.

use crate::contact::{Email, PersonName, Phone};
use crate::error::{FieldError, ValidationErrors};
use crate::geo::Location;
use crate::ids::{CandidateId, OrgId};
use crate::money::{Money, PayUnit};
use crate::npi::Npi;
use crate::requisition::WorkModel;
use crate::skill::{CredentialLevel, SkillId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum! {
    pub enum EmploymentStatus as "employment status" {
        Employed = ("employed", "Employed"),
        Consultant = ("consultant", "Independent consultant"),
        ContractEnding = ("contract_ending", "Contract ending"),
        NotEmployed = ("not_employed", "Not employed"),
    }
}

code_enum! {
    /// How far a candidate will travel for work.
    pub enum Travel as "travel willingness" {
        None = ("none", "No travel"),
        Some = ("some", "Up to 25%"),
        Half = ("half", "Up to 50%"),
        Full = ("full", "Up to 100%"),
    }
}

/// Where and how a candidate is willing to work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WorkPreferences {
    /// The work models they accept; empty means no stated preference.
    pub models: Vec<WorkModel>,
    pub travel: Travel,
    pub relocate: bool,
}

impl Default for WorkPreferences {
    fn default() -> Self {
        Self {
            models: Vec::new(),
            travel: Travel::None,
            relocate: false,
        }
    }
}

/// Consent given by the candidate, with when it was recorded (needed to honour data-retention and
/// contact rules: no consent to contact, no outreach; no consent to keep, the record must be purged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Consent {
    pub contact: bool,
    pub retain: bool,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub recorded_at: Option<OffsetDateTime>,
}

/// A skill on a candidate's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CandidateSkill {
    pub skill: SkillId,
    /// Years of use, in tenths (35 = 3.5 years), so that sums stay exact.
    pub years_tenths: u16,
    pub level: CredentialLevel,
    pub last_used_year: Option<i32>,
}

/// One role in a career.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Experience {
    pub employer: String,
    pub title: String,
    pub start: Date,
    /// `None` while current ("Present").
    pub end: Option<Date>,
    #[serde(default)]
    pub skills: Vec<SkillId>,
}

/// What a candidate wants to earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DesiredPay {
    pub amount: Money,
    pub unit: PayUnit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Candidate {
    pub id: CandidateId,
    pub org_id: OrgId,
    #[serde(flatten)]
    pub fields: NewCandidate,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// Everything about a candidate that a user or an import writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewCandidate {
    pub name: PersonName,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub location: Option<Location>,
    /// Current or most recent title, e.g. "Epic Beaker Analyst".
    pub headline: Option<String>,
    #[serde(default)]
    pub preferences: WorkPreferences,
    pub available_from: Option<Date>,
    pub desired_pay: Option<DesiredPay>,
    #[serde(default = "employed")]
    pub employment_status: EmploymentStatus,
    pub current_employer: Option<String>,
    /// Where the candidate came from: `careers_site`, `indeed`, `referral`, `import`...
    #[serde(default = "api_source")]
    pub source: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub consent: Consent,
    pub npi: Option<Npi>,
    #[serde(default)]
    pub skills: Vec<CandidateSkill>,
    #[serde(default)]
    pub experience: Vec<Experience>,
}

fn employed() -> EmploymentStatus {
    EmploymentStatus::Employed
}

/// Candidates created through the API without a stated source came from another system.
fn api_source() -> String {
    "api".into()
}

impl NewCandidate {
    /// A minimal candidate: a name and where they came from.
    pub fn new(name: PersonName, source: &str) -> Self {
        Self {
            name,
            email: None,
            phone: None,
            location: None,
            headline: None,
            preferences: WorkPreferences::default(),
            available_from: None,
            desired_pay: None,
            employment_status: EmploymentStatus::Employed,
            current_employer: None,
            source: source.to_string(),
            tags: Vec::new(),
            consent: Consent::default(),
            npi: None,
            skills: Vec::new(),
            experience: Vec::new(),
        }
    }

    /// Checks free-text lengths, the source and tag shapes, skill duplicates and career dates;
    /// normalises the source (see [`source_code`]) and tags to lower case.
    pub fn validate(mut self) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let short_text = |v: &Option<String>, field: &str, errors: &mut ValidationErrors| {
            if v.as_ref()
                .is_some_and(|t| t.chars().count() > 200 || t.chars().any(char::is_control))
            {
                errors.push(FieldError::new(field, "at most 200 characters on one line"));
            }
        };
        short_text(&self.headline, "headline", &mut errors);
        short_text(&self.current_employer, "current_employer", &mut errors);
        self.source = source_code(&self.source);
        if !is_slug(&self.source) {
            errors.push(FieldError::new(
                "source",
                "a source is a short lower-case code such as careers_site, indeed or referral",
            ));
        }
        for tag in &mut self.tags {
            *tag = tag.trim().to_lowercase();
        }
        self.tags.sort();
        self.tags.dedup();
        if let Some(bad) = self
            .tags
            .iter()
            .find(|t| t.is_empty() || t.chars().count() > 40 || t.contains(','))
        {
            errors.push(FieldError::new(
                "tags",
                format!("tag {bad:?} must be 1 to 40 characters without commas"),
            ));
        }
        if self.tags.len() > 50 {
            errors.push(FieldError::new("tags", "at most 50 tags"));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, s) in self.skills.iter().enumerate() {
            if !seen.insert(&s.skill) {
                errors.push(FieldError::new(
                    format!("skills[{i}]"),
                    format!("{} is listed twice", s.skill),
                ));
            }
            if s.years_tenths > 600 {
                errors.push(FieldError::new(format!("skills[{i}].years"), "at most 60 years"));
            }
        }
        for (i, e) in self.experience.iter().enumerate() {
            if e.end.is_some_and(|end| end < e.start) {
                errors.push(FieldError::new(
                    format!("experience[{i}]"),
                    "the role ends before it starts",
                ));
            }
            if e.employer.trim().is_empty() || e.title.trim().is_empty() {
                errors.push(FieldError::new(
                    format!("experience[{i}]"),
                    "a role needs an employer and a title",
                ));
            }
        }
        errors.finish(|| self)
    }
}

/// A source as stored and filtered: trimmed, lower case, spaces and hyphens as underscores
/// ("Careers site" and "careers-site" are `careers_site`). Writing and filtering both use it, so
/// a filter finds what was written whatever the case it was typed in.
pub fn source_code(raw: &str) -> String {
    raw.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn is_slug(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_one_code_however_typed() {
        assert_eq!(source_code("  Careers Site "), "careers_site");
        assert_eq!(source_code("LinkedIn"), "linkedin");
        assert_eq!(source_code("job-board"), "job_board");
    }
    use time::macros::date;

    fn jane() -> NewCandidate {
        NewCandidate::new(PersonName::parse("Jane Doe").unwrap(), "referral")
    }

    #[test]
    fn minimal_candidate_is_valid() {
        assert!(jane().validate().is_ok());
    }

    #[test]
    fn tags_are_normalised() {
        let c = NewCandidate {
            tags: vec![" Epic ".into(), "epic".into(), "Go-Live".into()],
            ..jane()
        };
        assert_eq!(c.validate().unwrap().tags, ["epic", "go-live"]);
    }

    #[test]
    fn bad_fields_are_named() {
        let c = NewCandidate {
            source: "Job Board!".into(),
            experience: vec![Experience {
                employer: "Mercy".into(),
                title: "Analyst".into(),
                start: date!(2020 - 01 - 01),
                end: Some(date!(2019 - 01 - 01)),
                skills: vec![],
            }],
            ..jane()
        };
        let fields: Vec<String> = c
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["source", "experience[0]"]);
    }
}
