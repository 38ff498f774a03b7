//! Resumes on file and the corrections recruiters make to what was read from them.

use crate::ids::{CandidateId, OrgId, ResumeId, UserId};
use crate::skill::{CredentialLevel, SkillId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A resume to keep: the original file, its text, and what was read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResume {
    /// As the sender named it (shown, never used as a path).
    pub file_name: String,
    /// What the content is (sniffed from the bytes): "pdf", "docx", "odt", "rtf", "html", "txt",
    /// "json".
    pub format: String,
    pub media_type: String,
    /// Lower-case hex SHA-256 of the content: the same file twice is one resume.
    pub sha256: String,
    pub content: Vec<u8>,
    pub text: String,
    /// The profile read from the text, as JSON Resume with hitstaff's evidence.
    pub parsed_json: String,
}

/// A resume on file, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResumeInfo {
    pub id: ResumeId,
    pub org_id: OrgId,
    pub candidate_id: CandidateId,
    pub file_name: String,
    pub format: String,
    pub media_type: String,
    pub sha256: String,
    pub size_bytes: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub created_by: Option<UserId>,
}

/// A resume's text and what was read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub info: ResumeInfo,
    pub text: String,
    pub parsed_json: String,
}

/// A recruiter's correction of a fact read from resumes. It outlives any one parse: reading the
/// resume again (or a newer one) never undoes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Correction {
    Name {
        value: String,
    },
    Email {
        value: String,
    },
    Phone {
        value: String,
    },
    Location {
        value: String,
    },
    /// The resume does not show this skill (a misreading): leave it out.
    SkillRemoved {
        skill: SkillId,
    },
    /// The skill as the recruiter knows it, whatever the resume says.
    Skill {
        skill: SkillId,
        level: CredentialLevel,
        years_tenths: u16,
        last_used_year: Option<i32>,
    },
}

impl Correction {
    /// What the correction is about; one correction per key and candidate, the latest wins.
    pub fn key(&self) -> String {
        match self {
            Correction::Name { .. } => "name".into(),
            Correction::Email { .. } => "email".into(),
            Correction::Phone { .. } => "phone".into(),
            Correction::Location { .. } => "location".into(),
            Correction::SkillRemoved { skill } | Correction::Skill { skill, .. } => format!("skill:{skill}"),
        }
    }
}

/// A correction as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredCorrection {
    pub candidate_id: CandidateId,
    #[serde(flatten)]
    pub correction: Correction,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub created_by: Option<UserId>,
}

/// Why a candidate on file may be the person a new resume is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameEmail,
    SamePhone,
    SameNameAndCity,
}

impl DuplicateReason {
    pub fn label(self) -> &'static str {
        match self {
            DuplicateReason::SameEmail => "same email",
            DuplicateReason::SamePhone => "same phone",
            DuplicateReason::SameNameAndCity => "same name and city",
        }
    }
}
