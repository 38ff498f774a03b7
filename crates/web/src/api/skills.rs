//! `/api/v1/skills`: the healthcare-IT skills taxonomy, searchable by name or alias. Requisitions and
//! candidates name skills by these ids.

use super::{Params, path_id};
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::Caller;
use axum::Json;
use axum::extract::Path;
use hitstaff_domain::SkillId;
use hitstaff_store::Store;
use hitstaff_taxonomy::{Skill, Taxonomy};
use serde::{Deserialize, Serialize};

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(index, show)
}

/// A skill as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct SkillOut {
    id: SkillId,
    name: String,
    /// platform, application, module, standard, terminology, engine, certification, tool or practice.
    kind: String,
    /// The broader skill (Beaker CP's is Beaker; Beaker's is Epic).
    parent: Option<SkillId>,
    aliases: Vec<String>,
    /// Set when the aliases count only where this vendor is in view (Epic's "Cadence").
    context: Option<String>,
    /// Comparable skills of other vendors, and what they share.
    related: Vec<SkillId>,
    area: Option<String>,
    /// How common among healthcare-IT candidates, 1 (rare) to 100.
    prevalence: u8,
}

impl From<&Skill> for SkillOut {
    fn from(s: &Skill) -> Self {
        SkillOut {
            id: s.id.clone(),
            name: s.name.clone(),
            kind: format!("{:?}", s.kind).to_lowercase(),
            parent: s.parent.clone(),
            aliases: s.aliases.clone(),
            context: s.context.clone(),
            related: s.related.clone(),
            area: s.area.clone(),
            prevalence: s.prevalence,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Query {
    /// Part of a name, an alias or an id ("beaker", "Cerner lab", "hl7"); empty lists every skill.
    q: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/skills",
    tag = "skills",
    summary = "Skills of the taxonomy: all of them, or those matching a name or alias, best first",
    params(Query),
    responses((status = 200, description = "The skills", body = Vec<SkillOut>), crate::api::docs::Problems)
)]
async fn index(_caller: Caller, Params(q): Params<Query>) -> Json<Vec<SkillOut>> {
    let query = q.q.unwrap_or_default();
    let skills: Vec<SkillOut> = if query.trim().is_empty() {
        Taxonomy::get().all().iter().map(SkillOut::from).collect()
    } else {
        Taxonomy::get()
            .search(&query, 50)
            .into_iter()
            .map(SkillOut::from)
            .collect()
    };
    Json(skills)
}

#[utoipa::path(
    get,
    path = "/api/v1/skills/{id}",
    tag = "skills",
    summary = "One skill",
    params(("id" = String, Path, description = "The skill id, e.g. epic.beaker_cp")),
    responses((status = 200, description = "The skill", body = SkillOut), crate::api::docs::Problems)
)]
async fn show(_caller: Caller, Path(raw): Path<String>) -> Result<Json<SkillOut>, AppError> {
    let id = path_id(&raw, "skill", SkillId::parse)?;
    Taxonomy::get()
        .get_skill(&id)
        .map(|s| Json(SkillOut::from(s)))
        .ok_or_else(|| AppError::NotFound("no such skill".into()))
}
