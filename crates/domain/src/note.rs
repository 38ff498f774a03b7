//! Notes: what recruiters write about candidates and applications, including the structured
//! assessment (strengths, weaknesses, recommendation) that matching will later draft for them.

use crate::error::{FieldError, ValidationErrors};
use crate::ids::{ApplicationId, CandidateId, NoteId, OrgId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum NoteSubject {
    Candidate(CandidateId),
    Application(ApplicationId),
}

code_enum! {
    pub enum Recommendation as "recommendation" {
        StrongYes = ("strong_yes", "Strong yes"),
        Yes = ("yes", "Yes"),
        Maybe = ("maybe", "Maybe"),
        No = ("no", "No"),
    }
}

/// A recruiter's structured judgement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assessment {
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub recommendation: Option<Recommendation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Note {
    pub id: NoteId,
    pub org_id: OrgId,
    pub subject: NoteSubject,
    pub author: Option<UserId>,
    #[serde(flatten)]
    pub fields: NewNote,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewNote {
    pub body: String,
    #[serde(default)]
    pub assessment: Assessment,
    /// Internal notes are never shown to the client's hiring managers.
    pub internal: bool,
}

impl NewNote {
    pub fn validate(self) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let body = self.body.trim().to_string();
        let a = &self.assessment;
        if body.is_empty() && a.strengths.is_empty() && a.weaknesses.is_empty() && a.recommendation.is_none()
        {
            errors.push(FieldError::new(
                "body",
                "the note is empty; write something or add a strength or weakness",
            ));
        }
        if body.chars().count() > 20_000 {
            errors.push(FieldError::new("body", "a note is at most 20,000 characters"));
        }
        for (field, items) in [("strengths", &a.strengths), ("weaknesses", &a.weaknesses)] {
            if items.len() > 30 {
                errors.push(FieldError::new(field, "at most 30 items"));
            }
            if items
                .iter()
                .any(|s| s.trim().is_empty() || s.chars().count() > 500)
            {
                errors.push(FieldError::new(field, "each item must be 1 to 500 characters"));
            }
        }
        errors.finish(|| Self { body, ..self })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_notes_refused() {
        let n = NewNote {
            body: "  ".into(),
            assessment: Assessment::default(),
            internal: true,
        };
        assert!(n.validate().unwrap_err().to_string().contains("empty"));
        let a = Assessment {
            strengths: vec!["Beaker CP certified".into()],
            ..Default::default()
        };
        assert!(
            NewNote {
                body: String::new(),
                assessment: a,
                internal: true
            }
            .validate()
            .is_ok()
        );
    }

    #[test]
    fn subject_json_shape() {
        let id = CandidateId::new();
        let json = serde_json::to_value(NoteSubject::Candidate(id)).unwrap();
        assert_eq!(json["kind"], "candidate");
        assert_eq!(json["id"], id.to_string());
    }
}
