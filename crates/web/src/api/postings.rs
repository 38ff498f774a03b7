//! `/api/v1/requisitions/{id}/posting`: a requisition's advertisement, and its status.

use super::{Body, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use hitstaff_app::postings;
use hitstaff_domain::{NewPosting, Posting, PostingStatus, RequisitionId};
use hitstaff_store::Store;
use serde::Deserialize;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(show::<S>, save::<S>, set_status::<S>)
}

fn id(raw: &str) -> Result<RequisitionId, AppError> {
    path_id(raw, "requisition", RequisitionId::parse)
}

#[utoipa::path(
    get,
    path = "/api/v1/requisitions/{id}/posting",
    tag = "postings",
    summary = "A requisition's posting",
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 200, description = "The posting", body = Posting), crate::api::docs::Problems)
)]
async fn show<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Posting>, AppError> {
    postings::get(&state.store, caller.actor(), id(&raw)?)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound("this requisition has no posting yet".into()))
}

#[utoipa::path(
    put,
    path = "/api/v1/requisitions/{id}/posting",
    tag = "postings",
    summary = "Write a requisition's posting (a new one is a draft; an edit keeps the status)",
    request_body = NewPosting,
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 200, description = "The posting as saved", body = Posting), crate::api::docs::Problems)
)]
async fn save<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(new): Body<NewPosting>,
) -> Result<Json<Posting>, AppError> {
    Ok(Json(
        postings::save(&state.store, caller.actor(), id(&raw)?, &new).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct PostingStatusChange {
    status: PostingStatus,
}

#[utoipa::path(
    post,
    path = "/api/v1/requisitions/{id}/posting/status",
    tag = "postings",
    summary = "Publish, pause or close a posting (publishing needs the requisition open)",
    request_body = PostingStatusChange,
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 200, description = "The posting with its new status", body = Posting), crate::api::docs::Problems)
)]
async fn set_status<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(change): Body<PostingStatusChange>,
) -> Result<Json<Posting>, AppError> {
    Ok(Json(
        postings::set_status(&state.store, caller.actor(), id(&raw)?, change.status).await?,
    ))
}
