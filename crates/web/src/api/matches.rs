//! Ranked, explained matches: the best candidates for a requisition (from the in-memory candidate
//! index) and the best open requisitions for a candidate. Hiring managers see neither: the
//! ranking is the firm's work.

use super::{Params, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use hitstaff_domain::{Action, CandidateId, Requisition, RequisitionId};
use hitstaff_matching::{Match, Weights};
use hitstaff_store::{ApplicationFilter, Store};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(
        for_requisition::<S>,
        for_candidate::<S>,
        show_weights::<S>,
        set_weights::<S>,
        reset_weights::<S>
    )
}

/// The organisation's weights, or the defaults.
pub(crate) async fn weights<S: Store>(
    state: &AppState<S>,
    org: hitstaff_domain::OrgId,
) -> Result<Weights, AppError> {
    Ok(hitstaff_matching::org_weights(&state.store, org).await?)
}

#[utoipa::path(
    get,
    path = "/api/v1/settings/matching",
    tag = "matching",
    summary = "How much each factor counts in this organisation's matching",
    responses((status = 200, description = "The weights", body = Weights), crate::api::docs::Problems)
)]
async fn show_weights<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<Json<Weights>, AppError> {
    caller.require(Action::RankCandidates)?;
    Ok(Json(weights(&state, caller.user.org_id).await?))
}

#[utoipa::path(
    put,
    path = "/api/v1/settings/matching",
    tag = "matching",
    summary = "Change how much each factor counts (administrators); missing factors take their defaults",
    request_body = Weights,
    responses((status = 200, description = "The weights now in force", body = Weights), crate::api::docs::Problems)
)]
async fn set_weights<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    super::Body(w): super::Body<Weights>,
) -> Result<Json<Weights>, AppError> {
    caller.require(Action::ManageSettings)?;
    w.check().map_err(|(field, problem)| {
        AppError::Invalid(hitstaff_domain::FieldError::new(field, problem).into())
    })?;
    hitstaff_matching::set_org_weights(&state.store, caller.user.org_id, &w, Some(caller.user.id)).await?;
    Ok(Json(w))
}

#[utoipa::path(
    delete,
    path = "/api/v1/settings/matching",
    tag = "matching",
    summary = "Put every factor back to hitstaff's default weight (administrators)",
    responses((status = 200, description = "The default weights, now in force", body = Weights), crate::api::docs::Problems)
)]
async fn reset_weights<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<Json<Weights>, AppError> {
    caller.require(Action::ManageSettings)?;
    let w = Weights::default();
    hitstaff_matching::set_org_weights(&state.store, caller.user.org_id, &w, Some(caller.user.id)).await?;
    Ok(Json(w))
}

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
    caller.require(Action::RankCandidates)?;
    caller.require(Action::ReadRequisitions)
}

/// The best candidates for a requisition, explained.
pub(crate) async fn candidates_for<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    r: &Requisition,
    limit: usize,
) -> Result<Vec<CandidateMatch>, AppError> {
    let w = weights(state, caller.user.org_id).await?;
    candidates_weighed(state, caller, r, limit, &w).await
}

/// The best candidates for a requisition under the given weights (to preview a change).
pub(crate) async fn candidates_weighed<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    r: &Requisition,
    limit: usize,
    w: &Weights,
) -> Result<Vec<CandidateMatch>, AppError> {
    let org = caller.user.org_id;
    let today = time::OffsetDateTime::now_utc().date();
    if !state.candidates.is_ready() {
        return Err(AppError::Unavailable(
            "the candidate index is still loading after a restart; try again in a minute".into(),
        ));
    }
    // Whatever was saved up to now counts (the background loop is at most a moment behind).
    state.candidates.catch_up(&state.store).await?;
    let ranked =
        hitstaff_matching::best_candidates(&state.candidates, &state.store, org, r, w, today, limit).await?;
    let in_pipeline: HashSet<CandidateId> = state
        .store
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
pub(crate) async fn requisitions_for<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    candidate: &hitstaff_domain::Candidate,
    limit: usize,
) -> Result<Vec<RequisitionMatch>, AppError> {
    let today = time::OffsetDateTime::now_utc().date();
    let ranked = hitstaff_matching::best_requisitions(
        &state.store,
        caller.user.org_id,
        candidate,
        &weights(state, caller.user.org_id).await?,
        today,
        limit,
    )
    .await?;
    let scored = ranked
        .into_iter()
        .map(|(r, m)| RequisitionMatch {
            requisition_id: r.id,
            reference: r.reference,
            title: r.fields.title,
            result: m,
        })
        .collect();
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
