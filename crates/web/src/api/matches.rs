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
use hitstaff_app::ranking::{self, CandidateMatch, RequisitionMatch};
use hitstaff_domain::{Action, CandidateId, RequisitionId};
use hitstaff_matching::Weights;
use hitstaff_store::Store;
use serde::Deserialize;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(
        for_requisition::<S>,
        for_candidate::<S>,
        show_weights::<S>,
        set_weights::<S>,
        reset_weights::<S>
    )
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
    Ok(Json(ranking::weights(&state.store, caller.user.org_id).await?))
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
    ranking::set_weights(&state.store, caller.actor(), &w).await?;
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
    let w = Weights::default();
    ranking::set_weights(&state.store, caller.actor(), &w).await?;
    Ok(Json(w))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Limit {
    /// How many, 1 to 200 (default 50).
    limit: Option<u32>,
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
    ranking::require(caller.actor())?;
    let id = path_id(&raw, "requisition", RequisitionId::parse)?;
    // The requisition as stored (its budget included): the ranking weighs pay whether or not the
    // caller may read it.
    let r = hitstaff_app::visibility::requisition(&state.store, caller.actor(), id).await?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200) as usize;
    Ok(Json(
        ranking::candidates_for(&state.store, &state.candidates, caller.actor(), &r, limit).await?,
    ))
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
    ranking::require(caller.actor())?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    let c = state.store.get_candidate(caller.user.org_id, id).await?;
    let limit = q.limit.unwrap_or(20).clamp(1, 200) as usize;
    Ok(Json(
        ranking::requisitions_for(&state.store, caller.actor(), &c, limit).await?,
    ))
}
