//! hitstaff's [`Store`](hitstaff_store::Store) on SQLite: the embedded default.
//!
//! One file, no server. Every connection runs in WAL mode with a busy timeout and foreign keys on;
//! writes go through a single writer connection and begin `IMMEDIATE`, so concurrent writers in one
//! process queue instead of failing with "database is locked", and writers in other processes wait
//! up to the busy timeout. Reads use a separate pool of read-only connections, which WAL lets run
//! alongside the writer.

use hitstaff_store::ChangeRow;
use sqlx::error::ErrorKind;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite, Transaction};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The SQLite store: a file on disk.
#[derive(Clone)]
pub struct SqliteStore {
    reader: Pool<Sqlite>,
    writer: Pool<Sqlite>,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// How long a writer in another process may hold the lock before we give up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl SqliteStore {
    /// Opens (creating if needed) the database named by a `sqlite://PATH` or `sqlite:PATH` URL.
    pub async fn open(url: &str) -> Result<Self> {
        Self::open_path(Path::new(&path_from_url(url)?)).await
    }

    /// Opens (creating if needed) the database file at `path`.
    pub async fn open_path(path: &Path) -> Result<Self> {
        let unavailable = |message: String, cause| StoreError::Unavailable { message, cause };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            let problem = if parent.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            return Err(unavailable(
                format!(
                    "cannot create the database {}: {} {problem} (create the folder, or choose another --database-url)",
                    path.display(),
                    parent.display()
                ),
                None,
            ));
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged write survives power loss as well as a killed process.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-65536");
        let open_failed = |e: sqlx::Error| {
            unavailable(
                format!(
                    "cannot open the SQLite database {}: {} (check that the path is a writable file in a writable folder)",
                    path.display(),
                    short_cause(&e)
                ),
                Some(e),
            )
        };
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(options.clone().create_if_missing(true))
            .await
            .map_err(open_failed)?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .map_err(open_failed)?;
        Ok(Self {
            reader,
            writer,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes both pools, checkpointing the WAL.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    fn reader(&self) -> &Pool<Sqlite> {
        &self.reader
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        // IMMEDIATE takes the write lock now rather than at the first write, so a transaction never
        // fails half-way when another process holds the lock: it waits (busy timeout) up front.
        self.writer.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)
    }

    async fn run_migrations(&self) -> Result<MigrationReport> {
        run_migrations_on(&self.writer).await
    }

    async fn tidy_after_bulk_load(&self) -> Result<()> {
        let mut conn = self.writer.acquire().await.map_err(db_err)?;
        sqlx::query("PRAGMA optimize")
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
        // TRUNCATE: the log's pages go into the database and the file back to nothing (a million
        // generated candidates left 221 MB of it behind).
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn fetch_changes(&self, after: FeedCursor, limit: u32) -> Result<Vec<Change>> {
        // One writer at a time: sequence order is commit order.
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT 0 AS xid, seq, org_id, entity, entity_id, op, at FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after.seq)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}

/// Extracts the file path from `sqlite://PATH`, `sqlite:PATH` or `sqlite:///ABSOLUTE/PATH`.
pub fn path_from_url(url: &str) -> Result<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| StoreError::Unavailable {
            message: format!("{url:?} is not a SQLite URL; write sqlite://PATH, as sqlite://hitstaff.sqlite"),
            cause: None,
        })?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::Unavailable {
            message: "a SQLite URL needs a file path, as sqlite://hitstaff.sqlite (in-memory databases are not supported)".into(),
            cause: None,
        });
    }
    Ok(path.to_string())
}

fn short_cause(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => d.message().to_string(),
        other => other.to_string(),
    }
}

type Db = Sqlite;
type ThisStore = SqliteStore;
const BACKEND: Backend = Backend::Sqlite;
/// SQLite's default limit on bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32).
const MAX_BIND_PARAMS: usize = 32_766;

/// An index's CREATE statement as the database keeps it, by name.
const INDEX_DEFINITION: &str = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1";
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
const MIGRATIONS_TABLE_EXISTS: &str =
    "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')";

/// SQLite names the columns of a violated unique constraint, not the constraint; this maps them to
/// the names the migrations (and PostgreSQL) use.
fn unique_constraint_name(message: &str) -> String {
    let detail = message
        .strip_prefix("UNIQUE constraint failed: ")
        .unwrap_or(message);
    if let Some(index) = detail.strip_prefix("index '").and_then(|s| s.strip_suffix('\'')) {
        return index.to_string();
    }
    match detail {
        "organizations.slug" => "organizations_slug_key",
        "users.org_id, users.email" => "users_org_email_key",
        "candidates.org_id, candidates.email" => "candidates_org_email_key",
        "requisitions.org_id, requisitions.reference" => "requisitions_org_reference_key",
        "applications.candidate_id, applications.requisition_id" => "applications_candidate_requisition_key",
        "api_tokens.org_id, api_tokens.name" => "api_tokens_org_name_key",
        "api_tokens.token_hash" => "api_tokens_hash_key",
        "resumes.org_id, resumes.sha256" => "resumes_org_sha256_key",
        // PostgreSQL's default name for the primary key.
        "sessions.token_hash" => "sessions_pkey",
        other => other,
    }
    .to_string()
}

fn db_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e {
        let constraint = match d.kind() {
            ErrorKind::UniqueViolation => Some(unique_constraint_name(d.message())),
            ErrorKind::CheckViolation => Some(
                d.message()
                    .trim_start_matches("CHECK constraint failed: ")
                    .to_string(),
            ),
            // SQLite does not say which foreign key; PostgreSQL's are mapped to the same name.
            ErrorKind::ForeignKeyViolation => Some("foreign_key".to_string()),
            _ => None,
        };
        if let Some(constraint) = constraint {
            return StoreError::Conflict {
                constraint: hitstaff_store::Constraint::from_name(&constraint),
            };
        }
        // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
        if d.code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| matches!(c & 0xff, 5 | 6))
        {
            return StoreError::Unavailable {
                message: "the database is busy: another program is writing to it; try again".into(),
                cause: Some(e),
            };
        }
    }
    hitstaff_store::common_sqlx_error(e)
}

/// Wraps a timestamp column or parameter for comparison. SQLite holds timestamps as RFC 3339 text
/// whose fraction drops trailing zeros, so "…16.2Z" sorts after "…16.25Z" as text; julianday()
/// compares them as instants.
macro_rules! ts {
    ($e:literal) => {
        concat!("julianday(", $e, ")")
    };
}

// The Store implementation, written once for both backends (see crates/store/shared/common.rs).
include!("../../store/shared/common.rs");
include!("../../store/shared/database.rs");
include!("../../store/shared/organizations.rs");
include!("../../store/shared/users.rs");
include!("../../store/shared/clients.rs");
include!("../../store/shared/requisitions.rs");
include!("../../store/shared/postings.rs");
include!("../../store/shared/candidates.rs");
include!("../../store/shared/resumes.rs");
include!("../../store/shared/pipeline.rs");
include!("../../store/shared/accounts.rs");
include!("../../store/shared/settings.rs");
