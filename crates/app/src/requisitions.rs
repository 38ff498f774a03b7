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

/// The most requisitions a sorted list orders (past it, the list asks for narrower filters).
pub const MOST_SORTED: usize = 5_000;

/// A sorted page of requisitions: the rows, and whether more follow.
#[derive(Debug)]
pub struct Sorted {
    pub items: Vec<Requisition>,
    pub more: bool,
    /// More matched than [`MOST_SORTED`]: only the first of them (newest) were ordered.
    pub capped: bool,
}

/// Requisitions in the order asked, `limit` from `offset` (newest first pages by cursor in
/// [`list`]; the other orders read the matching requisitions, at most [`MOST_SORTED`], and order
/// them).
pub async fn list_sorted<S: Store>(
    store: &S,
    actor: Actor<'_>,
    filter: RequisitionFilter,
    sort: hitstaff_domain::RequisitionSort,
    offset: usize,
    limit: usize,
) -> Result<Sorted, Error> {
    use hitstaff_domain::RequisitionSort as By;
    let mut all = Vec::new();
    let mut page = PageRequest::first(500);
    let capped = loop {
        let got = list(store, actor, filter.clone(), &page).await?;
        all.extend(got.items);
        match got.next {
            Some(_) if all.len() >= MOST_SORTED => break true,
            Some(next) => page.after = Some(next),
            None => break false,
        }
    };
    match sort {
        By::Newest => {}
        By::Oldest => all.reverse(),
        By::Priority => all.sort_by(|a, b| {
            b.fields
                .priority
                .rank()
                .cmp(&a.fields.priority.rank())
                .then_with(|| a.id.cmp(&b.id))
        }),
        By::Start => all.sort_by(|a, b| {
            // Soonest first; no start date last.
            (a.fields.start_date.is_none(), a.fields.start_date, a.id).cmp(&(
                b.fields.start_date.is_none(),
                b.fields.start_date,
                b.id,
            ))
        }),
        By::Title => all.sort_by(|a, b| {
            a.fields
                .title
                .to_lowercase()
                .cmp(&b.fields.title.to_lowercase())
                .then_with(|| a.id.cmp(&b.id))
        }),
    }
    let more = all.len() > offset.saturating_add(limit);
    let items = all.into_iter().skip(offset).take(limit).collect();
    Ok(Sorted { items, more, capped })
}

/// How many are in a requisition's pipeline, and how many of them the client has seen (for a
/// client's own users, only those).
pub async fn pipeline_size<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: RequisitionId,
) -> Result<(u64, u64), Error> {
    actor.require(Action::ReadPipeline)?;
    let counts = store.pipeline_counts(actor.user.org_id, Some(id)).await?;
    let client_scoped = actor.access.client().is_some();
    let open = |s: &hitstaff_domain::Stage| !s.is_exit();
    let total = counts
        .iter()
        .filter(|(s, _)| open(s) && (!client_scoped || s.is_submitted()))
        .map(|(_, n)| n)
        .sum();
    let submitted = counts
        .iter()
        .filter(|(s, _)| open(s) && s.is_submitted())
        .map(|(_, n)| n)
        .sum();
    Ok((total, submitted))
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

/// Whether `user` may own requisitions: active, and allowed to change them (an administrator,
/// recruiter or account manager).
pub fn may_own(user: &hitstaff_domain::User) -> bool {
    user.active && user.client_id.is_none() && user.role.can(Action::WriteRequisitions)
}

/// Checks the owner named, or names one: `fallback` when none is (on creation the creator, on a
/// change whoever owned it before).
async fn settle_owner<S: Store>(
    store: &S,
    actor: Actor<'_>,
    new: &mut NewRequisition,
    fallback: Option<hitstaff_domain::UserId>,
) -> Result<(), Error> {
    let Some(owner) = new.owner_id.or(fallback) else {
        return Ok(());
    };
    let problem = "choose an owner among the active administrators, recruiters and account managers";
    match store.get_user(actor.user.org_id, owner).await {
        Ok(u) if may_own(&u) => {
            new.owner_id = Some(owner);
            Ok(())
        }
        // The fallback cannot own it (a deactivated owner): leave it without one.
        Ok(_) if new.owner_id.is_none() => Ok(()),
        Ok(_) => Err(Error::field(
            "owner_id",
            format!("that user cannot own requisitions; {problem}"),
        )),
        Err(StoreError::NotFound { .. }) => Err(Error::field(
            "owner_id",
            format!("no such user in this organisation; {problem}"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Opens a requisition. Without an owner named, whoever opens it owns it.
pub async fn create<S: Store>(
    store: &S,
    actor: Actor<'_>,
    new: &NewRequisition,
) -> Result<Requisition, Error> {
    actor.require(Action::WriteRequisitions)?;
    own_client(actor, new)?;
    let mut new = new.clone();
    settle_owner(store, actor, &mut new, Some(actor.user.id)).await?;
    Ok(store.create_requisition(actor.user.org_id, &new).await?)
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
    // Without an owner named, the owner stays (a client that does not know the field keeps it).
    settle_owner(store, actor, &mut new, stored.fields.owner_id).await?;
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
