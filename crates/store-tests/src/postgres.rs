//! Fresh PostgreSQL databases for tests, on the server named by `HITSTAFF_TEST_POSTGRES_URL` (a role
//! that may create databases; scripts/test sets it up). Without it, tests are skipped, except with
//! `CI=true`, where that is a failure.

use crate::required;
use sqlx::ConnectOptions;

pub fn admin_url() -> Option<String> {
    match std::env::var("HITSTAFF_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if required() => panic!(
            "CI=true but HITSTAFF_TEST_POSTGRES_URL is not set: the PostgreSQL suite cannot run. \
             Run scripts/test, which installs and starts PostgreSQL."
        ),
        _ => {
            #[allow(
                clippy::print_stderr,
                reason = "a skipped suite must say so in the test output"
            )]
            {
                eprintln!("skipping: set HITSTAFF_TEST_POSTGRES_URL to run the PostgreSQL suite");
            }
            None
        }
    }
}

/// The same server and credentials, another database.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a postgres URL has a /database part");
    format!("{base}/{db}")
}

pub async fn admin_exec(url: &str, sql: String) {
    let mut conn = url
        .parse::<sqlx::postgres::PgConnectOptions>()
        .expect("admin url")
        .connect()
        .await
        .expect("admin connect");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("admin statement");
}

/// Creates an empty database for one test: returns the admin URL, the database's name and its URL.
/// Drop it afterwards with [`drop_database`] (scripts/test also sweeps leftovers).
pub async fn new_database() -> Option<(String, String, String)> {
    let admin = admin_url()?;
    let name = format!("hitstaff_test_{}", uuid::Uuid::now_v7().simple());
    admin_exec(&admin, format!("CREATE DATABASE {name}")).await;
    let url = with_database(&admin, &name);
    Some((admin, name, url))
}

/// Drops a database made by [`new_database`], closing any connections still open to it. An
/// autovacuum worker on it (a superuser's backend, which FORCE may not end) makes the drop fail for
/// a moment: try again a few times, then leave it to the sweep in scripts/test.
pub async fn drop_database(admin: &str, name: &str) {
    let mut conn = admin
        .parse::<sqlx::postgres::PgConnectOptions>()
        .expect("admin url")
        .connect()
        .await
        .expect("admin connect");
    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    for attempt in 0..20 {
        match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
            .execute(&mut conn)
            .await
        {
            Ok(_) => return,
            // 42501: a backend of another role (autovacuum); 55006: the database is in use.
            Err(sqlx::Error::Database(e))
                if matches!(e.code().as_deref(), Some("42501" | "55006")) && attempt < 19 =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => {
                #[allow(
                    clippy::print_stderr,
                    reason = "a leftover test database is worth a line in the output"
                )]
                {
                    eprintln!("could not drop the test database {name} ({e}); scripts/test sweeps it later");
                }
                return;
            }
        }
    }
}
