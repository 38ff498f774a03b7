//! Full-text search over candidates, and each user's saved searches. Hiring managers cannot
//! search: they see only the candidates submitted to them.

use crate::{Actor, Error, off_thread, opt};
use hitstaff_domain::{Action, Location, SkillId, Stage, UsState, UserId, WorkModel};
use hitstaff_matching::geo::{Places, Point};
use hitstaff_search::{SearchIndex, SearchRequest, SearchResults};
use hitstaff_store::Store;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A search as typed: the words and the filters, each optional. Saved searches keep this form,
/// so "available within 30 days" stays relative to the day it is run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[serde(default)]
pub struct SearchParams {
    /// Words, "exact phrases", AND / OR / NOT (or + and -), `field:value` (name, headline, body,
    /// skill, state, model, stage, tag). Names forgive a typo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Skills, comma-separated, by id or by a name or alias ("epic.clindoc", "ClinDoc"); each
    /// must be held (a vendor finds its modules).
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

fn number(name: &str, raw: &Option<String>, max: u32) -> Result<Option<u32>, Error> {
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
    pub fn request(&self, today: time::Date) -> Result<SearchRequest, Error> {
        let skills = match self.skill.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let t = hitstaff_taxonomy::Taxonomy::get();
                    SkillId::parse(s)
                        .ok()
                        .filter(|id| t.get_skill(id).is_some())
                        // A name or alias, as recruiters type them ("ClinDoc", "Beaker CP").
                        .or_else(|| t.resolve(s).map(|k| k.id.clone()))
                        .ok_or_else(|| {
                            Error::BadRequest(format!(
                                "skill: no single skill is called {s:?}; type more of its name, or give an \
                                 id from /api/v1/skills"
                            ))
                        })
                })
                .collect::<Result<_, _>>()?,
        };
        let near = opt("near", &self.near, place)?;
        let miles = number("miles", &self.miles, 3_000)?;
        if miles.is_some() && near.is_none() {
            return Err(Error::BadRequest(
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

/// Searching is the firm's work (a client's hiring manager has no search).
pub fn require(actor: Actor<'_>) -> Result<(), Error> {
    actor.require(Action::SearchCandidates)
}

/// Runs a search in the caller's organisation, on a blocking thread: a burst of searches (CPU
/// work in the index) must not stall the async workers that answer sign-ins and pages.
pub async fn run(
    index: &Arc<SearchIndex>,
    actor: Actor<'_>,
    params: &SearchParams,
) -> Result<SearchResults, Error> {
    require(actor)?;
    let request = params.request(time::OffsetDateTime::now_utc().date())?;
    let index = Arc::clone(index);
    let org = actor.user.org_id;
    off_thread("the search", move || index.search(org, &request))
        .await?
        .map_err(search_error)
}

fn search_error(e: hitstaff_search::SearchError) -> Error {
    match e {
        hitstaff_search::SearchError::BadQuery(m) => Error::BadRequest(format!("q: {m}")),
        hitstaff_search::SearchError::Store(e) => e.into(),
        other => {
            tracing::error!(error = %other, "search failed");
            Error::Unavailable("search is unavailable for a moment; try again".into())
        }
    }
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

/// The caller's saved searches, in the order saved.
pub async fn saved<S: Store>(store: &S, actor: Actor<'_>) -> Result<Vec<SavedSearch>, Error> {
    require(actor)?;
    Ok(store
        .org_setting(actor.user.org_id, &key(actor.user.id))
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

async fn keep<S: Store>(store: &S, actor: Actor<'_>, all: &[SavedSearch]) -> Result<(), Error> {
    let json = serde_json::to_string(all).map_err(|e| Error::Internal(e.to_string()))?;
    store
        .set_org_setting(actor.user.org_id, &key(actor.user.id), &json, Some(actor.user.id))
        .await?;
    Ok(())
}

/// The most searches one person keeps.
const MAX_SAVED: usize = 100;

/// Keeps a search under a name (replacing one of the same name); checks that it runs first.
pub async fn save<S: Store>(
    store: &S,
    index: &Arc<SearchIndex>,
    actor: Actor<'_>,
    new: SavedSearch,
) -> Result<SavedSearch, Error> {
    require(actor)?;
    let name = new.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::BadRequest(
            "name: give the search a name of 1 to 100 characters".into(),
        ));
    }
    run(index, actor, &new.search).await?;
    let mut all = saved(store, actor).await?;
    if all.len() >= MAX_SAVED && !all.iter().any(|s| s.name == name) {
        return Err(Error::Refused(format!(
            "you have {MAX_SAVED} saved searches; delete one before saving another"
        )));
    }
    let kept = SavedSearch {
        name: name.clone(),
        search: new.search,
    };
    match all.iter_mut().find(|s| s.name == name) {
        Some(s) => *s = kept.clone(),
        None => all.push(kept.clone()),
    }
    keep(store, actor, &all).await?;
    Ok(kept)
}

/// Forgets one of the caller's saved searches.
pub async fn forget<S: Store>(store: &S, actor: Actor<'_>, name: &str) -> Result<(), Error> {
    let mut all = saved(store, actor).await?;
    let before = all.len();
    all.retain(|s| s.name != name);
    if all.len() == before {
        return Err(Error::NotFound(format!(
            "you have no saved search named {name:?}"
        )));
    }
    keep(store, actor, &all).await
}
