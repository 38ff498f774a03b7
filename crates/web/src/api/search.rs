//! Full-text search over candidates, and each user's saved searches. Hiring managers cannot
//! search: they see only the candidates submitted to them.

use super::Params;
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use hitstaff_app::search::{self, SavedSearch, SearchParams};
use hitstaff_search::SearchResults;
use hitstaff_store::Store;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(search::<S>, saved::<S>, save::<S>, forget::<S>)
}

#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    summary = "Search candidates: words, phrases, operators and filters, with snippets and facet counts",
    params(SearchParams),
    responses((status = 200, description = "Best first", body = SearchResults), crate::api::docs::Problems)
)]
async fn search<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Params(q): Params<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    Ok(Json(search::run(&state.search, caller.actor(), &q).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/searches",
    tag = "search",
    summary = "Your saved searches",
    responses((status = 200, description = "In the order saved", body = Vec<SavedSearch>), crate::api::docs::Problems)
)]
async fn saved<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<Json<Vec<SavedSearch>>, AppError> {
    Ok(Json(search::saved(&state.store, caller.actor()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/searches",
    tag = "search",
    summary = "Save a search under a name (a search of the same name is replaced)",
    request_body = SavedSearch,
    responses((status = 201, description = "Saved", body = SavedSearch), crate::api::docs::Problems)
)]
async fn save<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    super::Body(new): super::Body<SavedSearch>,
) -> Result<(StatusCode, Json<SavedSearch>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(search::save(&state.store, &state.search, caller.actor(), new).await?),
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/searches/{name}",
    tag = "search",
    summary = "Delete one of your saved searches",
    params(("name" = String, Path, description = "The saved search's name")),
    responses((status = 204, description = "Deleted"), crate::api::docs::Problems)
)]
async fn forget<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<StatusCode, AppError> {
    search::forget(&state.store, caller.actor(), &name).await?;
    Ok(StatusCode::NO_CONTENT)
}
