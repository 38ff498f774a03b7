//! Clients: the facilities hired for, with their locations and the systems they run.

use super::form::{Problems, blank_none, problems_or, split_lines};
use super::requisitions::ConfirmPage;
use super::{Chrome, Page, UiError, UiForm, Viewer, answer, done, options, render};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use hitstaff_app::clients;
use hitstaff_domain::{
    Action, Client, ClientId, ClientKind, EhrSystem, FieldError, HiringContact, Location, NewClient,
    ValidationErrors,
};
use hitstaff_store::{PageRequest, RequisitionFilter, Store};
use hitstaff_taxonomy::Taxonomy;
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/clients", get(index::<S>).post(create::<S>))
        .route("/clients/new", get(new_page))
        .route("/clients/{id}", get(show::<S>).post(update::<S>))
        .route("/clients/{id}/edit", get(edit_page::<S>))
        .route("/clients/{id}/delete", get(delete_page::<S>).post(delete::<S>))
}

fn client_id(raw: &str) -> Result<ClientId, UiError> {
    Ok(crate::edge::path_id(raw, "client", ClientId::parse)?)
}

/// "Epic (Nov 2025)": a system with its version.
fn system_label(e: &EhrSystem) -> String {
    let name = super::skills::name(&e.product);
    match &e.version {
        Some(v) => format!("{name} ({v})"),
        None => name,
    }
}

#[derive(Template)]
#[template(path = "clients.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<(String, String, String, String, String)>,
    can_write: bool,
}

async fn index<S: Store>(State(state): State<AppState<S>>, viewer: Viewer) -> Page {
    let mut clients = clients::list(&state.store, viewer.caller.actor()).await?;
    clients.sort_by_key(|c| c.name.to_lowercase());
    let rows = clients
        .into_iter()
        .map(|c| {
            let places = c
                .locations
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            let systems = c
                .ehr_systems
                .iter()
                .map(system_label)
                .collect::<Vec<_>>()
                .join(", ");
            (
                c.id.to_string(),
                c.name,
                c.kind.label().to_string(),
                places,
                systems,
            )
        })
        .collect();
    let chrome = viewer.section("clients");
    render(
        &ListPage {
            chrome: chrome.clone(),
            rows,
            can_write: viewer.can(Action::WriteClients),
        },
        &chrome,
    )
}

#[derive(Template)]
#[template(path = "client.html")]
struct DetailPage {
    chrome: Chrome,
    c: Client,
    systems: Vec<String>,
    requisitions: Vec<(String, String, String)>,
    contacts: Vec<HiringContact>,
    can_write: bool,
    can_write_requisitions: bool,
}

async fn show<S: Store>(State(state): State<AppState<S>>, viewer: Viewer, Path(raw): Path<String>) -> Page {
    let c = clients::get(&state.store, viewer.caller.actor(), client_id(&raw)?).await?;
    let filter = RequisitionFilter {
        client: Some(c.id),
        ..Default::default()
    };
    let found = state
        .store
        .list_requisitions(
            viewer.org(),
            &filter,
            &PageRequest {
                after: None,
                limit: 200,
            },
        )
        .await?;
    let mut contacts: Vec<HiringContact> = Vec::new();
    for r in &found.items {
        for contact in &r.fields.contacts {
            if !contacts
                .iter()
                .any(|k| k.name == contact.name && k.email == contact.email)
            {
                contacts.push(contact.clone());
            }
        }
    }
    let requisitions = found
        .items
        .into_iter()
        .map(|r| {
            (
                r.id.to_string(),
                format!("{} {}", r.reference, r.fields.title),
                r.fields.status.label().to_string(),
            )
        })
        .collect();
    let chrome = viewer.section("clients");
    render(
        &DetailPage {
            chrome: chrome.clone(),
            systems: c.ehr_systems.iter().map(system_label).collect(),
            c,
            requisitions,
            contacts,
            can_write: viewer.can(Action::WriteClients),
            can_write_requisitions: viewer.can(Action::WriteRequisitions),
        },
        &chrome,
    )
}

/// The client form as typed.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct ClientForm {
    name: String,
    kind: String,
    locations: String,
    ehr_systems: String,
    notes: String,
}

impl ClientForm {
    fn from_client(c: &Client) -> Self {
        ClientForm {
            name: c.name.clone(),
            kind: c.kind.code().into(),
            locations: c
                .locations
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            ehr_systems: c
                .ehr_systems
                .iter()
                .map(|e| match &e.version {
                    Some(v) => format!("{}, {v}", super::skills::name(&e.product)),
                    None => super::skills::name(&e.product),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            notes: c.notes.clone(),
        }
    }

    /// Parses the form; systems keep their go-live dates from `before` when they are still listed.
    fn parse(&self, before: Option<&Client>) -> Result<NewClient, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = match blank_none(&self.kind) {
            None => {
                e.push(FieldError::new(
                    "kind",
                    "choose what kind of organisation this is",
                ));
                None
            }
            Some(k) => e.check("kind", ClientKind::parse(k)),
        };
        let locations = split_lines(&self.locations)
            .iter()
            .filter_map(|l| e.check("locations", Location::parse(l)))
            .collect();
        let mut ehr_systems = Vec::new();
        for line in split_lines(&self.ehr_systems) {
            let (product, version) = match line.split_once(',') {
                Some((p, v)) => (p.trim(), blank_none(v).map(String::from)),
                None => (line.as_str(), None),
            };
            match Taxonomy::get().resolve(product) {
                Some(skill) => {
                    let live_since = before
                        .and_then(|c| c.ehr_systems.iter().find(|s| s.product == skill.id))
                        .and_then(|s| s.live_since);
                    ehr_systems.push(EhrSystem {
                        product: skill.id.clone(),
                        version,
                        live_since,
                    });
                }
                None => e.push(FieldError::new(
                    "ehr_systems",
                    format!("“{product}” is not a system hitstaff knows; use its name, for example Epic, Oracle Health Millennium or MEDITECH Expanse"),
                )),
            }
        }
        let Some(kind) = kind else { return Err(e) };
        let new = NewClient {
            name: self.name.clone(),
            kind,
            locations,
            ehr_systems,
            notes: self.notes.trim().to_string(),
        };
        match new.validate() {
            Ok(v) if e.is_empty() => Ok(v),
            Ok(_) => Err(e),
            Err(more) => {
                e.errors.extend(more.errors);
                Err(e)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "client_form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    cancel: String,
    v: ClientForm,
    problems: Problems,
}

impl FormPage {
    fn kinds(&self) -> Vec<(String, String, bool)> {
        options::<ClientKind>(&self.v.kind)
    }
}

fn form_page(viewer: &Viewer, id: Option<ClientId>, v: ClientForm, problems: Problems) -> Page {
    let (heading, action, cancel) = match id {
        None => (
            "New client".to_string(),
            "/clients".to_string(),
            "/clients".to_string(),
        ),
        Some(id) => (
            format!("Edit {}", v.name),
            format!("/clients/{id}"),
            format!("/clients/{id}"),
        ),
    };
    let ok = problems.is_empty();
    let chrome = viewer.section("clients");
    answer(
        &FormPage {
            chrome: chrome.clone(),
            heading,
            action,
            cancel,
            v,
            problems,
        },
        &chrome,
        ok,
    )
}

async fn new_page(viewer: Viewer) -> Page {
    viewer.require(Action::WriteClients)?;
    form_page(&viewer, None, ClientForm::default(), Problems::none())
}

async fn create<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, form }: UiForm<ClientForm>,
) -> Page {
    viewer.require(Action::WriteClients)?;
    let new = match form.parse(None) {
        Ok(n) => n,
        Err(e) => return form_page(&viewer, None, form, e.into()),
    };
    match clients::create(&state.store, viewer.caller.actor(), &new).await {
        Ok(c) => done(&format!("/clients/{}", c.id), "created"),
        Err(e) => form_page(&viewer, None, form, problems_or(e.into(), "name")?),
    }
}

async fn edit_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::WriteClients)?;
    let c = state.store.get_client(viewer.org(), client_id(&raw)?).await?;
    form_page(&viewer, Some(c.id), ClientForm::from_client(&c), Problems::none())
}

async fn update<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<ClientForm>,
) -> Page {
    viewer.require(Action::WriteClients)?;
    let before = state.store.get_client(viewer.org(), client_id(&raw)?).await?;
    let new = match form.parse(Some(&before)) {
        Ok(n) => n,
        Err(e) => return form_page(&viewer, Some(before.id), form, e.into()),
    };
    match clients::update(&state.store, viewer.caller.actor(), before.id, &new).await {
        Ok(c) => done(&format!("/clients/{}", c.id), "saved"),
        Err(e) => form_page(&viewer, Some(before.id), form, problems_or(e.into(), "name")?),
    }
}

async fn delete_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::WriteClients)?;
    let c = state.store.get_client(viewer.org(), client_id(&raw)?).await?;
    let chrome = viewer.section("clients");
    render(
        &ConfirmPage {
            chrome: chrome.clone(),
            heading: format!("Delete {}?", c.name),
            consequence:
                "The client is removed for good. This works only while it has no requisitions and no \
                          hiring managers."
                    .into(),
            action: format!("/clients/{}/delete", c.id),
            button: "Delete client".into(),
            cancel: format!("/clients/{}", c.id),
        },
        &chrome,
    )
}

async fn delete<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    viewer.require(Action::WriteClients)?;
    clients::delete(&state.store, viewer.caller.actor(), client_id(&raw)?).await?;
    done("/clients", "deleted")
}
