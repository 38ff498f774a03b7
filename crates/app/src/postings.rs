//! Postings: writing a requisition's advertisement, and publishing, pausing and closing it. The
//! firm's staff who may change requisitions manage them; whoever may read the requisition may
//! read its posting (it is meant to be public).

use crate::{Actor, Error, visibility};
use hitstaff_domain::{Action, NewPosting, Posting, PostingStatus, RequisitionId};
use hitstaff_store::{Store, StoreError};

/// The requisition's posting, or none yet.
pub async fn get<S: Store>(
    store: &S,
    actor: Actor<'_>,
    requisition: RequisitionId,
) -> Result<Option<Posting>, Error> {
    actor.require(Action::ReadRequisitions)?;
    visibility::requisition(store, actor, requisition).await?;
    match store.get_posting(actor.user.org_id, requisition).await {
        Ok(p) => Ok(Some(p)),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Writes the requisition's posting (a new one starts as a draft; an existing one keeps its
/// status, so an edit to a published posting shows at once).
pub async fn save<S: Store>(
    store: &S,
    actor: Actor<'_>,
    requisition: RequisitionId,
    new: &NewPosting,
) -> Result<Posting, Error> {
    actor.require(Action::WriteRequisitions)?;
    visibility::requisition(store, actor, requisition).await?;
    let today = time::OffsetDateTime::now_utc().date();
    Ok(store
        .save_posting(actor.user.org_id, requisition, new, today)
        .await?)
}

/// Publishes, pauses or closes the posting (publishing needs the requisition open).
pub async fn set_status<S: Store>(
    store: &S,
    actor: Actor<'_>,
    requisition: RequisitionId,
    status: PostingStatus,
) -> Result<Posting, Error> {
    actor.require(Action::WriteRequisitions)?;
    visibility::requisition(store, actor, requisition).await?;
    match store
        .set_posting_status(actor.user.org_id, requisition, status)
        .await
    {
        Err(StoreError::NotFound { entity: "posting" }) => Err(Error::NotFound(
            "this requisition has no posting yet; write one first".into(),
        )),
        other => Ok(other?),
    }
}
