//! Administration: users and API tokens. New users get a generated password shown once; tokens
//! likewise. Administrators cannot lock themselves out.

use super::{Body, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hitstaff_app::admin;
use hitstaff_domain::{ApiTokenId, ClientId, Email, PersonName, Role, Scope, User, UserId};
use hitstaff_store::{ApiToken, Store};
use serde::{Deserialize, Serialize};

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(
        index::<S>,
        create::<S>,
        update::<S>,
        tokens::<S>,
        create_token::<S>,
        revoke_token::<S>
    )
}

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "administration",
    summary = "Every user of the organisation",
    responses((status = 200, description = "The users", body = Vec<User>), crate::api::docs::Problems)
)]
async fn index<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<Json<Vec<User>>, AppError> {
    Ok(Json(admin::users(&state.store, caller.actor()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct NewUserForm {
    email: Email,
    name: PersonName,
    role: Role,
    #[serde(default)]
    client_id: Option<ClientId>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Created<T> {
    #[serde(flatten)]
    item: T,
    /// Shown only in this response: pass it on securely.
    secret: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "administration",
    summary = "Add a user; their first password is returned once",
    request_body = NewUserForm,
    responses((status = 201, description = "The user and, once, their password", body = Created<User>), crate::api::docs::Problems)
)]
async fn create<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(form): Body<NewUserForm>,
) -> Result<Response, AppError> {
    let add = admin::AddUser {
        email: form.email,
        name: form.name,
        role: form.role,
        client_id: form.client_id,
    };
    let (user, password) = admin::add_user(&state.store, caller.actor(), add).await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            item: user,
            secret: password,
        }),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Change {
    #[serde(default)]
    name: Option<PersonName>,
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    client_id: Option<ClientId>,
    #[serde(default)]
    active: Option<bool>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/users/{id}",
    tag = "administration",
    summary = "Rename, change the role of, deactivate or reactivate a user",
    request_body = Change,
    params(("id" = String, Path, description = "The user id")),
    responses((status = 200, description = "The updated user", body = User), crate::api::docs::Problems)
)]
async fn update<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(change): Body<Change>,
) -> Result<Json<User>, AppError> {
    let id = path_id(&raw, "user", UserId::parse)?;
    let change = admin::ChangeUser {
        name: change.name,
        role: change.role.map(|r| (r, change.client_id)),
        active: change.active,
    };
    Ok(Json(
        admin::change_user(&state.store, caller.actor(), id, change).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "administration",
    summary = "Every API token (never their secrets)",
    responses((status = 200, description = "The tokens", body = Vec<ApiToken>), crate::api::docs::Problems)
)]
async fn tokens<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<Json<Vec<ApiToken>>, AppError> {
    Ok(Json(admin::tokens(&state.store, caller.actor()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct NewToken {
    name: String,
    scopes: Vec<Scope>,
    /// RFC 3339, e.g. 2027-06-30T00:00:00Z; none for a token that lasts until revoked.
    #[serde(default, with = "time::serde::rfc3339::option")]
    expires_at: Option<time::OffsetDateTime>,
}

#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "administration",
    summary = "Make an API token; its secret is returned once",
    request_body = NewToken,
    responses((status = 201, description = "The token and, once, its secret", body = Created<ApiToken>), crate::api::docs::Problems)
)]
async fn create_token<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(form): Body<NewToken>,
) -> Result<Response, AppError> {
    let make = admin::MakeToken {
        name: form.name,
        scopes: form.scopes,
        expires_at: form.expires_at,
    };
    let (token, secret) = admin::make_token(&state.store, caller.actor(), make).await?;
    Ok((StatusCode::CREATED, Json(Created { item: token, secret })).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "administration",
    summary = "Revoke an API token",
    params(("id" = String, Path, description = "The API token id")),
    responses((status = 200, description = "The revoked token", body = ApiToken), crate::api::docs::Problems)
)]
async fn revoke_token<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<ApiToken>, AppError> {
    let id = path_id(&raw, "API token", ApiTokenId::parse)?;
    let token = admin::revoke_token(&state.store, caller.actor(), id).await?;
    Ok(Json(token))
}
