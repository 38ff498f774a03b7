//! The store suite on PostgreSQL: a fresh database per test, dropped afterwards.
//!
//! Needs `HITSTAFF_TEST_POSTGRES_URL`, a URL of a role that may create databases (scripts/test sets
//! it up). Without it the tests are skipped, except with `CI=true`, where that is a failure.

use hitstaff_store::BulkLoad;
use hitstaff_store::prelude::*;
use hitstaff_store_postgres::PgStore;
use hitstaff_store_tests::postgres::{admin_exec, new_database};
use hitstaff_store_tests::{RawExec, TestDb, store_suite};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

async fn fresh() -> Option<TestDb<PgStore>> {
    let (admin, name, url) = new_database().await?;
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
        hitstaff_store_tests::postgres::drop_database(&admin, &name).await;
    });
    Some(TestDb {
        store,
        raw,
        reopen,
        cleanup: Some(cleanup),
    })
}

store_suite!(fresh);

/// An index set aside by a bulk load comes back exactly as the migrations made it.
#[tokio::test]
async fn a_bulk_load_rebuilds_indexes_as_they_were() {
    let Some((admin, name, url)) = new_database().await else {
        return;
    };
    let store = PgStore::open_with(&url, 4).await.expect("open");
    store.migrate().await.expect("migrate");
    let indexes = || async {
        use sqlx::ConnectOptions;
        let mut conn = url
            .parse::<sqlx::postgres::PgConnectOptions>()
            .expect("url")
            .connect()
            .await
            .expect("connect");
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
        )
        .fetch_all(&mut conn)
        .await
        .expect("indexes");
        rows
    };
    let before = indexes().await;
    let load = BulkLoad {
        candidates: 1_000_000,
        checks_duplicates: false,
    };
    let aside = store.before_bulk_load(load).await.expect("before");
    let during = indexes().await;
    assert_eq!(during.len() + aside.len(), before.len(), "{aside:?} dropped");
    assert!(during.iter().all(|(name, _)| !aside.contains(name)));
    store.after_bulk_load().await.expect("after");
    assert_eq!(indexes().await, before);
    store.close().await;
    hitstaff_store_tests::postgres::drop_database(&admin, &name).await;
}
