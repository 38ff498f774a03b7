//! The search page: words and filters, hits with their snippets, facets to narrow by, and the
//! viewer's saved searches.

use super::{Page, UiForm, Viewer, done, options, options_of, render};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use hitstaff_app::search::{self, SavedSearch, SearchParams};
use hitstaff_domain::{Stage, WorkModel};
use hitstaff_search::{FacetCount, SearchResults};
use hitstaff_store::Store;
use hitstaff_taxonomy::Taxonomy;
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/search", get(page::<S>))
        .route("/search/saved", post(save::<S>))
        .route("/search/saved/delete", post(forget::<S>))
}

/// One facet value as a link that narrows the search to it.
struct FacetLink {
    label: String,
    count: u64,
    href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: super::Chrome,
    p: SearchParams,
    searched: bool,
    error: Option<String>,
    results: SearchResults,
    facets: Vec<(&'static str, Vec<FacetLink>)>,
    saved: Vec<(String, String)>,
    more: Option<String>,
}

impl SearchPage {
    fn models(&self) -> Vec<(String, String, bool)> {
        options::<WorkModel>(self.p.model.as_deref().unwrap_or(""))
    }
    fn stages(&self) -> Vec<(String, String, bool)> {
        options_of(Stage::ALL, self.p.stage.as_deref().unwrap_or(""))
    }
    fn field<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
    fn query(&self) -> String {
        self.p.query_string()
    }
    /// The skills picked, as (id, name): each a box to untick. A name the taxonomy cannot place
    /// stays as typed (the search says why it fails).
    fn picked(&self) -> Vec<(String, String)> {
        let t = Taxonomy::get();
        self.p
            .skill
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let found = hitstaff_domain::SkillId::parse(s)
                    .ok()
                    .and_then(|id| t.get_skill(&id))
                    .or_else(|| t.resolve(s));
                found.map_or_else(
                    || (s.to_string(), s.to_string()),
                    |k| (k.id.to_string(), k.name.clone()),
                )
            })
            .collect()
    }
}

fn links(
    p: &SearchParams,
    values: &[FacetCount],
    set: fn(&mut SearchParams, String),
    label: fn(&str) -> String,
) -> Vec<FacetLink> {
    values
        .iter()
        .map(|f| {
            let mut narrower = p.clone();
            narrower.offset = None;
            set(&mut narrower, f.value.clone());
            FacetLink {
                label: label(&f.value),
                count: f.count,
                href: format!("/search?{}", narrower.query_string()),
            }
        })
        .collect()
}

fn skill_name(id: &str) -> String {
    hitstaff_domain::SkillId::parse(id)
        .ok()
        .and_then(|s| Taxonomy::get().get_skill(&s).map(|k| k.name.clone()))
        .unwrap_or_else(|| id.to_string())
}

async fn show<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    p: SearchParams,
    error: Option<String>,
) -> Page {
    let searched = p != SearchParams::default();
    let (results, error) = match (&error, searched) {
        (Some(_), _) | (None, false) => (SearchResults::default(), error),
        (None, true) => match search::run(&state.search, viewer.caller.actor(), &p).await {
            Ok(r) => (r, None),
            Err(hitstaff_app::Error::BadRequest(m)) => (SearchResults::default(), Some(m)),
            Err(e) => return Err(e.into()),
        },
    };
    let facets = vec![
        (
            "Skill",
            links(
                &p,
                &results.facets.skills,
                |p, v| {
                    let mut all: Vec<String> = p
                        .skill
                        .iter()
                        .flat_map(|s| s.split(','))
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                    if !all.contains(&v) {
                        all.push(v);
                    }
                    p.skill = Some(all.join(","));
                },
                skill_name,
            ),
        ),
        (
            "State",
            links(
                &p,
                &results.facets.states,
                |p, v| p.state = Some(v),
                str::to_string,
            ),
        ),
        (
            "Work model",
            links(
                &p,
                &results.facets.models,
                |p, v| p.model = Some(v),
                |v| WorkModel::parse(v).map_or_else(|_| v.to_string(), |m| m.label().to_string()),
            ),
        ),
        (
            "Pipeline stage",
            links(
                &p,
                &results.facets.stages,
                |p, v| p.stage = Some(v),
                |v| Stage::parse(v).map_or_else(|_| v.to_string(), |s| s.label().to_string()),
            ),
        ),
    ];
    let offset: usize = p.offset.as_deref().and_then(|o| o.parse().ok()).unwrap_or(0);
    let limit: usize = p.limit.as_deref().and_then(|o| o.parse().ok()).unwrap_or(20);
    let more = (results.hits.len() == limit && offset + limit < results.total).then(|| {
        let mut next = p.clone();
        next.offset = Some((offset + limit).to_string());
        format!("/search?{}", next.query_string())
    });
    let saved = search::saved(&state.store, viewer.caller.actor())
        .await?
        .into_iter()
        .map(|s| (s.name, format!("/search?{}", s.search.query_string())))
        .collect();
    render(
        &SearchPage {
            chrome: super::Chrome {
                section: "search",
                ..viewer.chrome.clone()
            },
            p,
            searched,
            error,
            results,
            facets,
            saved,
            more,
        },
        &viewer.chrome,
    )
}

/// The page's query string as search parameters: the skills picked (one `skill` each, or a
/// comma-separated list) and, with the "Add skill" button (the picker without JavaScript), the
/// skill typed in the picker's box become one comma-separated list.
fn params(raw: Option<&str>) -> Result<SearchParams, String> {
    let pairs: Vec<(String, String)> =
        serde_html_form::from_str(raw.unwrap_or("")).map_err(|e| e.to_string())?;
    let adding = pairs.iter().any(|(k, v)| k == "action" && v == "add_skill");
    let mut skills: Vec<String> = Vec::new();
    let mut rest: Vec<(String, String)> = Vec::new();
    for (k, v) in pairs {
        match k.as_str() {
            "skill" => skills.extend(
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            ),
            "skill_q" if adding && !v.trim().is_empty() => {
                let t = Taxonomy::get();
                let found = t.resolve(&v).ok_or_else(|| {
                    format!("no single skill matches “{}”; type more of its name", v.trim())
                })?;
                skills.push(found.id.to_string());
            }
            "skill_q" | "action" => {}
            _ => rest.push((k, v)),
        }
    }
    skills.dedup();
    if !skills.is_empty() {
        rest.push(("skill".into(), skills.join(",")));
    }
    let again = serde_html_form::to_string(&rest).map_err(|e| e.to_string())?;
    serde_html_form::from_str(&again).map_err(|e| e.to_string())
}

async fn page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Page {
    search::require(viewer.caller.actor())?;
    match params(raw.as_deref()) {
        Ok(p) => show(&state, &viewer, p, None).await,
        Err(e) => show(&state, &viewer, SearchParams::default(), Some(e)).await,
    }
}

#[derive(Deserialize)]
struct SaveForm {
    #[serde(default)]
    name: String,
    /// The search's query string, as on the page.
    #[serde(default)]
    query: String,
}

async fn save<S: Store>(State(state): State<AppState<S>>, UiForm { viewer, form }: UiForm<SaveForm>) -> Page {
    let params: SearchParams = serde_html_form::from_str(&form.query).unwrap_or_default();
    let new = SavedSearch {
        name: form.name,
        search: params.clone(),
    };
    match search::save(&state.store, &state.search, viewer.caller.actor(), new).await {
        Ok(_) => done(&format!("/search?{}", params.query_string()), "search_saved"),
        Err(hitstaff_app::Error::BadRequest(m) | hitstaff_app::Error::Refused(m)) => {
            show(&state, &viewer, params, Some(m)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ForgetForm {
    #[serde(default)]
    name: String,
}

async fn forget<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, form }: UiForm<ForgetForm>,
) -> Page {
    match search::forget(&state.store, viewer.caller.actor(), &form.name).await {
        // Already gone (deleted in another tab): the page shows the list as it is.
        Ok(()) | Err(hitstaff_app::Error::NotFound(_)) => done("/search", "search_forgotten"),
        Err(e) => Err(e.into()),
    }
}
