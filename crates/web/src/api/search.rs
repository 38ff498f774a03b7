//! Full-text search over candidates, and each user's saved searches. Hiring managers cannot
//! search: they see only the candidates submitted to them.

use super::{Params, opt};
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use hitstaff_domain::{Action, Location, OrgId, SkillId, Stage, UsState, UserId, WorkModel};
use hitstaff_matching::geo::{Places, Point};
use hitstaff_search::{SearchRequest, SearchResults};
use hitstaff_store::Store;
use serde::{Deserialize, Serialize};

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(search::<S>, saved::<S>, save::<S>, forget::<S>)
}

/// A search as typed: the words and the filters, each optional. Saved searches keep this form,
/// so "available within 30 days" stays relative to the day it is run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[serde(default)]
pub struct SearchParams {
    /// Words, "exact phrases", AND / OR / NOT (or + and -), `field:value` (name, headline, body,
    /// skill, state, model, stage, tag). Names forgive a typo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Skill ids, comma-separated; each must be held (a vendor finds its modules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// Two-letter state code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// A US ZIP code or "City, ST"; with `miles`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near: Option<String>,
    /// Distance from `near` (default 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub miles: Option<String>,
    /// Available within this many days from today (or no date given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_within: Option<String>,
    /// onsite, hybrid or remote: among the work models the candidate accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// In a pipeline at this stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
}

fn number(name: &str, raw: &Option<String>, max: u32) -> Result<Option<u32>, AppError> {
    opt(name, raw, |v| match v.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!("{v:?} is not a whole number from 0 to {max}")),
    })
}

/// Where a place is: a ZIP code or a city and state.
fn place(v: &str) -> Result<Point, String> {
    let places = Places::get();
    let found = if v.len() == 5 && v.bytes().all(|b| b.is_ascii_digit()) {
        places.zip(v)
    } else {
        Location::parse(v).ok().and_then(|l| places.locate(&l))
    };
    found.ok_or_else(|| {
        format!("{v:?} cannot be placed; give a US ZIP code (78701) or a city and state (Austin, TX)")
    })
}

impl SearchParams {
    /// The search to run today; a bad value names its parameter and says what it takes.
    pub fn request(&self, today: time::Date) -> Result<SearchRequest, AppError> {
        let skills = match self.skill.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    SkillId::parse(s)
                        .ok()
                        .filter(|id| hitstaff_taxonomy::Taxonomy::get().get_skill(id).is_some())
                        .ok_or_else(|| {
                            AppError::BadRequest(format!(
                                "skill: {s:?} is not in the taxonomy; see /api/v1/skills for the ids"
                            ))
                        })
                })
                .collect::<Result<_, _>>()?,
        };
        let near = opt("near", &self.near, place)?;
        let miles = number("miles", &self.miles, 3_000)?;
        if miles.is_some() && near.is_none() {
            return Err(AppError::BadRequest(
                "miles: give `near` too (a ZIP code or a city and state) to measure from".into(),
            ));
        }
        Ok(SearchRequest {
            q: self.q.clone().unwrap_or_default(),
            skills,
            state: opt("state", &self.state, UsState::parse)?,
            near: near.map(|p| (p, f64::from(miles.unwrap_or(50)))),
            available_by: number("available_within", &self.available_within, 3_650)?
                .map(|d| today + time::Duration::days(i64::from(d))),
            model: opt("model", &self.model, WorkModel::parse)?,
            stage: opt("stage", &self.stage, Stage::parse)?,
            tag: self.tag.clone().filter(|t| !t.trim().is_empty()),
            limit: number("limit", &self.limit, 200)?.unwrap_or(20) as usize,
            offset: number("offset", &self.offset, 10_000)?.unwrap_or(0) as usize,
        })
    }

    /// The query string that reruns this search.
    pub fn query_string(&self) -> String {
        serde_html_form::to_string(self).unwrap_or_default()
    }
}

pub(crate) fn require(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::SearchCandidates)
}

/// Runs a search for the caller's organisation, on a blocking thread: a burst of searches
/// (CPU work in the index) must not stall the async workers that answer sign-ins and pages.
pub(crate) async fn run<S: Store>(
    state: &AppState<S>,
    org: OrgId,
    params: &SearchParams,
) -> Result<SearchResults, AppError> {
    let request = params.request(time::OffsetDateTime::now_utc().date())?;
    let index = std::sync::Arc::clone(&state.search);
    tokio::task::spawn_blocking(move || index.search(org, &request))
        .await
        .map_err(|e| AppError::Internal(format!("the search thread stopped: {e}")))?
        .map_err(search_error)
}

fn search_error(e: hitstaff_search::SearchError) -> AppError {
    match e {
        hitstaff_search::SearchError::BadQuery(m) => AppError::BadRequest(format!("q: {m}")),
        hitstaff_search::SearchError::Store(e) => e.into(),
        other => {
            tracing::error!(error = %other, "search failed");
            AppError::Unavailable("search is unavailable for a moment; try again".into())
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    summary = "Search candidates: words, phrases, operators and filters, with snippets and facet counts",
    params(SearchParams),
    responses((status = 200, description = "Best first", body = SearchResults), crate::api::docs::Problems)
)]
async fn search<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Params(q): Params<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    require(&caller)?;
    Ok(Json(run(&state, caller.user.org_id, &q).await?))
}

/// A search kept under a name, to run again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SavedSearch {
    pub name: String,
    pub search: SearchParams,
}

/// The setting a user's saved searches are kept under.
fn key(user: UserId) -> String {
    format!("search.saved.{user}")
}

/// The user's saved searches, in the order saved.
pub(crate) async fn saved_of<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
) -> Result<Vec<SavedSearch>, AppError> {
    Ok(state
        .store
        .org_setting(caller.user.org_id, &key(caller.user.id))
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

async fn keep<S: Store>(state: &AppState<S>, caller: &Caller, all: &[SavedSearch]) -> Result<(), AppError> {
    let json = serde_json::to_string(all).map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .set_org_setting(
            caller.user.org_id,
            &key(caller.user.id),
            &json,
            Some(caller.user.id),
        )
        .await?;
    Ok(())
}

/// Keeps a search under a name (replacing one of the same name); checks it runs first.
pub(crate) async fn save_search<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    new: SavedSearch,
) -> Result<SavedSearch, AppError> {
    let name = new.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::BadRequest(
            "name: give the search a name of 1 to 100 characters".into(),
        ));
    }
    run(state, caller.user.org_id, &new.search).await?;
    let mut all = saved_of(state, caller).await?;
    if all.len() >= 100 && !all.iter().any(|s| s.name == name) {
        return Err(AppError::Conflict(
            "you have 100 saved searches; delete one before saving another".into(),
        ));
    }
    let kept = SavedSearch {
        name: name.clone(),
        search: new.search,
    };
    match all.iter_mut().find(|s| s.name == name) {
        Some(s) => *s = kept.clone(),
        None => all.push(kept.clone()),
    }
    keep(state, caller, &all).await?;
    Ok(kept)
}

#[utoipa::path(
    get,
    path = "/api/v1/searches",
    tag = "search",
    summary = "Your saved searches",
    responses((status = 200, description = "In the order saved", body = Vec<SavedSearch>), crate::api::docs::Problems)
)]
async fn saved<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<Json<Vec<SavedSearch>>, AppError> {
    require(&caller)?;
    Ok(Json(saved_of(&state, &caller).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/searches",
    tag = "search",
    summary = "Save a search under a name (a search of the same name is replaced)",
    request_body = SavedSearch,
    responses((status = 201, description = "Saved", body = SavedSearch), crate::api::docs::Problems)
)]
async fn save<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    super::Body(new): super::Body<SavedSearch>,
) -> Result<(StatusCode, Json<SavedSearch>), AppError> {
    require(&caller)?;
    Ok((
        StatusCode::CREATED,
        Json(save_search(&state, &caller, new).await?),
    ))
}

/// Forgets a saved search; `false` when there was none of that name.
pub(crate) async fn forget_search<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    name: &str,
) -> Result<bool, AppError> {
    let mut all = saved_of(state, caller).await?;
    let before = all.len();
    all.retain(|s| s.name != name);
    if all.len() == before {
        return Ok(false);
    }
    keep(state, caller, &all).await?;
    Ok(true)
}

#[utoipa::path(
    delete,
    path = "/api/v1/searches/{name}",
    tag = "search",
    summary = "Delete one of your saved searches",
    params(("name" = String, Path, description = "The saved search's name")),
    responses((status = 204, description = "Deleted"), crate::api::docs::Problems)
)]
async fn forget<S: Store>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<StatusCode, AppError> {
    require(&caller)?;
    if forget_search(&state, &caller, &name).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound(format!(
            "you have no saved search named {name:?}"
        )))
    }
}
