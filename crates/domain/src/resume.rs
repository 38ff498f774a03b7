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
    /// The work history as the recruiter knows it: every job, newest first, in place of the jobs
    /// read from resumes (employers, titles and dates are the reader's most common mistakes).
    WorkHistory {
        roles: Vec<CorrectedRole>,
    },
}

/// One job of a corrected work history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CorrectedRole {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub employer: String,
    /// The first day of the month it began; `None` for a job listed without dates.
    #[serde(default)]
    pub start: Option<time::Date>,
    /// The first day after it ended; `None` while it goes on (or without dates).
    #[serde(default)]
    pub end: Option<time::Date>,
}

/// The most jobs a corrected work history may hold.
pub const MAX_CORRECTED_ROLES: usize = 100;

impl CorrectedRole {
    /// What is wrong with the job, if anything.
    pub fn problem(&self) -> Option<String> {
        let (title, employer) = (self.title.trim(), self.employer.trim());
        if title.is_empty() && employer.is_empty() {
            return Some("each job needs a title or an employer".into());
        }
        if title.chars().count() > 200 || employer.chars().count() > 200 {
            return Some("a title or employer is at most 200 characters".into());
        }
        if title.chars().chain(employer.chars()).any(char::is_control) {
            return Some("a title or employer may not hold control characters".into());
        }
        match (self.start, self.end) {
            (None, Some(_)) => Some(format!("{title} at {employer}: an end needs a start")),
            (Some(s), Some(e)) if e <= s => Some(format!("{title} at {employer}: it ends before it starts")),
            _ => None,
        }
    }
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
            Correction::WorkHistory { .. } => "work_history".into(),
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
