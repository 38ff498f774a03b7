//! `/api/v1/candidates`: people, with filters and cursor paging. Hiring managers see only the
//! candidates submitted to their client, without contact details, pay or internal markers.

use super::{Body, PageOut, Params, opt, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hitstaff_app::candidates::{self, Saved, version_from_tag, version_tag};
use hitstaff_domain::{Candidate, CandidateId, EmploymentStatus, NewCandidate, SkillId, UsState, parse_date};
use hitstaff_store::{CandidateFilter, PageRequest, Store};
use serde::Deserialize;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(index::<S>, create::<S>, show::<S>, update::<S>, destroy::<S>)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Query {
    /// Candidates living in this state (two-letter code).
    state: Option<String>,
    /// Candidates with this skill (a taxonomy id, e.g. epic.beaker_cp).
    skill: Option<String>,
    /// Where they came from, e.g. referral or indeed.
    source: Option<String>,
    /// Available on or before this date (YYYY-MM-DD).
    available_by: Option<String>,
    /// employed, consultant, contract_ending or not_employed.
    employment_status: Option<String>,
    /// The name starts with this.
    name: Option<String>,
    /// The `next_cursor` of the previous page.
    after: Option<String>,
    /// Page size, 1 to 500 (default 50).
    limit: Option<u32>,
}

/// The candidate with their version in an `ETag` header.
fn with_etag(c: Candidate) -> Response {
    let tag = version_tag(&c);
    let mut response = Json(c).into_response();
    set_etag(&mut response, &tag);
    response
}

fn set_etag(response: &mut Response, tag: &str) {
    if let Ok(v) = axum::http::HeaderValue::from_str(tag) {
        response.headers_mut().insert(axum::http::header::ETAG, v);
    }
}

fn id(raw: &str) -> Result<CandidateId, AppError> {
    path_id(raw, "candidate", CandidateId::parse)
}

#[utoipa::path(
    get,
    path = "/api/v1/candidates",
    tag = "candidates",
    summary = "Candidates, newest first, filtered and paged by cursor",
    params(Query),
    responses((status = 200, description = "One page", body = PageOut<Candidate>), crate::api::docs::Problems)
)]
async fn index<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Params(q): Params<Query>,
) -> Result<Json<PageOut<Candidate>>, AppError> {
    let filter = CandidateFilter {
        state: opt("state", &q.state, UsState::parse)?,
        skill: opt("skill", &q.skill, SkillId::parse)?,
        source: q
            .source
            .as_deref()
            .map(hitstaff_domain::source_code)
            .filter(|s| !s.is_empty()),
        available_by: opt("available_by", &q.available_by, parse_date)?,
        employment_status: opt("employment_status", &q.employment_status, EmploymentStatus::parse)?,
        name_prefix: q.name.clone(),
        submitted_to_client: None,
        skill_parts: Vec::new(),
    };
    let page = PageRequest {
        after: opt("after", &q.after, CandidateId::parse)?,
        limit: q.limit.unwrap_or(50),
    };
    let found = candidates::list(&state.store, caller.actor(), filter, &page).await?;
    Ok(Json(PageOut {
        items: found.items,
        next_cursor: found.next.map(|c| c.to_string()),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/candidates/{id}",
    tag = "candidates",
    summary = "One candidate",
    params(("id" = String, Path, description = "The candidate id")),
    responses(
        (status = 200, description = "The candidate (hiring managers: the professional profile only); \
         `ETag` is its version, for `If-Match` on a change",
         body = Candidate, headers(("ETag" = String, description = "The version read"))),
        crate::api::docs::Problems
    )
)]
async fn show<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    Ok(with_etag(
        candidates::get(&state.store, caller.actor(), id(&raw)?).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/candidates",
    tag = "candidates",
    summary = "Add a candidate",
    request_body = NewCandidate,
    responses((status = 201, description = "Created; Location names it", body = Candidate), crate::api::docs::Problems)
)]
async fn create<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(new): Body<NewCandidate>,
) -> Result<Response, AppError> {
    let c = candidates::create(&state.store, caller.actor(), &new).await?;
    Ok(super::created(format!("/api/v1/candidates/{}", c.id), c))
}

#[utoipa::path(
    put,
    path = "/api/v1/candidates/{id}",
    tag = "candidates",
    summary = "Replace a candidate's details",
    request_body = NewCandidate,
    params(
        ("id" = String, Path, description = "The candidate id"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` read: the change is made only if \
         nobody saved the candidate since (else 412 with the record as it is now). Without it the change \
         replaces whatever is stored.")
    ),
    responses(
        (status = 200, description = "The updated candidate", body = Candidate,
         headers(("ETag" = String, description = "The new version"))),
        (status = 412, description = "Someone saved the candidate since the version in `If-Match`: \
         `current` is the record as it is now; compare, then send the change again with its `ETag`",
         body = Changed, content_type = "application/problem+json"),
        crate::api::docs::Problems
    )
)]
async fn update<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    headers: axum::http::HeaderMap,
    Body(new): Body<NewCandidate>,
) -> Result<Response, AppError> {
    let id = id(&raw)?;
    let version =
        match headers.get(axum::http::header::IF_MATCH) {
            None => None,
            Some(raw_version) => Some(raw_version.to_str().ok().and_then(version_from_tag).ok_or_else(
                || {
                    AppError::BadRequest(
                        "If-Match must be the ETag of the candidate as read (GET /api/v1/candidates/{id})"
                            .into(),
                    )
                },
            )?),
        };
    match candidates::update(&state.store, caller.actor(), id, version, new).await? {
        Saved::Saved(c) => Ok(with_etag(c)),
        Saved::ChangedMeanwhile(current) => {
            let tag = version_tag(&current);
            let body = Changed {
                kind: "about:blank".into(),
                title: "Changed meanwhile".into(),
                status: 412,
                detail: hitstaff_store::Constraint::CandidatesChangedMeanwhile
                    .message()
                    .into(),
                current,
            };
            let mut response = (StatusCode::PRECONDITION_FAILED, Json(body)).into_response();
            response.headers_mut().insert(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/problem+json"),
            );
            set_etag(&mut response, &tag);
            Ok(response)
        }
    }
}

/// A change refused because the candidate was saved meanwhile, with the record as it is now.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Changed {
    #[serde(rename = "type")]
    kind: String,
    title: String,
    status: u16,
    detail: String,
    current: Candidate,
}

#[utoipa::path(
    delete,
    path = "/api/v1/candidates/{id}",
    tag = "candidates",
    summary = "Delete a candidate (and their applications)",
    params(("id" = String, Path, description = "The candidate id")),
    responses((status = 204, description = "Deleted"), crate::api::docs::Problems)
)]
async fn destroy<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<StatusCode, AppError> {
    candidates::delete(&state.store, caller.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
