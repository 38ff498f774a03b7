//! Clients: the healthcare facilities and systems a staffing firm (or IT department) hires for.

use crate::error::{FieldError, ValidationErrors};
use crate::geo::Location;
use crate::ids::{ClientId, OrgId};
use crate::skill::SkillId;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum! {
    pub enum ClientKind as "client kind" {
        Hospital = ("hospital", "Hospital"),
        HealthSystem = ("health_system", "Health system"),
        AcademicMedicalCenter = ("academic_medical_center", "Academic medical center"),
        CriticalAccessHospital = ("critical_access_hospital", "Critical access hospital"),
        Clinic = ("clinic", "Clinic"),
        PhysicianGroup = ("physician_group", "Physician group"),
        Payer = ("payer", "Payer"),
        LongTermCare = ("long_term_care", "Long-term care"),
        Laboratory = ("laboratory", "Laboratory"),
        Other = ("other", "Other"),
    }
}

/// A clinical or business system a client runs, as a taxonomy product (e.g. `epic`,
/// `oracle_health.millennium`, `meditech.expanse`) with the version they are on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EhrSystem {
    pub product: SkillId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_since: Option<Date>,
}

/// Product naming is the taxonomy's; this alias reads better at call sites that mean "EHR product".
pub type EhrProduct = SkillId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Client {
    pub id: ClientId,
    pub org_id: OrgId,
    pub name: String,
    pub kind: ClientKind,
    pub locations: Vec<Location>,
    pub ehr_systems: Vec<EhrSystem>,
    pub notes: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewClient {
    pub name: String,
    pub kind: ClientKind,
    pub locations: Vec<Location>,
    pub ehr_systems: Vec<EhrSystem>,
    #[serde(default)]
    pub notes: String,
}

impl NewClient {
    /// Checks the name and the version strings.
    pub fn validate(self) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 200 {
            errors.push(FieldError::new(
                "name",
                "the client name must be 1 to 200 characters",
            ));
        }
        for (i, ehr) in self.ehr_systems.iter().enumerate() {
            if ehr
                .version
                .as_ref()
                .is_some_and(|v| v.chars().count() > 60 || v.chars().any(char::is_control))
            {
                errors.push(FieldError::new(
                    format!("ehr_systems[{i}].version"),
                    "a version is at most 60 characters",
                ));
            }
        }
        if self.notes.chars().count() > 20_000 {
            errors.push(FieldError::new("notes", "notes are at most 20,000 characters"));
        }
        errors.finish(|| Self { name, ..self })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_names() {
        let c = NewClient {
            name: "  Mercy   General ".into(),
            kind: ClientKind::Hospital,
            locations: vec![],
            ehr_systems: vec![EhrSystem {
                product: SkillId::parse("epic").unwrap(),
                version: Some("Nov 2025".into()),
                live_since: None,
            }],
            notes: String::new(),
        };
        assert_eq!(c.clone().validate().unwrap().name, "Mercy General");
        let empty = NewClient {
            name: " ".into(),
            ..c
        };
        assert_eq!(empty.validate().unwrap_err().errors[0].field, "name");
    }
}
