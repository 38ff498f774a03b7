//! Inputs and outputs of the Store that are not domain entities: paging, filters, the change feed.

use hitstaff_domain::{
    CandidateId, ClientId, EmploymentStatus, Engagement, OrgId, PersonName, RequisitionId, RequisitionStatus,
    Role, RoleFamily, SkillId, Stage, UsState, User, UserId, WorkModel,
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// The storage backend behind a [`crate::Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// What `migrate` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationReport {
    /// Schema version before (0 for an empty database).
    pub from_version: i64,
    /// Schema version now.
    pub to_version: i64,
    /// Migrations applied by this call.
    pub applied: Vec<i64>,
    /// Indexes a bulk load had set aside and did not get to build (it stopped half-way), built by
    /// this call.
    pub rebuilt_indexes: Vec<String>,
}

/// What a bulk load is about to write, so that the store can prepare for it
/// ([`DatabaseStore::before_bulk_load`](crate::DatabaseStore::before_bulk_load)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkLoad {
    /// About how many candidates the load writes.
    pub candidates: u64,
    /// Whether each row is first looked for among the people stored (an import does, so the name
    /// and phone indexes that the look-up reads stay in place; generated data does not).
    pub checks_duplicates: bool,
}

impl BulkLoad {
    /// The smallest load worth setting indexes aside for: below it, building an index afresh
    /// costs more than keeping it up to date.
    pub const DEFER_FROM: u64 = 50_000;
}

/// Changes to a user made by an administrator. `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserUpdate {
    pub name: Option<PersonName>,
    /// A new role, with the client it is scoped to (required for hiring managers, refused otherwise).
    pub role: Option<(Role, Option<ClientId>)>,
    pub active: Option<bool>,
}

/// A user with the password hash, for signing in.
#[derive(Debug, Clone)]
pub struct SignInRecord {
    pub user: User,
    pub password_hash: Option<String>,
}

/// Who is acting, for rules that depend on the role (pipeline moves) and for history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// `None` for the system itself (imports, demo data).
    pub user: Option<UserId>,
    pub role: Role,
}

impl Actor {
    /// hitstaff acting on its own (generated data, imports): allowed what an administrator is.
    pub const SYSTEM: Actor = Actor {
        user: None,
        role: Role::Admin,
    };

    pub fn user(id: UserId, role: Role) -> Self {
        Self { user: Some(id), role }
    }
}

/// Which page to fetch: the items after `after` (the last id of the previous page), `limit` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest<K> {
    pub after: Option<K>,
    pub limit: u32,
}

impl<K> PageRequest<K> {
    pub const MAX_LIMIT: u32 = 500;

    pub fn first(limit: u32) -> Self {
        Self { after: None, limit }
    }

    /// The limit, clamped to 1..=MAX_LIMIT.
    pub fn clamped_limit(&self) -> u32 {
        self.limit.clamp(1, Self::MAX_LIMIT)
    }
}

/// One page of results, with the cursor of the next page if there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T, K> {
    pub items: Vec<T>,
    pub next: Option<K>,
}

/// Whose a resume being filed is, and what happens to their record in the same transaction.
#[derive(Debug, Clone, Copy)]
pub enum ResumeOwner<'a> {
    /// A new candidate, created with the resume.
    New(&'a hitstaff_domain::NewCandidate),
    /// A candidate on file, whose fields become these.
    Updated(CandidateId, &'a hitstaff_domain::NewCandidate),
    /// A candidate on file, left as they are.
    AsIs(CandidateId),
}

/// What a new resume says about its person, to look for them on file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DuplicateProbe {
    pub email: Option<hitstaff_domain::Email>,
    pub phone: Option<hitstaff_domain::Phone>,
    pub name: Option<String>,
    pub city: Option<String>,
}

/// Filters on the candidate list; all given filters must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateFilter {
    pub state: Option<UsState>,
    /// Has this skill on their profile, or one of `skill_parts`.
    pub skill: Option<SkillId>,
    /// The parts of `skill` (Beaker's modules; every Epic application for Epic), each held in its
    /// place. The store does not know the taxonomy: the application layer fills them.
    pub skill_parts: Vec<SkillId>,
    pub source: Option<String>,
    /// Available on or before this day (or no date given).
    pub available_by: Option<Date>,
    pub employment_status: Option<EmploymentStatus>,
    /// Name starts with this (case-insensitive).
    pub name_prefix: Option<String>,
    /// Only candidates this client has been sent: in one of its requisitions' pipelines at
    /// Submitted or later (what a hiring manager may see).
    pub submitted_to_client: Option<ClientId>,
}

/// Filters on the requisition list; all given filters must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequisitionFilter {
    pub client: Option<ClientId>,
    /// Worked by this user.
    pub owner: Option<UserId>,
    pub status: Option<RequisitionStatus>,
    pub role_family: Option<RoleFamily>,
    pub engagement: Option<Engagement>,
    pub work_model: Option<WorkModel>,
    /// Asks for this skill (required or preferred).
    pub skill: Option<SkillId>,
    pub priority: Option<hitstaff_domain::Priority>,
}

/// Which applications to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationFilter {
    Requisition(RequisitionId),
    Candidate(CandidateId),
    /// Every application of the organisation at this stage.
    Stage(Stage),
}

/// The kinds of entity the change feed names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Organization,
    User,
    Client,
    Requisition,
    Candidate,
    Application,
    Note,
    Resume,
    Posting,
}

impl EntityKind {
    pub const fn code(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::User => "user",
            Self::Client => "client",
            Self::Requisition => "requisition",
            Self::Candidate => "candidate",
            Self::Application => "application",
            Self::Note => "note",
            Self::Resume => "resume",
            Self::Posting => "posting",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Organization,
            Self::User,
            Self::Client,
            Self::Requisition,
            Self::Candidate,
            Self::Application,
            Self::Note,
            Self::Resume,
            Self::Posting,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
}

/// Whether the entity was written or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    Upsert,
    Delete,
}

/// A position in the change feed: everything up to and including it has been seen.
///
/// On SQLite only `seq` moves (one writer at a time, so numbering order is commit order). On
/// PostgreSQL sequence numbers are taken before commit, so a later number can commit first; the feed
/// is therefore ordered by writing transaction (`xid`), then `seq`, and read only up to the oldest
/// transaction still running, past which no row can ever appear. A change there becomes readable once
/// every older transaction in the cluster has ended: usually at once, at worst as long as the longest
/// transaction running beside it. Nothing is ever skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct FeedCursor {
    pub xid: i64,
    pub seq: i64,
}

impl FeedCursor {
    /// Before the first change.
    pub const START: FeedCursor = FeedCursor { xid: 0, seq: 0 };
}

impl std::fmt::Display for FeedCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.xid, self.seq)
    }
}

impl std::str::FromStr for FeedCursor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (x, q) = s
            .split_once(':')
            .ok_or_else(|| format!("{s:?} is not a feed position (xid:seq)"))?;
        let num = |t: &str| {
            t.parse::<i64>()
                .map_err(|_| format!("{s:?} is not a feed position (xid:seq)"))
        };
        Ok(Self {
            xid: num(x)?,
            seq: num(q)?,
        })
    }
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub cursor: FeedCursor,
    pub org_id: OrgId,
    pub entity: EntityKind,
    pub entity_id: uuid::Uuid,
    pub op: ChangeOp,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The current time, truncated to microseconds: what both databases keep, so a value read back equals
/// the value written.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000).unwrap_or(t)
}

/// A browser session to open.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 (hex) of the cookie token; the token itself is never stored.
    pub token_hash: String,
    pub org: OrgId,
    pub user: UserId,
    pub csrf_token: String,
    /// The absolute end of the session.
    pub expires_at: OffsetDateTime,
}

/// An open browser session with its (active) user.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub user: User,
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// An API token to create.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub name: String,
    /// SHA-256 (hex) of the token; the token is shown once and never stored.
    pub token_hash: String,
    pub scopes: Vec<hitstaff_domain::Scope>,
    pub created_by: UserId,
    pub expires_at: Option<OffsetDateTime>,
}

/// An API token as stored: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: hitstaff_domain::ApiTokenId,
    pub org_id: OrgId,
    pub name: String,
    pub scopes: Vec<hitstaff_domain::Scope>,
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

/// One account event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthEvent {
    pub org: Option<OrgId>,
    pub user: Option<UserId>,
    pub kind: hitstaff_domain::AuthEventKind,
    /// SHA-256 (hex) of the normalised email a sign-in named, for counting failures per account.
    pub subject_hash: Option<String>,
    /// The client's network address, for counting failures per address.
    pub address: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// What to count account events by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthEventKey {
    /// One account (the hash of its email address), from anywhere.
    Subject(String),
    /// One network address, whatever account it tried.
    Address(String),
    /// One account tried from one address: what sign-in delays grow by, so that an attacker
    /// slows only their own attempts and never locks the account's owner out.
    Pair { subject: String, address: String },
}

/// How many account events matched, and when the newest of them happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AuthTally {
    pub count: u64,
    pub last: Option<OffsetDateTime>,
}

/// A one-time link for a user to choose their password (a new user, or one who forgot it).
#[derive(Debug, Clone)]
pub struct NewInvitation {
    /// SHA-256 of the link's token; the token itself is shown once and never stored.
    pub token_hash: String,
    pub user: UserId,
    pub created_by: UserId,
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Invitation {
    pub id: hitstaff_domain::InvitationId,
    pub org_id: OrgId,
    pub user: UserId,
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

impl Invitation {
    /// Still usable at `at`: neither accepted, revoked nor expired.
    pub fn is_pending(&self, at: OffsetDateTime) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > at
    }
}

/// One stage move, with the names a person needs to read it.
#[derive(Debug, Clone)]
pub struct RecentMove {
    pub change: hitstaff_domain::StageChange,
    pub candidate_id: CandidateId,
    pub candidate_name: String,
    pub requisition_id: RequisitionId,
    pub requisition_reference: String,
    pub requisition_title: String,
}

/// A request sent with an `Idempotency-Key`, as the store remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotentStart {
    /// The key is new: run the request, then [`Store::finish_idempotent`].
    Fresh,
    /// The same request was answered before: send this answer again.
    Answered(StoredAnswer),
    /// The key was used for a different request (another path or body).
    OtherRequest,
    /// The request with this key has not been answered: still running, or cut off (the record
    /// it was creating may or may not exist).
    Unanswered { since: OffsetDateTime },
}

/// An answer kept for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}
