//! Ranked, explained matches: the best candidates for a requisition and the best open
//! requisitions for a candidate. Hiring managers see neither: the ranking is the firm's work.
//!
//! Candidates are gathered from the store by the requisition's skills (and the skills that count
//! toward them); the in-memory index of issue 5 will take over that step.

use super::{Params, path_id};
use crate::AppState;
use crate::error::AppError;
use crate::session::Caller;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use hitstaff_domain::{Action, CandidateId, Requisition, RequisitionId, RequisitionStatus};
use hitstaff_matching::{Match, Weights};
use hitstaff_store::{ApplicationFilter, CandidateFilter, PageRequest, RequisitionFilter, Store};
use hitstaff_taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/api/v1/requisitions/{id}/matches", get(for_requisition::<S>))
        .route("/api/v1/candidates/{id}/matches", get(for_candidate::<S>))
}

/// Candidates read per skill when gathering (newest first).
const PER_SKILL: u32 = 2_000;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Limit {
    /// How many, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// One ranked candidate.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct CandidateMatch {
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
pub(crate) struct RequisitionMatch {
    pub requisition_id: RequisitionId,
    pub reference: String,
    pub title: String,
    #[serde(flatten)]
    pub result: Match,
}

fn require(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::ReadCandidates)?;
    caller.require(Action::ReadRequisitions)?;
    if caller.user.client_id.is_some() {
        return Err(AppError::Forbidden(
            "matching is the staffing firm's work; your recruiter shares the candidates they submit".into(),
        ));
    }
    Ok(())
}

/// The skills whose holders can score on a requirement: the skill, its parts, its application and
/// that application's other modules, and its related products. (Other products of the same vendor
/// count in part too, but gathering every Epic analyst for each Epic requisition is the index's job.)
fn gather_skills(r: &Requisition) -> Vec<hitstaff_domain::SkillId> {
    let t = Taxonomy::get();
    let mut out: Vec<hitstaff_domain::SkillId> = Vec::new();
    for s in &r.fields.skills {
        out.push(s.skill.clone());
        out.extend(t.children(&s.skill).map(|c| c.id.clone()));
        if let Some(k) = t.get_skill(&s.skill) {
            out.extend(k.related.iter().cloned());
            // The application a module belongs to, and its other modules (not a whole vendor).
            if let Some(parent) = &k.parent
                && t.ancestors(parent).next().is_some()
            {
                out.push(parent.clone());
                out.extend(t.children(parent).map(|c| c.id.clone()));
            }
        }
    }
    let mut seen = HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

/// The best candidates for a requisition, explained.
pub(crate) async fn candidates_for<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    r: &Requisition,
    limit: usize,
) -> Result<Vec<CandidateMatch>, AppError> {
    let org = caller.user.org_id;
    let mut pool = BTreeMap::new();
    for skill in gather_skills(r) {
        let mut page = PageRequest::first(500);
        let mut read = 0;
        loop {
            let filter = CandidateFilter {
                skill: Some(skill.clone()),
                ..CandidateFilter::default()
            };
            let got = state.store.list_candidates(org, &filter, &page).await?;
            read += got.items.len() as u32;
            for c in got.items {
                pool.entry(c.id).or_insert(c.fields);
            }
            match got.next {
                Some(next) if read < PER_SKILL => page.after = Some(next),
                _ => break,
            }
        }
    }
    let in_pipeline: HashSet<CandidateId> = state
        .store
        .list_applications(org, &ApplicationFilter::Requisition(r.id))
        .await?
        .into_iter()
        .map(|a| a.candidate_id)
        .collect();
    let today = time::OffsetDateTime::now_utc().date();
    let ranked = hitstaff_matching::rank(&r.fields, pool, &Weights::default(), today, limit);
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
pub(crate) async fn requisitions_for<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    candidate: &hitstaff_domain::Candidate,
    limit: usize,
) -> Result<Vec<RequisitionMatch>, AppError> {
    let org = caller.user.org_id;
    let filter = RequisitionFilter {
        status: Some(RequisitionStatus::Open),
        ..Default::default()
    };
    let mut page = PageRequest::first(500);
    let mut open = Vec::new();
    loop {
        let got = state.store.list_requisitions(org, &filter, &page).await?;
        open.extend(got.items);
        match got.next {
            Some(next) if open.len() < 5_000 => page.after = Some(next),
            _ => break,
        }
    }
    let today = time::OffsetDateTime::now_utc().date();
    let mut scored: Vec<RequisitionMatch> = open
        .into_iter()
        .filter_map(|r| {
            hitstaff_matching::score(&r.fields, &candidate.fields, &Weights::default(), today).map(|m| {
                RequisitionMatch {
                    requisition_id: r.id,
                    reference: r.reference.clone(),
                    title: r.fields.title.clone(),
                    result: m,
                }
            })
        })
        .collect();
    scored.sort_by(|a, b| {
        b.result
            .score
            .cmp(&a.result.score)
            .then_with(|| a.requisition_id.cmp(&b.requisition_id))
    });
    scored.truncate(limit);
    Ok(scored)
}

#[utoipa::path(
    get,
    path = "/api/v1/requisitions/{id}/matches",
    tag = "matching",
    summary = "The best candidates for a requisition, with their strengths and weaknesses",
    params(("id" = String, Path, description = "The requisition id"), Limit),
    responses((status = 200, description = "Best first", body = Vec<CandidateMatch>), crate::api::docs::Problems)
)]
async fn for_requisition<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Params(q): Params<Limit>,
) -> Result<Json<Vec<CandidateMatch>>, AppError> {
    require(&caller)?;
    let id = path_id(&raw, "requisition", RequisitionId::parse)?;
    let r = state.store.get_requisition(caller.user.org_id, id).await?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200) as usize;
    Ok(Json(candidates_for(&state, &caller, &r, limit).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/candidates/{id}/matches",
    tag = "matching",
    summary = "The best open requisitions for a candidate, with the reasons",
    params(("id" = String, Path, description = "The candidate id"), Limit),
    responses((status = 200, description = "Best first", body = Vec<RequisitionMatch>), crate::api::docs::Problems)
)]
async fn for_candidate<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Params(q): Params<Limit>,
) -> Result<Json<Vec<RequisitionMatch>>, AppError> {
    require(&caller)?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    let c = state.store.get_candidate(caller.user.org_id, id).await?;
    let limit = q.limit.unwrap_or(20).clamp(1, 200) as usize;
    Ok(Json(requisitions_for(&state, &caller, &c, limit).await?))
}
