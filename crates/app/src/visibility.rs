//! What a caller may see: the records the access policy lets them reach, and the fields it lets
//! them read. A hiring manager reaches only their client's requisitions and the people submitted
//! to it; anything else, for them, does not exist (not found, never "forbidden", so that nothing
//! is learnt from the answer).

use crate::{Actor, Error};
use hitstaff_domain::{
    Action, Application, ApplicationId, Candidate, CandidateId, ClientId, Note, Requisition, RequisitionId,
};
use hitstaff_store::{ApplicationFilter, Store, StoreError};

/// The candidate with only the fields the caller may read (a hiring manager gets the professional
/// profile: the staffing firm keeps contact details, pay and its own markers).
pub fn candidate_view(actor: Actor<'_>, c: Candidate) -> Candidate {
    actor.access.withheld().candidate(c)
}

/// The requisition with only the fields the caller may read (budgets only with ReadPay).
pub fn requisition_view(actor: Actor<'_>, r: Requisition) -> Requisition {
    actor.access.withheld().requisition(r)
}

/// The notes the caller may read (internal ones only with ReadInternalNotes).
pub fn readable_notes(actor: Actor<'_>, notes: Vec<Note>) -> Vec<Note> {
    let internal = actor.access.can(Action::ReadInternalNotes);
    notes
        .into_iter()
        .filter(|n| internal || !n.fields.internal)
        .collect()
}

/// Loads a candidate the caller may reach: for a hiring manager, only one submitted to their client.
pub async fn candidate<S: Store>(store: &S, actor: Actor<'_>, id: CandidateId) -> Result<Candidate, Error> {
    let org = actor.user.org_id;
    let c = store.get_candidate(org, id).await?;
    if let Some(client) = actor.access.client() {
        let mut submitted = false;
        for app in store
            .list_applications(org, &ApplicationFilter::Candidate(id))
            .await?
        {
            if app.stage.is_submitted()
                && store
                    .get_requisition(org, app.requisition_id)
                    .await?
                    .fields
                    .client_id
                    == client
            {
                submitted = true;
                break;
            }
        }
        if !submitted {
            return Err(StoreError::not_found("candidate").into());
        }
    }
    Ok(c)
}

/// Loads a requisition the caller may reach (a hiring manager: only their client's).
pub async fn requisition<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: RequisitionId,
) -> Result<Requisition, Error> {
    let r = store.get_requisition(actor.user.org_id, id).await?;
    if !actor.access.sees_client(r.fields.client_id) {
        return Err(StoreError::not_found("requisition").into());
    }
    Ok(r)
}

/// Loads an application the caller may reach.
pub async fn application<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: ApplicationId,
) -> Result<Application, Error> {
    let app = store.get_application(actor.user.org_id, id).await?;
    if let Some(client) = actor.access.client() {
        requisition(store, actor, app.requisition_id).await?;
        if !sees_application(store, actor, client, &app).await? {
            return Err(StoreError::not_found("application").into());
        }
    }
    Ok(app)
}

/// Whether the caller sees `app`, in a requisition of `client`
/// ([`hitstaff_domain::Access::sees_application`]); the history is read only when the rule needs
/// it (a client's user and an application that left the pipeline).
pub async fn sees_application<S: Store>(
    store: &S,
    actor: Actor<'_>,
    client: ClientId,
    app: &Application,
) -> Result<bool, Error> {
    let reached_client = actor.access.client().is_some()
        && app.stage.is_exit()
        && store
            .stage_history(actor.user.org_id, app.id)
            .await?
            .iter()
            .any(|c| c.to.is_submitted());
    Ok(actor.access.sees_application(client, app.stage, reached_client))
}
