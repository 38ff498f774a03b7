//! The dashboard's facts: open requisitions, pipeline counts, requisitions gone quiet and recent
//! moves, each as the caller may see them. A client's hiring manager sees their client's open
//! requisitions and what reached their client; how long the firm has been quiet on a requisition
//! is the firm's own business.

use crate::{Actor, Error};
use hitstaff_domain::{Action, Requisition, RequisitionStatus, Stage};
use hitstaff_store::{PageRequest, RecentMove, RequisitionFilter, Store, now};
use std::collections::HashMap;
use time::OffsetDateTime;

/// Requisitions with nothing happening for this long count as quiet.
pub const QUIET_DAYS: i64 = 7;

/// What the dashboard shows.
#[derive(Debug, Default)]
pub struct Overview {
    /// Open requisitions (at most 5,000), in no particular order.
    pub open: Vec<Requisition>,
    /// How many applications stand at each stage.
    pub stages: Vec<(Stage, u64)>,
    /// Requisitions nothing happened on for [`QUIET_DAYS`], the quietest first (at most 20), with
    /// their reference, title and last activity.
    pub quiet: Vec<(Requisition, OffsetDateTime)>,
    /// The latest stage moves (at most 15), newest first.
    pub recent: Vec<RecentMove>,
}

/// The dashboard as the caller may see it (empty for someone who reads no requisitions).
pub async fn overview<S: Store>(store: &S, actor: Actor<'_>) -> Result<Overview, Error> {
    if !actor.access.can(Action::ReadRequisitions) {
        return Ok(Overview::default());
    }
    let org = actor.user.org_id;
    let client = actor.access.client();
    let filter = RequisitionFilter {
        client,
        status: Some(RequisitionStatus::Open),
        ..Default::default()
    };
    let mut open: Vec<Requisition> = Vec::new();
    let mut page = PageRequest {
        after: None,
        limit: 500,
    };
    loop {
        let found = store.list_requisitions(org, &filter, &page).await?;
        open.extend(found.items);
        match found.next {
            Some(next) if open.len() < 5_000 => page.after = Some(next),
            _ => break,
        }
    }
    let stages = match client {
        None => store.pipeline_counts(org, None).await?,
        Some(_) => {
            // A hiring manager sees only what reached their client.
            let mut sum: HashMap<Stage, u64> = HashMap::new();
            for r in &open {
                for (stage, n) in store.pipeline_counts(org, Some(r.id)).await? {
                    if stage.is_submitted() {
                        *sum.entry(stage).or_default() += n;
                    }
                }
            }
            let mut v: Vec<_> = sum.into_iter().collect();
            v.sort_by_key(|(s, _)| *s);
            v
        }
    };
    let mut quiet = Vec::new();
    if !actor.access.withheld().firm_history {
        let cutoff = now() - time::Duration::days(QUIET_DAYS);
        let mut last = store.requisition_activity(org, client).await?;
        last.retain(|(_, at)| *at < cutoff);
        last.sort_by_key(|(_, at)| *at);
        let known: HashMap<_, _> = open.iter().map(|r| (r.id, r)).collect();
        for (id, at) in last.into_iter().take(20) {
            let r = match known.get(&id) {
                Some(r) => (*r).clone(),
                None => store.get_requisition(org, id).await?,
            };
            quiet.push((crate::visibility::requisition_view(actor, r), at));
        }
    }
    let recent = if actor.access.can(Action::ReadPipeline) {
        store
            .recent_moves(org, client, 15)
            .await?
            .into_iter()
            .filter_map(|mut m| {
                m.change = actor.access.stage_change(m.change)?;
                Some(m)
            })
            .collect()
    } else {
        Vec::new()
    };
    let open = open
        .into_iter()
        .map(|r| crate::visibility::requisition_view(actor, r))
        .collect();
    Ok(Overview {
        open,
        stages,
        quiet,
        recent,
    })
}
