//! Row types shared by both backends: `FromRow` is generic, so one struct decodes a SQLite row and a
//! PostgreSQL row alike. Each converts into its domain type, refusing rows that no longer parse.

use crate::{ApiToken, AuthEvent, Change, ChangeOp, EntityKind, Invitation, RecentMove, Session, StoreError};
use hitstaff_domain::{
    Application, Assessment, Candidate, CandidateSkill, Client, Consent, DesiredPay, EhrSystem, Email,
    EmploymentStatus, Experience, HiringContact, Location, NewCandidate, NewNote, NewRequisition, Note,
    NoteSubject, Npi, Organization, PayRange, PersonName, Phone, PostalCode, RejectionReason, Requisition,
    SkillRequirement, Stage, StageChange, UsState, User, WorkPreferences,
};
use sqlx::types::Json;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

fn parse<T, E: std::fmt::Display>(entity: &'static str, r: Result<T, E>) -> Result<T, StoreError> {
    r.map_err(|e| StoreError::corrupt(entity, e))
}

/// Parses an optional stored value (NULL stays `None`).
fn parse_opt<T, E: std::fmt::Display>(
    entity: &'static str,
    value: Option<&str>,
    parser: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, StoreError> {
    value.map(|v| parse(entity, parser(v))).transpose()
}

#[derive(Debug, sqlx::FromRow)]
pub struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub created_at: OffsetDateTime,
}

impl From<OrganizationRow> for Organization {
    fn from(r: OrganizationRow) -> Self {
        Organization {
            id: r.id.into(),
            name: r.name,
            slug: r.slug,
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: String,
    pub client_id: Option<Uuid>,
    pub active: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        const E: &str = "user";
        Ok(User {
            id: r.id.into(),
            org_id: r.org_id.into(),
            email: parse(E, Email::parse(&r.email))?,
            name: parse(E, PersonName::parse(&r.name))?,
            role: parse(E, r.role.parse())?,
            client_id: r.client_id.map(Into::into),
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ClientRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub kind: String,
    pub locations: Json<Vec<Location>>,
    pub ehr_systems: Json<Vec<EhrSystem>>,
    pub notes: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TryFrom<ClientRow> for Client {
    type Error = StoreError;
    fn try_from(r: ClientRow) -> Result<Self, StoreError> {
        Ok(Client {
            id: r.id.into(),
            org_id: r.org_id.into(),
            name: r.name,
            kind: parse("client", r.kind.parse())?,
            locations: r.locations.0,
            ehr_systems: r.ehr_systems.0,
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct RequisitionRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub reference: String,
    pub client_id: Uuid,
    pub title: String,
    pub role_family: String,
    pub engagement: String,
    pub intent: String,
    pub reason: String,
    pub work_model: String,
    pub location: Option<Json<Location>>,
    pub remote_states: Json<Vec<UsState>>,
    pub headcount: i32,
    pub start_date: Option<Date>,
    pub duration_weeks: Option<i32>,
    pub skills: Json<Vec<SkillRequirement>>,
    pub pay: Option<Json<PayRange>>,
    pub priority: String,
    pub status: String,
    pub contacts: Json<Vec<HiringContact>>,
    pub description: String,
    pub owner_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TryFrom<RequisitionRow> for Requisition {
    type Error = StoreError;
    fn try_from(r: RequisitionRow) -> Result<Self, StoreError> {
        const E: &str = "requisition";
        Ok(Requisition {
            id: r.id.into(),
            org_id: r.org_id.into(),
            reference: r.reference,
            fields: NewRequisition {
                client_id: r.client_id.into(),
                title: r.title,
                role_family: parse(E, r.role_family.parse())?,
                engagement: parse(E, r.engagement.parse())?,
                intent: parse(E, r.intent.parse())?,
                reason: parse(E, r.reason.parse())?,
                work_model: parse(E, r.work_model.parse())?,
                location: r.location.map(|j| j.0),
                remote_states: r.remote_states.0,
                headcount: parse(E, u16::try_from(r.headcount))?,
                start_date: r.start_date,
                duration_weeks: r.duration_weeks.map(|w| parse(E, u16::try_from(w))).transpose()?,
                skills: r.skills.0,
                pay: r.pay.map(|j| j.0),
                priority: parse(E, r.priority.parse())?,
                status: parse(E, r.status.parse())?,
                contacts: r.contacts.0,
                description: r.description,
                owner_id: r.owner_id.map(Into::into),
            },
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct CandidateRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub headline: Option<String>,
    pub preferences: Json<WorkPreferences>,
    pub available_from: Option<Date>,
    pub desired_pay: Option<Json<DesiredPay>>,
    pub employment_status: String,
    pub current_employer: Option<String>,
    pub source: String,
    pub tags: Json<Vec<String>>,
    pub consent: Json<Consent>,
    pub npi: Option<String>,
    pub skills: Json<Vec<CandidateSkill>>,
    pub experience: Json<Vec<Experience>>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TryFrom<CandidateRow> for Candidate {
    type Error = StoreError;
    fn try_from(r: CandidateRow) -> Result<Self, StoreError> {
        const E: &str = "candidate";
        let location = match (r.city, r.state) {
            (Some(city), Some(state)) => Some(Location {
                city,
                state: parse(E, UsState::parse(&state))?,
                postal_code: parse_opt(E, r.postal_code.as_deref(), PostalCode::parse)?,
            }),
            _ => None,
        };
        Ok(Candidate {
            id: r.id.into(),
            org_id: r.org_id.into(),
            fields: NewCandidate {
                name: parse(E, PersonName::parse(&r.name))?,
                email: parse_opt(E, r.email.as_deref(), Email::parse)?,
                phone: parse_opt(E, r.phone.as_deref(), Phone::parse)?,
                location,
                headline: r.headline,
                preferences: r.preferences.0,
                available_from: r.available_from,
                desired_pay: r.desired_pay.map(|j| j.0),
                employment_status: parse(E, EmploymentStatus::parse(&r.employment_status))?,
                current_employer: r.current_employer,
                source: r.source,
                tags: r.tags.0,
                consent: r.consent.0,
                npi: parse_opt(E, r.npi.as_deref(), Npi::parse)?,
                skills: r.skills.0,
                experience: r.experience.0,
            },
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub candidate_id: Uuid,
    pub requisition_id: Uuid,
    pub stage: String,
    pub rejection: Option<String>,
    pub stage_entered_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TryFrom<ApplicationRow> for Application {
    type Error = StoreError;
    fn try_from(r: ApplicationRow) -> Result<Self, StoreError> {
        const E: &str = "application";
        Ok(Application {
            id: r.id.into(),
            org_id: r.org_id.into(),
            candidate_id: r.candidate_id.into(),
            requisition_id: r.requisition_id.into(),
            stage: parse(E, Stage::parse(&r.stage))?,
            rejection: parse_opt(E, r.rejection.as_deref(), RejectionReason::parse)?,
            stage_entered_at: r.stage_entered_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct SignInRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub password_hash: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct StageChangeRow {
    pub application_id: Uuid,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub at: OffsetDateTime,
    pub by_user: Option<Uuid>,
    pub note: Option<String>,
    pub rejection: Option<String>,
}

impl TryFrom<StageChangeRow> for StageChange {
    type Error = StoreError;
    fn try_from(r: StageChangeRow) -> Result<Self, StoreError> {
        const E: &str = "stage change";
        Ok(StageChange {
            application_id: r.application_id.into(),
            from: parse_opt(E, r.from_stage.as_deref(), Stage::parse)?,
            to: parse(E, Stage::parse(&r.to_stage))?,
            at: r.at,
            by: r.by_user.map(Into::into),
            note: r.note,
            rejection: parse_opt(E, r.rejection.as_deref(), RejectionReason::parse)?,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct NoteRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub candidate_id: Option<Uuid>,
    pub application_id: Option<Uuid>,
    pub author: Option<Uuid>,
    pub body: String,
    pub assessment: Json<Assessment>,
    pub internal: bool,
    pub created_at: OffsetDateTime,
}

impl TryFrom<NoteRow> for Note {
    type Error = StoreError;
    fn try_from(r: NoteRow) -> Result<Self, StoreError> {
        let subject = match (r.candidate_id, r.application_id) {
            (Some(c), None) => NoteSubject::Candidate(c.into()),
            (None, Some(a)) => NoteSubject::Application(a.into()),
            _ => {
                return Err(StoreError::corrupt(
                    "note",
                    "a note must be about exactly one candidate or application",
                ));
            }
        };
        Ok(Note {
            id: r.id.into(),
            org_id: r.org_id.into(),
            subject,
            author: r.author.map(Into::into),
            fields: NewNote {
                body: r.body,
                assessment: r.assessment.0,
                internal: r.internal,
            },
            created_at: r.created_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub xid: i64,
    pub seq: i64,
    pub org_id: Uuid,
    pub entity: String,
    pub entity_id: Uuid,
    pub op: String,
    pub at: OffsetDateTime,
}

impl TryFrom<ChangeRow> for Change {
    type Error = StoreError;
    fn try_from(r: ChangeRow) -> Result<Self, StoreError> {
        Ok(Change {
            cursor: crate::FeedCursor {
                xid: r.xid,
                seq: r.seq,
            },
            org_id: r.org_id.into(),
            entity: EntityKind::parse(&r.entity).ok_or_else(|| StoreError::corrupt("change", &r.entity))?,
            entity_id: r.entity_id,
            op: if r.op == "delete" {
                ChangeOp::Delete
            } else {
                ChangeOp::Upsert
            },
            at: r.at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub csrf_token: String,
    #[sqlx(rename = "session_created_at")]
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    #[sqlx(flatten)]
    pub user: UserRow,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;
    fn try_from(r: SessionRow) -> Result<Self, StoreError> {
        Ok(Session {
            token_hash: r.token_hash,
            user: r.user.try_into()?,
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub scopes: Json<Vec<hitstaff_domain::Scope>>,
    pub created_by: Uuid,
    pub created_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

impl TryFrom<ApiTokenRow> for ApiToken {
    type Error = StoreError;
    fn try_from(r: ApiTokenRow) -> Result<Self, StoreError> {
        Ok(ApiToken {
            id: r.id.into(),
            org_id: r.org_id.into(),
            name: r.name,
            scopes: r.scopes.0,
            created_by: r.created_by.into(),
            created_at: r.created_at,
            expires_at: r.expires_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct AuthEventRow {
    pub org_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub kind: String,
    pub subject_hash: Option<String>,
    pub address: Option<String>,
    pub at: OffsetDateTime,
}

impl TryFrom<AuthEventRow> for AuthEvent {
    type Error = StoreError;
    fn try_from(r: AuthEventRow) -> Result<Self, StoreError> {
        Ok(AuthEvent {
            org: r.org_id.map(Into::into),
            user: r.user_id.map(Into::into),
            kind: parse("account event", hitstaff_domain::AuthEventKind::parse(&r.kind))?,
            subject_hash: r.subject_hash,
            address: r.address,
            at: r.at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub user_id: Uuid,
    pub created_by: Uuid,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub accepted_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;
    fn try_from(r: InvitationRow) -> Result<Self, StoreError> {
        Ok(Invitation {
            id: r.id.into(),
            org_id: r.org_id.into(),
            user: r.user_id.into(),
            created_by: r.created_by.into(),
            created_at: r.created_at,
            expires_at: r.expires_at,
            accepted_at: r.accepted_at,
            revoked_at: r.revoked_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct RecentMoveRow {
    #[sqlx(flatten)]
    pub change: StageChangeRow,
    pub candidate_id: Uuid,
    pub candidate_name: String,
    pub requisition_id: Uuid,
    pub requisition_reference: String,
    pub requisition_title: String,
}

impl TryFrom<RecentMoveRow> for RecentMove {
    type Error = StoreError;
    fn try_from(r: RecentMoveRow) -> Result<Self, StoreError> {
        Ok(RecentMove {
            change: r.change.try_into()?,
            candidate_id: r.candidate_id.into(),
            candidate_name: r.candidate_name,
            requisition_id: r.requisition_id.into(),
            requisition_reference: r.requisition_reference,
            requisition_title: r.requisition_title,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ResumeInfoRow {
    pub id: Uuid,
    pub org_id: Uuid,
    pub candidate_id: Uuid,
    pub file_name: String,
    pub format: String,
    pub media_type: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub created_at: OffsetDateTime,
    pub created_by: Option<Uuid>,
}

impl TryFrom<ResumeInfoRow> for hitstaff_domain::ResumeInfo {
    type Error = StoreError;
    fn try_from(r: ResumeInfoRow) -> Result<Self, StoreError> {
        Ok(hitstaff_domain::ResumeInfo {
            id: r.id.into(),
            org_id: r.org_id.into(),
            candidate_id: r.candidate_id.into(),
            file_name: r.file_name,
            format: r.format,
            media_type: r.media_type,
            sha256: r.sha256,
            size_bytes: u64::try_from(r.size_bytes).unwrap_or(0),
            created_at: r.created_at,
            created_by: r.created_by.map(Into::into),
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ResumeRow {
    #[sqlx(flatten)]
    pub info: ResumeInfoRow,
    pub text: String,
    pub parsed: String,
}

impl TryFrom<ResumeRow> for hitstaff_domain::Resume {
    type Error = StoreError;
    fn try_from(r: ResumeRow) -> Result<Self, StoreError> {
        Ok(hitstaff_domain::Resume {
            info: r.info.try_into()?,
            text: r.text,
            parsed_json: r.parsed,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct CorrectionRow {
    pub candidate_id: Uuid,
    pub value: String,
    pub created_at: OffsetDateTime,
    pub created_by: Option<Uuid>,
}

impl TryFrom<CorrectionRow> for hitstaff_domain::StoredCorrection {
    type Error = StoreError;
    fn try_from(r: CorrectionRow) -> Result<Self, StoreError> {
        let correction =
            serde_json::from_str(&r.value).map_err(|e| StoreError::corrupt("resume correction", e))?;
        Ok(hitstaff_domain::StoredCorrection {
            candidate_id: r.candidate_id.into(),
            correction,
            created_at: r.created_at,
            created_by: r.created_by.map(Into::into),
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PostingRow {
    pub org_id: Uuid,
    pub requisition_id: Uuid,
    pub status: String,
    pub title: String,
    pub description: String,
    pub show_pay: bool,
    pub valid_through: Option<Date>,
    pub questions: Json<Vec<hitstaff_domain::ScreeningQuestion>>,
    pub published_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TryFrom<PostingRow> for hitstaff_domain::Posting {
    type Error = StoreError;
    fn try_from(r: PostingRow) -> Result<Self, StoreError> {
        Ok(hitstaff_domain::Posting {
            requisition_id: r.requisition_id.into(),
            org_id: r.org_id.into(),
            status: parse("posting", r.status.parse())?,
            fields: hitstaff_domain::NewPosting {
                title: r.title,
                description: r.description,
                show_pay: r.show_pay,
                valid_through: r.valid_through,
                questions: r.questions.0,
            },
            published_at: r.published_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}
