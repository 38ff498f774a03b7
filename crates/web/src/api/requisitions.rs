//! `/api/v1/requisitions`: what clients need, with filters and cursor paging. Hiring managers see
//! only their own client's requisitions, without budgets.

use super::{Body, PageOut, Params, opt, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use hitstaff_app::requisitions;
use hitstaff_domain::{
    ClientId, Engagement, NewRequisition, Requisition, RequisitionId, RequisitionStatus, RoleFamily, SkillId,
    WorkModel,
};
use hitstaff_store::{PageRequest, RequisitionFilter, Store};
use serde::Deserialize;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(
        index::<S>,
        create::<S>,
        show::<S>,
        update::<S>,
        destroy::<S>,
        set_status::<S>
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Query {
    /// Only this client's requisitions (a client id).
    client: Option<String>,
    /// A status code: draft, open, on_hold, filled or cancelled.
    status: Option<String>,
    /// A role family code, e.g. clinical_applications.
    role_family: Option<String>,
    /// permanent, contract or contract_to_hire.
    engagement: Option<String>,
    /// onsite, hybrid or remote.
    work_model: Option<String>,
    /// Requisitions asking for this skill (a taxonomy id, e.g. epic.beaker_cp).
    skill: Option<String>,
    /// low, normal, high or urgent.
    priority: Option<String>,
    /// Requisitions owned by this user (a user id).
    owner: Option<String>,
    /// The `next_cursor` of the previous page.
    after: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
}

fn id(raw: &str) -> Result<RequisitionId, AppError> {
    path_id(raw, "requisition", RequisitionId::parse)
}

#[utoipa::path(
    get,
    path = "/api/v1/requisitions",
    tag = "requisitions",
    summary = "Requisitions, newest first, filtered and paged by cursor",
    params(Query),
    responses((status = 200, description = "One page", body = PageOut<Requisition>), crate::api::docs::Problems)
)]
async fn index<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Params(q): Params<Query>,
) -> Result<Json<PageOut<Requisition>>, AppError> {
    let filter = RequisitionFilter {
        client: opt("client", &q.client, ClientId::parse)?,
        status: opt("status", &q.status, RequisitionStatus::parse)?,
        role_family: opt("role_family", &q.role_family, RoleFamily::parse)?,
        engagement: opt("engagement", &q.engagement, Engagement::parse)?,
        work_model: opt("work_model", &q.work_model, WorkModel::parse)?,
        skill: opt("skill", &q.skill, SkillId::parse)?,
        priority: opt("priority", &q.priority, hitstaff_domain::Priority::parse)?,
        owner: opt("owner", &q.owner, hitstaff_domain::UserId::parse)?,
    };
    let page = PageRequest {
        after: opt("after", &q.after, RequisitionId::parse)?,
        limit: q.limit.unwrap_or(50),
    };
    let found = requisitions::list(&state.store, caller.actor(), filter, &page).await?;
    Ok(Json(PageOut {
        items: found.items,
        next_cursor: found.next.map(|c| c.to_string()),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/requisitions/{id}",
    tag = "requisitions",
    summary = "One requisition",
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 200, description = "The requisition (budget only with the right to see pay)", body = Requisition), crate::api::docs::Problems)
)]
async fn show<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Requisition>, AppError> {
    Ok(Json(
        requisitions::get(&state.store, caller.actor(), id(&raw)?).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/requisitions",
    tag = "requisitions",
    summary = "Open a requisition",
    request_body = NewRequisition,
    responses((status = 201, description = "Created; Location names it", body = Requisition), crate::api::docs::Problems)
)]
async fn create<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(new): Body<NewRequisition>,
) -> Result<Response, AppError> {
    let r = requisitions::create(&state.store, caller.actor(), &new).await?;
    Ok(super::created(format!("/api/v1/requisitions/{}", r.id), r))
}

#[utoipa::path(
    put,
    path = "/api/v1/requisitions/{id}",
    tag = "requisitions",
    summary = "Replace a requisition's details",
    request_body = NewRequisition,
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 200, description = "The updated requisition", body = Requisition), crate::api::docs::Problems)
)]
async fn update<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(new): Body<NewRequisition>,
) -> Result<Json<Requisition>, AppError> {
    Ok(Json(
        requisitions::update(&state.store, caller.actor(), id(&raw)?, new).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct StatusChange {
    status: RequisitionStatus,
}

#[utoipa::path(
    post,
    path = "/api/v1/requisitions/{id}/status",
    tag = "requisitions",
    summary = "Change a requisition's status (open, on hold, filled, cancelled...)",
    request_body = StatusChange,
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 200, description = "The requisition with its new status", body = Requisition), crate::api::docs::Problems)
)]
async fn set_status<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(change): Body<StatusChange>,
) -> Result<Json<Requisition>, AppError> {
    Ok(Json(
        requisitions::set_status(&state.store, caller.actor(), id(&raw)?, change.status).await?,
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/requisitions/{id}",
    tag = "requisitions",
    summary = "Delete a requisition nobody is in the pipeline of",
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 204, description = "Deleted"), crate::api::docs::Problems)
)]
async fn destroy<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<StatusCode, AppError> {
    requisitions::delete(&state.store, caller.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
