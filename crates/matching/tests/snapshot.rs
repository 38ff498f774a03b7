//! The candidate index's snapshot on disk: loaded with the changes saved since, it ranks exactly
//! as an index read from the database; a damaged, foreign or stale snapshot is refused and the
//! database read instead.

use hitstaff_domain::{CandidateId, OrgId};
use hitstaff_matching::{CandidateIndex, Loaded, Plan, Weights};
use hitstaff_store::{CandidateStore, DatabaseStore, OrganizationStore};
use hitstaff_store_sqlite::SqliteStore;
use hitstaff_store_tests::fixtures::org;
use std::path::Path;
use std::sync::Arc;

const TODAY: time::Date = time::macros::date!(2026 - 12 - 01);

async fn store_with(
    dir: &Path,
    name: &str,
    seed: u64,
    people: u64,
) -> (SqliteStore, OrgId, Vec<CandidateId>) {
    let store = SqliteStore::open_path(&dir.join(name)).await.unwrap();
    store.migrate().await.unwrap();
    let o = store.create_organization(&org("acme")).await.unwrap().id;
    let mut g = hitstaff_synth::Generator::new(seed, TODAY);
    let batch: Vec<_> = (0..people).map(|i| g.candidate(i)).collect();
    let ids = store.insert_candidates(o, &batch).await.unwrap();
    (store, o, ids)
}

/// The top 20 for a few generated requisitions.
fn rankings(index: &CandidateIndex, o: OrgId) -> Vec<Vec<(CandidateId, u8)>> {
    let mut g = hitstaff_synth::Generator::new(5, TODAY);
    (0..8)
        .map(|_| {
            let client = g.saved_client(o);
            let r = g.requisition(&client);
            index.top(o, &Plan::new(&r, TODAY), &Weights::default(), 20)
        })
        .collect()
}

async fn fresh(store: &SqliteStore) -> CandidateIndex {
    let index = CandidateIndex::default();
    index.load(store, None).await.unwrap();
    index
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_and_the_changes_since_rank_as_the_database_does() {
    let dir = tempfile::tempdir().unwrap();
    let (store, o, ids) = store_with(dir.path(), "a.sqlite", 1, 600).await;
    // An organisation with nobody yet is held (empty) too.
    store.create_organization(&org("empty")).await.unwrap();
    let path = dir.path().join("a.candidates");

    // No snapshot yet: read from the database, then written.
    let first = Arc::new(CandidateIndex::default());
    match first.load_with_snapshot(&store, &path).await.unwrap() {
        Loaded::Database {
            candidates,
            snapshot_refused,
        } => {
            assert_eq!(candidates, 600);
            assert_eq!(snapshot_refused, "there is none yet");
        }
        other => panic!("loaded from {other:?}"),
    }
    let bytes = first.save_snapshot(&path).await.unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), bytes);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600,
        "it holds where people live and what they ask: its owner's only"
    );

    // Changes after it: one new, one changed, one deleted.
    let mut g = hitstaff_synth::Generator::new(9, TODAY);
    store.create_candidate(o, &g.candidate(7)).await.unwrap();
    let mut changed = store.get_candidate(o, ids[3]).await.unwrap().fields;
    changed.skills = g.candidate(11).skills;
    store.update_candidate(o, ids[3], &changed).await.unwrap();
    store.delete_candidate(o, ids[10]).await.unwrap();

    let again = CandidateIndex::default();
    assert_eq!(
        again.load_with_snapshot(&store, &path).await.unwrap(),
        Loaded::Snapshot {
            candidates: 600,
            applied: 3
        }
    );
    assert_eq!(rankings(&again, o), rankings(&fresh(&store).await, o));
    // And it keeps following the feed.
    store.delete_candidate(o, ids[20]).await.unwrap();
    again.catch_up(&store).await.unwrap();
    assert_eq!(again.len(), 599);
    assert_eq!(rankings(&again, o), rankings(&fresh(&store).await, o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_foreign_or_stale_snapshot_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, o, _) = store_with(dir.path(), "a.sqlite", 1, 300).await;
    let path = dir.path().join("a.candidates");
    let index = Arc::new(fresh(&store).await);
    index.save_snapshot(&path).await.unwrap();
    let good = std::fs::read(&path).unwrap();
    let expect = rankings(&index, o);

    let refused = |loaded: Loaded| match loaded {
        Loaded::Database { snapshot_refused, .. } => snapshot_refused,
        other => panic!("the snapshot was used: {other:?}"),
    };
    // Cut short, and not a snapshot at all.
    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    let index = CandidateIndex::default();
    let why = refused(index.load_with_snapshot(&store, &path).await.unwrap());
    assert!(why.contains("damaged"), "{why}");
    assert_eq!(rankings(&index, o), expect, "read from the database instead");
    std::fs::write(&path, b"name,email\nAda,ada@example.org\n").unwrap();
    let why = refused(
        CandidateIndex::default()
            .load_with_snapshot(&store, &path)
            .await
            .unwrap(),
    );
    assert!(why.contains("not a candidate index snapshot"), "{why}");

    // Another database at the same place (as after restoring a backup): same organisation
    // count, other people.
    std::fs::write(&path, &good).unwrap();
    let (other, other_org, _) = store_with(dir.path(), "b.sqlite", 2, 300).await;
    let index = CandidateIndex::default();
    let why = refused(index.load_with_snapshot(&other, &path).await.unwrap());
    assert!(why.contains("does not agree"), "{why}");
    assert_eq!(
        rankings(&index, other_org),
        rankings(&fresh(&other).await, other_org)
    );
    // The same database restored from a backup taken before a change the snapshot holds: the
    // counts agree, the people do not.
    store.after_bulk_load().await.unwrap();
    std::fs::copy(dir.path().join("a.sqlite"), dir.path().join("backup.sqlite")).unwrap();
    let first = store
        .list_candidates(o, &Default::default(), &hitstaff_store::PageRequest::first(1))
        .await
        .unwrap()
        .items[0]
        .clone();
    let mut changed = first.fields.clone();
    changed.skills = hitstaff_synth::Generator::new(4, TODAY).candidate(3).skills;
    assert_ne!(changed.skills, first.fields.skills);
    store.update_candidate(o, first.id, &changed).await.unwrap();
    let index = Arc::new(fresh(&store).await);
    index.save_snapshot(&path).await.unwrap();
    let backup = SqliteStore::open_path(&dir.path().join("backup.sqlite"))
        .await
        .unwrap();
    let index = CandidateIndex::default();
    let why = refused(index.load_with_snapshot(&backup, &path).await.unwrap());
    assert!(why.contains("does not agree"), "{why}");
    assert_eq!(rankings(&index, o), rankings(&fresh(&backup).await, o));
}
