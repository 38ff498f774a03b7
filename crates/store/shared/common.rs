// The Store implementation shared by the SQLite and PostgreSQL backends.
//
// Both backends accept the same SQL for everything here ($1 placeholders, RETURNING, ON CONFLICT,
// row-value SET), so the queries are written once. Generic code over `sqlx::Database` would need
// dozens of where-clauses on every function (Rust does not imply them), so instead each backend
// crate `include!`s this file after defining, for its own database:
//
//   type Db;                                   sqlx::Sqlite or sqlx::Postgres
//   type ThisStore;                            the backend's store struct, which provides
//       fn reader(&self) -> &Pool<Db>
//       async fn begin_write(&self) -> Result<Transaction<'static, Db>>   (SQLite: BEGIN IMMEDIATE)
//       async fn run_migrations(&self) -> Result<MigrationReport>
//       async fn fetch_changes(&self, after: FeedCursor, limit: u32) -> Result<Vec<Change>>
//   const BACKEND: Backend;
//   const MAX_BIND_PARAMS: usize;              bound parameters one statement may carry
//   fn db_err(e: sqlx::Error) -> StoreError;   names constraints as both migrations do
//   macro_rules! ts                            wraps a timestamp for comparison in SQL
//
// The file is type-checked separately against each concrete database when each crate builds.

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
    Actor, ApplicationFilter, ApplicationRow, Backend, CandidateFilter, CandidateRow, Change, ChangeOp,
    ClientRow, EntityKind, FeedCursor, MigrationReport, NoteRow, OrganizationRow, Page, PageRequest,
    RequisitionFilter, RequisitionRow, Result, SignInRecord, SignInRow, StageChangeRow, Store, StoreError,
    UserRow, UserUpdate, now,
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
         headcount, start_date, duration_weeks, skills, pay, priority, status, contacts, description"
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

fn push_requisition_values(b: &mut Separated<'_, Db, &'static str>, r: &NewRequisition) {
    b.push_bind(r.client_id.0)
        .push_bind(r.title.clone())
        .push_bind(r.role_family.code())
        .push_bind(r.engagement.code())
        .push_bind(r.intent.code())
        .push_bind(r.reason.code())
        .push_bind(r.work_model.code())
        .push_bind(r.location.clone().map(Json))
        .push_bind(Json(r.remote_states.clone()))
        .push_bind(i32::from(r.headcount))
        .push_bind(r.start_date)
        .push_bind(r.duration_weeks.map(i32::from))
        .push_bind(Json(r.skills.clone()))
        .push_bind(r.pay.map(Json))
        .push_bind(r.priority.code())
        .push_bind(r.status.code())
        .push_bind(Json(r.contacts.clone()))
        .push_bind(r.description.clone());
}

fn push_candidate_values(b: &mut Separated<'_, Db, &'static str>, c: &NewCandidate) {
    let loc = c.location.as_ref();
    b.push_bind(c.name.as_str().to_owned())
        .push_bind(c.email.as_ref().map(|e| e.as_str().to_owned()))
        .push_bind(c.phone.as_ref().map(|p| p.as_str().to_owned()))
        .push_bind(loc.map(|l| l.city.clone()))
        .push_bind(loc.map(|l| l.state.code()))
        .push_bind(
            loc.and_then(|l| l.postal_code.as_ref())
                .map(|z| z.as_str().to_owned()),
        )
        .push_bind(c.headline.clone())
        .push_bind(Json(c.preferences.clone()))
        .push_bind(c.available_from)
        .push_bind(c.desired_pay.map(Json))
        .push_bind(c.employment_status.code())
        .push_bind(c.current_employer.clone())
        .push_bind(c.source.clone())
        .push_bind(Json(c.tags.clone()))
        .push_bind(Json(c.consent))
        .push_bind(c.npi.as_ref().map(|n| n.as_str().to_owned()))
        .push_bind(Json(c.skills.clone()))
        .push_bind(Json(c.experience.clone()));
}

/// Writes the skill index rows of the given requisition (after removing the old ones).
async fn write_requisition_skills(
    tx: &mut Tx,
    org: OrgId,
    id: RequisitionId,
    r: &NewRequisition,
) -> Result<()> {
    sqlx::query("DELETE FROM requisition_skills WHERE org_id = $1 AND requisition_id = $2")
        .bind(org.0)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    if r.skills.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO requisition_skills (org_id, requisition_id, skill_id, required) ",
    );
    qb.push_values(&r.skills, |mut b, s| {
        b.push_bind(org.0)
            .push_bind(id.0)
            .push_bind(s.skill.as_str().to_owned())
            .push_bind(s.required);
    });
    qb.build().execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

/// Writes a candidate's new fields and skills, and announces the change; with a `version`, only
/// if the record is still the one saved at that time.
async fn update_candidate_rows(
    tx: &mut Tx,
    org: OrgId,
    id: CandidateId,
    new: &NewCandidate,
    at: OffsetDateTime,
    version: Option<OffsetDateTime>,
) -> Result<CandidateRow> {
    let mut qb = QueryBuilder::<Db>::new(concat!(
        "UPDATE candidates SET (updated_at, ",
        candidate_fields!(),
        ") = ("
    ));
    {
        let mut b = qb.separated(", ");
        b.push_bind(at);
        push_candidate_values(&mut b, new);
    }
    qb.push(") WHERE org_id = ").push_bind(org.0);
    qb.push(" AND id = ").push_bind(id.0);
    if let Some(version) = version {
        qb.push(" AND updated_at = ").push_bind(version);
    }
    qb.push(concat!(" RETURNING ", candidate_cols!()));
    let row: Option<CandidateRow> = qb
        .build_query_as()
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    let row = match row {
        Some(row) => row,
        None if version.is_some() => {
            ensure_exists(tx, CANDIDATE_EXISTS, org, id.0, "candidate").await?;
            return Err(StoreError::Conflict {
                constraint: hitstaff_store::Constraint::CandidatesChangedMeanwhile,
            });
        }
        None => return Err(StoreError::not_found("candidate")),
    };
    sqlx::query("DELETE FROM candidate_skills WHERE org_id = $1 AND candidate_id = $2")
        .bind(org.0)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    let state = new.location.as_ref().map(|l| l.state.code());
    let skills: Vec<SkillRow<'_>> = new.skills.iter().map(|s| (id.0, state, s)).collect();
    insert_candidate_skills(tx, org, &skills).await?;
    append_change(tx, org, EntityKind::Candidate, id.0, ChangeOp::Upsert, at).await?;
    Ok(row)
}

/// Keeps a resume for `candidate`, and announces it.
async fn insert_resume_row(
    tx: &mut Tx,
    org: OrgId,
    candidate: CandidateId,
    new: &NewResume,
    by: Option<UserId>,
    at: OffsetDateTime,
) -> Result<ResumeInfoRow> {
    let id = ResumeId::new();
    let size = i64::try_from(new.content.len()).map_err(|_| StoreError::corrupt("resume", "too large"))?;
    let row: ResumeInfoRow = sqlx::query_as(concat!(
        "INSERT INTO resumes (id, org_id, candidate_id, file_name, format, media_type, sha256, size_bytes, \
         content, text, parsed, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ",
        resume_info_cols!()
    ))
    .bind(id.0)
    .bind(org.0)
    .bind(candidate.0)
    .bind(&new.file_name)
    .bind(&new.format)
    .bind(&new.media_type)
    .bind(&new.sha256)
    .bind(size)
    .bind(&new.content)
    .bind(&new.text)
    .bind(&new.parsed_json)
    .bind(at)
    .bind(by.map(|u| u.0))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    append_change(tx, org, EntityKind::Resume, id.0, ChangeOp::Upsert, at).await?;
    Ok(row)
}

/// Inserts candidates with their skill index rows and change entries, in chunks that fit the
/// parameter limit. All inside the caller's transaction.
async fn insert_candidate_rows(
    tx: &mut Tx,
    org: OrgId,
    batch: &[(CandidateId, &NewCandidate)],
    at: OffsetDateTime,
) -> Result<()> {
    for chunk in batch.chunks(MAX_BIND_PARAMS / CANDIDATE_COLUMNS) {
        let mut qb = QueryBuilder::<Db>::new(concat!("INSERT INTO candidates (", candidate_cols!(), ") "));
        qb.push_values(chunk, |mut b, (id, c)| {
            b.push_bind(id.0).push_bind(org.0).push_bind(at).push_bind(at);
            push_candidate_values(&mut b, c);
        });
        qb.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    let skills: Vec<SkillRow<'_>> = batch
        .iter()
        .flat_map(|(id, c)| {
            let state = c.location.as_ref().map(|l| l.state.code());
            c.skills.iter().map(move |s| (id.0, state, s))
        })
        .collect();
    insert_candidate_skills(tx, org, &skills).await?;
    let ids: Vec<Uuid> = batch.iter().map(|(id, _)| id.0).collect();
    append_changes(tx, org, EntityKind::Candidate, &ids, ChangeOp::Upsert, at).await
}

/// One row of the skill index: the candidate, their state (for skill-in-state search) and a skill.
type SkillRow<'a> = (Uuid, Option<&'static str>, &'a hitstaff_domain::CandidateSkill);

async fn insert_candidate_skills(tx: &mut Tx, org: OrgId, skills: &[SkillRow<'_>]) -> Result<()> {
    for chunk in skills.chunks(MAX_BIND_PARAMS / 6) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO candidate_skills (org_id, candidate_id, skill_id, level, years_tenths, state) ",
        );
        qb.push_values(chunk, |mut b, (id, state, s)| {
            b.push_bind(org.0)
                .push_bind(*id)
                .push_bind(s.skill.as_str().to_owned())
                .push_bind(s.level.code())
                .push_bind(i32::from(s.years_tenths))
                .push_bind(*state);
        });
        qb.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Refuses a user's client scope that does not fit the role, and a client of another organisation.
async fn check_user_scope(
    tx: &mut Tx,
    org: OrgId,
    role: hitstaff_domain::Role,
    client: Option<ClientId>,
) -> Result<()> {
    match (role.is_client_scoped(), client) {
        (true, None) => {
            return Err(invalid(
                "client",
                "a hiring manager must be tied to one client; choose it",
            ));
        }
        (false, Some(_)) => return Err(invalid("client", "only hiring managers are tied to a client")),
        _ => {}
    }
    if let Some(c) = client {
        ensure_exists(tx, CLIENT_EXISTS, org, c.0, "client").await?;
    }
    Ok(())
}

async fn fetch_application(tx: &mut Tx, org: OrgId, id: ApplicationId) -> Result<Application> {
    fetch_one_in_org::<ApplicationRow, _>(&mut **tx, APPLICATION_BY_ID, org, id.0, "application").await
}

async fn fetch_requisition_tx(tx: &mut Tx, org: OrgId, id: RequisitionId) -> Result<Requisition> {
    fetch_one_in_org::<RequisitionRow, _>(&mut **tx, REQUISITION_BY_ID, org, id.0, "requisition").await
}

/// Writes the requisition's fields, provided its status is still `expected_status` (another writer
/// may have changed it since it was read: then the write is refused rather than lost).
async fn write_requisition(
    tx: &mut Tx,
    org: OrgId,
    id: RequisitionId,
    new: &NewRequisition,
    expected_status: RequisitionStatus,
    at: OffsetDateTime,
) -> Result<Requisition> {
    let mut qb = QueryBuilder::<Db>::new(concat!(
        "UPDATE requisitions SET (updated_at, ",
        requisition_fields!(),
        ") = ("
    ));
    {
        let mut b = qb.separated(", ");
        b.push_bind(at);
        push_requisition_values(&mut b, new);
    }
    qb.push(") WHERE org_id = ").push_bind(org.0);
    qb.push(" AND id = ").push_bind(id.0);
    qb.push(" AND status = ").push_bind(expected_status.code());
    qb.push(concat!(" RETURNING ", requisition_cols!()));
    let row: Option<RequisitionRow> = qb
        .build_query_as()
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    let row = row.ok_or_else(|| StoreError::Conflict {
        constraint: hitstaff_store::Constraint::RequisitionsChangedMeanwhile,
    })?;
    write_requisition_skills(tx, org, id, new).await?;
    append_change(tx, org, EntityKind::Requisition, id.0, ChangeOp::Upsert, at).await?;
    row.try_into()
}

impl Store for ThisStore {
    fn backend(&self) -> Backend {
        BACKEND
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn migrate(&self) -> Result<MigrationReport> {
        self.run_migrations().await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(self.reader())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    // ---- organisations

    #[tracing::instrument(level = "debug", skip_all)]
    async fn create_organization(&self, new: &NewOrganization) -> Result<Organization> {
        let (id, at) = (OrgId::new(), now());
        let mut tx = self.begin_write().await?;
        let row: OrganizationRow = sqlx::query_as(concat!(
            "INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, $4) RETURNING ",
            org_cols!()
        ))
        .bind(id.0)
        .bind(&new.name)
        .bind(&new.slug)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, id, EntityKind::Organization, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(row.into())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
    async fn get_organization(&self, id: OrgId) -> Result<Organization> {
        let row: Option<OrganizationRow> = sqlx::query_as(concat!(
            "SELECT ",
            org_cols!(),
            " FROM organizations WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(Into::into).ok_or(StoreError::not_found("organisation"))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
    async fn update_organization(&self, id: OrgId, new: &NewOrganization) -> Result<Organization> {
        let mut tx = self.begin_write().await?;
        let row: Option<OrganizationRow> = sqlx::query_as(concat!(
            "UPDATE organizations SET name = $2, slug = $3 WHERE id = $1 RETURNING ",
            org_cols!()
        ))
        .bind(id.0)
        .bind(&new.name)
        .bind(&new.slug)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("organisation"))?;
        append_change(
            &mut tx,
            id,
            EntityKind::Organization,
            id.0,
            ChangeOp::Upsert,
            now(),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(row.into())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn list_organizations(&self) -> Result<Vec<Organization>> {
        let rows: Vec<OrganizationRow> =
            sqlx::query_as(concat!("SELECT ", org_cols!(), " FROM organizations ORDER BY id"))
                .fetch_all(self.reader())
                .await
                .map_err(db_err)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    // ---- users

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_user(&self, org: OrgId, new: &NewUser) -> Result<User> {
        let (id, at) = (UserId::new(), now());
        let mut tx = self.begin_write().await?;
        check_user_scope(&mut tx, org, new.role, new.client_id).await?;
        let row: UserRow = sqlx::query_as(concat!(
            "INSERT INTO users (id, org_id, email, name, role, client_id, active, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ",
            user_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(new.email.as_str())
        .bind(new.name.as_str())
        .bind(new.role.code())
        .bind(new.client_id.map(|c| c.0))
        .bind(true)
        .bind(new.password_hash.as_deref())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::User, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_user(&self, org: OrgId, id: UserId) -> Result<User> {
        fetch_one_in_org::<UserRow, _>(self.reader(), USER_BY_ID, org, id.0, "user").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_users(&self, org: OrgId) -> Result<Vec<User>> {
        const SQL: &str = concat!(
            "SELECT ",
            user_cols!(),
            " FROM users WHERE org_id = $1 ORDER BY lower(name), id"
        );
        fetch_all_in_org::<UserRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_user(&self, org: OrgId, id: UserId, update: &UserUpdate) -> Result<User> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let current: User = fetch_one_in_org::<UserRow, _>(&mut *tx, USER_BY_ID, org, id.0, "user").await?;
        let (role, client) = update.role.unwrap_or((current.role, current.client_id));
        check_user_scope(&mut tx, org, role, client).await?;
        let name = update.name.as_ref().unwrap_or(&current.name);
        let row: UserRow = sqlx::query_as(concat!(
            "UPDATE users SET name = $3, role = $4, client_id = $5, active = $6, updated_at = $7 \
             WHERE org_id = $1 AND id = $2 RETURNING ",
            user_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(name.as_str())
        .bind(role.code())
        .bind(client.map(|c| c.0))
        .bind(update.active.unwrap_or(current.active))
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        if update.active == Some(false) {
            // A deactivated account is signed out everywhere at once.
            sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND user_id = $2")
                .bind(org.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        append_change(&mut tx, org, EntityKind::User, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn set_password_hash(&self, org: OrgId, id: UserId, hash: &str) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE users SET password_hash = $3, updated_at = $4 WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(id.0)
                .bind(hash)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("user"));
        }
        append_change(&mut tx, org, EntityKind::User, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn user_for_sign_in(&self, email: &Email) -> Result<Option<SignInRecord>> {
        let row: Option<SignInRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_cols!(),
            ", password_hash FROM users WHERE email = $1"
        ))
        .bind(email.as_str())
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(|r| {
            Ok(SignInRecord {
                user: r.user.try_into()?,
                password_hash: r.password_hash,
            })
        })
        .transpose()
    }

    // ---- clients

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_client(&self, org: OrgId, new: &NewClient) -> Result<Client> {
        let new = new.clone().validate()?;
        let (id, at) = (ClientId::new(), now());
        let mut tx = self.begin_write().await?;
        let row: ClientRow = sqlx::query_as(concat!(
            "INSERT INTO clients (",
            client_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ",
            client_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(&new.name)
        .bind(new.kind.code())
        .bind(Json(&new.locations))
        .bind(Json(&new.ehr_systems))
        .bind(&new.notes)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::Client, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_client(&self, org: OrgId, id: ClientId) -> Result<Client> {
        fetch_one_in_org::<ClientRow, _>(self.reader(), CLIENT_BY_ID, org, id.0, "client").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_clients(&self, org: OrgId) -> Result<Vec<Client>> {
        const SQL: &str = concat!(
            "SELECT ",
            client_cols!(),
            " FROM clients WHERE org_id = $1 ORDER BY lower(name), id"
        );
        fetch_all_in_org::<ClientRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_client(&self, org: OrgId, id: ClientId, new: &NewClient) -> Result<Client> {
        let new = new.clone().validate()?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let row: Option<ClientRow> = sqlx::query_as(concat!(
            "UPDATE clients SET name = $3, kind = $4, locations = $5, ehr_systems = $6, notes = $7, updated_at = $8 \
             WHERE org_id = $1 AND id = $2 RETURNING ",
            client_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(&new.name)
        .bind(new.kind.code())
        .bind(Json(&new.locations))
        .bind(Json(&new.ehr_systems))
        .bind(&new.notes)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("client"))?;
        append_change(&mut tx, org, EntityKind::Client, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_client(&self, org: OrgId, id: ClientId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CLIENT_EXISTS, org, id.0, "client").await?;
        let in_use = sqlx::query(
            "SELECT 1 FROM requisitions WHERE org_id = $1 AND client_id = $2 \
             UNION ALL SELECT 1 FROM users WHERE org_id = $1 AND client_id = $2 LIMIT 1",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if in_use.is_some() {
            return Err(StoreError::Conflict {
                constraint: hitstaff_store::Constraint::ClientsInUse,
            });
        }
        sqlx::query("DELETE FROM clients WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::Client, id.0, ChangeOp::Delete, now()).await?;
        tx.commit().await.map_err(db_err)
    }

    // ---- requisitions

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_requisition(&self, org: OrgId, new: &NewRequisition) -> Result<Requisition> {
        let new = new.clone().validate()?;
        let (id, at) = (RequisitionId::new(), now());
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CLIENT_EXISTS, org, new.client_id.0, "client").await?;
        let number = next_counter(&mut tx, org, "requisition").await?;
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "INSERT INTO requisitions (",
            requisition_cols!(),
            ") VALUES ("
        ));
        {
            let mut b = qb.separated(", ");
            b.push_bind(id.0)
                .push_bind(org.0)
                .push_bind(format!("REQ-{number:04}"))
                .push_bind(at)
                .push_bind(at);
            push_requisition_values(&mut b, &new);
        }
        qb.push(concat!(") RETURNING ", requisition_cols!()));
        let row: RequisitionRow = qb.build_query_as().fetch_one(&mut *tx).await.map_err(db_err)?;
        write_requisition_skills(&mut tx, org, id, &new).await?;
        append_change(&mut tx, org, EntityKind::Requisition, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_requisition(&self, org: OrgId, id: RequisitionId) -> Result<Requisition> {
        fetch_one_in_org::<RequisitionRow, _>(self.reader(), REQUISITION_BY_ID, org, id.0, "requisition")
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_requisitions(
        &self,
        org: OrgId,
        filter: &RequisitionFilter,
        page: &PageRequest<RequisitionId>,
    ) -> Result<Page<Requisition, RequisitionId>> {
        let limit = page.clamped_limit();
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            requisition_cols!(),
            " FROM requisitions WHERE org_id = "
        ));
        qb.push_bind(org.0);
        if let Some(c) = filter.client {
            qb.push(" AND client_id = ").push_bind(c.0);
        }
        if let Some(s) = filter.status {
            qb.push(" AND status = ").push_bind(s.code());
        }
        if let Some(f) = filter.role_family {
            qb.push(" AND role_family = ").push_bind(f.code());
        }
        if let Some(e) = filter.engagement {
            qb.push(" AND engagement = ").push_bind(e.code());
        }
        if let Some(w) = filter.work_model {
            qb.push(" AND work_model = ").push_bind(w.code());
        }
        if let Some(skill) = &filter.skill {
            qb.push(" AND id IN (SELECT requisition_id FROM requisition_skills WHERE org_id = ")
                .push_bind(org.0);
            qb.push(" AND skill_id = ")
                .push_bind(skill.as_str().to_owned())
                .push(")");
        }
        if let Some(after) = page.after {
            qb.push(" AND id < ").push_bind(after.0);
        }
        qb.push(" ORDER BY id DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        let rows: Vec<RequisitionRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        into_page(rows, limit, |r: &Requisition| r.id)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_requisition(
        &self,
        org: OrgId,
        id: RequisitionId,
        new: &NewRequisition,
    ) -> Result<Requisition> {
        let new = new.clone().validate()?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let current = fetch_requisition_tx(&mut tx, org, id).await?;
        let from = current.fields.status;
        if from != new.status && !from.can_become(new.status) {
            return Err(invalid(
                "status",
                format!("a requisition cannot go from {from} to {}", new.status),
            ));
        }
        ensure_exists(&mut tx, CLIENT_EXISTS, org, new.client_id.0, "client").await?;
        let updated = write_requisition(&mut tx, org, id, &new, from, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(updated)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_requisition(&self, org: OrgId, id: RequisitionId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        fetch_requisition_tx(&mut tx, org, id).await?;
        let staffed =
            sqlx::query("SELECT 1 FROM applications WHERE org_id = $1 AND requisition_id = $2 LIMIT 1")
                .bind(org.0)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        if staffed.is_some() {
            return Err(StoreError::Conflict {
                constraint: hitstaff_store::Constraint::RequisitionsInUse,
            });
        }
        sqlx::query("DELETE FROM requisitions WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        append_change(
            &mut tx,
            org,
            EntityKind::Requisition,
            id.0,
            ChangeOp::Delete,
            now(),
        )
        .await?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn set_requisition_status(
        &self,
        org: OrgId,
        id: RequisitionId,
        status: RequisitionStatus,
    ) -> Result<Requisition> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let current = fetch_requisition_tx(&mut tx, org, id).await?;
        let from = current.fields.status;
        if !from.can_become(status) {
            return Err(invalid(
                "status",
                format!("a requisition cannot go from {from} to {status}"),
            ));
        }
        let new = NewRequisition {
            status,
            ..current.fields
        };
        let updated = write_requisition(&mut tx, org, id, &new, from, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(updated)
    }

    // ---- candidates

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_candidate(&self, org: OrgId, new: &NewCandidate) -> Result<Candidate> {
        let new = new.clone().validate()?;
        let (id, at) = (CandidateId::new(), now());
        let mut tx = self.begin_write().await?;
        insert_candidate_rows(&mut tx, org, &[(id, &new)], at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(Candidate {
            id,
            org_id: org,
            fields: new,
            created_at: at,
            updated_at: at,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, rows = batch.len()))]
    async fn insert_candidates(&self, org: OrgId, batch: &[NewCandidate]) -> Result<Vec<CandidateId>> {
        let at = now();
        let mut checked = Vec::with_capacity(batch.len());
        for (i, c) in batch.iter().enumerate() {
            let valid = c.clone().validate().map_err(|e| {
                let errors = e
                    .errors
                    .into_iter()
                    .map(|f| FieldError::new(format!("[{i}].{}", f.field), f.problem));
                StoreError::Invalid(ValidationErrors {
                    errors: errors.collect(),
                })
            })?;
            checked.push((CandidateId::new(), valid));
        }
        let refs: Vec<(CandidateId, &NewCandidate)> = checked.iter().map(|(id, c)| (*id, c)).collect();
        let mut tx = self.begin_write().await?;
        insert_candidate_rows(&mut tx, org, &refs, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(checked.into_iter().map(|(id, _)| id).collect())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_candidate(&self, org: OrgId, id: CandidateId) -> Result<Candidate> {
        fetch_one_in_org::<CandidateRow, _>(self.reader(), CANDIDATE_BY_ID, org, id.0, "candidate").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn find_candidate_by_email(&self, org: OrgId, email: &Email) -> Result<Option<Candidate>> {
        let row: Option<CandidateRow> = sqlx::query_as(concat!(
            "SELECT ",
            candidate_cols!(),
            " FROM candidates WHERE org_id = $1 AND email = $2"
        ))
        .bind(org.0)
        .bind(email.as_str())
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_candidates(
        &self,
        org: OrgId,
        filter: &CandidateFilter,
        page: &PageRequest<CandidateId>,
    ) -> Result<Page<Candidate, CandidateId>> {
        let limit = page.clamped_limit();
        // With a skill, walk that skill's index range (in the candidate's state, when one is asked
        // for) in id order; otherwise walk the candidates. Either way the page is one index range.
        let (mut qb, key) = match &filter.skill {
            Some(skill) => {
                let mut qb = QueryBuilder::<Db>::new(
                    "SELECT c.* FROM candidate_skills s JOIN candidates c \
                     ON c.org_id = s.org_id AND c.id = s.candidate_id WHERE s.org_id = ",
                );
                qb.push_bind(org.0)
                    .push(" AND s.skill_id = ")
                    .push_bind(skill.as_str().to_owned());
                if let Some(state) = filter.state {
                    qb.push(" AND s.state = ").push_bind(state.code());
                }
                (qb, "s.candidate_id")
            }
            None => {
                let mut qb = QueryBuilder::<Db>::new(concat!(
                    "SELECT ",
                    candidate_cols!(),
                    " FROM candidates c WHERE c.org_id = "
                ));
                qb.push_bind(org.0);
                if let Some(state) = filter.state {
                    qb.push(" AND c.state = ").push_bind(state.code());
                }
                (qb, "c.id")
            }
        };
        if let Some(source) = &filter.source {
            qb.push(" AND c.source = ").push_bind(source.clone());
        }
        if let Some(day) = filter.available_by {
            qb.push(" AND (c.available_from IS NULL OR c.available_from <= ")
                .push_bind(day)
                .push(")");
        }
        if let Some(status) = filter.employment_status {
            qb.push(" AND c.employment_status = ").push_bind(status.code());
        }
        if let Some(prefix) = filter
            .name_prefix
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            // Escape LIKE's wildcards so that a user's "%" or "_" means itself.
            let escaped = prefix
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            qb.push(" AND lower(c.name) LIKE ")
                .push_bind(format!("{escaped}%"))
                .push(" ESCAPE '\\'");
        }
        if let Some(client) = filter.submitted_to_client {
            qb.push(
                " AND EXISTS (SELECT 1 FROM applications a JOIN requisitions r \
                 ON r.org_id = a.org_id AND r.id = a.requisition_id \
                 WHERE a.org_id = c.org_id AND a.candidate_id = c.id AND r.client_id = ",
            )
            .push_bind(client.0)
            .push(" AND a.stage IN ('submitted', 'client_interview', 'offer', 'placed'))");
        }
        if let Some(after) = page.after {
            qb.push(" AND ").push(key).push(" < ").push_bind(after.0);
        }
        qb.push(" ORDER BY ")
            .push(key)
            .push(" DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        let rows: Vec<CandidateRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        into_page(rows, limit, |c: &Candidate| c.id)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, limit))]
    async fn candidates_in_order(
        &self,
        org: OrgId,
        after: Option<CandidateId>,
        limit: u32,
    ) -> Result<Vec<Candidate>> {
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            candidate_cols!(),
            " FROM candidates WHERE org_id = "
        ));
        qb.push_bind(org.0);
        push_after_and_limit(&mut qb, after.map(|a| a.0), limit);
        let rows: Vec<CandidateRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn count_candidates(&self, org: OrgId) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidates WHERE org_id = $1")
            .bind(org.0)
            .fetch_one(self.reader())
            .await
            .map_err(db_err)?;
        Ok(n.max(0) as u64)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_candidate(&self, org: OrgId, id: CandidateId, new: &NewCandidate) -> Result<Candidate> {
        let new = new.clone().validate()?;
        let mut tx = self.begin_write().await?;
        let row = update_candidate_rows(&mut tx, org, id, &new, now(), None).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_candidate_from(
        &self,
        org: OrgId,
        id: CandidateId,
        version: OffsetDateTime,
        new: &NewCandidate,
    ) -> Result<Candidate> {
        let new = new.clone().validate()?;
        let mut tx = self.begin_write().await?;
        // The new version is always later than the one replaced, even within one microsecond.
        let at = now().max(version + time::Duration::microseconds(1));
        let row = update_candidate_rows(&mut tx, org, id, &new, at, Some(version)).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_candidate(&self, org: OrgId, id: CandidateId) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CANDIDATE_EXISTS, org, id.0, "candidate").await?;
        // Everything the cascade removes is announced on the feed too, so that caches drop it.
        let applications: Vec<Uuid> =
            sqlx::query_scalar("SELECT id FROM applications WHERE org_id = $1 AND candidate_id = $2")
                .bind(org.0)
                .bind(id.0)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
        let notes: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM notes WHERE org_id = $1 AND (candidate_id = $2 OR application_id IN \
             (SELECT id FROM applications WHERE org_id = $1 AND candidate_id = $2))",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        sqlx::query("DELETE FROM candidates WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        append_changes(&mut tx, org, EntityKind::Note, &notes, ChangeOp::Delete, at).await?;
        append_changes(
            &mut tx,
            org,
            EntityKind::Application,
            &applications,
            ChangeOp::Delete,
            at,
        )
        .await?;
        append_change(&mut tx, org, EntityKind::Candidate, id.0, ChangeOp::Delete, at).await?;
        tx.commit().await.map_err(db_err)
    }

    // ---- applications

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_application(
        &self,
        org: OrgId,
        new: &NewApplication,
        by: Option<UserId>,
    ) -> Result<Application> {
        if !matches!(new.stage, Stage::Sourced | Stage::Screening) {
            return Err(invalid(
                "stage",
                "a new application starts at Sourced or Screening",
            ));
        }
        let (id, at) = (ApplicationId::new(), now());
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CANDIDATE_EXISTS, org, new.candidate_id.0, "candidate").await?;
        let requisition = fetch_requisition_tx(&mut tx, org, new.requisition_id).await?;
        if matches!(
            requisition.fields.status,
            RequisitionStatus::Filled | RequisitionStatus::Cancelled
        ) {
            return Err(invalid(
                "requisition",
                format!(
                    "the requisition is {}; reopen it before adding candidates",
                    requisition.fields.status.label().to_lowercase()
                ),
            ));
        }
        let row: ApplicationRow = sqlx::query_as(concat!(
            "INSERT INTO applications (",
            application_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, NULL, $6, $6, $6) RETURNING ",
            application_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(new.candidate_id.0)
        .bind(new.requisition_id.0)
        .bind(new.stage.code())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        record_stage_change(&mut tx, org, id, None, new.stage, at, by, &StageMove::default()).await?;
        append_change(&mut tx, org, EntityKind::Application, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, entries = history.len()))]
    async fn import_application(
        &self,
        org: OrgId,
        candidate: CandidateId,
        requisition: RequisitionId,
        history: &[StageChange],
    ) -> Result<Application> {
        hitstaff_domain::check_history(history, now())?;
        let (Some(first), Some(last)) = (history.first(), history.last()) else {
            return Err(invalid(
                "history",
                "an application's history needs at least its opening entry",
            ));
        };
        let id = ApplicationId::new();
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CANDIDATE_EXISTS, org, candidate.0, "candidate").await?;
        fetch_requisition_tx(&mut tx, org, requisition).await?;
        let row: ApplicationRow = sqlx::query_as(concat!(
            "INSERT INTO applications (",
            application_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING ",
            application_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(candidate.0)
        .bind(requisition.0)
        .bind(last.to.code())
        .bind(last.rejection.map(|r| r.code()))
        .bind(last.at)
        .bind(first.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        for c in history {
            let mv = StageMove {
                note: c.note.clone(),
                rejection: c.rejection,
            };
            record_stage_change(&mut tx, org, id, c.from, c.to, c.at, c.by, &mv).await?;
        }
        append_change(
            &mut tx,
            org,
            EntityKind::Application,
            id.0,
            ChangeOp::Upsert,
            now(),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_application(&self, org: OrgId, id: ApplicationId) -> Result<Application> {
        fetch_one_in_org::<ApplicationRow, _>(self.reader(), APPLICATION_BY_ID, org, id.0, "application")
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_applications(&self, org: OrgId, filter: &ApplicationFilter) -> Result<Vec<Application>> {
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            application_cols!(),
            " FROM applications WHERE org_id = "
        ));
        qb.push_bind(org.0);
        match filter {
            ApplicationFilter::Requisition(r) => qb.push(" AND requisition_id = ").push_bind(r.0),
            ApplicationFilter::Candidate(c) => qb.push(" AND candidate_id = ").push_bind(c.0),
            ApplicationFilter::Stage(s) => qb.push(" AND stage = ").push_bind(s.code()),
        };
        qb.push(" ORDER BY id");
        let rows: Vec<ApplicationRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id, to = to.code()))]
    async fn move_application(
        &self,
        org: OrgId,
        id: ApplicationId,
        to: Stage,
        actor: Actor,
        mv: &StageMove,
    ) -> Result<Application> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let current = fetch_application(&mut tx, org, id).await?;
        current.stage.check_move(to, actor.role, mv)?;
        let row: Option<ApplicationRow> = sqlx::query_as(concat!(
            "UPDATE applications SET stage = $3, rejection = $4, stage_entered_at = $5, updated_at = $5 \
             WHERE org_id = $1 AND id = $2 AND stage = $6 RETURNING ",
            application_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(to.code())
        .bind(mv.rejection.map(|r| r.code()))
        .bind(at)
        .bind(current.stage.code())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        // Moved by someone else between our read and our write (PostgreSQL, read committed).
        let row = row.ok_or_else(|| StoreError::Conflict {
            constraint: hitstaff_store::Constraint::ApplicationsStageChanged,
        })?;
        record_stage_change(&mut tx, org, id, Some(current.stage), to, at, actor.user, mv).await?;
        append_change(&mut tx, org, EntityKind::Application, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn stage_history(&self, org: OrgId, id: ApplicationId) -> Result<Vec<StageChange>> {
        let rows: Vec<StageChangeRow> = sqlx::query_as(
            "SELECT application_id, from_stage, to_stage, at, by_user, note, rejection FROM stage_changes \
             WHERE org_id = $1 AND application_id = $2 ORDER BY seq",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        if rows.is_empty() {
            // Every application has at least its opening entry: none means no such application here.
            return Err(StoreError::not_found("application"));
        }
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn pipeline_counts(
        &self,
        org: OrgId,
        requisition: Option<RequisitionId>,
    ) -> Result<Vec<(Stage, u64)>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT stage, COUNT(*) AS n FROM applications WHERE org_id = ");
        qb.push_bind(org.0);
        if let Some(r) = requisition {
            qb.push(" AND requisition_id = ").push_bind(r.0);
        }
        qb.push(" GROUP BY stage");
        let rows = qb.build().fetch_all(self.reader()).await.map_err(db_err)?;
        let mut counts = Vec::with_capacity(rows.len());
        for row in rows {
            let stage: String = row.try_get("stage").map_err(db_err)?;
            let n: i64 = row.try_get("n").map_err(db_err)?;
            counts.push((
                Stage::parse(&stage).map_err(|e| StoreError::corrupt("application", e))?,
                n.max(0) as u64,
            ));
        }
        counts.sort_by_key(|(s, _)| *s);
        Ok(counts)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn recent_moves(
        &self,
        org: OrgId,
        client: Option<ClientId>,
        limit: u32,
    ) -> Result<Vec<RecentMove>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT sc.application_id, sc.from_stage, sc.to_stage, sc.at, sc.by_user, sc.note, sc.rejection, \
             a.candidate_id, c.name AS candidate_name, a.requisition_id, r.reference AS requisition_reference, \
             r.title AS requisition_title \
             FROM stage_changes sc \
             JOIN applications a ON a.org_id = sc.org_id AND a.id = sc.application_id \
             JOIN candidates c ON c.org_id = a.org_id AND c.id = a.candidate_id \
             JOIN requisitions r ON r.org_id = a.org_id AND r.id = a.requisition_id \
             WHERE sc.org_id = ",
        );
        qb.push_bind(org.0);
        if let Some(client) = client {
            qb.push(" AND r.client_id = ").push_bind(client.0).push(
                " AND a.stage IN ('submitted', 'client_interview', 'offer', 'placed') \
                 AND sc.to_stage NOT IN ('sourced', 'screening')",
            );
        }
        qb.push(" ORDER BY sc.at DESC, sc.seq DESC LIMIT ")
            .push_bind(i64::from(limit.min(500)));
        let rows: Vec<RecentMoveRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn requisition_activity(
        &self,
        org: OrgId,
        client: Option<ClientId>,
    ) -> Result<Vec<(RequisitionId, OffsetDateTime)>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT r.id, r.created_at, (SELECT MAX(sc.at) FROM applications a \
             JOIN stage_changes sc ON sc.org_id = a.org_id AND sc.application_id = a.id \
             WHERE a.org_id = r.org_id AND a.requisition_id = r.id) AS last_move \
             FROM requisitions r WHERE r.org_id = ",
        );
        qb.push_bind(org.0).push(" AND r.status IN ('open', 'on_hold')");
        if let Some(client) = client {
            qb.push(" AND r.client_id = ").push_bind(client.0);
        }
        let rows = qb.build().fetch_all(self.reader()).await.map_err(db_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: Uuid = row.try_get("id").map_err(db_err)?;
            let created: OffsetDateTime = row.try_get("created_at").map_err(db_err)?;
            let moved: Option<OffsetDateTime> = row.try_get("last_move").map_err(db_err)?;
            out.push((RequisitionId::from(id), moved.unwrap_or(created)));
        }
        Ok(out)
    }

    // ---- notes

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn add_note(
        &self,
        org: OrgId,
        subject: NoteSubject,
        author: Option<UserId>,
        new: &NewNote,
    ) -> Result<Note> {
        let new = new.clone().validate()?;
        let (id, at) = (NoteId::new(), now());
        let mut tx = self.begin_write().await?;
        let (candidate, application) = match subject {
            NoteSubject::Candidate(c) => {
                ensure_exists(&mut tx, CANDIDATE_EXISTS, org, c.0, "candidate").await?;
                (Some(c.0), None)
            }
            NoteSubject::Application(a) => {
                ensure_exists(&mut tx, APPLICATION_EXISTS, org, a.0, "application").await?;
                (None, Some(a.0))
            }
        };
        let row: NoteRow = sqlx::query_as(concat!(
            "INSERT INTO notes (",
            note_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ",
            note_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(candidate)
        .bind(application)
        .bind(author.map(|a| a.0))
        .bind(&new.body)
        .bind(Json(&new.assessment))
        .bind(new.internal)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::Note, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_note(&self, org: OrgId, id: NoteId, new: &NewNote) -> Result<Note> {
        let new = new.clone().validate()?;
        let mut tx = self.begin_write().await?;
        let row: Option<NoteRow> = sqlx::query_as(concat!(
            "UPDATE notes SET body = $3, assessment = $4, internal = $5 WHERE org_id = $1 AND id = $2 RETURNING ",
            note_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(&new.body)
        .bind(Json(&new.assessment))
        .bind(new.internal)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("note"))?;
        append_change(&mut tx, org, EntityKind::Note, id.0, ChangeOp::Upsert, now()).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_note(&self, org: OrgId, id: NoteId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM notes WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("note"));
        }
        append_change(&mut tx, org, EntityKind::Note, id.0, ChangeOp::Delete, now()).await?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_notes(&self, org: OrgId, subject: NoteSubject) -> Result<Vec<Note>> {
        let (sql, id) = match subject {
            NoteSubject::Candidate(c) => (
                concat!(
                    "SELECT ",
                    note_cols!(),
                    " FROM notes WHERE org_id = $1 AND candidate_id = $2 ORDER BY id DESC"
                ),
                c.0,
            ),
            NoteSubject::Application(a) => (
                concat!(
                    "SELECT ",
                    note_cols!(),
                    " FROM notes WHERE org_id = $1 AND application_id = $2 ORDER BY id DESC"
                ),
                a.0,
            ),
        };
        let rows: Vec<NoteRow> = sqlx::query_as(sql)
            .bind(org.0)
            .bind(id)
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    // ---- accounts

    #[tracing::instrument(level = "debug", skip_all, fields(org = %new.org, user = %new.user))]
    async fn create_session(&self, new: &NewSession) -> Result<Session> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let active = sqlx::query("SELECT 1 FROM users WHERE org_id = $1 AND id = $2 AND active")
            .bind(new.org.0)
            .bind(new.user.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if active.is_none() {
            return Err(StoreError::not_found("user"));
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, org_id, user_id, csrf_token, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(&new.token_hash)
        .bind(new.org.0)
        .bind(new.user.0)
        .bind(&new.csrf_token)
        .bind(at)
        .bind(new.expires_at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let row: SessionRow = sqlx::query_as(concat!(session_select!(), " WHERE s.token_hash = $1"))
            .bind(&new.token_hash)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn session(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<Session>> {
        let row: Option<SessionRow> = sqlx::query_as(concat!(
            session_select!(),
            " WHERE s.token_hash = $1 AND u.active AND ",
            ts!("s.expires_at"),
            " > ",
            ts!("$2")
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn touch_session(&self, token_hash: &str, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn end_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, user = %user))]
    async fn end_user_sessions(&self, org: OrgId, user: UserId) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND user_id = $2")
            .bind(org.0)
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn purge_expired_sessions(&self, now: OffsetDateTime) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(concat!(
            "DELETE FROM sessions WHERE ",
            ts!("expires_at"),
            " <= ",
            ts!("$1")
        ))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_api_token(&self, org: OrgId, new: &NewApiToken) -> Result<ApiToken> {
        let name = new.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 100 {
            return Err(invalid(
                "name",
                "a token needs a name of 1 to 100 characters, saying what uses it",
            ));
        }
        if new.scopes.is_empty() {
            return Err(invalid("scopes", "a token needs at least one scope"));
        }
        let (id, at) = (ApiTokenId::new(), now());
        let mut tx = self.begin_write().await?;
        let row: ApiTokenRow = sqlx::query_as(concat!(
            "INSERT INTO api_tokens (id, org_id, name, token_hash, scopes, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ",
            api_token_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(&name)
        .bind(&new.token_hash)
        .bind(Json(&new.scopes))
        .bind(new.created_by.0)
        .bind(at)
        .bind(new.expires_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn api_token(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<ApiToken>> {
        let row: Option<ApiTokenRow> = sqlx::query_as(concat!(
            "SELECT ",
            api_token_cols!(),
            " FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR ",
            ts!("expires_at"),
            " > ",
            ts!("$2"),
            ")"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_api_tokens(&self, org: OrgId) -> Result<Vec<ApiToken>> {
        const SQL: &str = concat!(
            "SELECT ",
            api_token_cols!(),
            " FROM api_tokens WHERE org_id = $1 ORDER BY id DESC"
        );
        fetch_all_in_org::<ApiTokenRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn revoke_api_token(&self, org: OrgId, id: ApiTokenId, at: OffsetDateTime) -> Result<ApiToken> {
        let mut tx = self.begin_write().await?;
        let row: Option<ApiTokenRow> = sqlx::query_as(concat!(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE org_id = $1 AND id = $2 RETURNING ",
            api_token_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("API token"))?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_invitation(&self, org: OrgId, new: &NewInvitation) -> Result<Invitation> {
        let (id, at) = (InvitationId::new(), now());
        let mut tx = self.begin_write().await?;
        sqlx::query(concat!(
            "UPDATE invitations SET revoked_at = $3 WHERE org_id = $1 AND user_id = $2 ",
            "AND accepted_at IS NULL AND revoked_at IS NULL"
        ))
        .bind(org.0)
        .bind(new.user.0)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let row: InvitationRow = sqlx::query_as(concat!(
            "INSERT INTO invitations (id, org_id, user_id, token_hash, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ",
            invitation_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(new.user.0)
        .bind(&new.token_hash)
        .bind(new.created_by.0)
        .bind(at)
        .bind(new.expires_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn invitation(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<(Invitation, User)>> {
        let row: Option<InvitationRow> = sqlx::query_as(concat!(
            "SELECT ",
            invitation_cols!(),
            " FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND ",
            ts!("expires_at"),
            " > ",
            ts!("$2")
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        let invitation: Invitation = row.try_into()?;
        let user = self.get_user(invitation.org_id, invitation.user).await?;
        Ok(Some((invitation, user)))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> Result<User> {
        let mut tx = self.begin_write().await?;
        let row: Option<InvitationRow> = sqlx::query_as(concat!(
            "UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL \
             AND revoked_at IS NULL AND ",
            ts!("expires_at"),
            " > ",
            ts!("$2"),
            " RETURNING ",
            invitation_cols!()
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let invitation: Invitation = row.ok_or(StoreError::not_found("invitation"))?.try_into()?;
        let user: UserRow = sqlx::query_as(concat!(
            "UPDATE users SET password_hash = $3, updated_at = $4 WHERE org_id = $1 AND id = $2 RETURNING ",
            user_cols!()
        ))
        .bind(invitation.org_id.0)
        .bind(invitation.user.0)
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(
            &mut tx,
            invitation.org_id,
            EntityKind::User,
            invitation.user.0,
            ChangeOp::Upsert,
            now,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        user.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn find_duplicates(
        &self,
        org: OrgId,
        probe: &DuplicateProbe,
    ) -> Result<Vec<(Candidate, DuplicateReason)>> {
        let name_and_city = probe.name.as_deref().zip(probe.city.as_deref());
        if probe.email.is_none() && probe.phone.is_none() && name_and_city.is_none() {
            return Ok(Vec::new());
        }
        // One query; a missing part binds NULL, which matches nothing.
        let rows: Vec<CandidateRow> = sqlx::query_as(concat!(
            "SELECT ",
            candidate_cols!(),
            " FROM candidates WHERE org_id = $1 AND (email = $2 OR phone = $3 ",
            "OR (lower(name) = lower($4) AND lower(city) = lower($5))) LIMIT 50"
        ))
        .bind(org.0)
        .bind(probe.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(probe.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(name_and_city.map(|(n, _)| n.trim().to_owned()))
        .bind(name_and_city.map(|(_, c)| c.trim().to_owned()))
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        let mut found = Vec::with_capacity(rows.len());
        for row in rows {
            let c: Candidate = row.try_into()?;
            let reason = if probe.email.is_some() && c.fields.email == probe.email {
                DuplicateReason::SameEmail
            } else if probe.phone.is_some() && c.fields.phone == probe.phone {
                DuplicateReason::SamePhone
            } else {
                DuplicateReason::SameNameAndCity
            };
            found.push((c, reason));
        }
        // The strongest reason first.
        found.sort_by_key(|(_, why)| match why {
            DuplicateReason::SameEmail => 0,
            DuplicateReason::SamePhone => 1,
            DuplicateReason::SameNameAndCity => 2,
        });
        Ok(found)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn file_resume(
        &self,
        org: OrgId,
        owner: ResumeOwner<'_>,
        new: &NewResume,
        by: Option<UserId>,
    ) -> Result<(CandidateId, ResumeInfo)> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let candidate = match owner {
            ResumeOwner::New(fields) => {
                let fields = fields.clone().validate()?;
                let id = CandidateId::new();
                insert_candidate_rows(&mut tx, org, &[(id, &fields)], at).await?;
                id
            }
            ResumeOwner::Updated(id, fields) => {
                update_candidate_rows(&mut tx, org, id, &fields.clone().validate()?, at, None).await?;
                id
            }
            ResumeOwner::AsIs(id) => id,
        };
        let row = insert_resume_row(&mut tx, org, candidate, new, by, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok((candidate, row.try_into()?))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn resume_by_sha256(&self, org: OrgId, sha256: &str) -> Result<Option<ResumeInfo>> {
        let row: Option<ResumeInfoRow> = sqlx::query_as(concat!(
            "SELECT ",
            resume_info_cols!(),
            " FROM resumes WHERE org_id = $1 AND sha256 = $2"
        ))
        .bind(org.0)
        .bind(sha256)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn list_resumes(&self, org: OrgId, candidate: CandidateId) -> Result<Vec<ResumeInfo>> {
        let rows: Vec<ResumeInfoRow> = sqlx::query_as(concat!(
            "SELECT ",
            resume_info_cols!(),
            " FROM resumes WHERE org_id = $1 AND candidate_id = $2 ORDER BY created_at DESC, id DESC"
        ))
        .bind(org.0)
        .bind(candidate.0)
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_resume(&self, org: OrgId, id: ResumeId) -> Result<Resume> {
        fetch_one_in_org::<ResumeRow, _>(
            self.reader(),
            concat!(
                "SELECT ",
                resume_info_cols!(),
                ", text, parsed FROM resumes WHERE org_id = $1 AND id = $2"
            ),
            org,
            id.0,
            "resume",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, limit))]
    async fn resume_texts(
        &self,
        org: OrgId,
        after: Option<ResumeId>,
        limit: u32,
    ) -> Result<Vec<(ResumeId, CandidateId, String)>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT id, candidate_id, text FROM resumes WHERE org_id = ");
        qb.push_bind(org.0);
        push_after_and_limit(&mut qb, after.map(|a| a.0), limit);
        let rows: Vec<(Uuid, Uuid, String)> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(id, c, text)| (ResumeId(id), CandidateId(c), text))
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn resume_content(&self, org: OrgId, id: ResumeId) -> Result<Vec<u8>> {
        let row: Option<(Vec<u8>,)> =
            sqlx::query_as("SELECT content FROM resumes WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(id.0)
                .fetch_optional(self.reader())
                .await
                .map_err(db_err)?;
        row.map(|(c,)| c).ok_or(StoreError::not_found("resume"))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_resume_parse(
        &self,
        org: OrgId,
        id: ResumeId,
        text: &str,
        parsed_json: &str,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE resumes SET text = $3, parsed = $4 WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .bind(text)
            .bind(parsed_json)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("resume"));
        }
        append_change(&mut tx, org, EntityKind::Resume, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn set_correction(
        &self,
        org: OrgId,
        candidate: CandidateId,
        correction: &Correction,
        by: Option<UserId>,
    ) -> Result<StoredCorrection> {
        let at = now();
        let value =
            serde_json::to_string(correction).map_err(|e| StoreError::corrupt("resume correction", e))?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO resume_corrections (org_id, candidate_id, field, value, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (org_id, candidate_id, field) DO UPDATE SET value = excluded.value, \
             created_at = excluded.created_at, created_by = excluded.created_by",
        )
        .bind(org.0)
        .bind(candidate.0)
        .bind(correction.key())
        .bind(&value)
        .bind(at)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(
            &mut tx,
            org,
            EntityKind::Candidate,
            candidate.0,
            ChangeOp::Upsert,
            at,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(StoredCorrection {
            candidate_id: candidate,
            correction: correction.clone(),
            created_at: at,
            created_by: by,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn remove_correction(&self, org: OrgId, candidate: CandidateId, key: &str) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "DELETE FROM resume_corrections WHERE org_id = $1 AND candidate_id = $2 AND field = $3",
        )
        .bind(org.0)
        .bind(candidate.0)
        .bind(key)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("correction"));
        }
        append_change(
            &mut tx,
            org,
            EntityKind::Candidate,
            candidate.0,
            ChangeOp::Upsert,
            at,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn list_corrections(&self, org: OrgId, candidate: CandidateId) -> Result<Vec<StoredCorrection>> {
        let rows: Vec<CorrectionRow> = sqlx::query_as(
            "SELECT candidate_id, value, created_at, created_by FROM resume_corrections \
             WHERE org_id = $1 AND candidate_id = $2 ORDER BY field",
        )
        .bind(org.0)
        .bind(candidate.0)
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, name = name))]
    async fn org_setting(&self, org: OrgId, name: &str) -> Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT value FROM org_settings WHERE org_id = $1 AND name = $2")
                .bind(org.0)
                .bind(name)
                .fetch_optional(self.reader())
                .await
                .map_err(db_err)?;
        Ok(row.map(|(v,)| v))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn start_idempotent(
        &self,
        org: OrgId,
        user: UserId,
        key: &str,
        fingerprint: &str,
        since: OffsetDateTime,
    ) -> Result<IdempotentStart> {
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE org_id = $1 AND user_id = $2 AND key = $3 AND created_at < $4",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .bind(since)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let claimed = sqlx::query(
            "INSERT INTO idempotency_keys (org_id, user_id, key, fingerprint, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, user_id, key) DO NOTHING",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .bind(fingerprint)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?
        .rows_affected()
            == 1;
        let start = if claimed {
            IdempotentStart::Fresh
        } else {
            let (theirs, status, content_type, body, created_at): (
                String,
                Option<i32>,
                Option<String>,
                Option<Vec<u8>>,
                OffsetDateTime,
            ) = sqlx::query_as(
                "SELECT fingerprint, status, content_type, body, created_at FROM idempotency_keys \
                 WHERE org_id = $1 AND user_id = $2 AND key = $3",
            )
            .bind(org.0)
            .bind(user.0)
            .bind(key)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
            match status {
                _ if theirs != fingerprint => IdempotentStart::OtherRequest,
                Some(status) => IdempotentStart::Answered(StoredAnswer {
                    status: u16::try_from(status)
                        .map_err(|_| StoreError::corrupt("idempotency key", "status out of range"))?,
                    content_type,
                    body: body.unwrap_or_default(),
                }),
                None => IdempotentStart::Unanswered { since: created_at },
            }
        };
        tx.commit().await.map_err(db_err)?;
        Ok(start)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, status = answer.status))]
    async fn finish_idempotent(
        &self,
        org: OrgId,
        user: UserId,
        key: &str,
        answer: &StoredAnswer,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE idempotency_keys SET status = $4, content_type = $5, body = $6 \
             WHERE org_id = $1 AND user_id = $2 AND key = $3",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .bind(i32::from(answer.status))
        .bind(answer.content_type.as_deref())
        .bind(&answer.body)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn release_idempotent(&self, org: OrgId, user: UserId, key: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE org_id = $1 AND user_id = $2 AND key = $3 AND status IS NULL",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, name = name))]
    async fn set_org_setting(&self, org: OrgId, name: &str, value: &str, by: Option<UserId>) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO org_settings (org_id, name, value, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (org_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(org.0)
        .bind(name)
        .bind(value)
        .bind(at)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(
            &mut tx,
            org,
            EntityKind::Organization,
            org.0,
            ChangeOp::Upsert,
            at,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_invitations(&self, org: OrgId) -> Result<Vec<Invitation>> {
        const SQL: &str = concat!(
            "SELECT ",
            invitation_cols!(),
            " FROM invitations WHERE org_id = $1 ORDER BY id DESC"
        );
        fetch_all_in_org::<InvitationRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn revoke_invitation(
        &self,
        org: OrgId,
        id: InvitationId,
        at: OffsetDateTime,
    ) -> Result<Invitation> {
        let mut tx = self.begin_write().await?;
        let row: Option<InvitationRow> = sqlx::query_as(concat!(
            "UPDATE invitations SET revoked_at = COALESCE(revoked_at, $3) WHERE org_id = $1 AND id = $2 RETURNING ",
            invitation_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("invitation"))?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(kind = event.kind.code()))]
    async fn record_auth_event(&self, event: &AuthEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO auth_events (org_id, user_id, kind, subject_hash, address, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event.org.map(|o| o.0))
        .bind(event.user.map(|u| u.0))
        .bind(event.kind.code())
        .bind(event.subject_hash.as_deref())
        .bind(event.address.as_deref())
        .bind(event.at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(kind = kind.code()))]
    async fn tally_auth_events(
        &self,
        kind: AuthEventKind,
        key: &AuthEventKey,
        since: OffsetDateTime,
    ) -> Result<AuthTally> {
        // The same condition for the count and for the newest event: $1 and $2 are the kind and
        // the start of the window, $3 (and $4) the key's values.
        macro_rules! within {
            ($key:literal) => {
                concat!(
                    " FROM auth_events WHERE kind = $1 AND ",
                    ts!("at"),
                    " >= ",
                    ts!("$2"),
                    " AND ",
                    $key
                )
            };
        }
        macro_rules! tally {
            ($key:literal, $($value:expr),+) => {{
                let count: i64 = sqlx::query_scalar(concat!("SELECT COUNT(*)", within!($key)))
                    .bind(kind.code())
                    .bind(since)
                    $(.bind($value))+
                    .fetch_one(self.reader())
                    .await
                    .map_err(db_err)?;
                let last: Option<OffsetDateTime> = if count > 0 {
                    sqlx::query_scalar(concat!(
                        "SELECT at",
                        within!($key),
                        " ORDER BY ",
                        ts!("at"),
                        " DESC LIMIT 1"
                    ))
                    .bind(kind.code())
                    .bind(since)
                    $(.bind($value))+
                    .fetch_optional(self.reader())
                    .await
                    .map_err(db_err)?
                } else {
                    None
                };
                AuthTally { count: count.max(0) as u64, last }
            }};
        }
        Ok(match key {
            AuthEventKey::Subject(h) => tally!("subject_hash = $3", h),
            AuthEventKey::Address(a) => tally!("address = $3", a),
            AuthEventKey::Pair { subject, address } => {
                tally!("subject_hash = $3 AND address = $4", subject, address)
            }
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_auth_events(&self, org: OrgId, user: Option<UserId>, limit: u32) -> Result<Vec<AuthEvent>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT org_id, user_id, kind, subject_hash, address, at FROM auth_events WHERE org_id = ",
        );
        qb.push_bind(org.0);
        if let Some(u) = user {
            qb.push(" AND user_id = ").push_bind(u.0);
        }
        qb.push(" ORDER BY seq DESC LIMIT ")
            .push_bind(i64::from(limit.clamp(1, 1_000)));
        let rows: Vec<AuthEventRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    // ---- change feed

    #[tracing::instrument(level = "debug", skip_all, fields(after = %after))]
    async fn changes_since(&self, after: FeedCursor, limit: u32) -> Result<Vec<Change>> {
        self.fetch_changes(after, limit.clamp(1, 10_000)).await
    }
}

#[allow(clippy::too_many_arguments)]
async fn record_stage_change(
    tx: &mut Tx,
    org: OrgId,
    id: ApplicationId,
    from: Option<Stage>,
    to: Stage,
    at: OffsetDateTime,
    by: Option<UserId>,
    mv: &StageMove,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO stage_changes (org_id, application_id, from_stage, to_stage, at, by_user, note, rejection) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.0)
    .bind(id.0)
    .bind(from.map(|s| s.code()))
    .bind(to.code())
    .bind(at)
    .bind(by.map(|u| u.0))
    .bind(mv.note.as_deref().map(str::trim).filter(|n| !n.is_empty()))
    .bind(mv.rejection.map(|r| r.code()))
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Applies pending migrations, first refusing a database migrated by a newer hitstaff (whose
/// schema this binary does not know and must not write to). Needs, per backend:
/// `MIGRATOR` and `MIGRATIONS_TABLE_EXISTS` (a query returning one boolean).
async fn run_migrations_on(pool: &Pool<Db>) -> Result<MigrationReport> {
    async fn applied(pool: &Pool<Db>) -> Result<Vec<i64>> {
        let exists: bool = sqlx::query_scalar(MIGRATIONS_TABLE_EXISTS)
            .fetch_one(pool)
            .await
            .map_err(db_err)?;
        if !exists {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await
            .map_err(db_err)
    }
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let before = applied(pool).await?;
    let from_version = before.last().copied().unwrap_or(0);
    if from_version > known || before.iter().any(|v| !MIGRATOR.version_exists(*v)) {
        return Err(StoreError::SchemaTooNew {
            database: from_version,
            binary: known,
        });
    }
    MIGRATOR.run(pool).await.map_err(|e| match e {
        sqlx::migrate::MigrateError::Execute(e) => db_err(e),
        other => StoreError::Unavailable {
            message: format!("migration failed: {other}"),
            cause: None,
        },
    })?;
    let after = applied(pool).await?;
    Ok(MigrationReport {
        from_version,
        to_version: after.last().copied().unwrap_or(0),
        applied: after.into_iter().filter(|v| !before.contains(v)).collect(),
    })
}
