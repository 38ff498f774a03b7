//! The store suite on SQLite: a fresh database file per test.

use hitstaff_store::BulkLoad;
use hitstaff_store::prelude::*;
use hitstaff_store_sqlite::SqliteStore;
use hitstaff_store_tests::{RawExec, TestDb, store_suite};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

async fn fresh() -> Option<TestDb<SqliteStore>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.sqlite");
    let store = SqliteStore::open_path(&path).await.expect("open");
    store.migrate().await.expect("migrate");
    let raw_path = path.clone();
    let raw: RawExec = Arc::new(move |sql| {
        let path = raw_path.clone();
        Box::pin(async move {
            use sqlx::ConnectOptions;
            let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .connect()
                .await
                .expect("raw connect");
            sqlx::raw_sql(sql).execute(&mut conn).await.expect("raw sql");
        })
    });
    let reopen_path = path.clone();
    let reopen = Arc::new(move || {
        let path = reopen_path.clone();
        Box::pin(async move { SqliteStore::open_path(&path).await.expect("reopen") })
            as Pin<Box<dyn Future<Output = SqliteStore> + Send>>
    });
    let closing = store.clone();
    let cleanup = Box::pin(async move {
        closing.close().await;
        drop(dir);
    });
    Some(TestDb {
        store,
        raw,
        reopen,
        cleanup: Some(cleanup),
    })
}

store_suite!(fresh);

/// Every index: its name and definition as the database holds it.
async fn indexes(path: &std::path::Path) -> Vec<(String, Option<String>)> {
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .connect()
        .await
        .expect("connect");
    sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .fetch_all(&mut conn)
        .await
        .expect("indexes")
}

/// An index set aside by a bulk load comes back exactly as the migrations made it.
#[tokio::test]
async fn a_bulk_load_rebuilds_indexes_as_they_were() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.sqlite");
    let store = SqliteStore::open_path(&path).await.expect("open");
    store.migrate().await.expect("migrate");
    let before = indexes(&path).await;
    let load = BulkLoad {
        candidates: 1_000_000,
        checks_duplicates: false,
    };
    let aside = store.before_bulk_load(load).await.expect("before");
    let during = indexes(&path).await;
    assert_eq!(during.len() + aside.len(), before.len(), "{aside:?} dropped");
    assert!(during.iter().all(|(name, _)| !aside.contains(name)));
    store.after_bulk_load().await.expect("after");
    assert_eq!(indexes(&path).await, before);
    store.close().await;
}
