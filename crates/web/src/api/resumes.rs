//! Resumes: upload (new or existing candidate), the original file, the reading with its
//! evidence, reading again, and the recruiter's corrections. Hiring managers see none of it: a
//! resume carries the contact details the staffing firm keeps.

use super::{Body, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::edge::Upload;
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hitstaff_app::resumes;
use hitstaff_domain::{
    Action, CandidateId, Correction, DuplicateReason, FieldError, ResumeId, ResumeInfo, StoredCorrection,
};
use hitstaff_ingest::intake::{Outcome, Target};
use hitstaff_store::Store;
use serde::Serialize;

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(upload::<S>, list::<S>, upload_for::<S>)
        .body_limit(crate::UPLOAD_LIMIT)
        .merge(routes!(
            show::<S>,
            file::<S>,
            reparse::<S>,
            corrections::<S>,
            correct::<S>,
            uncorrect::<S>,
        ))
}

/// What an upload did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub(crate) enum UploadResult {
    /// A new candidate, with this resume.
    Created {
        candidate_id: CandidateId,
        resume: ResumeInfo,
    },
    /// The resume joined a candidate on file (the one named, or the same person found).
    Updated {
        candidate_id: CandidateId,
        resume: ResumeInfo,
        duplicate_reason: Option<DuplicateReason>,
    },
    /// This exact file is on file already; nothing changed.
    AlreadyOnFile {
        candidate_id: CandidateId,
        resume: ResumeInfo,
    },
    /// Someone on file may be this person; nothing was stored. Send the file again with
    /// `on_duplicate=merge` (to the first) or `candidate_id` (to one of them), or
    /// `on_duplicate=create` for a new candidate.
    PossibleDuplicates { duplicates: Vec<Duplicate> },
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Duplicate {
    candidate_id: CandidateId,
    name: String,
    reason: DuplicateReason,
}

pub(crate) fn result_of(outcome: Outcome) -> UploadResult {
    match outcome {
        Outcome::Created { candidate, resume } => UploadResult::Created {
            candidate_id: candidate,
            resume,
        },
        Outcome::Updated {
            candidate,
            resume,
            reason,
        } => UploadResult::Updated {
            candidate_id: candidate,
            resume,
            duplicate_reason: reason,
        },
        Outcome::AlreadyOnFile { candidate, resume } => UploadResult::AlreadyOnFile {
            candidate_id: candidate,
            resume,
        },
        Outcome::PossibleDuplicates(found) => UploadResult::PossibleDuplicates {
            duplicates: found
                .into_iter()
                .map(|(c, reason)| Duplicate {
                    candidate_id: c.id,
                    name: c.fields.name.as_str().to_string(),
                    reason,
                })
                .collect(),
        },
    }
}

fn answer(result: UploadResult) -> Response {
    let status = match &result {
        UploadResult::Created { .. } | UploadResult::Updated { .. } => StatusCode::CREATED,
        UploadResult::AlreadyOnFile { .. } => StatusCode::OK,
        UploadResult::PossibleDuplicates { .. } => StatusCode::CONFLICT,
    };
    (status, Json(result)).into_response()
}

#[utoipa::path(
    post,
    path = "/api/v1/resumes",
    tag = "resumes",
    summary = "Upload a resume: a new candidate, or the person already on file",
    description = "multipart/form-data with `file` (PDF, DOCX, ODT, RTF, HTML, text or JSON Resume, at most 10 MiB; the type is read from the content), and optionally `candidate_id` (file it with that candidate) or `on_duplicate`: `ask` (default: answer 409 with the candidates who may be this person), `merge` (update the first of them) or `create` (a new candidate regardless).",
    request_body(content_type = "multipart/form-data", content = String, description = "The form"),
    responses(
        (status = 201, description = "Filed: a new candidate, or one on file updated", body = UploadResult),
        (status = 200, description = "This exact file was on file already", body = UploadResult),
        (status = 409, description = "Someone on file may be this person; nothing stored", body = UploadResult),
        crate::api::docs::Problems
    )
)]
async fn upload<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    request: Request,
) -> Result<Response, AppError> {
    // Who may upload is settled before the body is read.
    resumes::require(caller.actor(), Action::WriteCandidates)?;
    let upload = Upload::from_request(request, &state).await?;
    let target =
        match (
            upload.field("candidate_id").filter(|v| !v.trim().is_empty()),
            upload.field("on_duplicate"),
        ) {
            (Some(raw), _) => Target::Candidate(CandidateId::parse(raw.trim()).map_err(|_| {
                AppError::Invalid(FieldError::new("candidate_id", "not a candidate id").into())
            })?),
            (None, None | Some("ask" | "")) => Target::AskOnDuplicate,
            (None, Some("merge")) => Target::FindOrCreate,
            (None, Some("create")) => Target::Create,
            (None, Some(other)) => {
                return Err(AppError::Invalid(
                    FieldError::new("on_duplicate", format!("{other:?} is not ask, merge or create")).into(),
                ));
            }
        };
    let outcome = resumes::upload(
        &state.store,
        &state.sandbox,
        caller.actor(),
        upload.file_name,
        upload.bytes,
        target,
    )
    .await?;
    Ok(answer(result_of(outcome)))
}

#[utoipa::path(
    post,
    path = "/api/v1/candidates/{id}/resumes",
    tag = "resumes",
    summary = "Upload a resume for this candidate",
    description = "multipart/form-data with `file`. The candidate's skills and career are brought up to date; their corrections stay.",
    params(("id" = String, Path, description = "The candidate id")),
    request_body(content_type = "multipart/form-data", content = String, description = "The form"),
    responses(
        (status = 201, description = "Filed with the candidate", body = UploadResult),
        (status = 200, description = "This exact file was on file already", body = UploadResult),
        crate::api::docs::Problems
    )
)]
async fn upload_for<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    resumes::require(caller.actor(), Action::WriteCandidates)?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    // A wrong candidate is found out before the body is read.
    state.store.get_candidate(caller.user.org_id, id).await?;
    let upload = Upload::from_request(request, &state).await?;
    let target = Target::Candidate(id);
    let outcome = resumes::upload(
        &state.store,
        &state.sandbox,
        caller.actor(),
        upload.file_name,
        upload.bytes,
        target,
    )
    .await?;
    Ok(answer(result_of(outcome)))
}

#[utoipa::path(
    get,
    path = "/api/v1/candidates/{id}/resumes",
    tag = "resumes",
    summary = "A candidate's resumes, newest first",
    params(("id" = String, Path, description = "The candidate id")),
    responses((status = 200, description = "The resumes (without content)", body = Vec<ResumeInfo>), crate::api::docs::Problems)
)]
async fn list<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Vec<ResumeInfo>>, AppError> {
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    Ok(Json(resumes::list(&state.store, caller.actor(), id).await?))
}

/// A resume's reading: its text and the profile read from it, every fact with its evidence.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ResumeDetail {
    #[serde(flatten)]
    info: ResumeInfo,
    /// The text read from the file; evidence offsets are UTF-8 bytes into it.
    text: String,
    /// The profile as JSON Resume, with taxonomy ids, credential levels, years and evidence
    /// under `x-hitstaff`.
    #[schema(value_type = Object)]
    profile: serde_json::Value,
}

impl From<hitstaff_domain::Resume> for ResumeDetail {
    fn from(r: hitstaff_domain::Resume) -> Self {
        ResumeDetail {
            profile: serde_json::from_str(&r.parsed_json).unwrap_or(serde_json::Value::Null),
            info: r.info,
            text: r.text,
        }
    }
}

fn resume_id(raw: &str) -> Result<ResumeId, AppError> {
    path_id(raw, "resume", ResumeId::parse)
}

#[utoipa::path(
    get,
    path = "/api/v1/resumes/{id}",
    tag = "resumes",
    summary = "A resume's text and what was read from it, with evidence",
    params(("id" = String, Path, description = "The resume id")),
    responses((status = 200, description = "The reading", body = ResumeDetail), crate::api::docs::Problems)
)]
async fn show<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<ResumeDetail>, AppError> {
    let r = resumes::get(&state.store, caller.actor(), resume_id(&raw)?).await?;
    Ok(Json(r.into()))
}

#[utoipa::path(
    get,
    path = "/api/v1/resumes/{id}/file",
    tag = "resumes",
    summary = "The original file, as received",
    params(("id" = String, Path, description = "The resume id")),
    responses((status = 200, description = "The file, with its sniffed media type, as an attachment"), crate::api::docs::Problems)
)]
async fn file<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    crate::edge::resume_file(&state, &caller, resume_id(&raw)?).await
}

/// The original file as an attachment (never shown inline: an HTML resume is not our page).
#[utoipa::path(
    post,
    path = "/api/v1/resumes/{id}/reparse",
    tag = "resumes",
    summary = "Read the stored original again and bring the candidate up to date (corrections kept)",
    params(("id" = String, Path, description = "The resume id")),
    responses((status = 200, description = "The new reading", body = ResumeDetail), crate::api::docs::Problems)
)]
async fn reparse<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<ResumeDetail>, AppError> {
    let r = resumes::reparse(&state.store, &state.sandbox, caller.actor(), resume_id(&raw)?).await?;
    Ok(Json(r.into()))
}

#[utoipa::path(
    get,
    path = "/api/v1/candidates/{id}/corrections",
    tag = "resumes",
    summary = "The recruiter's corrections of what resumes say about this candidate",
    params(("id" = String, Path, description = "The candidate id")),
    responses((status = 200, description = "The corrections", body = Vec<StoredCorrection>), crate::api::docs::Problems)
)]
async fn corrections<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Json<Vec<StoredCorrection>>, AppError> {
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    Ok(Json(
        resumes::corrections(&state.store, caller.actor(), id).await?,
    ))
}

/// Applies a correction to the candidate now and keeps it for every later reading.
#[utoipa::path(
    post,
    path = "/api/v1/candidates/{id}/corrections",
    tag = "resumes",
    summary = "Correct a fact read from resumes; it stays corrected when resumes are read again",
    params(("id" = String, Path, description = "The candidate id")),
    request_body = Correction,
    responses((status = 201, description = "Applied and kept", body = StoredCorrection), crate::api::docs::Problems)
)]
async fn correct<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(raw): Path<String>,
    Body(correction): Body<Correction>,
) -> Result<Response, AppError> {
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    let (_, stored) = resumes::correct(&state.store, caller.actor(), id, &correction).await?;
    Ok(super::created(
        format!("/api/v1/candidates/{id}/corrections/{}", correction.key()),
        stored,
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/candidates/{id}/corrections/{key}",
    tag = "resumes",
    summary = "Withdraw a correction (the resumes' reading counts again at the next reading)",
    params(
        ("id" = String, Path, description = "The candidate id"),
        ("key" = String, Path, description = "name, email, phone, location or skill:<skill id>")
    ),
    responses((status = 204, description = "Withdrawn"), crate::api::docs::Problems)
)]
async fn uncorrect<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path((raw, key)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    resumes::uncorrect(&state.store, caller.actor(), id, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}
