//! hitstaff's [`Store`](hitstaff_store::Store) on PostgreSQL, for larger installations and several
//! app servers sharing one database (each keeps its own caches by tailing the change feed).

use hitstaff_store::ChangeRow;
use sqlx::error::ErrorKind;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};
use sqlx::{Pool, Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// The PostgreSQL store: a connection pool.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool<Postgres>,
    /// `host:port/database`, never the password: safe to print.
    target: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database named by a `postgres://` URL. Errors name the server, never the
    /// password.
    pub async fn open(url: &str) -> Result<Self> {
        Self::open_with(url, 16).await
    }

    /// As [`PgStore::open`], with at most `max_connections` connections.
    pub async fn open_with(url: &str, max_connections: u32) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(|_| StoreError::Unavailable {
            message: "the PostgreSQL URL is not valid; write postgres://USER:PASSWORD@HOST:PORT/DATABASE"
                .into(),
            cause: None,
        })?;
        let target = describe(&options);
        // One direct attempt first: the pool would retry until its timeout and then only say
        // "timed out", where this names the real reason (refused, bad password, no database).
        let unreachable = |e: sqlx::Error| StoreError::Unavailable {
            message: format!("cannot reach PostgreSQL at {target}: {}", connect_hint(&e)),
            cause: Some(e),
        };
        let probe = tokio::time::timeout(Duration::from_secs(10), options.connect())
            .await
            .map_err(|_| unreachable(sqlx::Error::PoolTimedOut))?
            .map_err(unreachable)?;
        probe.close().await.map_err(unreachable)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(unreachable)?;
        Ok(Self { pool, target })
    }

    /// `host:port/database`.
    pub fn target(&self) -> &str {
        &self.target
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    fn reader(&self) -> &Pool<Postgres> {
        &self.pool
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(db_err)
    }

    async fn run_migrations(&self) -> Result<MigrationReport> {
        run_migrations_on(&self.pool).await
    }

    async fn tidy_after_bulk_load(&self) -> Result<()> {
        // Fresh statistics, so the planner knows the tables just grew.
        sqlx::query("ANALYZE").execute(&self.pool).await.map_err(db_err)?;
        Ok(())
    }

    async fn fetch_changes(&self, after: FeedCursor, limit: u32) -> Result<Vec<Change>> {
        // Ordered by writing transaction, then sequence; only below the oldest transaction still
        // running, so no row can later appear before the cursor (see FeedCursor).
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT xid::text::bigint AS xid, seq, org_id, entity, entity_id, op, at FROM changes \
             WHERE (xid, seq) > ($1::bigint::text::xid8, $2) \
               AND xid < pg_snapshot_xmin(pg_current_snapshot()) \
             ORDER BY xid, seq LIMIT $3",
        )
        .bind(after.xid)
        .bind(after.seq)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}

fn describe(o: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        o.get_host(),
        o.get_port(),
        o.get_database().unwrap_or("(default database)")
    )
}

/// What to do about a failed connection, in one line.
fn connect_hint(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused; is the server running and listening there?".into()
        }
        sqlx::Error::Io(io) => format!("{io}"),
        sqlx::Error::PoolTimedOut => "timed out; is the host right and reachable?".into(),
        sqlx::Error::Database(d) => match d.code().as_deref() {
            Some("28P01") | Some("28000") => "the user name or password was refused".into(),
            Some("3D000") => "the database does not exist; create it first (createdb)".into(),
            _ => d.message().to_string(),
        },

        other => other.to_string(),
    }
}

type Db = Postgres;
type ThisStore = PgStore;
const BACKEND: Backend = Backend::Postgres;
/// The PostgreSQL wire protocol's limit on bound parameters per statement.
const MAX_BIND_PARAMS: usize = 65_535;

/// An index's CREATE statement as the database gives it back (schema-qualified), by name.
const INDEX_DEFINITION: &str =
    "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1";
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
const MIGRATIONS_TABLE_EXISTS: &str = "SELECT to_regclass('_sqlx_migrations') IS NOT NULL";

fn db_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e {
        let constraint = match d.kind() {
            ErrorKind::UniqueViolation | ErrorKind::CheckViolation => d.constraint().map(str::to_string),
            // Named as on SQLite, which cannot tell foreign keys apart.
            ErrorKind::ForeignKeyViolation => Some("foreign_key".to_string()),
            _ => None,
        };
        if let Some(constraint) = constraint {
            return StoreError::Conflict {
                constraint: hitstaff_store::Constraint::from_name(&constraint),
            };
        }
    }
    hitstaff_store::common_sqlx_error(e)
}

/// Wraps a timestamp column or parameter for comparison: TIMESTAMPTZ compares natively.
macro_rules! ts {
    ($e:literal) => {
        $e
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
