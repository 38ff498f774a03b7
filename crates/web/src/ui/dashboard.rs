//! The dashboard: what needs attention today.

use super::{Chrome, Page, Viewer, elapsed, render};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use hitstaff_app::dashboard;
use hitstaff_domain::{Action, Priority, Stage};
use hitstaff_store::Store;
use std::collections::HashMap;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new().route("/", get(dashboard::<S>))
}

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
    let overview = dashboard::overview(&state.store, viewer.caller.actor()).await?;
    let mut open = overview.open;
    let stages = overview.stages;
    let stalled = overview
        .quiet
        .into_iter()
        .map(|(r, at)| Stalled {
            id: r.id.to_string(),
            reference: r.reference,
            title: r.fields.title,
            quiet_for: elapsed(at),
        })
        .collect();
    let activity = overview
        .recent
        .into_iter()
        .map(|m| Activity {
            when: elapsed(m.change.at),
            candidate_id: m.candidate_id.to_string(),
            candidate: m.candidate_name,
            requisition_id: m.requisition_id.to_string(),
            requisition: format!("{} {}", m.requisition_reference, m.requisition_title),
            from: m.change.from.map(|s| s.label().to_string()).unwrap_or_default(),
            to: m.change.to.label().to_string(),
        })
        .collect();
    let clients: HashMap<_, _> = if open.is_empty() {
        HashMap::new()
    } else {
        hitstaff_app::clients::names(&state.store, viewer.caller.actor())
            .await?
            .into_iter()
            .collect()
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
