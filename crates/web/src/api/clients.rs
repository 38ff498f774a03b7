//! `/api/v1/clients`: the healthcare facilities requisitions are for.

use super::Body;
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use hitstaff_app::clients;
use hitstaff_domain::{Client, ClientId, NewClient};
use hitstaff_store::Store;
use serde::Serialize;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(index::<S>, create::<S>, show::<S>, update::<S>, destroy::<S>)
}

/// Every client, in one list (an organisation has tens, not thousands).
#[derive(Serialize, utoipa::ToSchema)]
struct List {
    items: Vec<Client>,
}

fn client_id(raw: &str) -> Result<ClientId, AppError> {
    ClientId::parse(raw).map_err(|_| AppError::NotFound("no such client (the id is not valid)".into()))
}

#[utoipa::path(
    get,
    path = "/api/v1/clients",
    tag = "clients",
    summary = "Every client of the organisation",
    responses((status = 200, description = "The clients", body = List), crate::api::docs::Problems)
)]
async fn index<S: Store>(State(state): State<AppState<S>>, caller: Caller) -> Result<Json<List>, AppError> {
    Ok(Json(List {
        items: clients::list(&state.store, caller.actor()).await?,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/clients/{id}",
    tag = "clients",
    summary = "One client",
    params(("id" = String, Path, description = "The client id")),
    responses((status = 200, description = "The client", body = Client), crate::api::docs::Problems)
)]
async fn show<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Client>, AppError> {
    Ok(Json(
        clients::get(&state.store, caller.actor(), client_id(&id)?).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/clients",
    tag = "clients",
    summary = "Add a client",
    request_body = NewClient,
    responses((status = 201, description = "Created; Location names it", body = Client), crate::api::docs::Problems)
)]
async fn create<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(new): Body<NewClient>,
) -> Result<Response, AppError> {
    let client = clients::create(&state.store, caller.actor(), &new).await?;
    Ok(super::created(format!("/api/v1/clients/{}", client.id), client))
}

#[utoipa::path(
    put,
    path = "/api/v1/clients/{id}",
    tag = "clients",
    summary = "Replace a client's details",
    request_body = NewClient,
    params(("id" = String, Path, description = "The client id")),
    responses((status = 200, description = "The updated client", body = Client), crate::api::docs::Problems)
)]
async fn update<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(new): Body<NewClient>,
) -> Result<Json<Client>, AppError> {
    Ok(Json(
        clients::update(&state.store, caller.actor(), client_id(&id)?, &new).await?,
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/clients/{id}",
    tag = "clients",
    summary = "Delete a client without requisitions or hiring managers",
    params(("id" = String, Path, description = "The client id")),
    responses((status = 204, description = "Deleted"), crate::api::docs::Problems)
)]
async fn destroy<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    clients::delete(&state.store, caller.actor(), client_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
