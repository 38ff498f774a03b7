//! Ranking straight from the store: the candidates that hold a requisition's skills (or the ones
//! that count toward them), and the open requisitions, scored and sorted. The in-memory index
//! will replace the gathering step; the ranking stays the same.

use crate::{Match, Weights, rank, score};
use hitstaff_domain::{
    Candidate, CandidateId, NewCandidate, OrgId, Requisition, RequisitionStatus, SkillId, UserId,
};
use hitstaff_store::{CandidateFilter, PageRequest, RequisitionFilter, Result, Store, StoreError};
use hitstaff_taxonomy::Taxonomy;
use std::collections::{BTreeMap, HashSet};
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

/// Candidates read per skill when gathering (newest first), by default.
pub const PER_SKILL: u32 = 2_000;

/// The skills whose holders can score on a requisition: each skill, its parts, its application and
/// that application's other modules, and its related products. (Other products of the same vendor
/// count in part too, but gathering every Epic analyst for each Epic requisition is the index's
/// job.)
fn gather_skills(r: &Requisition) -> Vec<SkillId> {
    let t = Taxonomy::get();
    let mut out: Vec<SkillId> = Vec::new();
    for s in &r.fields.skills {
        out.push(s.skill.clone());
        out.extend(t.children(&s.skill).map(|c| c.id.clone()));
        if let Some(k) = t.get_skill(&s.skill) {
            out.extend(k.related.iter().cloned());
            if let Some(parent) = &k.parent
                && t.ancestors(parent).next().is_some()
            {
                out.push(parent.clone());
                out.extend(t.children(parent).map(|c| c.id.clone()));
            }
        }
    }
    let mut seen = HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

/// The best `limit` candidates for a requisition, best first, from at most `per_skill` candidates
/// (the newest) holding each gathered skill.
pub async fn best_candidates<S: Store>(
    store: &S,
    org: OrgId,
    r: &Requisition,
    weights: &Weights,
    today: Date,
    limit: usize,
    per_skill: u32,
) -> Result<Vec<(CandidateId, NewCandidate, Match)>> {
    let mut pool = BTreeMap::new();
    for skill in gather_skills(r) {
        let mut page = PageRequest::first(500);
        let mut read = 0;
        loop {
            let filter = CandidateFilter {
                skill: Some(skill.clone()),
                ..CandidateFilter::default()
            };
            let got = store.list_candidates(org, &filter, &page).await?;
            read += got.items.len() as u32;
            for c in got.items {
                pool.entry(c.id).or_insert(c.fields);
            }
            match got.next {
                Some(next) if read < per_skill => page.after = Some(next),
                _ => break,
            }
        }
    }
    Ok(rank(&r.fields, pool, weights, today, limit))
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
    let mut page = PageRequest::first(500);
    let mut scored = Vec::new();
    loop {
        let got = store.list_requisitions(org, &filter, &page).await?;
        let read = got.items.len();
        scored.extend(
            got.items
                .into_iter()
                .filter_map(|r| score(&r.fields, &candidate.fields, weights, today).map(|m| (r, m))),
        );
        match got.next {
            Some(next) if read > 0 && scored.len() < 50_000 => page.after = Some(next),
            _ => break,
        }
    }
    scored.sort_by(|a, b| b.1.score.cmp(&a.1.score).then_with(|| a.0.id.cmp(&b.0.id)));
    scored.truncate(limit);
    Ok(scored)
}
