//! References to skills in the taxonomy, and what a requisition asks of them.

use crate::error::InvalidValue;
use serde::{Deserialize, Serialize};

parsed_string! {
    /// A taxonomy skill id: lower-case words joined by dots and underscores, e.g. `epic.beaker_cp`.
    /// Whether the id exists is the taxonomy's question; this type only guarantees its shape.
    pub struct SkillId; schema: "A skill of the taxonomy, by its id.", Some("epic.beaker_cp"),
        crate::openapi::Shape { pattern: Some("^[a-z0-9_]+(\\.[a-z0-9_]+)*$"), min_length: Some(1), max_length: Some(80) }
}

impl SkillId {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let s = input.trim();
        let ok = !s.is_empty()
            && s.len() <= 80
            && s.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(InvalidValue::new(
                "skill id",
                format!(
                    "{input:?} is not a skill id; ids look like epic.beaker_cp (pick skills from the list)"
                ),
            ))
        }
    }
}

code_enum! {
    /// How strong a person's standing in a product is. Epic distinguishes certification (after
    /// sponsored training and exams) from proficiency (exams without sponsorship), and badges add on to
    /// either; trainers and super users are roles on top. Ordered from weakest to strongest for matching.
    pub enum CredentialLevel as "credential level" {
        /// Worked with it; no credential.
        Experienced = ("experienced", "Experienced"),
        SuperUser = ("super_user", "Super user"),
        Proficient = ("proficient", "Proficient"),
        CredentialedTrainer = ("credentialed_trainer", "Credentialed trainer"),
        Certified = ("certified", "Certified"),
        Badge = ("badge", "Certified with badge"),
        PrincipalTrainer = ("principal_trainer", "Principal trainer"),
    }
}

impl CredentialLevel {
    /// Whether holding `self` satisfies a requirement of `wanted`. Certification outranks proficiency:
    /// a requisition that asks for "Epic proficient" is met by a certified analyst, not the other way.
    pub fn satisfies(self, wanted: CredentialLevel) -> bool {
        self >= wanted
    }
}

/// One skill a requisition asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SkillRequirement {
    pub skill: SkillId,
    /// Required (true) or preferred (false).
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_years: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<CredentialLevel>,
    /// Candidates without this skill are not ranked at all (not merely ranked low).
    #[serde(default)]
    pub hard_filter: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skill_ids() {
        assert!(SkillId::parse("epic.beaker_cp").is_ok());
        assert!(SkillId::parse("hl7.v2").is_ok());
        for bad in ["", "Epic Beaker", "epic..beaker", "epic.", "épic"] {
            assert!(SkillId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn certification_outranks_proficiency() {
        assert!(CredentialLevel::Certified.satisfies(CredentialLevel::Proficient));
        assert!(!CredentialLevel::Proficient.satisfies(CredentialLevel::Certified));
        assert!(CredentialLevel::Badge.satisfies(CredentialLevel::Certified));
        assert!(!CredentialLevel::Experienced.satisfies(CredentialLevel::Proficient));
    }
}
