// The Store implementation shared by the SQLite and PostgreSQL backends: this file holds what
// every part uses (column lists, row helpers, the change feed's append); each aggregate's trait
// is implemented in its own file beside it (users.rs, candidates.rs, pipeline.rs...).
//
// Both backends accept the same SQL for everything here ($1 placeholders, RETURNING, ON CONFLICT,
// row-value SET), so the queries are written once. Generic code over `sqlx::Database` would need
// dozens of where-clauses on every function (Rust does not imply them), so instead each backend
// crate `include!`s this file, then each part, after defining, for its own database:
//
//   type Db;                                   sqlx::Sqlite or sqlx::Postgres
//   type ThisStore;                            the backend's store struct, which provides
//       fn reader(&self) -> &Pool<Db>
//       async fn begin_write(&self) -> Result<Transaction<'static, Db>>   (SQLite: BEGIN IMMEDIATE)
//       async fn run_migrations(&self) -> Result<MigrationReport>
//       async fn tidy_after_bulk_load(&self) -> Result<()>
//       async fn fetch_changes(&self, after: FeedCursor, limit: u32) -> Result<Vec<Change>>
//   const BACKEND: Backend;
//   const MAX_BIND_PARAMS: usize;              bound parameters one statement may carry
//   const INDEX_DEFINITION: &str;              an index's CREATE statement by name ($1), if it exists
//   fn db_err(e: sqlx::Error) -> StoreError;   names constraints as both migrations do
//   macro_rules! ts                            wraps a timestamp for comparison in SQL
//
// The files are type-checked separately against each concrete database when each crate builds.

use hitstaff_domain::{ApiTokenId, AuthEventKind, InvitationId};
use hitstaff_domain::{
    Application, ApplicationId, Candidate, CandidateId, Client, ClientId, Email, FieldError, NewApplication,
    NewCandidate, NewClient, NewNote, NewOrganization, NewRequisition, NewUser, Note, NoteId, NoteSubject,
    OrgId, Organization, Requisition, RequisitionId, RequisitionStatus, Stage, StageChange, StageMove, User,
    UserId, ValidationErrors,
};
use hitstaff_domain::{
    Correction, DuplicateReason, NewResume, Resume, ResumeId, ResumeInfo, StoredCorrection,
};
use hitstaff_store::{
    AccountStore, CandidateStore, ClientStore, DatabaseStore, OrganizationStore, PipelineStore, PostingRow,
    PostingStore, RequisitionStore, ResumeStore, SettingStore, UserStore,
};
use hitstaff_store::{
    Actor, ApplicationFilter, ApplicationRow, Backend, BulkLoad, CandidateFilter, CandidateRow, Change,
    ChangeOp, ClientRow, EntityKind, FeedCursor, MigrationReport, NoteRow, OrganizationRow, Page,
    PageRequest, RequisitionFilter, RequisitionRow, Result, SignInRecord, SignInRow, StageChangeRow,
    StoreError, UserRow, UserUpdate, now,
};
use hitstaff_store::{
    ApiToken, ApiTokenRow, AuthEvent, AuthEventKey, AuthEventRow, AuthTally, Invitation, InvitationRow,
    NewApiToken, NewInvitation, NewSession, RecentMove, RecentMoveRow, Session, SessionRow,
};
use hitstaff_store::{CorrectionRow, DuplicateProbe, ResumeInfoRow, ResumeOwner, ResumeRow};
use hitstaff_store::{IdempotentStart, StoredAnswer};
use sqlx::query_builder::Separated;
use sqlx::types::Json;
use sqlx::{QueryBuilder, Row};
use time::OffsetDateTime;
use uuid::Uuid;

type Tx = Transaction<'static, Db>;

/// The rest of a forward walk by id: after the last id seen, up to `limit` (at most 1,000) rows.
/// The condition is left out on the first page rather than written `($n IS NULL OR id > $n)`,
/// which no planner reads as a range: that form scans from the start for every page.
fn push_after_and_limit(qb: &mut QueryBuilder<Db>, after: Option<Uuid>, limit: u32) {
    if let Some(after) = after {
        qb.push(" AND id > ").push_bind(after);
    }
    qb.push(" ORDER BY id LIMIT ")
        .push_bind(i64::from(limit.clamp(1, 1_000)));
}

macro_rules! org_cols {
    () => {
        "id, name, slug, created_at"
    };
}
macro_rules! user_cols {
    () => {
        "id, org_id, email, name, role, client_id, active, created_at, updated_at"
    };
}
macro_rules! invitation_cols {
    () => {
        "id, org_id, user_id, created_by, created_at, expires_at, accepted_at, revoked_at"
    };
}
macro_rules! resume_info_cols {
    () => {
        "id, org_id, candidate_id, file_name, format, media_type, sha256, size_bytes, created_at, created_by"
    };
}
macro_rules! client_cols {
    () => {
        "id, org_id, name, kind, locations, ehr_systems, notes, created_at, updated_at"
    };
}
// The writable columns, in the order `push_requisition_values` binds them.
macro_rules! requisition_fields {
    () => {
        "client_id, title, role_family, engagement, intent, reason, work_model, location, remote_states, \
         headcount, start_date, duration_weeks, skills, pay, priority, status, contacts, description, owner_id"
    };
}
macro_rules! requisition_cols {
    () => {
        concat!(
            "id, org_id, reference, created_at, updated_at, ",
            requisition_fields!()
        )
    };
}
// The writable columns, in the order `push_candidate_values` binds them.
macro_rules! candidate_fields {
    () => {
        "name, email, phone, city, state, postal_code, headline, preferences, available_from, desired_pay, \
         employment_status, current_employer, source, tags, consent, npi, skills, experience"
    };
}
macro_rules! candidate_cols {
    () => {
        concat!("id, org_id, created_at, updated_at, ", candidate_fields!())
    };
}
const CANDIDATE_COLUMNS: usize = 22;
macro_rules! application_cols {
    () => {
        "id, org_id, candidate_id, requisition_id, stage, rejection, stage_entered_at, created_at, updated_at"
    };
}
// Session columns with the user's, joined; the session's own times are renamed apart from the user's.
macro_rules! session_select {
    () => {
        "SELECT s.token_hash, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.expires_at, \
         u.id, u.org_id, u.email, u.name, u.role, u.client_id, u.active, u.created_at, u.updated_at \
         FROM sessions s JOIN users u ON u.org_id = s.org_id AND u.id = s.user_id"
    };
}
macro_rules! api_token_cols {
    () => {
        "id, org_id, name, scopes, created_by, created_at, expires_at, last_used_at, revoked_at"
    };
}
macro_rules! note_cols {
    () => {
        "id, org_id, candidate_id, application_id, author, body, assessment, internal, created_at"
    };
}

/// Reads the row of this organisation with this id and converts it to its domain type; NotFound when
/// there is none here. `sql` selects by `org_id = $1 AND id = $2`. Works on the pool or in a
/// transaction.
async fn fetch_one_in_org<'e, R, T>(
    executor: impl sqlx::Executor<'e, Database = Db>,
    sql: &'static str,
    org: OrgId,
    id: Uuid,
    entity: &'static str,
) -> Result<T>
where
    R: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
    T: TryFrom<R, Error = StoreError>,
{
    let row: Option<R> = sqlx::query_as(sql)
        .bind(org.0)
        .bind(id)
        .fetch_optional(executor)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::not_found(entity))?.try_into()
}

/// Reads every row `sql` selects for this organisation (`org_id = $1`), converted.
async fn fetch_all_in_org<R, T>(pool: &Pool<Db>, sql: &'static str, org: OrgId) -> Result<Vec<T>>
where
    R: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
    T: TryFrom<R, Error = StoreError>,
{
    let rows: Vec<R> = sqlx::query_as(sql)
        .bind(org.0)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.into_iter().map(T::try_from).collect()
}

const USER_BY_ID: &str = concat!(
    "SELECT ",
    user_cols!(),
    " FROM users WHERE org_id = $1 AND id = $2"
);
const CLIENT_BY_ID: &str = concat!(
    "SELECT ",
    client_cols!(),
    " FROM clients WHERE org_id = $1 AND id = $2"
);
const REQUISITION_BY_ID: &str = concat!(
    "SELECT ",
    requisition_cols!(),
    " FROM requisitions WHERE org_id = $1 AND id = $2"
);
const CANDIDATE_BY_ID: &str = concat!(
    "SELECT ",
    candidate_cols!(),
    " FROM candidates WHERE org_id = $1 AND id = $2"
);
const APPLICATION_BY_ID: &str = concat!(
    "SELECT ",
    application_cols!(),
    " FROM applications WHERE org_id = $1 AND id = $2"
);

fn op_code(op: ChangeOp) -> &'static str {
    match op {
        ChangeOp::Upsert => "upsert",
        ChangeOp::Delete => "delete",
    }
}

/// Appends one entry to the change feed, inside the writing transaction.
async fn append_change(
    tx: &mut Tx,
    org: OrgId,
    kind: EntityKind,
    id: Uuid,
    op: ChangeOp,
    at: OffsetDateTime,
) -> Result<()> {
    sqlx::query("INSERT INTO changes (org_id, entity, entity_id, op, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(org.0)
        .bind(kind.code())
        .bind(id)
        .bind(op_code(op))
        .bind(at)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Appends many entries at once (bulk imports), in chunks that fit the parameter limit.
async fn append_changes(
    tx: &mut Tx,
    org: OrgId,
    kind: EntityKind,
    ids: &[Uuid],
    op: ChangeOp,
    at: OffsetDateTime,
) -> Result<()> {
    for chunk in ids.chunks(MAX_BIND_PARAMS / 5) {
        let mut qb = QueryBuilder::<Db>::new("INSERT INTO changes (org_id, entity, entity_id, op, at) ");
        qb.push_values(chunk, |mut b, id| {
            b.push_bind(org.0)
                .push_bind(kind.code())
                .push_bind(*id)
                .push_bind(op_code(op))
                .push_bind(at);
        });
        qb.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Fails with NotFound unless the row exists in this organisation. `sql` selects one row by
/// `org_id = $1 AND id = $2`.
async fn ensure_exists(
    tx: &mut Tx,
    sql: &'static str,
    org: OrgId,
    id: Uuid,
    entity: &'static str,
) -> Result<()> {
    let found = sqlx::query(sql)
        .bind(org.0)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    found.map(|_| ()).ok_or(StoreError::not_found(entity))
}

const CLIENT_EXISTS: &str = "SELECT 1 FROM clients WHERE org_id = $1 AND id = $2";
const CANDIDATE_EXISTS: &str = "SELECT 1 FROM candidates WHERE org_id = $1 AND id = $2";
const APPLICATION_EXISTS: &str = "SELECT 1 FROM applications WHERE org_id = $1 AND id = $2";

/// Takes the next value of a per-organisation counter (1, 2, ...).
async fn next_counter(tx: &mut Tx, org: OrgId, name: &'static str) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO org_counters (org_id, name, value) VALUES ($1, $2, 1) \
         ON CONFLICT (org_id, name) DO UPDATE SET value = org_counters.value + 1 RETURNING value",
    )
    .bind(org.0)
    .bind(name)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

fn invalid(field: &str, problem: impl Into<String>) -> StoreError {
    StoreError::Invalid(ValidationErrors::from(FieldError::new(field, problem)))
}

/// Turns `limit + 1` fetched rows into a page: the extra row only says that there is a next page.
fn into_page<R, T, K>(rows: Vec<R>, limit: u32, key: impl Fn(&T) -> K) -> Result<Page<T, K>>
where
    T: TryFrom<R, Error = StoreError>,
{
    let mut items = rows.into_iter().map(T::try_from).collect::<Result<Vec<T>>>()?;
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(key)
    } else {
        None
    };
    Ok(Page { items, next })
}
