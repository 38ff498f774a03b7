//! The store suite on PostgreSQL: a fresh database per test, dropped afterwards.
//!
//! Needs `HITSTAFF_TEST_POSTGRES_URL`, a URL of a role that may create databases (scripts/test sets
//! it up). Without it the tests are skipped, except with `CI=true`, where that is a failure.

use hitstaff_store::Store;
use hitstaff_store_postgres::PgStore;
use hitstaff_store_tests::{RawExec, TestDb, required, store_suite};
use sqlx::ConnectOptions;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

fn admin_url() -> Option<String> {
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
fn with_database(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a postgres URL has a /database part");
    format!("{base}/{db}")
}

async fn admin_exec(url: &str, sql: String) {
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

async fn fresh() -> Option<TestDb<PgStore>> {
    let admin = admin_url()?;
    let name = format!("hitstaff_test_{}", uuid::Uuid::now_v7().simple());
    admin_exec(&admin, format!("CREATE DATABASE {name}")).await;
    let url = with_database(&admin, &name);
    let store = PgStore::open_with(&url, 12).await.expect("open");
    store.migrate().await.expect("migrate");
    let raw_url = url.clone();
    let raw: RawExec = Arc::new(move |sql| {
        let url = raw_url.clone();
        Box::pin(async move { admin_exec(&url, sql.to_string()).await })
    });
    let reopen_url = url.clone();
    let reopen = Arc::new(move || {
        let url = reopen_url.clone();
        Box::pin(async move { PgStore::open_with(&url, 4).await.expect("reopen") })
            as Pin<Box<dyn Future<Output = PgStore> + Send>>
    });
    let closing = store.clone();
    let cleanup = Box::pin(async move {
        closing.close().await;
        admin_exec(&admin, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    });
    Some(TestDb {
        store,
        raw,
        reopen,
        cleanup: Some(cleanup),
    })
}

store_suite!(fresh);
