//! One test suite for every [`Store`] backend.
//!
//! The stories in [`stories`] are written once against the trait; `store_suite!` turns each into a
//! `#[tokio::test]` for a backend, given a function that makes a fresh, migrated database for it.
//! `tests/sqlite.rs` and `tests/postgres.rs` are the two instantiations.

pub mod fixtures;
pub mod postgres;
pub mod stories;

use hitstaff_store::Store;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Runs one SQL statement directly against the test database (for the few stories that must
/// tamper with the database behind the Store's back).
pub type RawExec = Arc<dyn Fn(&'static str) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A fresh, migrated database for one test, and how to tidy it away.
pub struct TestDb<S: Store> {
    pub store: S,
    pub raw: RawExec,
    /// Opens a second, independent handle on the same database (another process, in effect).
    pub reopen: Arc<dyn Fn() -> Pin<Box<dyn Future<Output = S> + Send>> + Send + Sync>,
    pub cleanup: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl<S: Store> std::fmt::Debug for TestDb<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDb")
            .field("backend", &self.store.backend())
            .finish_non_exhaustive()
    }
}

impl<S: Store> TestDb<S> {
    pub async fn finish(mut self) {
        if let Some(c) = self.cleanup.take() {
            c.await;
        }
    }
}

/// Expands to one `#[tokio::test]` per story. `$fresh` is an async fn returning
/// `Option<TestDb<S>>` (`None` skips the test, allowed only outside CI).
#[macro_export]
macro_rules! store_suite {
    ($fresh:path) => {
        $crate::store_suite!(@each $fresh;
            organizations, users, clients, requisitions, requisition_status_rules, candidates,
            candidate_email_uniqueness, bulk_insert_is_all_or_nothing, bulk_load_sets_indexes_aside,
            candidate_paging_and_filters, name_and_skill_lists, postings,
            tenancy_isolation, applications_and_stage_history, notes, change_feed_order,
            change_feed_records_deletes, concurrent_writers, concurrent_requisition_references,
            two_handles_write_at_once, migrations_are_idempotent, newer_schema_is_refused, sessions,
            api_tokens, account_events, invitations, dashboard_activity, imported_histories,
            resumes_and_corrections, organisation_settings, idempotency_keys, candidate_versions);
    };
    (@each $fresh:path; $($story:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $story() {
                let Some(db) = $fresh().await else { return };
                $crate::stories::$story(&db).await;
                db.finish().await;
            }
        )+
    };
}

/// Whether a missing backend must fail the run rather than skip (it must in CI).
pub fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
