//! The dashboard: what needs attention today.

use super::{Chrome, Page, Viewer, elapsed, render};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use hitstaff_domain::{Action, Priority, Requisition, RequisitionStatus, Stage};
use hitstaff_store::{PageRequest, RecentMove, RequisitionFilter, Store, now};
use std::collections::HashMap;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new().route("/", get(dashboard::<S>))
}

/// Requisitions with nothing happening for this long are listed as stalled.
const STALE_DAYS: i64 = 7;

struct OpenReq {
    id: String,
    reference: String,
    title: String,
    client: String,
    priority: Priority,
    headcount: u16,
}

struct Stalled {
    id: String,
    reference: String,
    title: String,
    quiet_for: String,
}

struct Activity {
    when: String,
    candidate_id: String,
    candidate: String,
    requisition_id: String,
    requisition: String,
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    by_priority: Vec<(Priority, usize)>,
    open: Vec<OpenReq>,
    open_total: usize,
    stages: Vec<(Stage, u64)>,
    stalled: Vec<Stalled>,
    activity: Vec<Activity>,
    can_create: bool,
}

async fn dashboard<S: Store>(State(state): State<AppState<S>>, viewer: Viewer) -> Page {
    let org = viewer.org();
    let client_scope = viewer.user().client_id;
    let can_read = viewer.can(Action::ReadRequisitions);
    let mut open: Vec<Requisition> = Vec::new();
    let mut stages = Vec::new();
    let mut stalled = Vec::new();
    let mut activity = Vec::new();
    if can_read {
        let filter = RequisitionFilter {
            client: client_scope,
            status: Some(RequisitionStatus::Open),
            ..Default::default()
        };
        let mut page = PageRequest {
            after: None,
            limit: 500,
        };
        loop {
            let found = state.store.list_requisitions(org, &filter, &page).await?;
            open.extend(found.items);
            match found.next {
                Some(next) if open.len() < 5_000 => page.after = Some(next),
                _ => break,
            }
        }
        stages = match client_scope {
            None => state.store.pipeline_counts(org, None).await?,
            Some(_) => {
                // A hiring manager sees only what reached their client.
                let mut sum: HashMap<Stage, u64> = HashMap::new();
                for r in &open {
                    for (stage, n) in state.store.pipeline_counts(org, Some(r.id)).await? {
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
        let refs: HashMap<_, _> = open.iter().map(|r| (r.id, r)).collect();
        let cutoff = now() - time::Duration::days(STALE_DAYS);
        // How long the firm has been quiet on a requisition is its own business.
        let mut quiet: Vec<_> = if viewer.access().withheld().firm_history {
            Vec::new()
        } else {
            state.store.requisition_activity(org, client_scope).await?
        };
        quiet.retain(|(_, at)| *at < cutoff);
        quiet.sort_by_key(|(_, at)| *at);
        for (id, at) in quiet.into_iter().take(20) {
            let (reference, title) = match refs.get(&id) {
                Some(r) => (r.reference.clone(), r.fields.title.clone()),
                None => {
                    let r = state.store.get_requisition(org, id).await?;
                    (r.reference, r.fields.title)
                }
            };
            stalled.push(Stalled {
                id: id.to_string(),
                reference,
                title,
                quiet_for: elapsed(at),
            });
        }
        if viewer.can(Action::ReadPipeline) {
            activity = state
                .store
                .recent_moves(org, client_scope, 15)
                .await?
                .into_iter()
                .filter_map(|mut m: RecentMove| {
                    m.change = viewer.access().stage_change(m.change)?;
                    Some(m)
                })
                .map(|m: RecentMove| Activity {
                    when: elapsed(m.change.at),
                    candidate_id: m.candidate_id.to_string(),
                    candidate: m.candidate_name,
                    requisition_id: m.requisition_id.to_string(),
                    requisition: format!("{} {}", m.requisition_reference, m.requisition_title),
                    from: m.change.from.map(|s| s.label().to_string()).unwrap_or_default(),
                    to: m.change.to.label().to_string(),
                })
                .collect();
        }
    }
    let clients: HashMap<_, _> = if viewer.can(Action::ReadClients) || client_scope.is_some() {
        state
            .store
            .list_clients(org)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    } else {
        HashMap::new()
    };
    let by_priority = [Priority::Urgent, Priority::High, Priority::Normal, Priority::Low]
        .into_iter()
        .map(|p| (p, open.iter().filter(|r| r.fields.priority == p).count()))
        .collect();
    let open_total = open.len();
    open.sort_by_key(|r| (std::cmp::Reverse(r.fields.priority), r.fields.start_date));
    let open = open
        .into_iter()
        .take(15)
        .map(|r| OpenReq {
            id: r.id.to_string(),
            client: clients.get(&r.fields.client_id).cloned().unwrap_or_default(),
            reference: r.reference,
            title: r.fields.title,
            priority: r.fields.priority,
            headcount: r.fields.headcount,
        })
        .collect();
    let can_create = viewer.can(Action::WriteRequisitions);
    let chrome = viewer.chrome.clone();
    render(
        &DashboardPage {
            chrome: Chrome {
                section: "dashboard",
                ..chrome.clone()
            },
            by_priority,
            open,
            open_total,
            stages,
            stalled,
            activity,
            can_create,
        },
        &chrome,
    )
}
