//! Pipelines: who is in a requisition's pipeline, putting someone in, stage moves with their
//! history, and notes with assessments. A client's hiring manager sees only the candidates
//! submitted to their client and records only the client's decisions (the domain's stage rules
//! say which); internal notes and the firm's own history never reach them.

use crate::{Actor, Error, visibility};
use hitstaff_domain::{
    Action, Application, ApplicationId, NewApplication, NewNote, Note, NoteSubject, Requisition,
    RequisitionId, Stage, StageChange, StageMove,
};
use hitstaff_store::{ApplicationFilter, Store};

/// A requisition and the applications in its pipeline that the caller may see.
pub async fn board<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: RequisitionId,
) -> Result<(Requisition, Vec<Application>), Error> {
    actor.require(Action::ReadPipeline)?;
    let r = visibility::requisition(store, actor, id).await?;
    let all = store
        .list_applications(actor.user.org_id, &ApplicationFilter::Requisition(id))
        .await?;
    let mut seen = Vec::with_capacity(all.len());
    for app in all {
        if visibility::sees_application(store, actor, r.fields.client_id, &app).await? {
            seen.push(app);
        }
    }
    Ok((r, seen))
}

/// One application the caller may see.
pub async fn application<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: ApplicationId,
) -> Result<Application, Error> {
    actor.require(Action::ReadPipeline)?;
    visibility::application(store, actor, id).await
}

/// Puts a candidate into a requisition's pipeline (at `new.stage`, usually Sourced).
pub async fn open<S: Store>(store: &S, actor: Actor<'_>, new: &NewApplication) -> Result<Application, Error> {
    // Only the firm's staff may (the policy gives a client's user no OpenApplications), so every
    // requisition of the organisation is theirs to fill.
    actor.require(Action::OpenApplications)?;
    Ok(store
        .create_application(actor.user.org_id, new, Some(actor.user.id))
        .await?)
}

/// Moves an application to another stage, if the stage rules allow it for the caller's role
/// (a refusal is [`hitstaff_store::StoreError::Transition`], which says why).
pub async fn move_stage<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: ApplicationId,
    to: Stage,
    request: &StageMove,
) -> Result<Application, Error> {
    actor.require(Action::MovePipeline)?;
    visibility::application(store, actor, id).await?;
    let by = hitstaff_store::Actor::user(actor.user.id, actor.user.role);
    Ok(store
        .move_application(actor.user.org_id, id, to, by, request)
        .await?)
}

/// The most applications one move takes (a board's worth; more is a mistake, not a move).
pub const MOST_MOVED_AT_ONCE: usize = 100;

/// Moves several applications of one requisition to one stage with the same reason. Each is
/// checked and moved on its own: one the rules refuse stays where it was and says why, and the
/// others move. The answer is in the order asked (each id once). An application of another
/// requisition, or one the caller cannot see, is "not found" for that application alone.
pub async fn move_many<S: Store>(
    store: &S,
    actor: Actor<'_>,
    requisition: RequisitionId,
    ids: &[ApplicationId],
    to: Stage,
    request: &StageMove,
) -> Result<Vec<(ApplicationId, Result<Application, Error>)>, Error> {
    actor.require(Action::MovePipeline)?;
    visibility::requisition(store, actor, requisition).await?;
    if ids.is_empty() {
        return Err(Error::field(
            "app",
            "choose the candidates to move (tick the box on each card)",
        ));
    }
    if ids.len() > MOST_MOVED_AT_ONCE {
        return Err(Error::field(
            "app",
            format!(
                "{} candidates were chosen; move at most {MOST_MOVED_AT_ONCE} at once",
                ids.len()
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids.iter().copied().filter(|id| seen.insert(*id)) {
        let outcome = async {
            let app = visibility::application(store, actor, id).await?;
            if app.requisition_id != requisition {
                return Err(Error::NotFound(
                    "that application is not in this requisition's pipeline".into(),
                ));
            }
            move_stage(store, actor, id, to, request).await
        }
        .await;
        out.push((id, outcome));
    }
    Ok(out)
}

/// An application's stage history, oldest first, as the caller may see it.
pub async fn history<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: ApplicationId,
) -> Result<Vec<StageChange>, Error> {
    actor.require(Action::ReadPipeline)?;
    visibility::application(store, actor, id).await?;
    Ok(actor
        .access
        .history(store.stage_history(actor.user.org_id, id).await?))
}

/// Checks that what the notes are about is there for the caller (a hiring manager reaches only
/// their client's submitted candidates).
async fn reach_subject<S: Store>(store: &S, actor: Actor<'_>, subject: NoteSubject) -> Result<(), Error> {
    match subject {
        NoteSubject::Application(id) => {
            visibility::application(store, actor, id).await?;
        }
        NoteSubject::Candidate(id) => {
            visibility::candidate(store, actor, id).await?;
        }
    }
    Ok(())
}

/// The notes on a candidate or an application that the caller may read, oldest first.
pub async fn notes<S: Store>(store: &S, actor: Actor<'_>, subject: NoteSubject) -> Result<Vec<Note>, Error> {
    actor.require(match subject {
        NoteSubject::Application(_) => Action::ReadPipeline,
        NoteSubject::Candidate(_) => Action::ReadCandidates,
    })?;
    reach_subject(store, actor, subject).await?;
    Ok(visibility::readable_notes(
        actor,
        store.list_notes(actor.user.org_id, subject).await?,
    ))
}

/// Adds a note or a structured assessment to a candidate or an application. Writing notes is its
/// own action: a token that may write notes need not read the candidate's record.
pub async fn add_note<S: Store>(
    store: &S,
    actor: Actor<'_>,
    subject: NoteSubject,
    new: &NewNote,
) -> Result<Note, Error> {
    actor.require(Action::WriteNotes)?;
    reach_subject(store, actor, subject).await?;
    Ok(store
        .add_note(actor.user.org_id, subject, Some(actor.user.id), new)
        .await?)
}

/// One of a candidate's applications, with its requisition and its history as the caller may see
/// them.
#[derive(Debug)]
pub struct CandidateApplication {
    pub application: Application,
    pub requisition: Requisition,
    pub history: Vec<StageChange>,
}

/// A candidate's applications the caller may see, and the ids of every requisition the candidate
/// is in (seen or not: they cannot be put into one twice).
pub async fn of_candidate<S: Store>(
    store: &S,
    actor: Actor<'_>,
    candidate: hitstaff_domain::CandidateId,
) -> Result<(Vec<CandidateApplication>, Vec<RequisitionId>), Error> {
    actor.require(Action::ReadPipeline)?;
    visibility::candidate(store, actor, candidate).await?;
    let org = actor.user.org_id;
    let mut seen = Vec::new();
    let mut all = Vec::new();
    for app in store
        .list_applications(org, &ApplicationFilter::Candidate(candidate))
        .await?
    {
        let r = store.get_requisition(org, app.requisition_id).await?;
        all.push(r.id);
        if !visibility::sees_application(store, actor, r.fields.client_id, &app).await? {
            continue;
        }
        let history = actor.access.history(store.stage_history(org, app.id).await?);
        seen.push(CandidateApplication {
            application: app,
            requisition: visibility::requisition_view(actor, r),
            history,
        });
    }
    Ok((seen, all))
}
