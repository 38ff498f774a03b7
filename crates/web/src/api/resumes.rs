//! Resumes: upload (new or existing candidate), the original file, the reading with its
//! evidence, reading again, and the recruiter's corrections. Hiring managers see none of it: a
//! resume carries the contact details the staffing firm keeps.

use super::{Body, path_id};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use hitstaff_domain::{
    Action, Candidate, CandidateId, Correction, DuplicateReason, FieldError, ResumeId, ResumeInfo,
    StoredCorrection,
};
use hitstaff_ingest::extract::ExtractError;
use hitstaff_ingest::intake::{self, IntakeError, Outcome, Prepared, Target};
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

/// Resumes hold contact details: reading them is its own action ([`Action::ReadResumes`]), which
/// the firm's staff have and a client's hiring managers do not.
pub(crate) fn require_resumes(caller: &Caller, action: Action) -> Result<(), AppError> {
    caller.require(action)?;
    caller.require(Action::ReadResumes)
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

/// An upload's file and fields.
pub(crate) struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub fields: Vec<(String, String)>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl Upload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn too_large() -> AppError {
    AppError::TooLarge(format!(
        "a resume may be at most {} MiB: remove images or save it as plain text or DOCX",
        hitstaff_ingest::extract::MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// The request's body as a multipart form.
pub(crate) async fn multipart<S: Store>(
    request: Request,
    state: &AppState<S>,
) -> Result<Multipart, AppError> {
    use axum::extract::FromRequest;
    Multipart::from_request(request, state).await.map_err(|e| {
        AppError::BadRequest(format!(
            "send the resume as multipart/form-data with a part named file: {}",
            e.body_text()
        ))
    })
}

/// Reads a multipart form with one `file` part.
pub(crate) async fn read_upload(mut form: Multipart) -> Result<Upload, AppError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::BadRequest(format!("the upload could not be read: {}", e.body_text()))
        }
    };
    let mut file = None;
    let mut fields = Vec::new();
    while let Some(part) = form.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = part.file_name().unwrap_or("resume").to_string();
            let bytes = part.bytes().await.map_err(bad)?;
            if bytes.len() > hitstaff_ingest::extract::MAX_FILE_BYTES {
                return Err(too_large());
            }
            file = Some((file_name, bytes.to_vec()));
        } else if fields.len() < 16 {
            let value = part.text().await.map_err(bad)?;
            fields.push((name, value.chars().take(200).collect()));
        }
    }
    let (file_name, bytes) = file.ok_or_else(|| {
        AppError::Invalid(
            FieldError::new(
                "file",
                "choose the resume file to upload (the form field is named file)",
            )
            .into(),
        )
    })?;
    if bytes.is_empty() {
        return Err(AppError::Invalid(
            FieldError::new("file", ExtractError::Empty.to_string()).into(),
        ));
    }
    // Only the last part of a path: browsers on some systems send "C:\\Users\\...\\cv.pdf".
    let file_name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("resume")
        .trim()
        .to_string();
    Ok(Upload {
        file_name,
        bytes,
        fields,
    })
}

/// Reads the file in the sandbox (off the async threads).
pub(crate) async fn prepare<S: Store>(state: &AppState<S>, upload: Upload) -> Result<Prepared, AppError> {
    let sandbox = state.sandbox.clone();
    let today = time::OffsetDateTime::now_utc().date();
    let name = upload.file_name;
    let bytes = upload.bytes;
    tokio::task::spawn_blocking(move || intake::prepare(&name, bytes, &sandbox, today))
        .await
        .map_err(|e| AppError::Internal(format!("resume reading stopped: {e}")))?
        .map_err(extract_error)
}

pub(crate) fn extract_error(e: ExtractError) -> AppError {
    match e {
        ExtractError::TooLarge { .. } => too_large(),
        ExtractError::Sandbox { detail } => {
            AppError::Internal(format!("the resume reader could not run: {detail}"))
        }
        e => AppError::Invalid(FieldError::new("file", e.to_string()).into()),
    }
}

pub(crate) fn intake_error(e: IntakeError) -> AppError {
    match e {
        IntakeError::Extract(e) => extract_error(e),
        IntakeError::NoName => AppError::Invalid(FieldError::new("file", e.to_string()).into()),
        IntakeError::Invalid(detail) => AppError::Invalid(FieldError::new("file", detail).into()),
        IntakeError::Store(e) => e.into(),
    }
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
    require_resumes(&caller, Action::WriteCandidates)?;
    let upload = read_upload(multipart(request, &state).await?).await?;
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
    let prepared = prepare(&state, upload).await?;
    let outcome = intake::file(
        &state.store,
        caller.user.org_id,
        Some(caller.user.id),
        &prepared,
        target,
        "resume_upload",
    )
    .await
    .map_err(intake_error)?;
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
    require_resumes(&caller, Action::WriteCandidates)?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    state.store.get_candidate(caller.user.org_id, id).await?;
    let prepared = prepare(&state, read_upload(multipart(request, &state).await?).await?).await?;
    let outcome = intake::file(
        &state.store,
        caller.user.org_id,
        Some(caller.user.id),
        &prepared,
        Target::Candidate(id),
        "resume_upload",
    )
    .await
    .map_err(intake_error)?;
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
    require_resumes(&caller, Action::ReadCandidates)?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    state.store.get_candidate(caller.user.org_id, id).await?;
    Ok(Json(state.store.list_resumes(caller.user.org_id, id).await?))
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
    require_resumes(&caller, Action::ReadCandidates)?;
    let r = state
        .store
        .get_resume(caller.user.org_id, resume_id(&raw)?)
        .await?;
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
    require_resumes(&caller, Action::ReadCandidates)?;
    original(&state, &caller, resume_id(&raw)?).await
}

/// The original file as an attachment (never shown inline: an HTML resume is not our page).
pub(crate) async fn original<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    id: ResumeId,
) -> Result<Response, AppError> {
    let org = caller.user.org_id;
    let info = state.store.get_resume(org, id).await?.info;
    let bytes = state.store.resume_content(org, id).await?;
    let ascii: String = info
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, info.media_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\""),
            ),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

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
    require_resumes(&caller, Action::WriteCandidates)?;
    let id = resume_id(&raw)?;
    let org = caller.user.org_id;
    let today = time::OffsetDateTime::now_utc().date();
    intake::reparse(&state.store, org, id, &state.sandbox, today)
        .await
        .map_err(intake_error)?;
    Ok(Json(state.store.get_resume(org, id).await?.into()))
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
    require_resumes(&caller, Action::ReadCandidates)?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    state.store.get_candidate(caller.user.org_id, id).await?;
    Ok(Json(state.store.list_corrections(caller.user.org_id, id).await?))
}

/// Applies a correction to the candidate now and keeps it for every later reading.
pub(crate) async fn apply<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    id: CandidateId,
    correction: &Correction,
) -> Result<(Candidate, StoredCorrection), AppError> {
    let org = caller.user.org_id;
    let candidate = state.store.get_candidate(org, id).await?;
    let fields = intake::apply_correction(&candidate.fields, correction)
        .map_err(|problem| AppError::Invalid(FieldError::new("value", problem).into()))?;
    let updated = state.store.update_candidate(org, id, &fields).await?;
    let stored = state
        .store
        .set_correction(org, id, correction, Some(caller.user.id))
        .await?;
    Ok((updated, stored))
}

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
    require_resumes(&caller, Action::WriteCandidates)?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    let (_, stored) = apply(&state, &caller, id, &correction).await?;
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
    require_resumes(&caller, Action::WriteCandidates)?;
    let id = path_id(&raw, "candidate", CandidateId::parse)?;
    state
        .store
        .remove_correction(caller.user.org_id, id, &key)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
