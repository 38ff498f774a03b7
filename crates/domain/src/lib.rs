//! hitstaff's domain: pure types and rules, no IO.
//!
//! Everything that enters the system is parsed into these types at the edge (CLI, API, importers);
//! once code holds an [`Email`] or a [`Money`], it is valid. Parse errors name the field and the problem
//! so that a user can fix their input.

#[macro_use]
mod macros;

pub mod access;
pub mod candidate;
pub mod client;
pub mod contact;
pub mod dates;
pub mod error;
pub mod geo;
pub mod ids;
pub mod money;
pub mod note;
pub mod npi;
pub mod openapi;
pub mod org;
pub mod pipeline;
pub mod posting;
pub mod requisition;
pub mod resume;
pub mod site;
pub mod skill;
pub mod text;

pub use access::{Access, Action, AuthEventKind, Denied, Scope, Withheld};
pub use candidate::{
    Candidate, Consent, EmploymentStatus, Experience, NewCandidate, Travel, WorkPreferences,
};
pub use candidate::{CandidateSkill, DesiredPay, source_code};
pub use client::{Client, ClientKind, EhrProduct, EhrSystem, NewClient};
pub use contact::{Email, PersonName, Phone};
pub use dates::{DateRange, covered_days, parse_date};
pub use error::{FieldError, InvalidValue, ValidationErrors};
pub use geo::{Location, PostalCode, UsState};
pub use ids::{
    ApiTokenId, ApplicationId, CandidateId, ClientId, InvitationId, NoteId, OrgId, RequisitionId, ResumeId,
    UserId,
};
pub use money::{Currency, Money, PayRange, PayUnit};
pub use note::{Assessment, NewNote, Note, NoteSubject, Recommendation};
pub use npi::Npi;
pub use org::{NewOrganization, NewUser, Organization, Role, User};
pub use pipeline::{
    Application, NewApplication, RejectionReason, Stage, StageChange, StageMove, TransitionError,
    check_history,
};
pub use posting::{NewPosting, Posting, PostingStatus, QuestionKind, ScreeningQuestion};
pub use requisition::HiringContact;
pub use requisition::{
    Engagement, Intent, NewRequisition, Priority, Reason, Requisition, RequisitionSort, RequisitionStatus,
    RoleFamily, WorkModel,
};
pub use resume::{
    CorrectedRole, Correction, DuplicateReason, MAX_CORRECTED_ROLES, NewResume, Resume, ResumeInfo,
    StoredCorrection,
};
pub use site::PublicUrl;
pub use skill::{CredentialLevel, SkillId, SkillRequirement};
pub use text::{check_text, forbidden_char};

/// A closed set of values with stable codes and labels for people (every `code_enum!` type).
pub trait Coded: Copy + PartialEq + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The stable code stored and exchanged.
    fn code(self) -> &'static str;
    /// The label shown to people.
    fn label(self) -> &'static str;
}

/// The current instant in UTC. Every timestamp hitstaff stores is UTC.
pub fn now_utc() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
