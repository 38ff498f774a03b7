//! Candidates: the list and the record as the caller may see them, adding, changing (with
//! versions) and deleting.
//!
//! A record's version is the time it was last saved. The API sends it as an
//! entity tag and takes it back in `If-Match`; the edit form carries it in a hidden field. Saving
//! with a version ([`hitstaff_store::Store::update_candidate_from`]) refuses to overwrite an edit
//! made meanwhile.

use crate::{Actor, Error, visibility};
use hitstaff_domain::{Action, Candidate, CandidateId, NewCandidate};
use hitstaff_store::{CandidateFilter, Constraint, Page, PageRequest, Store, StoreError};
use time::OffsetDateTime;

/// The candidate's version as a tag (`"<nanoseconds>"`, an HTTP entity tag).
pub fn version_tag(c: &Candidate) -> String {
    format!("\"{}\"", c.updated_at.unix_timestamp_nanos())
}

/// The version a tag names (as [`version_tag`] writes it; a weak `W/` prefix is allowed), or
/// `None` when it names none.
pub fn version_from_tag(raw: &str) -> Option<OffsetDateTime> {
    let inner = raw.trim().trim_start_matches("W/").trim_matches('"');
    inner
        .parse::<i128>()
        .ok()
        .and_then(|n| OffsetDateTime::from_unix_timestamp_nanos(n).ok())
}

/// The candidates the caller may see, newest first, one page at a time: a client's hiring
/// manager only those submitted to their client, and everyone only the fields they may read.
pub async fn list<S: Store>(
    store: &S,
    actor: Actor<'_>,
    mut filter: CandidateFilter,
    page: &PageRequest<CandidateId>,
) -> Result<Page<Candidate, CandidateId>, Error> {
    actor.require(Action::ReadCandidates)?;
    if let Some(client) = actor.access.client() {
        filter.submitted_to_client = Some(client);
    }
    // A broader skill is held by whoever holds one of its parts (Beaker CP holds Beaker), as in
    // search.
    if let Some(skill) = &filter.skill {
        filter.skill_parts = hitstaff_taxonomy::Taxonomy::get()
            .descendants(skill)
            .into_iter()
            .map(|s| s.id.clone())
            .collect();
    }
    let found = store.list_candidates(actor.user.org_id, &filter, page).await?;
    Ok(Page {
        items: found
            .items
            .into_iter()
            .map(|c| visibility::candidate_view(actor, c))
            .collect(),
        next: found.next,
    })
}

/// One candidate the caller may see, with the fields they may read.
pub async fn get<S: Store>(store: &S, actor: Actor<'_>, id: CandidateId) -> Result<Candidate, Error> {
    actor.require(Action::ReadCandidates)?;
    let c = visibility::candidate(store, actor, id).await?;
    Ok(visibility::candidate_view(actor, c))
}

/// Adds a candidate.
pub async fn create<S: Store>(store: &S, actor: Actor<'_>, new: &NewCandidate) -> Result<Candidate, Error> {
    actor.require(Action::WriteCandidates)?;
    Ok(store.create_candidate(actor.user.org_id, new).await?)
}

/// What a change to a candidate came to.
#[derive(Debug)]
pub enum Saved {
    /// Saved; the record as it now is.
    Saved(Candidate),
    /// Someone saved the candidate after the version the change was made from; nothing was
    /// written. The record as it is now (as the caller may see it), to compare.
    ChangedMeanwhile(Candidate),
}

/// Replaces a candidate's details. With `version` (the one the change was made from) the change is
/// made only if nobody saved the candidate since; without, it replaces whatever is stored. Fields
/// the caller may not see stay as stored.
pub async fn update<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: CandidateId,
    version: Option<OffsetDateTime>,
    mut new: NewCandidate,
) -> Result<Saved, Error> {
    actor.require(Action::WriteCandidates)?;
    let org = actor.user.org_id;
    let stored = visibility::candidate(store, actor, id).await?;
    actor.access.withheld().keep_candidate(&stored.fields, &mut new);
    let Some(version) = version else {
        return Ok(Saved::Saved(store.update_candidate(org, id, &new).await?));
    };
    match store.update_candidate_from(org, id, version, &new).await {
        Ok(c) => Ok(Saved::Saved(c)),
        Err(StoreError::Conflict {
            constraint: Constraint::CandidatesChangedMeanwhile,
        }) => {
            let current = visibility::candidate_view(actor, store.get_candidate(org, id).await?);
            Ok(Saved::ChangedMeanwhile(current))
        }
        Err(e) => Err(e.into()),
    }
}

/// Deletes a candidate, with their applications, notes and resumes.
pub async fn delete<S: Store>(store: &S, actor: Actor<'_>, id: CandidateId) -> Result<(), Error> {
    actor.require(Action::WriteCandidates)?;
    Ok(store.delete_candidate(actor.user.org_id, id).await?)
}
