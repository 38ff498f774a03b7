//! Requisitions: what clients need. A client's hiring manager reaches only their own client's,
//! and a caller without the right to see pay never sees (nor, by saving, loses) a budget.

use crate::{Actor, Error, visibility};
use hitstaff_domain::{Action, NewRequisition, Requisition, RequisitionId, RequisitionStatus};
use hitstaff_store::{Page, PageRequest, RequisitionFilter, Store, StoreError};

/// The requisitions the caller may see, newest first, one page at a time.
pub async fn list<S: Store>(
    store: &S,
    actor: Actor<'_>,
    mut filter: RequisitionFilter,
    page: &PageRequest<RequisitionId>,
) -> Result<Page<Requisition, RequisitionId>, Error> {
    actor.require(Action::ReadRequisitions)?;
    if let Some(own) = actor.access.client() {
        if filter.client.is_some_and(|c| c != own) {
            // Another client's requisitions: for this caller there are none.
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        }
        filter.client = Some(own);
    }
    let found = store.list_requisitions(actor.user.org_id, &filter, page).await?;
    Ok(Page {
        items: found
            .items
            .into_iter()
            .map(|r| visibility::requisition_view(actor, r))
            .collect(),
        next: found.next,
    })
}

/// One requisition the caller may see, with the fields they may read.
pub async fn get<S: Store>(store: &S, actor: Actor<'_>, id: RequisitionId) -> Result<Requisition, Error> {
    actor.require(Action::ReadRequisitions)?;
    let r = visibility::requisition(store, actor, id).await?;
    Ok(visibility::requisition_view(actor, r))
}

fn own_client(actor: Actor<'_>, new: &NewRequisition) -> Result<(), Error> {
    if actor.access.sees_client(new.client_id) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "hiring managers work on their own client's requisitions only".into(),
        ))
    }
}

/// Opens a requisition.
pub async fn create<S: Store>(
    store: &S,
    actor: Actor<'_>,
    new: &NewRequisition,
) -> Result<Requisition, Error> {
    actor.require(Action::WriteRequisitions)?;
    own_client(actor, new)?;
    Ok(store.create_requisition(actor.user.org_id, new).await?)
}

/// Replaces a requisition's details (a status change must follow the status rules). A budget the
/// caller may not see stays as stored.
pub async fn update<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: RequisitionId,
    mut new: NewRequisition,
) -> Result<Requisition, Error> {
    actor.require(Action::WriteRequisitions)?;
    let stored = visibility::requisition(store, actor, id).await?;
    own_client(actor, &new)?;
    actor.access.withheld().keep_requisition(&stored.fields, &mut new);
    Ok(store.update_requisition(actor.user.org_id, id, &new).await?)
}

/// Changes a requisition's status (open, on hold, filled, cancelled...), by the status rules.
pub async fn set_status<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: RequisitionId,
    status: RequisitionStatus,
) -> Result<Requisition, Error> {
    actor.require(Action::WriteRequisitions)?;
    visibility::requisition(store, actor, id).await?;
    Ok(store
        .set_requisition_status(actor.user.org_id, id, status)
        .await?)
}

/// Deletes a requisition nobody is in the pipeline of (else: cancel it, which keeps its history).
pub async fn delete<S: Store>(store: &S, actor: Actor<'_>, id: RequisitionId) -> Result<(), Error> {
    actor.require(Action::WriteRequisitions)?;
    visibility::requisition(store, actor, id).await?;
    match store.delete_requisition(actor.user.org_id, id).await {
        Err(StoreError::Conflict { .. }) => Err(Error::Refused(
            "people are in this requisition's pipeline, so it cannot be deleted; change its status to cancelled instead"
                .into(),
        )),
        other => Ok(other?),
    }
}
