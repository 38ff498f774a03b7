//! One module per command. Each is generic over the store; `with_store!` opens the backend the URL
//! names and runs the body with it.

pub mod demo;
pub mod generate;
pub mod import;
pub mod index;
pub mod matching;
pub mod migrate;
pub mod resume;
pub mod serve;
pub mod user;

use crate::settings::Scheme;
use hitstaff_store::Store;

/// Opens the store the URL names and evaluates `$body` (an async expression using `$store`).
/// Both arms run the same generic code, monomorphised per backend: no dynamic dispatch.
macro_rules! with_store {
    ($url:expr, |$store:ident| $body:expr) => {{
        let url: &str = $url;
        match $crate::settings::Scheme::of(url)? {
            $crate::settings::Scheme::Sqlite => {
                let $store = hitstaff_store_sqlite::SqliteStore::open(url).await?;
                $body.await
            }
            $crate::settings::Scheme::Postgres => {
                let $store = hitstaff_store_postgres::PgStore::open(url).await?;
                $body.await
            }
        }
    }};
}
pub(crate) use with_store;

/// A short, password-free description of where the data is, for messages.
pub fn describe_database(url: &str) -> String {
    match Scheme::of(url) {
        Ok(Scheme::Sqlite) => format!(
            "SQLite {}",
            hitstaff_store_sqlite::path_from_url(url).unwrap_or_default()
        ),
        Ok(Scheme::Postgres) => {
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host_db = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            format!("PostgreSQL {host_db}")
        }
        Err(_) => "an unknown database".into(),
    }
}

/// Migrates, and logs what was applied (commands print their own summaries).
pub async fn migrate_reporting<S: Store>(store: &S) -> anyhow::Result<hitstaff_store::MigrationReport> {
    let report = store.migrate().await?;
    if !report.applied.is_empty() {
        tracing::info!(
            from = report.from_version,
            to = report.to_version,
            applied = report.applied.len(),
            "migrated"
        );
    }
    if !report.rebuilt_indexes.is_empty() {
        tracing::warn!(
            indexes = report.rebuilt_indexes.len(),
            "built the indexes an interrupted bulk load had set aside"
        );
    }
    Ok(report)
}

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
