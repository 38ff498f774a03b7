//! How hitstaff persists its domain, whatever the backend.
//!
//! [`Store`] is implemented by `hitstaff-store-sqlite` (the embedded default) and
//! `hitstaff-store-postgres` (larger installations). Both pass one shared test suite
//! (`hitstaff-store-tests`). The rules every implementation keeps:
//!
//! - **Tenancy.** Every method that touches tenant data takes the [`OrgId`] it acts for and can neither
//!   read nor change another organisation's rows; references between rows are checked to belong to
//!   the same organisation (composite foreign keys on `(org_id, id)`).
//! - **Change feed.** Every write appends `(seq, org, entity, id)` to `changes` in the same transaction,
//!   so caches (search, matching) can tail it with [`DatabaseStore::changes_since`].
//! - **Constraint names** are identical on both backends, so [`StoreError::Conflict`] means the same.
//! - **History is kept.** Users are deactivated, never deleted, so that what they wrote keeps its
//!   author; applications are withdrawn or rejected rather than deleted, so that the pipeline's
//!   record stays whole. Candidates can be deleted outright: that is a data-retention purge.

mod error;
mod rows;
mod types;

pub use error::{Constraint, StoreError, common_sqlx_error};
pub use rows::*;
pub use types::*;

use hitstaff_domain::{ApiTokenId, AuthEventKind, InvitationId};
use hitstaff_domain::{
    Application, ApplicationId, Candidate, CandidateId, Client, ClientId, Email, NewApplication,
    NewCandidate, NewClient, NewNote, NewOrganization, NewRequisition, NewUser, Note, NoteId, NoteSubject,
    OrgId, Organization, Requisition, RequisitionId, RequisitionStatus, Stage, StageChange, StageMove, User,
    UserId,
};
use hitstaff_domain::{
    Correction, DuplicateReason, NewResume, Resume, ResumeId, ResumeInfo, StoredCorrection,
};
use std::future::Future;
use time::OffsetDateTime;

/// Every part of [`Store`], to call its methods on a concrete backend (generic code bounded by
/// `S: Store` needs no import): `use hitstaff_store::prelude::*;`.
pub mod prelude {
    pub use crate::{
        AccountStore, CandidateStore, ClientStore, DatabaseStore, OrganizationStore, PipelineStore,
        PostingStore, RequisitionStore, ResumeStore, SettingStore, Store, UserStore,
    };
}

/// A `Result` with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Persistence for hitstaff: every aggregate's store at once. Implementations are cheap to
/// clone (a handle on a pool). Each part is its own trait ([`UserStore`], [`CandidateStore`]...),
/// written once for both backends in `crates/store/shared/`; generic code asks for `S: Store`
/// and calls any of them.
///
/// Methods return `impl Future + Send` so that generic code (`serve::<S: Store>`) can spawn them.
pub trait Store:
    Clone
    + Send
    + Sync
    + 'static
    + DatabaseStore
    + OrganizationStore
    + UserStore
    + ClientStore
    + RequisitionStore
    + PostingStore
    + CandidateStore
    + ResumeStore
    + PipelineStore
    + AccountStore
    + SettingStore
{
}

impl<T> Store for T where
    T: Clone
        + Send
        + Sync
        + 'static
        + DatabaseStore
        + OrganizationStore
        + UserStore
        + ClientStore
        + RequisitionStore
        + PostingStore
        + CandidateStore
        + ResumeStore
        + PipelineStore
        + AccountStore
        + SettingStore
{
}

/// The database itself: which backend, its schema, and the change feed.
pub trait DatabaseStore {
    /// Which backend this is, for messages and the version endpoint.
    fn backend(&self) -> Backend;

    /// Applies pending migrations. Refuses a database whose schema is newer than this binary.
    fn migrate(&self) -> impl Future<Output = Result<MigrationReport>> + Send;

    /// Round-trips to the database.
    fn ping(&self) -> impl Future<Output = Result<()>> + Send;

    /// Prepares for a bulk load. A large one (at least [`BulkLoad::DEFER_FROM`] candidates, and no
    /// fewer than the database holds already) sets aside the candidate indexes that searches read:
    /// each is dropped now and built once by [`after_bulk_load`](Self::after_bulk_load), several
    /// times quicker than keeping it up to date row by row. Until then searches by skill, state,
    /// name and phone still answer rightly, only more slowly. The unique indexes (email) stay, and
    /// so do the name and phone indexes when the load checks each row for duplicates. A load that
    /// stops half-way leaves the definitions stored; the next [`migrate`](Self::migrate) builds
    /// them. Returns the indexes set aside (none for a small load).
    fn before_bulk_load(&self, load: BulkLoad) -> impl Future<Output = Result<Vec<String>>> + Send;

    /// Finishes a bulk load (generate, import): builds the indexes [`before_bulk_load`](Self::before_bulk_load)
    /// set aside, then on SQLite checkpoints the write-ahead log into the database and truncates
    /// it and refreshes the query planner's statistics; on PostgreSQL analyses the tables. Safe at
    /// any time; slow only in proportion to what was loaded. Returns the indexes it built.
    fn after_bulk_load(&self) -> impl Future<Output = Result<Vec<String>>> + Send;

    /// Changes after `after`, in feed order, at most `limit`. Installation-level: a change names only
    /// the organisation, the kind of entity and its id, never its contents. A consumer that stores the
    /// cursor of the last change it applied and asks again from there sees every change exactly once,
    /// on either backend (see [`FeedCursor`]).
    fn changes_since(
        &self,
        after: FeedCursor,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Change>>> + Send;
}

/// The tenants themselves (installation-level).
pub trait OrganizationStore {
    fn create_organization(&self, new: &NewOrganization)
    -> impl Future<Output = Result<Organization>> + Send;
    fn get_organization(&self, id: OrgId) -> impl Future<Output = Result<Organization>> + Send;

    /// Renames the organisation or changes its short name.
    fn update_organization(
        &self,
        id: OrgId,
        new: &NewOrganization,
    ) -> impl Future<Output = Result<Organization>> + Send;
    fn list_organizations(&self) -> impl Future<Output = Result<Vec<Organization>>> + Send;
}

/// The people who use hitstaff, in one organisation each.
pub trait UserStore {
    fn create_user(&self, org: OrgId, new: &NewUser) -> impl Future<Output = Result<User>> + Send;
    fn get_user(&self, org: OrgId, id: UserId) -> impl Future<Output = Result<User>> + Send;
    fn list_users(&self, org: OrgId) -> impl Future<Output = Result<Vec<User>>> + Send;
    fn update_user(
        &self,
        org: OrgId,
        id: UserId,
        update: &UserUpdate,
    ) -> impl Future<Output = Result<User>> + Send;
    fn set_password_hash(
        &self,
        org: OrgId,
        id: UserId,
        hash: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Every account with this email, in every organisation (an address is unique only within one),
    /// with their password hashes, oldest account first. For signing in only: it is the one read
    /// that does not start from an organisation.
    fn user_for_sign_in(&self, email: &Email) -> impl Future<Output = Result<Vec<SignInRecord>>> + Send;
}

/// The facilities a staffing firm recruits for.
pub trait ClientStore {
    fn create_client(&self, org: OrgId, new: &NewClient) -> impl Future<Output = Result<Client>> + Send;
    fn get_client(&self, org: OrgId, id: ClientId) -> impl Future<Output = Result<Client>> + Send;
    fn list_clients(&self, org: OrgId) -> impl Future<Output = Result<Vec<Client>>> + Send;
    fn update_client(
        &self,
        org: OrgId,
        id: ClientId,
        new: &NewClient,
    ) -> impl Future<Output = Result<Client>> + Send;

    /// Refused with a Conflict while the client still has requisitions or users.
    fn delete_client(&self, org: OrgId, id: ClientId) -> impl Future<Output = Result<()>> + Send;
}

/// Postings: how a requisition is advertised (one each).
pub trait PostingStore {
    /// Writes the posting of a requisition: a new one starts as a draft; an existing one keeps
    /// its status. The fields are checked first (`today` for the last day).
    fn save_posting(
        &self,
        org: OrgId,
        requisition: RequisitionId,
        new: &hitstaff_domain::NewPosting,
        today: time::Date,
    ) -> impl Future<Output = Result<hitstaff_domain::Posting>> + Send;
    fn get_posting(
        &self,
        org: OrgId,
        requisition: RequisitionId,
    ) -> impl Future<Output = Result<hitstaff_domain::Posting>> + Send;
    /// Publishes, pauses or closes a posting by the status rules. Publishing needs the requisition
    /// open, and sets when it was first published.
    fn set_posting_status(
        &self,
        org: OrgId,
        requisition: RequisitionId,
        status: hitstaff_domain::PostingStatus,
    ) -> impl Future<Output = Result<hitstaff_domain::Posting>> + Send;
    /// The public postings (published, the requisition open, the last day not passed on `today`),
    /// newest requisition first, paged by requisition id.
    fn list_public_postings(
        &self,
        org: OrgId,
        today: time::Date,
        page: &PageRequest<RequisitionId>,
    ) -> impl Future<Output = Result<Page<hitstaff_domain::Posting, RequisitionId>>> + Send;
}

/// Requisitions: the needs, their skills and status.
pub trait RequisitionStore {
    /// Assigns the next reference (`REQ-0001`, ...) of the organisation.
    fn create_requisition(
        &self,
        org: OrgId,
        new: &NewRequisition,
    ) -> impl Future<Output = Result<Requisition>> + Send;
    fn get_requisition(
        &self,
        org: OrgId,
        id: RequisitionId,
    ) -> impl Future<Output = Result<Requisition>> + Send;
    fn list_requisitions(
        &self,
        org: OrgId,
        filter: &RequisitionFilter,
        page: &PageRequest<RequisitionId>,
    ) -> impl Future<Output = Result<Page<Requisition, RequisitionId>>> + Send;

    /// Replaces the requisition's fields. A change of status must be one
    /// [`RequisitionStatus::can_become`] allows.
    fn update_requisition(
        &self,
        org: OrgId,
        id: RequisitionId,
        new: &NewRequisition,
    ) -> impl Future<Output = Result<Requisition>> + Send;

    /// Deletes a requisition entered by mistake. Refused with a Conflict once anyone is in its
    /// pipeline: such a requisition is cancelled instead, so its history stays.
    fn delete_requisition(&self, org: OrgId, id: RequisitionId) -> impl Future<Output = Result<()>> + Send;
    fn set_requisition_status(
        &self,
        org: OrgId,
        id: RequisitionId,
        status: RequisitionStatus,
    ) -> impl Future<Output = Result<Requisition>> + Send;
}

/// Candidates, their skills, and who may be the same person.
pub trait CandidateStore {
    fn create_candidate(
        &self,
        org: OrgId,
        new: &NewCandidate,
    ) -> impl Future<Output = Result<Candidate>> + Send;

    /// Inserts a batch in one transaction: all of it, or (on any error) none of it. Returns the new
    /// ids in the order of the batch.
    fn insert_candidates(
        &self,
        org: OrgId,
        batch: &[NewCandidate],
    ) -> impl Future<Output = Result<Vec<CandidateId>>> + Send;
    fn get_candidate(&self, org: OrgId, id: CandidateId) -> impl Future<Output = Result<Candidate>> + Send;

    /// The candidates of the organisation among `ids`, in one query, in no particular order; an id
    /// that names nobody (deleted, another organisation's) is left out. For a page of results
    /// (a ranking's fifty), not for a million: ask in slices of a few hundred.
    fn get_candidates(
        &self,
        org: OrgId,
        ids: &[CandidateId],
    ) -> impl Future<Output = Result<Vec<Candidate>>> + Send;
    fn find_candidate_by_email(
        &self,
        org: OrgId,
        email: &Email,
    ) -> impl Future<Output = Result<Option<Candidate>>> + Send;

    /// Newest first, by keyset: fast on any page of a million rows.
    fn list_candidates(
        &self,
        org: OrgId,
        filter: &CandidateFilter,
        page: &PageRequest<CandidateId>,
    ) -> impl Future<Output = Result<Page<Candidate, CandidateId>>> + Send;

    /// Every candidate in the organisation, a page at a time in id order, oldest first (for
    /// building indexes). Ids grow with time, so this reads the table forwards in the order it was
    /// written, which a cold disk reads ahead far faster than the newest-first walk of a listing.
    fn candidates_in_order(
        &self,
        org: OrgId,
        after: Option<CandidateId>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Candidate>>> + Send;
    fn count_candidates(&self, org: OrgId) -> impl Future<Output = Result<u64>> + Send;
    fn update_candidate(
        &self,
        org: OrgId,
        id: CandidateId,
        new: &NewCandidate,
    ) -> impl Future<Output = Result<Candidate>> + Send;

    /// Replaces the candidate's fields if nobody saved them since `version` (the `updated_at`
    /// the writer read); otherwise a Conflict (`candidates_changed_meanwhile`) and nothing
    /// changes, so that two people editing at once never silently lose one edit.
    fn update_candidate_from(
        &self,
        org: OrgId,
        id: CandidateId,
        version: OffsetDateTime,
        new: &NewCandidate,
    ) -> impl Future<Output = Result<Candidate>> + Send;

    /// Deletes the candidate with their applications and notes (a data-retention purge).
    fn delete_candidate(&self, org: OrgId, id: CandidateId) -> impl Future<Output = Result<()>> + Send;

    /// Candidates who may be the person these details describe: same email, same phone, or the
    /// same name (ignoring case) in the same city. Each at most once, with the strongest reason.
    fn find_duplicates(
        &self,
        org: OrgId,
        probe: &DuplicateProbe,
    ) -> impl Future<Output = Result<Vec<(Candidate, DuplicateReason)>>> + Send;
}

/// Resumes as filed, what was read from them, and recruiters' corrections.
pub trait ResumeStore {
    /// Files a resume with the candidate it belongs to in one transaction: both are stored or
    /// neither, so an import stopped between them leaves no candidate without their resume and a
    /// rerun does not add the person again. The same content twice in one organisation is a
    /// Conflict (`resumes_org_sha256_key`): look it up with [`ResumeStore::resume_by_sha256`] first.
    /// Returns the candidate's id and the resume.
    fn file_resume(
        &self,
        org: OrgId,
        owner: ResumeOwner<'_>,
        new: &NewResume,
        by: Option<UserId>,
    ) -> impl Future<Output = Result<(CandidateId, ResumeInfo)>> + Send;
    fn resume_by_sha256(
        &self,
        org: OrgId,
        sha256: &str,
    ) -> impl Future<Output = Result<Option<ResumeInfo>>> + Send;

    /// A candidate's resumes, newest first.
    fn list_resumes(
        &self,
        org: OrgId,
        candidate: CandidateId,
    ) -> impl Future<Output = Result<Vec<ResumeInfo>>> + Send;
    fn get_resume(&self, org: OrgId, id: ResumeId) -> impl Future<Output = Result<Resume>> + Send;

    /// Every resume's text in the organisation, a page at a time by id (for building a search
    /// index): `(resume, candidate, text)`.
    fn resume_texts(
        &self,
        org: OrgId,
        after: Option<ResumeId>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<(ResumeId, CandidateId, String)>>> + Send;

    /// The original file's bytes.
    fn resume_content(&self, org: OrgId, id: ResumeId) -> impl Future<Output = Result<Vec<u8>>> + Send;

    /// Replaces the text and profile read from a resume (after the parser improves).
    fn update_resume_parse(
        &self,
        org: OrgId,
        id: ResumeId,
        text: &str,
        parsed_json: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Records a correction; it replaces an earlier one of the same [`Correction::key`].
    fn set_correction(
        &self,
        org: OrgId,
        candidate: CandidateId,
        correction: &Correction,
        by: Option<UserId>,
    ) -> impl Future<Output = Result<StoredCorrection>> + Send;

    /// Withdraws a correction: the resume's reading counts again. NotFound when there was none.
    fn remove_correction(
        &self,
        org: OrgId,
        candidate: CandidateId,
        key: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    fn list_corrections(
        &self,
        org: OrgId,
        candidate: CandidateId,
    ) -> impl Future<Output = Result<Vec<StoredCorrection>>> + Send;
}

/// Applications, their stage history, and notes.
pub trait PipelineStore {
    fn create_application(
        &self,
        org: OrgId,
        new: &NewApplication,
        by: Option<UserId>,
    ) -> impl Future<Output = Result<Application>> + Send;

    /// Brings in an application with its whole stage history (from another system, or generated):
    /// the history is checked with [`hitstaff_domain::check_history`], and the application ends at
    /// the last entry's stage, entered at its time. Entries' `application_id` is ignored.
    fn import_application(
        &self,
        org: OrgId,
        candidate: CandidateId,
        requisition: RequisitionId,
        history: &[StageChange],
    ) -> impl Future<Output = Result<Application>> + Send;
    fn get_application(
        &self,
        org: OrgId,
        id: ApplicationId,
    ) -> impl Future<Output = Result<Application>> + Send;
    fn list_applications(
        &self,
        org: OrgId,
        filter: &ApplicationFilter,
    ) -> impl Future<Output = Result<Vec<Application>>> + Send;

    /// Moves an application to `to` if the pipeline rules allow it for `actor`, recording the change in
    /// the stage history. Read, check and write happen in one transaction.
    fn move_application(
        &self,
        org: OrgId,
        id: ApplicationId,
        to: Stage,
        actor: Actor,
        mv: &StageMove,
    ) -> impl Future<Output = Result<Application>> + Send;

    /// Oldest first.
    fn stage_history(
        &self,
        org: OrgId,
        id: ApplicationId,
    ) -> impl Future<Output = Result<Vec<StageChange>>> + Send;

    /// Applications per stage, for one requisition or the whole organisation.
    fn pipeline_counts(
        &self,
        org: OrgId,
        requisition: Option<RequisitionId>,
    ) -> impl Future<Output = Result<Vec<(Stage, u64)>>> + Send;

    /// The latest stage moves by their time, latest first; with `client`, only on that client's requisitions
    /// and only of applications that reached the client (submitted or later).
    fn recent_moves(
        &self,
        org: OrgId,
        client: Option<ClientId>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<RecentMove>>> + Send;

    /// For each open or on-hold requisition (of `client`, when given), when its pipeline last
    /// moved, or when it was opened if nobody has moved yet (editing its text is not progress).
    fn requisition_activity(
        &self,
        org: OrgId,
        client: Option<ClientId>,
    ) -> impl Future<Output = Result<Vec<(RequisitionId, OffsetDateTime)>>> + Send;
    fn add_note(
        &self,
        org: OrgId,
        subject: NoteSubject,
        author: Option<UserId>,
        new: &NewNote,
    ) -> impl Future<Output = Result<Note>> + Send;

    /// Corrects a note's text, assessment or visibility.
    fn update_note(&self, org: OrgId, id: NoteId, new: &NewNote)
    -> impl Future<Output = Result<Note>> + Send;
    fn delete_note(&self, org: OrgId, id: NoteId) -> impl Future<Output = Result<()>> + Send;

    /// Newest first.
    fn list_notes(&self, org: OrgId, subject: NoteSubject) -> impl Future<Output = Result<Vec<Note>>> + Send;
}

/// Sessions, API tokens, invitations and account events (lookups by secret hash are installation-level).
pub trait AccountStore {
    /// Opens a session for an active user of `org` (NotFound for a missing or deactivated user).
    fn create_session(&self, new: &NewSession) -> impl Future<Output = Result<Session>> + Send;

    /// The session with this token hash, if it has not reached its absolute end and its user is
    /// still active. The idle timeout is the caller's to apply, from `last_seen_at`.
    fn session(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<Option<Session>>> + Send;

    /// Records activity on a session (the idle timeout restarts from `at`).
    fn touch_session(&self, token_hash: &str, at: OffsetDateTime) -> impl Future<Output = Result<()>> + Send;
    fn end_session(&self, token_hash: &str) -> impl Future<Output = Result<()>> + Send;

    /// Ends every session of a user (password changed, account deactivated); returns how many.
    fn end_user_sessions(&self, org: OrgId, user: UserId) -> impl Future<Output = Result<u64>> + Send;

    /// Deletes sessions past their absolute end; returns how many.
    fn purge_expired_sessions(&self, now: OffsetDateTime) -> impl Future<Output = Result<u64>> + Send;
    fn create_api_token(
        &self,
        org: OrgId,
        new: &NewApiToken,
    ) -> impl Future<Output = Result<ApiToken>> + Send;

    /// The token with this hash if it is neither revoked nor expired.
    fn api_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<Option<ApiToken>>> + Send;
    fn list_api_tokens(&self, org: OrgId) -> impl Future<Output = Result<Vec<ApiToken>>> + Send;
    fn revoke_api_token(
        &self,
        org: OrgId,
        id: ApiTokenId,
        at: OffsetDateTime,
    ) -> impl Future<Output = Result<ApiToken>> + Send;

    /// Stores a one-time link for `new.user` to choose a password. Any earlier pending link for the
    /// same user is revoked: only the newest works.
    fn create_invitation(
        &self,
        org: OrgId,
        new: &NewInvitation,
    ) -> impl Future<Output = Result<Invitation>> + Send;

    /// The pending invitation with this hash, and its user, if it is still usable at `now`.
    fn invitation(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<Option<(Invitation, User)>>> + Send;

    /// Uses the invitation: sets the user's password hash and marks it accepted, in one
    /// transaction. `NotFound` when it is unknown, used, revoked or expired.
    fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<User>> + Send;

    /// Every invitation of the organisation, newest first.
    fn list_invitations(&self, org: OrgId) -> impl Future<Output = Result<Vec<Invitation>>> + Send;
    fn revoke_invitation(
        &self,
        org: OrgId,
        id: InvitationId,
        at: OffsetDateTime,
    ) -> impl Future<Output = Result<Invitation>> + Send;
    fn record_auth_event(&self, event: &AuthEvent) -> impl Future<Output = Result<()>> + Send;

    /// How many events of `kind` for `key` happened at or after `since`, and when the newest of
    /// them did (for slowing down repeated sign-in failures).
    fn tally_auth_events(
        &self,
        kind: AuthEventKind,
        key: &AuthEventKey,
        since: OffsetDateTime,
    ) -> impl Future<Output = Result<AuthTally>> + Send;

    /// The newest account events of an organisation (or of one user in it), newest first.
    fn list_auth_events(
        &self,
        org: OrgId,
        user: Option<UserId>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<AuthEvent>>> + Send;
}

/// Organisation settings and Idempotency-Key answers.
pub trait SettingStore {
    /// An organisation's setting by name (JSON text), if it was ever set.
    fn org_setting(&self, org: OrgId, name: &str) -> impl Future<Output = Result<Option<String>>> + Send;

    /// Sets (or replaces) an organisation's setting.
    fn set_org_setting(
        &self,
        org: OrgId,
        name: &str,
        value: &str,
        by: Option<UserId>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Claims an `Idempotency-Key` for one user's request (`fingerprint` names the request),
    /// or says what became of the request that claimed it first. Keys older than `since` are
    /// forgotten.
    fn start_idempotent(
        &self,
        org: OrgId,
        user: UserId,
        key: &str,
        fingerprint: &str,
        since: OffsetDateTime,
    ) -> impl Future<Output = Result<IdempotentStart>> + Send;

    /// Keeps the answer to a claimed key, to send again to a retry.
    fn finish_idempotent(
        &self,
        org: OrgId,
        user: UserId,
        key: &str,
        answer: &StoredAnswer,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Lets a claimed key go unanswered (the request failed before changing anything), so that a
    /// retry runs it afresh.
    fn release_idempotent(
        &self,
        org: OrgId,
        user: UserId,
        key: &str,
    ) -> impl Future<Output = Result<()>> + Send;
}

/// The position of the newest change readable now: a consumer that notes it before reading
/// everything, then applies the feed from there, misses nothing.
pub async fn feed_end<S: Store>(store: &S) -> Result<FeedCursor> {
    let mut end = FeedCursor::START;
    loop {
        let batch = store.changes_since(end, 10_000).await?;
        match batch.last() {
            Some(last) => end = last.cursor,
            None => return Ok(end),
        }
    }
}

/// Hands every candidate in the organisation to `each`, oldest first, reading
/// [`CandidateStore::candidates_in_order`] 500 at a time (the walk index builds make). `each` may fail with
/// its own error, which ends the walk.
pub async fn each_candidate<S, E>(
    store: &S,
    org: OrgId,
    mut each: impl FnMut(Candidate) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    S: Store,
    E: From<StoreError>,
{
    let mut after = None;
    loop {
        let page = store.candidates_in_order(org, after, 500).await?;
        let Some(last) = page.last() else { return Ok(()) };
        after = Some(last.id);
        for c in page {
            each(c)?;
        }
    }
}
