//! Ranked, explained matches: the best candidates for a requisition (from the in-memory candidate
//! index) and the best open requisitions for a candidate, under the organisation's weights.

use crate::{Actor, Error};
use hitstaff_domain::{Action, Candidate, CandidateId, OrgId, Requisition, RequisitionId};
use hitstaff_matching::{CandidateIndex, Match, Weights};
use hitstaff_store::{ApplicationFilter, Store};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

/// One ranked candidate.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CandidateMatch {
    pub candidate_id: CandidateId,
    pub name: String,
    pub headline: Option<String>,
    /// Already in this requisition's pipeline.
    pub in_pipeline: bool,
    #[serde(flatten)]
    pub result: Match,
}

/// One ranked requisition.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RequisitionMatch {
    pub requisition_id: RequisitionId,
    pub reference: String,
    pub title: String,
    #[serde(flatten)]
    pub result: Match,
}

/// Ranking is the firm's work: it needs RankCandidates and ReadRequisitions.
pub fn require(actor: Actor<'_>) -> Result<(), Error> {
    actor.require(Action::RankCandidates)?;
    actor.require(Action::ReadRequisitions)
}

/// The organisation's weights, or the defaults.
pub async fn weights<S: Store>(store: &S, org: OrgId) -> Result<Weights, Error> {
    Ok(hitstaff_matching::org_weights(store, org).await?)
}

/// Changes how much each factor counts (administrators); the weights are checked first.
pub async fn set_weights<S: Store>(store: &S, actor: Actor<'_>, w: &Weights) -> Result<(), Error> {
    actor.require(Action::ManageSettings)?;
    w.check()
        .map_err(|(field, problem)| Error::field(field, problem))?;
    Ok(hitstaff_matching::set_org_weights(store, actor.user.org_id, w, Some(actor.user.id)).await?)
}

/// The best candidates for a requisition, explained, under the organisation's weights.
pub async fn candidates_for<S: Store>(
    store: &S,
    index: &Arc<CandidateIndex>,
    actor: Actor<'_>,
    r: &Requisition,
    limit: usize,
) -> Result<Vec<CandidateMatch>, Error> {
    let w = weights(store, actor.user.org_id).await?;
    candidates_weighed(store, index, actor, r, limit, &w).await
}

/// The best candidates for a requisition under the given weights (to preview a change).
pub async fn candidates_weighed<S: Store>(
    store: &S,
    index: &Arc<CandidateIndex>,
    actor: Actor<'_>,
    r: &Requisition,
    limit: usize,
    w: &Weights,
) -> Result<Vec<CandidateMatch>, Error> {
    require(actor)?;
    let org = actor.user.org_id;
    let today = time::OffsetDateTime::now_utc().date();
    if !index.is_ready() {
        return Err(Error::Unavailable(
            "the candidate index is still loading after a restart; try again in a minute".into(),
        ));
    }
    // Whatever was saved up to now counts (the background loop is at most a moment behind).
    index.catch_up(store).await?;
    let ranked = hitstaff_matching::best_candidates(index, store, org, r, w, today, limit).await?;
    let in_pipeline: HashSet<CandidateId> = store
        .list_applications(org, &ApplicationFilter::Requisition(r.id))
        .await?
        .into_iter()
        .map(|a| a.candidate_id)
        .collect();
    Ok(ranked
        .into_iter()
        .map(|(id, c, result)| CandidateMatch {
            candidate_id: id,
            name: c.name.as_str().to_string(),
            headline: c.headline,
            in_pipeline: in_pipeline.contains(&id),
            result,
        })
        .collect())
}

/// The best open requisitions for a candidate, explained.
pub async fn requisitions_for<S: Store>(
    store: &S,
    actor: Actor<'_>,
    candidate: &Candidate,
    limit: usize,
) -> Result<Vec<RequisitionMatch>, Error> {
    require(actor)?;
    let org = actor.user.org_id;
    let today = time::OffsetDateTime::now_utc().date();
    let w = weights(store, org).await?;
    let ranked = hitstaff_matching::best_requisitions(store, org, candidate, &w, today, limit).await?;
    Ok(ranked
        .into_iter()
        .map(|(r, m)| RequisitionMatch {
            requisition_id: r.id,
            reference: r.reference,
            title: r.fields.title,
            result: m,
        })
        .collect())
}

/// The most candidates compared side by side.
pub const MOST_COMPARED: usize = 4;

/// Candidates of one requisition's pipeline, side by side: each with their application and how
/// they fit (explained, under the organisation's weights). Pay and budgets are blanked for
/// those who may not see them.
#[derive(Debug)]
pub struct Compared {
    pub candidate: Candidate,
    pub application: hitstaff_domain::Application,
    /// How they fit; when a hard-filter skill is missing, explained as if it were not one.
    pub result: Option<Match>,
    /// False when a hard-filter skill is missing: the ranking leaves them out.
    pub ranked: bool,
}

/// Explains two to four candidates of a requisition's pipeline side by side, in the order asked.
pub async fn compare<S: Store>(
    store: &S,
    actor: Actor<'_>,
    r: &Requisition,
    ids: &[CandidateId],
) -> Result<Vec<Compared>, Error> {
    require(actor)?;
    actor.require(Action::ReadPipeline)?;
    let mut unique = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.len() < 2 || unique.len() > MOST_COMPARED {
        return Err(Error::field(
            "candidate",
            format!(
                "{} candidates were chosen; compare from 2 to {MOST_COMPARED} of this requisition's pipeline",
                unique.len()
            ),
        ));
    }
    let org = actor.user.org_id;
    let apps = store
        .list_applications(org, &ApplicationFilter::Requisition(r.id))
        .await?;
    let w = weights(store, org).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let at = hitstaff_matching::at_client(store, org, r).await?;
    let mut out = Vec::with_capacity(unique.len());
    for id in unique {
        let Some(application) = apps.iter().find(|a| a.candidate_id == id).cloned() else {
            return Err(Error::NotFound(
                "one of the chosen candidates is not in this requisition's pipeline; choose from the board"
                    .into(),
            ));
        };
        let candidate = crate::visibility::candidate(store, actor, id).await?;
        let ranked = at.score(&candidate.fields, &w, today);
        let is_ranked = ranked.is_some();
        let result = ranked.or_else(|| at.without_hard_filters().score(&candidate.fields, &w, today));
        out.push(Compared {
            candidate: crate::visibility::candidate_view(actor, candidate),
            application,
            result,
            ranked: is_ranked,
        });
    }
    Ok(out)
}

/// Each candidate's score for the requisition (`None`: a hard-filter skill is missing), for
/// callers who may rank; an empty list for those who may not.
pub async fn scores<S: Store>(
    store: &S,
    actor: Actor<'_>,
    r: &Requisition,
    candidates: &[&Candidate],
) -> Result<Vec<Option<u8>>, Error> {
    if require(actor).is_err() {
        return Ok(Vec::new());
    }
    let w = weights(store, actor.user.org_id).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let at = hitstaff_matching::at_client(store, actor.user.org_id, r).await?;
    Ok(candidates
        .iter()
        .map(|c| at.score_only(&c.fields, &w, today))
        .collect())
}
