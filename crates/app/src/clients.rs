//! Clients: the healthcare facilities requisitions are for. A client's hiring manager reads no
//! client records, only their own client's name beside its requisitions.

use crate::{Actor, Error};
use hitstaff_domain::{Action, Client, ClientId, NewClient};
use hitstaff_store::{Store, StoreError};

/// Every client of the organisation.
pub async fn list<S: Store>(store: &S, actor: Actor<'_>) -> Result<Vec<Client>, Error> {
    actor.require(Action::ReadClients)?;
    Ok(store.list_clients(actor.user.org_id).await?)
}

/// The names of the clients whose requisitions the caller sees (a hiring manager: their own),
/// by name, to label requisitions with.
pub async fn names<S: Store>(store: &S, actor: Actor<'_>) -> Result<Vec<(ClientId, String)>, Error> {
    actor.require(Action::ReadRequisitions)?;
    let mut names: Vec<_> = store
        .list_clients(actor.user.org_id)
        .await?
        .into_iter()
        .filter(|c| actor.access.sees_client(c.id))
        .map(|c| (c.id, c.name))
        .collect();
    names.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(names)
}

/// One client.
pub async fn get<S: Store>(store: &S, actor: Actor<'_>, id: ClientId) -> Result<Client, Error> {
    actor.require(Action::ReadClients)?;
    Ok(store.get_client(actor.user.org_id, id).await?)
}

/// Adds a client.
pub async fn create<S: Store>(store: &S, actor: Actor<'_>, new: &NewClient) -> Result<Client, Error> {
    actor.require(Action::WriteClients)?;
    Ok(store.create_client(actor.user.org_id, new).await?)
}

/// Replaces a client's details.
pub async fn update<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: ClientId,
    new: &NewClient,
) -> Result<Client, Error> {
    actor.require(Action::WriteClients)?;
    Ok(store.update_client(actor.user.org_id, id, new).await?)
}

/// Deletes a client that has no requisitions and no hiring managers.
pub async fn delete<S: Store>(store: &S, actor: Actor<'_>, id: ClientId) -> Result<(), Error> {
    actor.require(Action::WriteClients)?;
    match store.delete_client(actor.user.org_id, id).await {
        Err(StoreError::Conflict { .. }) => Err(Error::Refused(
            "this client still has requisitions or hiring managers; remove those first".into(),
        )),
        other => Ok(other?),
    }
}
