//! Requisitions: the need. A client wants N people with these skills, for this reason, on these terms.

use crate::contact::{Email, PersonName, Phone};
use crate::error::{FieldError, ValidationErrors};
use crate::geo::{Location, UsState};
use crate::ids::{ClientId, OrgId, RequisitionId, UserId};
use crate::money::{PayRange, PayUnit};
use crate::skill::SkillRequirement;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum! {
    pub enum RoleFamily as "role family" {
        ClinicalApplications = ("clinical_applications", "EHR and clinical applications"),
        RevenueCycle = ("revenue_cycle", "Revenue cycle applications"),
        Integration = ("integration", "Interfaces and integration"),
        Cybersecurity = ("cybersecurity", "Cybersecurity"),
        Infrastructure = ("infrastructure", "Infrastructure and cloud"),
        DataAnalytics = ("data_analytics", "Data and analytics"),
        ServiceDesk = ("service_desk", "Service desk"),
        ProjectTraining = ("project_training", "Project management and training"),
    }
}

code_enum! {
    pub enum Engagement as "engagement" {
        Permanent = ("permanent", "Permanent"),
        Contract = ("contract", "Contract"),
        ContractToHire = ("contract_to_hire", "Contract-to-hire"),
    }
}

code_enum! {
    /// What the hire is for; matching weighs depth or breadth by it.
    pub enum Intent as "intent" {
        Maintain = ("maintain", "Maintain a current system"),
        Implement = ("implement", "Implement a new system"),
        Optimize = ("optimize", "Optimise a current system"),
        GoLiveSupport = ("go_live_support", "Go-live support"),
    }
}

code_enum! {
    /// Why the need arose.
    pub enum Reason as "reason" {
        SystemUpgrade = ("system_upgrade", "System upgrade"),
        RegulatoryChange = ("regulatory_change", "Regulatory change"),
        PatientSurge = ("patient_surge", "Patient surge"),
        Turnover = ("turnover", "Turnover"),
        NewImplementation = ("new_implementation", "New implementation"),
        Growth = ("growth", "Growth"),
    }
}

code_enum! {
    pub enum WorkModel as "work model" {
        Onsite = ("onsite", "Onsite"),
        Hybrid = ("hybrid", "Hybrid"),
        Remote = ("remote", "Remote"),
    }
}

code_enum! {
    /// How a list of requisitions is ordered.
    pub enum RequisitionSort as "sort" {
        Newest = ("newest", "Newest first"),
        Oldest = ("oldest", "Oldest first"),
        Priority = ("priority", "Most urgent first"),
        Start = ("start", "Soonest start first"),
        Title = ("title", "Title, A to Z"),
    }
}

code_enum! {
    pub enum Priority as "priority" {
        Low = ("low", "Low"),
        Normal = ("normal", "Normal"),
        High = ("high", "High"),
        Urgent = ("urgent", "Urgent"),
    }
}

code_enum! {
    pub enum RequisitionStatus as "requisition status" {
        Draft = ("draft", "Draft"),
        Open = ("open", "Open"),
        OnHold = ("on_hold", "On hold"),
        Filled = ("filled", "Filled"),
        Cancelled = ("cancelled", "Cancelled"),
    }
}

impl RequisitionStatus {
    /// Allowed status changes. A filled or cancelled requisition can be reopened (the hire fell
    /// through, the budget came back); a draft is never put on hold before it was ever open.
    pub fn can_become(self, next: RequisitionStatus) -> bool {
        use RequisitionStatus::*;
        matches!(
            (self, next),
            (Draft, Open | Cancelled)
                | (Open, OnHold | Filled | Cancelled)
                | (OnHold, Open | Cancelled)
                | (Filled, Open)
                | (Cancelled, Open)
        )
    }
}

/// Someone at the client to talk to about this requisition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HiringContact {
    pub name: PersonName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Requisition {
    pub id: RequisitionId,
    pub org_id: OrgId,
    /// The requisition's number as people quote it, e.g. `REQ-1042` (unique in the organisation).
    pub reference: String,
    #[serde(flatten)]
    pub fields: NewRequisition,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// Everything about a requisition that a user writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewRequisition {
    pub client_id: ClientId,
    pub title: String,
    pub role_family: RoleFamily,
    pub engagement: Engagement,
    pub intent: Intent,
    pub reason: Reason,
    pub work_model: WorkModel,
    /// Where the work is; required for onsite and hybrid roles.
    pub location: Option<Location>,
    /// States a remote hire may live in; empty means anywhere in the US.
    #[serde(default)]
    pub remote_states: Vec<UsState>,
    #[serde(default = "one")]
    pub headcount: u16,
    pub start_date: Option<Date>,
    /// Length of a contract in weeks (none for permanent roles).
    pub duration_weeks: Option<u16>,
    #[serde(default)]
    pub skills: Vec<SkillRequirement>,
    /// Salary range (per year) or bill-rate range (per hour).
    pub pay: Option<PayRange>,
    #[serde(default = "normal")]
    pub priority: Priority,
    #[serde(default = "open")]
    pub status: RequisitionStatus,
    #[serde(default)]
    pub contacts: Vec<HiringContact>,
    #[serde(default)]
    pub description: String,
    /// The person at the firm who works this requisition (a user who may change requisitions);
    /// by default whoever created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<UserId>,
}

impl Priority {
    /// Low 0 to urgent 3.
    pub fn rank(self) -> u8 {
        match self {
            Priority::Low => 0,
            Priority::Normal => 1,
            Priority::High => 2,
            Priority::Urgent => 3,
        }
    }
}

fn one() -> u16 {
    1
}

fn normal() -> Priority {
    Priority::Normal
}

fn open() -> RequisitionStatus {
    RequisitionStatus::Open
}

impl NewRequisition {
    /// Checks the rules that join fields together. Field-level parsing already happened.
    pub fn validate(self) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() || title.chars().count() > 200 {
            errors.push(FieldError::new("title", "the title must be 1 to 200 characters"));
        }
        if self.work_model != WorkModel::Remote && self.location.is_none() {
            errors.push(FieldError::new(
                "location",
                format!(
                    "an {} role needs a location; add the city and state",
                    self.work_model.code()
                ),
            ));
        }
        if self.work_model == WorkModel::Onsite && !self.remote_states.is_empty() {
            errors.push(FieldError::new(
                "remote_states",
                "an onsite role takes no remote states; clear them",
            ));
        }
        if !(1..=500).contains(&self.headcount) {
            errors.push(FieldError::new(
                "headcount",
                "headcount must be between 1 and 500",
            ));
        }
        match (self.engagement, self.duration_weeks) {
            (Engagement::Permanent, Some(_)) => errors.push(FieldError::new(
                "duration_weeks",
                "a permanent role has no contract length; clear it",
            )),
            (_, Some(w)) if !(1..=260).contains(&w) => errors.push(FieldError::new(
                "duration_weeks",
                "a contract runs 1 to 260 weeks",
            )),
            _ => {}
        }
        if let Some(pay) = &self.pay {
            let expected = if self.engagement == Engagement::Permanent {
                PayUnit::Year
            } else {
                PayUnit::Hour
            };
            if pay.unit != expected {
                errors.push(FieldError::new(
                    "pay",
                    format!(
                        "a {} role is budgeted {}",
                        self.engagement.label().to_lowercase(),
                        expected.label()
                    ),
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, req) in self.skills.iter().enumerate() {
            if !seen.insert(&req.skill) {
                errors.push(FieldError::new(
                    format!("skills[{i}]"),
                    format!("{} is listed twice", req.skill),
                ));
            }
            if req.min_years.is_some_and(|y| y > 40) {
                errors.push(FieldError::new(
                    format!("skills[{i}].min_years"),
                    "at most 40 years",
                ));
            }
            if req.hard_filter && !req.required {
                errors.push(FieldError::new(
                    format!("skills[{i}]"),
                    "only a required skill can be a hard filter",
                ));
            }
        }
        if self.description.chars().count() > 50_000 {
            errors.push(FieldError::new(
                "description",
                "the description is at most 50,000 characters",
            ));
        }
        errors.finish(|| Self { title, ..self })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::money::Money;
    use crate::skill::SkillId;

    pub(crate) fn sample() -> NewRequisition {
        NewRequisition {
            client_id: ClientId::new(),
            title: "Epic Beaker Analyst".into(),
            role_family: RoleFamily::ClinicalApplications,
            engagement: Engagement::Contract,
            intent: Intent::Implement,
            reason: Reason::NewImplementation,
            work_model: WorkModel::Remote,
            location: None,
            remote_states: vec![UsState::parse("TX").unwrap()],
            headcount: 2,
            start_date: None,
            duration_weeks: Some(26),
            skills: vec![SkillRequirement {
                skill: SkillId::parse("epic.beaker_cp").unwrap(),
                required: true,
                min_years: Some(3),
                level: None,
                hard_filter: true,
            }],
            pay: Some(PayRange::new(Money::usd(85), Money::usd(110), PayUnit::Hour).unwrap()),
            priority: Priority::High,
            status: RequisitionStatus::Open,
            contacts: vec![],
            description: String::new(),
            owner_id: None,
        }
    }

    #[test]
    fn valid_sample() {
        assert!(sample().validate().is_ok());
    }

    #[test]
    fn cross_field_rules() {
        let onsite = NewRequisition {
            work_model: WorkModel::Onsite,
            ..sample()
        };
        let fields: Vec<String> = onsite
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["location", "remote_states"]);

        let perm = NewRequisition {
            engagement: Engagement::Permanent,
            ..sample()
        };
        let fields: Vec<String> = perm
            .validate()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["duration_weeks", "pay"]);

        let mut dup = sample();
        dup.skills.push(dup.skills[0].clone());
        assert!(dup.validate().unwrap_err().to_string().contains("listed twice"));

        assert!(
            NewRequisition {
                headcount: 0,
                ..sample()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn status_changes() {
        use RequisitionStatus::*;
        assert!(Draft.can_become(Open));
        assert!(Open.can_become(Filled));
        assert!(Filled.can_become(Open));
        assert!(!Draft.can_become(OnHold));
        assert!(!Filled.can_become(Cancelled));
        assert!(!Open.can_become(Open));
    }
}
