//! Ranking with the store: candidates ranked by the in-memory index and explained from the store,
//! open requisitions read and scored for a candidate, and each organisation's weights.

use crate::{AtClient, CandidateIndex, Match, Weights};
use hitstaff_domain::{
    Candidate, CandidateId, ClientId, NewCandidate, OrgId, Requisition, RequisitionStatus, SkillId, UserId,
};
use hitstaff_store::{PageRequest, RequisitionFilter, Result, Store, StoreError};
use time::Date;

/// The name an organisation's weights are kept under in its settings.
const WEIGHTS_SETTING: &str = "matching.weights";

/// The organisation's weights, or the defaults. A stored value that no longer reads (a renamed
/// factor) falls back to the defaults.
pub async fn org_weights<S: Store>(store: &S, org: OrgId) -> Result<Weights> {
    Ok(store
        .org_setting(org, WEIGHTS_SETTING)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Keeps the organisation's weights; check them first with [`Weights::check`].
pub async fn set_org_weights<S: Store>(
    store: &S,
    org: OrgId,
    weights: &Weights,
    by: Option<UserId>,
) -> Result<()> {
    let json = serde_json::to_string(weights).map_err(|e| StoreError::corrupt("matching weights", e))?;
    store.set_org_setting(org, WEIGHTS_SETTING, &json, by).await
}

/// The EHR products a client runs (none when the client is gone).
pub async fn client_systems<S: Store>(store: &S, org: OrgId, client: ClientId) -> Result<Vec<SkillId>> {
    match store.get_client(org, client).await {
        Ok(c) => Ok(c.ehr_systems.into_iter().map(|s| s.product).collect()),
        Err(StoreError::NotFound { .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The requisition as its client runs it (see [`AtClient`]).
pub async fn at_client<S: Store>(store: &S, org: OrgId, r: &Requisition) -> Result<AtClient> {
    let systems = client_systems(store, org, r.fields.client_id).await?;
    Ok(AtClient::new(&r.fields, &systems))
}

/// The best `limit` candidates for a requisition, best first, ranked by the index and explained
/// from the store (so the reasons are those of the profile as saved now; someone deleted since
/// the index last caught up is left out). The ranking itself, a walk over every candidate of the
/// organisation, runs on a blocking thread, so a burst of rankings never stalls the async
/// workers that answer sign-ins and pages.
pub async fn best_candidates<S: Store>(
    index: &std::sync::Arc<CandidateIndex>,
    store: &S,
    org: OrgId,
    r: &Requisition,
    weights: &Weights,
    today: Date,
    limit: usize,
) -> Result<Vec<(CandidateId, NewCandidate, Match)>> {
    let at = at_client(store, org, r).await?;
    let top = {
        let (index, at, weights) = (std::sync::Arc::clone(index), at.clone(), *weights);
        tokio::task::spawn_blocking(move || index.top(org, &at.plan(today), &weights, limit))
            .await
            .map_err(|e| StoreError::corrupt("ranking", format!("the ranking thread stopped: {e}")))?
    };
    // The shown, read in one query (someone deleted since the index caught up is left out).
    let ids: Vec<CandidateId> = top.iter().map(|(id, _)| *id).collect();
    let mut out: Vec<(CandidateId, NewCandidate, Match)> = store
        .get_candidates(org, &ids)
        .await?
        .into_iter()
        .filter_map(|c| at.score(&c.fields, weights, today).map(|m| (c.id, c.fields, m)))
        .collect();
    out.sort_by(|a, b| b.2.score.cmp(&a.2.score).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

/// The best `limit` open requisitions for a candidate, best first.
pub async fn best_requisitions<S: Store>(
    store: &S,
    org: OrgId,
    candidate: &Candidate,
    weights: &Weights,
    today: Date,
    limit: usize,
) -> Result<Vec<(Requisition, Match)>> {
    let filter = RequisitionFilter {
        status: Some(RequisitionStatus::Open),
        ..Default::default()
    };
    let systems: std::collections::HashMap<ClientId, Vec<SkillId>> = store
        .list_clients(org)
        .await?
        .into_iter()
        .map(|c| (c.id, c.ehr_systems.into_iter().map(|s| s.product).collect()))
        .collect();
    let mut page = PageRequest::first(500);
    let mut scored = Vec::new();
    loop {
        let got = store.list_requisitions(org, &filter, &page).await?;
        let read = got.items.len();
        scored.extend(got.items.into_iter().filter_map(|r| {
            let at = AtClient::new(
                &r.fields,
                systems.get(&r.fields.client_id).map_or(&[][..], Vec::as_slice),
            );
            at.score(&candidate.fields, weights, today).map(|m| (r, m))
        }));
        match got.next {
            Some(next) if read > 0 && scored.len() < 50_000 => page.after = Some(next),
            _ => break,
        }
    }
    scored.sort_by(|a, b| b.1.score.cmp(&a.1.score).then_with(|| a.0.id.cmp(&b.0.id)));
    scored.truncate(limit);
    Ok(scored)
}
