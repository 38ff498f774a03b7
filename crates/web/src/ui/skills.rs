//! The skills picker: searches the taxonomy by name or alias, and the rows it adds to a form.

use super::{UiError, Viewer};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use hitstaff_domain::{CredentialLevel, SkillId};
use hitstaff_store::Store;
use hitstaff_taxonomy::{Skill, Taxonomy};
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/skills", get(browse))
        .route("/ui/skills", get(search))
        .route("/ui/skills/row", get(row))
}

/// The display name of a skill id (the id itself when the taxonomy no longer has it).
pub fn name(id: &SkillId) -> String {
    Taxonomy::get()
        .get_skill(id)
        .map_or_else(|| id.to_string(), |s| s.name.clone())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    skill_q: String,
    /// Which form the rows are for: "requisition" or "candidate".
    kind: String,
}

#[derive(Template)]
#[template(path = "skill_results.html")]
struct Results {
    query: String,
    kind: String,
    hits: Vec<(String, String, String)>,
}

async fn search(_viewer: Viewer, Query(q): Query<SearchQuery>) -> Result<Response, UiError> {
    let hits = Taxonomy::get()
        .search(&q.skill_q, 12)
        .into_iter()
        .map(|s| {
            let also = s.aliases.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            (s.id.to_string(), s.name.clone(), also)
        })
        .collect();
    let page = Results {
        query: q.skill_q,
        kind: q.kind,
        hits,
    };
    Ok(Html(page.render()?).into_response())
}

/// One skill row of a requisition or candidate form.
#[derive(Debug, Clone, Default)]
pub struct SkillRow {
    pub id: String,
    pub name: String,
    /// Requisitions: "required", "must" (required, and a hard filter for matching) or
    /// "preferred". Candidates: unused.
    pub need: String,
    /// Requisitions: minimum credential level; candidates: their level.
    pub level: String,
    /// Requisitions: minimum years; candidates: years (decimals allowed).
    pub years: String,
    /// Unique within the page, for label ids.
    pub n: usize,
}

impl SkillRow {
    pub fn levels(&self, blank: bool) -> Vec<(String, String, bool)> {
        let mut v = super::options::<CredentialLevel>(&self.level);
        if blank {
            v.insert(0, (String::new(), "Any".into(), self.level.is_empty()));
        }
        v
    }
}

/// The picker's rows as a form posts them: parallel lists, one entry per row.
#[derive(Debug)]
pub struct Posted<'a> {
    pub ids: &'a [String],
    pub needs: &'a [String],
    pub levels: &'a [String],
    pub years: &'a [String],
}

impl Posted<'_> {
    /// The rows to show again, without those marked for removal; blanks take the defaults.
    pub fn rows(&self, need: &str, level: &str) -> Vec<SkillRow> {
        let at = |list: &[String], i: usize| list.get(i).cloned().filter(|v| !v.is_empty());
        self.ids
            .iter()
            .enumerate()
            .filter(|(i, _)| self.needs.get(*i).map(String::as_str) != Some("remove"))
            .map(|(i, id)| SkillRow {
                id: id.clone(),
                name: SkillId::parse(id).map_or_else(|_| id.clone(), |s| name(&s)),
                need: at(self.needs, i).unwrap_or_else(|| need.to_string()),
                level: at(self.levels, i).unwrap_or_else(|| level.to_string()),
                years: at(self.years, i).unwrap_or_default(),
                n: i,
            })
            .collect()
    }
}

/// Adds the skill typed in the search box to the posted lists (the picker's path without
/// JavaScript), or says why it could not.
pub fn add_typed(
    query: &mut String,
    lists: [&mut Vec<String>; 4],
    need: &str,
    level: &str,
    problems: &mut super::form::Problems,
) {
    let Some(skill) = Taxonomy::get().resolve(query) else {
        problems.add(
            "skill_q",
            format!(
                "no single skill matches “{}”; type more of its name",
                query.trim()
            ),
        );
        return;
    };
    let [ids, needs, levels, years] = lists;
    ids.push(skill.id.to_string());
    needs.push(need.to_string());
    levels.push(level.to_string());
    years.push(String::new());
    query.clear();
}

#[derive(Template)]
#[template(path = "skill_row.html")]
pub struct RowTemplate {
    pub row: SkillRow,
    pub kind: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RowQuery {
    id: String,
    kind: String,
}

async fn row(_viewer: Viewer, Query(q): Query<RowQuery>) -> Result<Response, UiError> {
    let skill = Taxonomy::get()
        .find(&q.id)
        .ok_or_else(|| crate::error::AppError::NotFound("no such skill".into()))?;
    let page = RowTemplate {
        row: SkillRow {
            id: skill.id.to_string(),
            name: skill.name.clone(),
            need: "required".into(),
            level: String::new(),
            years: String::new(),
            // Rows added later get numbers far from the server-rendered ones.
            n: 1000 + fastrand_like(&q.id),
        },
        kind: q.kind,
    };
    Ok(Html(page.render()?).into_response())
}

/// A number derived from the skill id, so that a row added by the picker has ids distinct from
/// the other rows (the same skill twice is refused when the form is saved).
fn fastrand_like(id: &str) -> usize {
    id.bytes()
        .fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(b)))
        % 1_000_000
}

/// A skill as the browse page shows it.
struct Row {
    id: String,
    name: String,
    kind: String,
    aliases: String,
    parent: String,
    related: String,
    context: String,
}

#[derive(Template)]
#[template(path = "skills.html")]
struct BrowsePage {
    chrome: super::Chrome,
    q: String,
    rows: Vec<Row>,
    total: usize,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BrowseQuery {
    q: String,
}

/// Every skill, or those matching a name or alias: what recruiters and requisitions can name.
async fn browse(viewer: Viewer, Query(q): Query<BrowseQuery>) -> super::Page {
    let all = Taxonomy::get().all();
    let found: Vec<&Skill> = if q.q.trim().is_empty() {
        all.iter().collect()
    } else {
        Taxonomy::get().search(&q.q, 100)
    };
    let rows = found
        .into_iter()
        .map(|s| Row {
            id: s.id.to_string(),
            name: s.name.clone(),
            kind: format!("{:?}", s.kind).to_lowercase(),
            aliases: s.aliases.join(", "),
            parent: s.parent.as_ref().map(name).unwrap_or_default(),
            related: match (&s.area, s.related.is_empty()) {
                (Some(area), false) => format!(
                    "{}: {}",
                    area,
                    s.related.iter().map(name).collect::<Vec<_>>().join(", ")
                ),
                _ => String::new(),
            },
            context: s.context.clone().unwrap_or_default(),
        })
        .collect();
    let chrome = viewer.section("skills");
    super::render(
        &BrowsePage {
            chrome: chrome.clone(),
            q: q.q,
            rows,
            total: all.len(),
        },
        &chrome,
    )
}
