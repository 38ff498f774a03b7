//! Full-text search over candidates with tantivy: their resume text, titles, employers, skills and
//! tags, with phrases, boolean operators, field filters (skill, state, distance, availability,
//! work model, pipeline stage, tag), typo-tolerant names, highlighted snippets and facets.
//!
//! The index is a cache of the store: [`SearchIndex::rebuild`] recreates it, and
//! [`SearchIndex::catch_up`] applies the change feed from the position saved with the last
//! commit, so a restart or a crash loses nothing.

mod document;
mod query;

pub use document::body_text;
pub use query::{Facet, FacetCount, Hit, SearchRequest, SearchResults};

use document::Fields;
use hitstaff_domain::{CandidateId, OrgId, Stage};
use hitstaff_store::{ApplicationFilter, EntityKind, FeedCursor, Store, StoreError};
use std::collections::HashMap;
use std::path::Path;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

/// What the saved index must have been written by; another version is rebuilt.
const SCHEMA_VERSION: u32 = 1;
/// Memory the writer may buffer before writing a segment.
const WRITER_BYTES: usize = 128 * 1024 * 1024;
/// Changes read from the feed per query.
const FEED_PAGE: u32 = 2_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(
        "another hitstaff process holds the search index at {0}; stop it (or point this one at \
         another folder with HITSTAFF_SEARCH_DIR) and try again"
    )]
    Busy(String),
    #[error("the search index folder {path}: {error}")]
    Folder { path: String, error: std::io::Error },
    /// The query itself cannot be read; the message says what to change.
    #[error("{0}")]
    BadQuery(String),
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// The position and version saved with each commit.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Saved {
    version: u32,
    cursor: FeedCursor,
}

/// Candidates' text, searchable; one per installation (documents carry their organisation).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: tokio::sync::Mutex<IndexWriter>,
    fields: Fields,
    /// Where the feed was applied up to; `None` until the index has been built.
    cursor: tokio::sync::Mutex<Option<FeedCursor>>,
    place: String,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("place", &self.place).finish()
    }
}

impl SearchIndex {
    /// Opens the index kept in `dir` (created when missing), or one in memory when `dir` is
    /// `None`. An index written by another version is emptied, to be rebuilt by
    /// [`SearchIndex::catch_up`].
    pub fn open(dir: Option<&Path>) -> Result<SearchIndex> {
        let (schema, fields) = document::schema();
        let (mut index, place) = match dir {
            None => (Index::create_in_ram(schema), "memory".to_string()),
            Some(dir) => {
                let place = dir.display().to_string();
                std::fs::create_dir_all(dir).map_err(|error| SearchError::Folder {
                    path: place.clone(),
                    error,
                })?;
                let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| SearchError::Folder {
                    path: place.clone(),
                    error: std::io::Error::other(e.to_string()),
                })?;
                let index = match Index::open_or_create(mmap, schema.clone()) {
                    Ok(index) => index,
                    // A schema from another version: start afresh in the same folder.
                    Err(tantivy::TantivyError::SchemaError(_)) => {
                        wipe(dir, &place)?;
                        let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| {
                            SearchError::Folder {
                                path: place.clone(),
                                error: std::io::Error::other(e.to_string()),
                            }
                        })?;
                        Index::open_or_create(mmap, schema)?
                    }
                    Err(e) => return Err(e.into()),
                };
                (index, place)
            }
        };
        // A search reads the index's segments (about ten at a million candidates) on every core,
        // which halves its time on two.
        let cores = search_threads();
        if cores > 1 {
            index.set_multithread_executor(cores)?;
        }
        let writer = match index.writer(WRITER_BYTES) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => return Err(SearchError::Busy(place)),
            Err(e) => return Err(e.into()),
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let saved: Option<Saved> = index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str(&p).ok())
            .filter(|s: &Saved| s.version == SCHEMA_VERSION);
        Ok(SearchIndex {
            index,
            reader,
            writer: tokio::sync::Mutex::new(writer),
            fields,
            cursor: tokio::sync::Mutex::new(saved.map(|s| s.cursor)),
            place,
        })
    }

    /// Commits with the feed position, and shows the result to searches.
    fn commit(&self, writer: &mut IndexWriter, cursor: FeedCursor) -> Result<()> {
        let saved = serde_json::to_string(&Saved {
            version: SCHEMA_VERSION,
            cursor,
        })
        .unwrap_or_default();
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&saved);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Candidates searchable now.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the index has been built (it may still be catching up).
    pub async fn is_built(&self) -> bool {
        self.cursor.lock().await.is_some()
    }

    /// Recreates the index from the store: every organisation's candidates with their resume
    /// texts and pipeline stages. Returns how many candidates it holds.
    #[tracing::instrument(skip_all, fields(candidates))]
    pub async fn rebuild<S: Store>(&self, store: &S) -> Result<u64> {
        let mut cursor = self.cursor.lock().await;
        // The feed's end first: whatever changes during the read is applied again from there.
        let head = hitstaff_store::feed_end(store).await?;
        let mut writer = self.writer.lock().await;
        writer.delete_all_documents()?;
        let mut total = 0u64;
        for org in store.list_organizations().await? {
            let stages = stages_of(store, org.id).await?;
            let mut texts: HashMap<CandidateId, String> = HashMap::new();
            let mut after = None;
            loop {
                let page = store.resume_texts(org.id, after, 500).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.0);
                for (_, candidate, text) in page {
                    let t = texts.entry(candidate).or_default();
                    t.push('\n');
                    t.push_str(&text);
                }
            }
            hitstaff_store::each_candidate(store, org.id, |c| {
                let doc = self.fields.document(
                    &c,
                    texts.get(&c.id).map_or("", String::as_str),
                    stages.get(&c.id).map_or(&[][..], Vec::as_slice),
                );
                writer.add_document(doc)?;
                total += 1;
                Ok::<_, SearchError>(())
            })
            .await?;
        }
        self.commit(&mut writer, head)?;
        *cursor = Some(head);
        tracing::Span::current().record("candidates", total);
        Ok(total)
    }

    /// Applies the changes saved since the last commit (after a restart or a crash, from the
    /// position saved with the index); builds the index first when it has never been built.
    /// Returns how many candidates it re-read.
    #[tracing::instrument(skip_all, fields(changes, candidates))]
    pub async fn catch_up<S: Store>(&self, store: &S) -> Result<usize> {
        let Some(from) = *self.cursor.lock().await else {
            self.rebuild(store).await?;
            return Ok(0);
        };
        let mut cursor = self.cursor.lock().await;
        let mut at = cursor.unwrap_or(from);
        let mut touched: Vec<(OrgId, CandidateId)> = Vec::new();
        let mut changes = 0;
        loop {
            let batch = store.changes_since(at, FEED_PAGE).await?;
            changes += batch.len();
            for change in &batch {
                let org = change.org_id;
                let candidate = match change.entity {
                    EntityKind::Candidate => Some(CandidateId(change.entity_id)),
                    EntityKind::Resume => {
                        match store
                            .get_resume(org, hitstaff_domain::ResumeId(change.entity_id))
                            .await
                        {
                            Ok(r) => Some(r.info.candidate_id),
                            Err(StoreError::NotFound { .. }) => None,
                            Err(e) => return Err(e.into()),
                        }
                    }
                    EntityKind::Application => {
                        match store
                            .get_application(org, hitstaff_domain::ApplicationId(change.entity_id))
                            .await
                        {
                            Ok(a) => Some(a.candidate_id),
                            Err(StoreError::NotFound { .. }) => None,
                            Err(e) => return Err(e.into()),
                        }
                    }
                    _ => None,
                };
                if let Some(c) = candidate
                    && !touched.contains(&(org, c))
                {
                    touched.push((org, c));
                }
            }
            match batch.last() {
                Some(last) => at = last.cursor,
                None => break,
            }
            if batch.len() < FEED_PAGE as usize {
                break;
            }
        }
        if Some(at) == *cursor {
            return Ok(0);
        }
        let mut docs = Vec::new();
        for &(org, id) in &touched {
            docs.push((id, self.read_one(store, org, id).await?));
        }
        let mut writer = self.writer.lock().await;
        for (id, doc) in docs {
            writer.delete_term(Term::from_field_text(self.fields.id, &id.to_string()));
            if let Some(doc) = doc {
                writer.add_document(doc)?;
            }
        }
        self.commit(&mut writer, at)?;
        *cursor = Some(at);
        let span = tracing::Span::current();
        span.record("changes", changes);
        span.record("candidates", touched.len());
        Ok(touched.len())
    }

    /// One candidate's document as saved now; `None` once deleted.
    async fn read_one<S: Store>(
        &self,
        store: &S,
        org: OrgId,
        id: CandidateId,
    ) -> Result<Option<tantivy::TantivyDocument>> {
        let c = match store.get_candidate(org, id).await {
            Ok(c) => c,
            Err(StoreError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut text = String::new();
        for info in store.list_resumes(org, id).await? {
            match store.get_resume(org, info.id).await {
                Ok(r) => {
                    text.push('\n');
                    text.push_str(&r.text);
                }
                Err(StoreError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let stages: Vec<Stage> = store
            .list_applications(org, &ApplicationFilter::Candidate(id))
            .await?
            .into_iter()
            .map(|a| a.stage)
            .collect();
        Ok(Some(self.fields.document(&c, &text, &stages)))
    }

    /// Searches one organisation's candidates.
    pub fn search(&self, org: OrgId, request: &SearchRequest) -> Result<SearchResults> {
        query::run(&self.index, &self.reader.searcher(), &self.fields, org, request)
    }
}

/// How many threads one search reads the index's segments on: the machine's cores, up to eight.
pub fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Every candidate's pipeline stages in an organisation.
async fn stages_of<S: Store>(store: &S, org: OrgId) -> Result<HashMap<CandidateId, Vec<Stage>>> {
    let mut stages: HashMap<CandidateId, Vec<Stage>> = HashMap::new();
    for stage in Stage::ALL {
        for a in store
            .list_applications(org, &ApplicationFilter::Stage(*stage))
            .await?
        {
            stages.entry(a.candidate_id).or_default().push(a.stage);
        }
    }
    Ok(stages)
}

/// Empties a folder of an index written by another version.
fn wipe(dir: &Path, place: &str) -> Result<()> {
    let folder = |error| SearchError::Folder {
        path: place.to_string(),
        error,
    };
    for entry in std::fs::read_dir(dir).map_err(folder)? {
        let path = entry.map_err(folder)?.path();
        if path.is_file() {
            std::fs::remove_file(&path).map_err(folder)?;
        }
    }
    Ok(())
}
