//! Resumes: reading a file into a profile, filing it (a new candidate, or the person already on
//! file), reading a stored one again, and the recruiter's corrections. The upload page, the API,
//! `hitstaff import resumes` and the demo all file through [`file`] or [`file_as_operator`].
//!
//! Resumes carry the contact details the staffing firm keeps: reading them is its own action
//! ([`Action::ReadResumes`]), which the firm's staff have and a client's hiring managers do not.

use crate::{Actor, Error, off_thread};
use hitstaff_domain::{
    Action, Candidate, CandidateId, Correction, OrgId, Resume, ResumeId, ResumeInfo, StoredCorrection,
};
use hitstaff_ingest::extract::{ExtractError, Extracted, Sandbox};
use hitstaff_ingest::intake::{self, IntakeError, Outcome, Prepared, Target};
use hitstaff_store::Store;
use std::sync::Arc;

/// How a resume came in, as its candidate's first record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Uploaded by a person (the page or the API).
    Upload,
    /// Read from a folder by `hitstaff import resumes`.
    Import,
}

impl Channel {
    fn source(self) -> &'static str {
        match self {
            Channel::Upload => "resume_upload",
            Channel::Import => "resume_import",
        }
    }
}

/// Allows `action` on resumes: the action itself, and reading resumes.
pub fn require(actor: Actor<'_>, action: Action) -> Result<(), Error> {
    actor.require(action)?;
    actor.require(Action::ReadResumes)
}

/// The largest file a resume may be.
pub const MAX_FILE_BYTES: usize = hitstaff_ingest::extract::MAX_FILE_BYTES;

/// What to say when a file is over [`MAX_FILE_BYTES`].
pub fn too_large() -> Error {
    Error::TooLarge(format!(
        "a resume may be at most {} MiB: remove images or save it as plain text or DOCX",
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

fn extract_error(e: ExtractError) -> Error {
    match e {
        ExtractError::TooLarge { .. } => too_large(),
        ExtractError::Sandbox { detail } => {
            Error::Internal(format!("the resume reader could not run: {detail}"))
        }
        e => Error::field("file", e.to_string()),
    }
}

fn intake_error(e: IntakeError) -> Error {
    match e {
        IntakeError::Extract(e) => extract_error(e),
        IntakeError::NoName => Error::field("file", e.to_string()),
        IntakeError::Invalid(detail) => Error::field("file", detail),
        IntakeError::Store(e) => e.into(),
    }
}

/// Reads a file in the sandbox, on a blocking thread (the child process takes up to seconds),
/// into what [`file`] stores. Nothing is stored yet.
pub async fn read(
    sandbox: &Arc<Sandbox>,
    actor: Actor<'_>,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<Prepared, Error> {
    require(actor, Action::WriteCandidates)?;
    if bytes.is_empty() {
        return Err(Error::field("file", ExtractError::Empty.to_string()));
    }
    let sandbox = Arc::clone(sandbox);
    let today = time::OffsetDateTime::now_utc().date();
    off_thread("resume reading", move || {
        intake::prepare(&file_name, bytes, &sandbox, today)
    })
    .await?
    .map_err(extract_error)
}

/// Reads an uploaded file and files it as `target` says, in one step (see [`read`] and [`file`]).
/// A candidate named that is not there is found out before the file is read.
pub async fn upload<S: Store>(
    store: &S,
    sandbox: &Arc<Sandbox>,
    actor: Actor<'_>,
    file_name: String,
    bytes: Vec<u8>,
    target: Target,
) -> Result<Outcome, Error> {
    require(actor, Action::WriteCandidates)?;
    reach_target(store, actor, target).await?;
    let prepared = read(sandbox, actor, file_name, bytes).await?;
    file_reached(store, actor, &prepared, target).await
}

/// Files a read resume: with the candidate named, or the same person found, or a new candidate,
/// as `target` says; in one transaction.
pub async fn file<S: Store>(
    store: &S,
    actor: Actor<'_>,
    prepared: &Prepared,
    target: Target,
) -> Result<Outcome, Error> {
    require(actor, Action::WriteCandidates)?;
    reach_target(store, actor, target).await?;
    file_reached(store, actor, prepared, target).await
}

/// Checks that the candidate a resume is filed with is there.
async fn reach_target<S: Store>(store: &S, actor: Actor<'_>, target: Target) -> Result<(), Error> {
    if let Target::Candidate(id) = target {
        store.get_candidate(actor.user.org_id, id).await?;
    }
    Ok(())
}

async fn file_reached<S: Store>(
    store: &S,
    actor: Actor<'_>,
    prepared: &Prepared,
    target: Target,
) -> Result<Outcome, Error> {
    intake::file(
        store,
        actor.user.org_id,
        Some(actor.user.id),
        prepared,
        target,
        Channel::Upload.source(),
    )
    .await
    .map_err(intake_error)
}

/// Files a read resume for whoever runs hitstaff on its own machine (the import command, the
/// demo): they hold the database itself, so no role applies. The outcome's errors keep their
/// detail, for the command to report per file.
pub async fn file_as_operator<S: Store>(
    store: &S,
    org: OrgId,
    prepared: &Prepared,
    target: Target,
    channel: Channel,
) -> Result<Outcome, IntakeError> {
    intake::file(store, org, None, prepared, target, channel.source()).await
}

/// A candidate's resumes, newest first.
pub async fn list<S: Store>(
    store: &S,
    actor: Actor<'_>,
    candidate: CandidateId,
) -> Result<Vec<ResumeInfo>, Error> {
    require(actor, Action::ReadCandidates)?;
    let org = actor.user.org_id;
    store.get_candidate(org, candidate).await?;
    Ok(store.list_resumes(org, candidate).await?)
}

/// A resume's text and reading.
pub async fn get<S: Store>(store: &S, actor: Actor<'_>, id: ResumeId) -> Result<Resume, Error> {
    require(actor, Action::ReadCandidates)?;
    Ok(store.get_resume(actor.user.org_id, id).await?)
}

/// A resume's original file, as received.
pub async fn original<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: ResumeId,
) -> Result<(ResumeInfo, Vec<u8>), Error> {
    require(actor, Action::ReadCandidates)?;
    let org = actor.user.org_id;
    let info = store.get_resume(org, id).await?.info;
    Ok((info, store.resume_content(org, id).await?))
}

/// Reads a stored original again (after the reader improved) and brings its candidate up to
/// date, corrections kept. The sandbox runs on a blocking thread.
pub async fn reparse<S: Store>(
    store: &S,
    sandbox: &Arc<Sandbox>,
    actor: Actor<'_>,
    id: ResumeId,
) -> Result<Resume, Error> {
    require(actor, Action::WriteCandidates)?;
    let org = actor.user.org_id;
    let bytes = store.resume_content(org, id).await?;
    let sandbox = Arc::clone(sandbox);
    let extracted: Extracted = off_thread("resume reading", move || sandbox.extract(&bytes))
        .await?
        .map_err(extract_error)?;
    let today = time::OffsetDateTime::now_utc().date();
    intake::reparse(store, org, id, extracted, today)
        .await
        .map_err(intake_error)?;
    Ok(store.get_resume(org, id).await?)
}

/// The recruiter's corrections of what resumes say about a candidate.
pub async fn corrections<S: Store>(
    store: &S,
    actor: Actor<'_>,
    candidate: CandidateId,
) -> Result<Vec<StoredCorrection>, Error> {
    require(actor, Action::ReadCandidates)?;
    let org = actor.user.org_id;
    store.get_candidate(org, candidate).await?;
    Ok(store.list_corrections(org, candidate).await?)
}

/// Corrects a fact read from resumes, on the candidate now and at every later reading.
pub async fn correct<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: CandidateId,
    correction: &Correction,
) -> Result<(Candidate, StoredCorrection), Error> {
    require(actor, Action::WriteCandidates)?;
    let org = actor.user.org_id;
    let candidate = store.get_candidate(org, id).await?;
    let fields = intake::apply_correction(&candidate.fields, correction)
        .map_err(|problem| Error::field("value", problem))?;
    let updated = store.update_candidate(org, id, &fields).await?;
    let stored = store
        .set_correction(org, id, correction, Some(actor.user.id))
        .await?;
    Ok((updated, stored))
}

/// Withdraws a correction (the resumes' reading counts again at the next reading).
pub async fn uncorrect<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: CandidateId,
    key: &str,
) -> Result<(), Error> {
    require(actor, Action::WriteCandidates)?;
    Ok(store.remove_correction(actor.user.org_id, id, key).await?)
}
