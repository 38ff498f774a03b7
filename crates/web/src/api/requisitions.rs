//! `/api/v1/requisitions`: what clients need, with filters and cursor paging. Hiring managers see
//! only their own client's requisitions, without budgets.

use super::{Body, PageOut, Params, opt, path_id};
use crate::AppState;
use crate::error::AppError;
use crate::session::Caller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use hitstaff_domain::{
    Action, ClientId, Engagement, NewRequisition, Requisition, RequisitionId, RequisitionStatus, RoleFamily,
    SkillId, WorkModel,
};
use hitstaff_store::{PageRequest, RequisitionFilter, Store};
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/api/v1/requisitions", get(index::<S>).post(create::<S>))
        .route(
            "/api/v1/requisitions/{id}",
            get(show::<S>).put(update::<S>).delete(destroy::<S>),
        )
        .route("/api/v1/requisitions/{id}/status", post(set_status::<S>))
}

#[derive(Debug, Deserialize)]
struct Query {
    client: Option<String>,
    status: Option<String>,
    role_family: Option<String>,
    engagement: Option<String>,
    work_model: Option<String>,
    skill: Option<String>,
    after: Option<String>,
    limit: Option<u32>,
}

/// What the caller may see of a requisition: budgets only with ReadPay.
pub(crate) fn view(caller: &Caller, mut r: Requisition) -> Requisition {
    if !caller.user.role.can(Action::ReadPay) {
        r.fields.pay = None;
    }
    r
}

/// Loads a requisition the caller may see (a hiring manager: only their client's).
pub(crate) async fn visible<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    id: RequisitionId,
) -> Result<Requisition, AppError> {
    let r = state.store.get_requisition(caller.user.org_id, id).await?;
    if caller.user.client_id.is_some_and(|c| c != r.fields.client_id) {
        return Err(AppError::NotFound("no such requisition".into()));
    }
    Ok(r)
}

fn id(raw: &str) -> Result<RequisitionId, AppError> {
    path_id(raw, "requisition", RequisitionId::parse)
}

async fn index<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Params(q): Params<Query>,
) -> Result<Json<PageOut<Requisition>>, AppError> {
    caller.require(Action::ReadRequisitions)?;
    let mut filter = RequisitionFilter {
        client: opt("client", &q.client, ClientId::parse)?,
        status: opt("status", &q.status, RequisitionStatus::parse)?,
        role_family: opt("role_family", &q.role_family, RoleFamily::parse)?,
        engagement: opt("engagement", &q.engagement, Engagement::parse)?,
        work_model: opt("work_model", &q.work_model, WorkModel::parse)?,
        skill: opt("skill", &q.skill, SkillId::parse)?,
    };
    if let Some(own) = caller.user.client_id {
        if filter.client.is_some_and(|c| c != own) {
            return Ok(Json(PageOut {
                items: vec![],
                next_cursor: None,
            }));
        }
        filter.client = Some(own);
    }
    let page = PageRequest {
        after: opt("after", &q.after, RequisitionId::parse)?,
        limit: q.limit.unwrap_or(50),
    };
    let found = state
        .store
        .list_requisitions(caller.user.org_id, &filter, &page)
        .await?;
    Ok(Json(PageOut {
        items: found.items.into_iter().map(|r| view(&caller, r)).collect(),
        next_cursor: found.next.map(|c| c.to_string()),
    }))
}

async fn show<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Requisition>, AppError> {
    caller.require(Action::ReadRequisitions)?;
    Ok(Json(view(&caller, visible(&state, &caller, id(&raw)?).await?)))
}

async fn create<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(new): Body<NewRequisition>,
) -> Result<Response, AppError> {
    caller.require(Action::WriteRequisitions)?;
    let r = state.store.create_requisition(caller.user.org_id, &new).await?;
    Ok(super::created(format!("/api/v1/requisitions/{}", r.id), r))
}

async fn update<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(new): Body<NewRequisition>,
) -> Result<Json<Requisition>, AppError> {
    caller.require(Action::WriteRequisitions)?;
    Ok(Json(
        state
            .store
            .update_requisition(caller.user.org_id, id(&raw)?, &new)
            .await?,
    ))
}

#[derive(Deserialize)]
struct StatusChange {
    status: RequisitionStatus,
}

async fn set_status<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(change): Body<StatusChange>,
) -> Result<Json<Requisition>, AppError> {
    caller.require(Action::WriteRequisitions)?;
    Ok(Json(
        state
            .store
            .set_requisition_status(caller.user.org_id, id(&raw)?, change.status)
            .await?,
    ))
}

async fn destroy<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<StatusCode, AppError> {
    caller.require(Action::WriteRequisitions)?;
    state
        .store
        .delete_requisition(caller.user.org_id, id(&raw)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
