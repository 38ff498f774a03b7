//! Pipelines: applications, stage moves with their history, and notes with assessments.
//! Hiring managers see only their client's submitted candidates and record only the client's
//! decisions (the domain's stage rules say which); internal notes never reach them.

use super::{Body, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hitstaff_app::pipeline;
use hitstaff_domain::{
    Application, ApplicationId, CandidateId, NewApplication, NewNote, Note, NoteSubject, RejectionReason,
    RequisitionId, Stage, StageChange, StageMove,
};
use hitstaff_store::Store;
use serde::Deserialize;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(
        for_requisition::<S>,
        create::<S>,
        show::<S>,
        move_stage::<S>,
        history::<S>,
        application_notes::<S>,
        add_application_note::<S>,
        candidate_notes::<S>,
        add_candidate_note::<S>,
    )
}

fn app_id(raw: &str) -> Result<ApplicationId, AppError> {
    path_id(raw, "application", ApplicationId::parse)
}

#[utoipa::path(
    get,
    path = "/api/v1/requisitions/{id}/applications",
    tag = "pipeline",
    summary = "The applications in a requisition's pipeline",
    params(("id" = String, Path, description = "The requisition id")),
    responses((status = 200, description = "The applications", body = Vec<Application>), crate::api::docs::Problems)
)]
async fn for_requisition<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Vec<Application>>, AppError> {
    let id = path_id(&raw, "requisition", RequisitionId::parse)?;
    Ok(Json(pipeline::board(&state.store, caller.actor(), id).await?.1))
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}",
    tag = "pipeline",
    summary = "One application",
    params(("id" = String, Path, description = "The application id")),
    responses((status = 200, description = "The application", body = Application), crate::api::docs::Problems)
)]
async fn show<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Application>, AppError> {
    Ok(Json(
        pipeline::application(&state.store, caller.actor(), app_id(&raw)?).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Open {
    candidate_id: CandidateId,
    requisition_id: RequisitionId,
    #[serde(default = "sourced")]
    stage: Stage,
}

fn sourced() -> Stage {
    Stage::Sourced
}

#[utoipa::path(
    post,
    path = "/api/v1/applications",
    tag = "pipeline",
    summary = "Put a candidate into a requisition's pipeline",
    request_body = Open,
    responses((status = 201, description = "Created; Location names it", body = Application), crate::api::docs::Problems)
)]
async fn create<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Body(open): Body<Open>,
) -> Result<Response, AppError> {
    let new = NewApplication {
        candidate_id: open.candidate_id,
        requisition_id: open.requisition_id,
        stage: open.stage,
    };
    let app = pipeline::open(&state.store, caller.actor(), &new).await?;
    Ok(super::created(format!("/api/v1/applications/{}", app.id), app))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Move {
    to: Stage,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    rejection: Option<RejectionReason>,
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/moves",
    tag = "pipeline",
    summary = "Move an application to another stage",
    request_body = Move,
    params(("id" = String, Path, description = "The application id")),
    responses((status = 200, description = "The application at its new stage", body = Application), crate::api::docs::Problems)
)]
async fn move_stage<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(mv): Body<Move>,
) -> Result<Json<Application>, AppError> {
    let request = StageMove {
        note: mv.note,
        rejection: mv.rejection,
    };
    Ok(Json(
        pipeline::move_stage(&state.store, caller.actor(), app_id(&raw)?, mv.to, &request).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}/history",
    tag = "pipeline",
    summary = "An application's stage history, oldest first",
    params(("id" = String, Path, description = "The application id")),
    responses((status = 200, description = "The history", body = Vec<StageChange>), crate::api::docs::Problems)
)]
async fn history<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Vec<StageChange>>, AppError> {
    Ok(Json(
        pipeline::history(&state.store, caller.actor(), app_id(&raw)?).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}/notes",
    tag = "notes",
    summary = "Notes and assessments on an application",
    params(("id" = String, Path, description = "The application id")),
    responses((status = 200, description = "The notes the caller may read", body = Vec<Note>), crate::api::docs::Problems)
)]
async fn application_notes<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Vec<Note>>, AppError> {
    let subject = NoteSubject::Application(app_id(&raw)?);
    Ok(Json(
        pipeline::notes(&state.store, caller.actor(), subject).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/candidates/{id}/notes",
    tag = "notes",
    summary = "Notes on a candidate",
    params(("id" = String, Path, description = "The candidate id")),
    responses((status = 200, description = "The notes the caller may read", body = Vec<Note>), crate::api::docs::Problems)
)]
async fn candidate_notes<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Vec<Note>>, AppError> {
    let subject = NoteSubject::Candidate(path_id(&raw, "candidate", CandidateId::parse)?);
    Ok(Json(
        pipeline::notes(&state.store, caller.actor(), subject).await?,
    ))
}

async fn add_note<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    subject: NoteSubject,
    new: NewNote,
) -> Result<Response, AppError> {
    let note = pipeline::add_note(&state.store, caller.actor(), subject, &new).await?;
    Ok((StatusCode::CREATED, Json(note)).into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/notes",
    tag = "notes",
    summary = "Add a note or structured assessment to an application",
    request_body = NewNote,
    params(("id" = String, Path, description = "The application id")),
    responses((status = 201, description = "The note", body = Note), crate::api::docs::Problems)
)]
async fn add_application_note<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(new): Body<NewNote>,
) -> Result<Response, AppError> {
    add_note(&state, &caller, NoteSubject::Application(app_id(&raw)?), new).await
}

#[utoipa::path(
    post,
    path = "/api/v1/candidates/{id}/notes",
    tag = "notes",
    summary = "Add a note to a candidate",
    request_body = NewNote,
    params(("id" = String, Path, description = "The candidate id")),
    responses((status = 201, description = "The note", body = Note), crate::api::docs::Problems)
)]
async fn add_candidate_note<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(new): Body<NewNote>,
) -> Result<Response, AppError> {
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    add_note(&state, &caller, NoteSubject::Candidate(id), new).await
}
