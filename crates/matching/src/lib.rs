//! Explainable matching: how well a candidate fits a requisition, as a score from 0 to 100 and
//! the strengths and weaknesses behind it, each pointing at its evidence.
//!
//! The score is a weighted mean of factors, each from 0 to 1: required skills (at the level and
//! years asked; related skills from the taxonomy count in part), preferred skills, the
//! requisition's intent (depth on the product to maintain it, breadth and go-lives to implement
//! one), recency of use, total experience, location and work model, availability against the start
//! date, and pay against the budget. Every factor only rises when a candidate gains a skill, so a
//! candidate who meets everything outranks one who meets a subset.

mod gather;
pub mod geo;

pub use gather::{PER_SKILL, best_candidates, best_requisitions};

use hitstaff_domain::{
    CandidateSkill, Intent, NewCandidate, NewRequisition, PayUnit, SkillId, SkillRequirement, WorkModel,
};
use hitstaff_taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use time::Date;

/// How much each factor counts. Any positive numbers; the score divides by their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Weights {
    pub required_skills: u16,
    pub preferred_skills: u16,
    pub intent: u16,
    pub recency: u16,
    pub experience: u16,
    pub location: u16,
    pub availability: u16,
    pub pay: u16,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            required_skills: 40,
            preferred_skills: 10,
            intent: 10,
            recency: 8,
            experience: 7,
            location: 12,
            availability: 8,
            pay: 5,
        }
    }
}

/// What a reason points at, for the recruiter to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A skill on the candidate's profile (its resume evidence is on their resume page).
    Skill { skill: SkillId },
    /// A field of the candidate's profile ("location", "available_from", "desired_pay",
    /// "experience", "preferences").
    Profile { field: String },
    /// A requirement the candidate does not meet.
    Requirement { skill: SkillId },
}

/// One strength or weakness, in words a recruiter can check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reason {
    pub text: String,
    pub evidence: Evidence,
}

/// A factor's share of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Part {
    pub factor: String,
    pub weight: u16,
    /// From 0 to 1.
    pub earned: f64,
}

/// How a candidate fits a requisition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Match {
    /// 0 to 100.
    pub score: u8,
    pub strengths: Vec<Reason>,
    pub weaknesses: Vec<Reason>,
    pub parts: Vec<Part>,
}

fn name(skill: &SkillId) -> String {
    Taxonomy::get()
        .get_skill(skill)
        .map_or_else(|| skill.to_string(), |s| s.name.clone())
}

fn years(tenths: u16) -> String {
    format!("{:.1}", f64::from(tenths) / 10.0)
}

/// How one of the candidate's skills stands for a required one.
#[derive(Debug, Clone)]
struct Credit {
    /// 0 to 1, level and years included.
    value: f64,
    /// How the skill relates: exact, part of it, its family, a sibling, or related.
    kind: &'static str,
    skill: CandidateSkill,
    area: Option<String>,
    short_level: bool,
    short_years: Option<u8>,
}

/// The credit a candidate skill earns toward a requirement.
fn credit(req: &SkillRequirement, have: &CandidateSkill) -> Option<Credit> {
    let t = Taxonomy::get();
    let root = |id: &SkillId| t.ancestors(id).last().map(|s| s.id.clone());
    let parent = |id: &SkillId| t.get_skill(id).and_then(|s| s.parent.clone());
    let (base, kind, area) = if have.skill == req.skill {
        (1.0, "exact", None)
    } else if t.ancestors(&have.skill).any(|a| a.id == req.skill) {
        (0.9, "part", None)
    } else if t.are_siblings(&have.skill, &req.skill)
        && parent(&req.skill).is_some_and(|p| root(&p).is_some())
    {
        // A neighbouring module of the same application (Beaker AP for Beaker CP).
        (0.6, "sibling", None)
    } else if root(&have.skill).is_some() && root(&have.skill) == root(&req.skill) {
        // Another product of the same vendor or family (Cadence for Willow): some of the platform.
        (0.5, "vendor", root(&req.skill).map(|r| name(&r)))
    } else if t.ancestors(&req.skill).any(|a| a.id == have.skill) {
        // The vendor alone ("Epic"), less specific than any of its products.
        (0.45, "family", None)
    } else if let Some(area) = t.relation(&have.skill, &req.skill) {
        (0.4, "related", Some(area.to_string()))
    } else {
        return None;
    };
    let short_level = req.level.is_some_and(|l| have.level < l);
    let level = if short_level { 0.7 } else { 1.0 };
    let (years_factor, short_years) = match req.min_years {
        Some(min) if min > 0 => {
            let got = f64::from(have.years_tenths) / 10.0;
            let f = (got / f64::from(min)).clamp(0.3, 1.0);
            (f, (got < f64::from(min)).then_some(min))
        }
        _ => (1.0, None),
    };
    Some(Credit {
        value: base * level * years_factor,
        kind,
        skill: have.clone(),
        area,
        short_level,
        short_years,
    })
}

/// The candidate's best skill for a requirement.
fn best(req: &SkillRequirement, c: &NewCandidate) -> Option<Credit> {
    c.skills
        .iter()
        .filter_map(|s| credit(req, s))
        .max_by(|a, b| a.value.total_cmp(&b.value))
}

/// How recently a skill was used, from 0.1 (long ago) to 1 (this year or last).
fn recency(last_used: Option<i32>, today: Date) -> f64 {
    match last_used.map(|y| today.year() - y) {
        None => 0.5,
        Some(..=1) => 1.0,
        Some(2..=3) => 0.6,
        Some(4..=5) => 0.3,
        Some(_) => 0.1,
    }
}

/// Years covered by the candidate's roles (overlaps once), or their longest skill.
fn career_years(c: &NewCandidate, today: Date) -> f64 {
    let spans: Vec<(i32, i32)> = c
        .experience
        .iter()
        .map(|e| (e.start.to_julian_day(), e.end.unwrap_or(today).to_julian_day()))
        .collect();
    let days = hitstaff_domain::covered_days(spans);
    let from_roles = days as f64 / 365.25;
    let from_skills = c
        .skills
        .iter()
        .map(|s| f64::from(s.years_tenths) / 10.0)
        .fold(0.0, f64::max);
    from_roles.max(from_skills)
}

/// Pay per hour, for comparing a salary with a bill rate (2,080 working hours a year).
fn hourly(cents: i64, unit: PayUnit) -> f64 {
    let c = cents as f64 / 100.0;
    match unit {
        PayUnit::Hour => c,
        _ => c / 2080.0,
    }
}

/// Scores a candidate for a requisition. `None` when a hard-filter skill is missing: such a
/// candidate is not ranked at all.
pub fn score(r: &NewRequisition, c: &NewCandidate, w: &Weights, today: Date) -> Option<Match> {
    let mut strengths = Vec::new();
    let mut weaknesses = Vec::new();
    let skill_evidence = |s: &SkillId| Evidence::Skill { skill: s.clone() };
    let profile = |f: &str| Evidence::Profile { field: f.to_string() };

    // Skills, required and preferred.
    let skill_factor = |required: bool,
                        strengths: &mut Vec<Reason>,
                        weaknesses: &mut Vec<Reason>|
     -> Option<(f64, f64)> {
        let reqs: Vec<&SkillRequirement> = r.skills.iter().filter(|s| s.required == required).collect();
        if reqs.is_empty() {
            return Some((1.0, 1.0));
        }
        let mut total = 0.0;
        let mut fresh = 0.0;
        for req in &reqs {
            let best = best(req, c);
            if req.hard_filter && best.as_ref().is_none_or(|b| !matches!(b.kind, "exact" | "part")) {
                return None;
            }
            let what = if required { "required" } else { "preferred" };
            match &best {
                None => weaknesses.push(Reason {
                    text: format!("No {} ({what})", name(&req.skill)),
                    evidence: Evidence::Requirement {
                        skill: req.skill.clone(),
                    },
                }),
                Some(b) => {
                    let have = name(&b.skill.skill);
                    let want = name(&req.skill);
                    let detail = format!(
                        "{} years, {}",
                        years(b.skill.years_tenths),
                        b.skill.level.label().to_lowercase()
                    );
                    let reason = match b.kind {
                        "exact" => format!("{have} ({detail})"),
                        "part" => format!("{have}, part of {want} ({detail})"),
                        "family" => format!("{have}, the family of {want} asked ({detail}); counts in part"),
                        "sibling" => format!("{have}, a sibling of {want} ({detail}); counts in part"),
                        "vendor" => format!(
                            "{have}, from the same family{} ({detail}); counts in part",
                            b.area.as_ref().map(|a| format!(" ({a})")).unwrap_or_default()
                        ),
                        _ => format!(
                            "{have}, related to {want}{} ({detail}); counts in part",
                            b.area.as_ref().map(|a| format!(": {a}")).unwrap_or_default()
                        ),
                    };
                    let exact = matches!(b.kind, "exact" | "part");
                    let evidence = skill_evidence(&b.skill.skill);
                    if exact && !b.short_level && b.short_years.is_none() {
                        strengths.push(Reason {
                            text: reason,
                            evidence,
                        });
                    } else if exact {
                        let mut text = reason;
                        if b.short_level
                            && let Some(level) = req.level
                        {
                            text.push_str(&format!("; {} asked", level.label().to_lowercase()));
                        }
                        if let Some(min) = b.short_years {
                            text.push_str(&format!("; {min} years asked"));
                        }
                        weaknesses.push(Reason { text, evidence });
                    } else {
                        weaknesses.push(Reason {
                            text: format!("No {want} itself ({what}): {reason}"),
                            evidence,
                        });
                    }
                }
            }
            // Recency: the best of credit times freshness over every skill (never falls when a
            // skill is added).
            fresh += c
                .skills
                .iter()
                .filter_map(|s| credit(req, s).map(|cr| cr.value * recency(s.last_used_year, today)))
                .fold(0.0, f64::max);
            total += best.map_or(0.0, |b| b.value);
        }
        let n = reqs.len() as f64;
        Some((total / n, fresh / n))
    };
    let (required, fresh) = skill_factor(true, &mut strengths, &mut weaknesses)?;
    let (preferred, _) = skill_factor(false, &mut strengths, &mut weaknesses)?;

    // Intent: depth on the product to maintain or optimise it; breadth and go-lives to implement.
    // The most years on any skill that is, or is part of, a required product (never falls when a
    // skill is added).
    let exact_years = r
        .skills
        .iter()
        .filter(|s| s.required)
        .flat_map(|req| c.skills.iter().filter_map(move |s| credit(req, s)))
        .filter(|cr| matches!(cr.kind, "exact" | "part"))
        .map(|cr| (cr.skill.years_tenths, cr.skill.skill))
        .max();
    let go_live = c.skills.iter().any(|s| s.skill.as_str() == "practice.go_live")
        || c.experience.iter().any(|e| {
            let t = e.title.to_lowercase();
            t.contains("implementation") || t.contains("go-live") || t.contains("consultant")
        });
    let intent = match r.intent {
        Intent::Maintain | Intent::Optimize => match &exact_years {
            Some((tenths, skill)) => {
                let f = (f64::from(*tenths) / 50.0).min(1.0);
                if f >= 0.6 {
                    strengths.push(Reason {
                        text: format!(
                            "{} years on {}, the system to {}",
                            years(*tenths),
                            name(skill),
                            if r.intent == Intent::Maintain {
                                "maintain"
                            } else {
                                "optimise"
                            }
                        ),
                        evidence: skill_evidence(skill),
                    });
                }
                f
            }
            None => 0.0,
        },
        Intent::Implement | Intent::GoLiveSupport => {
            let t = Taxonomy::get();
            let areas: Vec<Option<&str>> = r
                .skills
                .iter()
                .map(|s| t.get_skill(&s.skill).and_then(|k| k.area.as_deref()))
                .collect();
            let breadth = c
                .skills
                .iter()
                .filter(|s| {
                    let a = t.get_skill(&s.skill).and_then(|k| k.area.as_deref());
                    a.is_some() && areas.contains(&a)
                })
                .count();
            let breadth_f = (breadth as f64 / 4.0).min(1.0);
            if go_live {
                strengths.push(Reason {
                    text: "Implementation and go-live history".into(),
                    evidence: profile("experience"),
                });
            } else {
                weaknesses.push(Reason {
                    text: format!(
                        "No go-live or implementation history shown ({})",
                        r.intent.label().to_lowercase()
                    ),
                    evidence: profile("experience"),
                });
            }
            0.5 * breadth_f + if go_live { 0.5 } else { 0.0 }
        }
    };

    // Experience against the years asked (or five).
    let asked = r
        .skills
        .iter()
        .filter_map(|s| s.min_years)
        .max()
        .map_or(5.0, f64::from);
    let career = career_years(c, today);
    let experience = (career / asked).min(1.0);
    if career >= asked {
        strengths.push(Reason {
            text: format!("{career:.0} years of experience"),
            evidence: profile("experience"),
        });
    } else if career < asked / 2.0 {
        weaknesses.push(Reason {
            text: format!("{career:.1} years of experience; {asked:.0} asked"),
            evidence: profile("experience"),
        });
    }

    // Location and work model.
    let prefers = |m: WorkModel| c.preferences.models.is_empty() || c.preferences.models.contains(&m);
    let location = match r.work_model {
        WorkModel::Remote => {
            let state_ok = r.remote_states.is_empty()
                || c.location
                    .as_ref()
                    .is_some_and(|l| r.remote_states.contains(&l.state));
            if !state_ok {
                weaknesses.push(Reason {
                    text: format!(
                        "Lives in {}; remote only from {}",
                        c.location
                            .as_ref()
                            .map_or("an unknown state".to_string(), |l| l.state.code().to_string()),
                        r.remote_states
                            .iter()
                            .map(|s| s.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    evidence: profile("location"),
                });
                0.0
            } else if prefers(WorkModel::Remote) {
                strengths.push(Reason {
                    text: "Wants remote work".into(),
                    evidence: profile("preferences"),
                });
                1.0
            } else {
                weaknesses.push(Reason {
                    text: "Prefers onsite or hybrid work".into(),
                    evidence: profile("preferences"),
                });
                0.5
            }
        }
        WorkModel::Onsite | WorkModel::Hybrid => {
            let miles = match (&c.location, &r.location) {
                (Some(a), Some(b)) => geo::Places::get().miles(a, b),
                _ => None,
            };
            let mut f = match miles {
                Some(m) if m <= 30.0 => 1.0,
                Some(m) if m <= 60.0 => 0.8,
                Some(m) if m <= 120.0 => {
                    if r.work_model == WorkModel::Hybrid {
                        0.6
                    } else {
                        0.4
                    }
                }
                Some(_) if c.preferences.relocate => 0.5,
                Some(_) => 0.1,
                None => 0.5,
            };
            match miles {
                Some(m) if m <= 60.0 => strengths.push(Reason {
                    text: format!("Lives {m:.0} miles from the site"),
                    evidence: profile("location"),
                }),
                Some(m) if c.preferences.relocate => strengths.push(Reason {
                    text: format!("{m:.0} miles away, willing to relocate"),
                    evidence: profile("preferences"),
                }),
                Some(m) => weaknesses.push(Reason {
                    text: format!("Lives {m:.0} miles from the site"),
                    evidence: profile("location"),
                }),
                None => weaknesses.push(Reason {
                    text: "Distance to the site unknown".into(),
                    evidence: profile("location"),
                }),
            }
            if !prefers(r.work_model) {
                f = f64::min(f, 0.3);
                weaknesses.push(Reason {
                    text: format!("Does not want {} work", r.work_model.label().to_lowercase()),
                    evidence: profile("preferences"),
                });
            }
            f
        }
    };

    // Availability against the start date.
    let availability = match (r.start_date, c.available_from) {
        (None, _) => 1.0,
        (Some(_), None) => 0.6,
        (Some(start), Some(from)) if from <= start => {
            strengths.push(Reason {
                text: format!("Available from {from}, before the start"),
                evidence: profile("available_from"),
            });
            1.0
        }
        (Some(start), Some(from)) => {
            let late = (from - start).whole_days();
            weaknesses.push(Reason {
                text: format!("Available {late} days after the start date"),
                evidence: profile("available_from"),
            });
            if late <= 30 { 0.6 } else { 0.2 }
        }
    };

    // Pay against the budget.
    let pay = match (&r.pay, &c.desired_pay) {
        (None, _) => 1.0,
        (Some(_), None) => 0.6,
        (Some(budget), Some(want)) => {
            let asks = hourly(want.amount.cents, want.unit);
            let max = hourly(budget.max.cents, budget.unit);
            if asks <= max {
                strengths.push(Reason {
                    text: format!("Asks {} {}, within budget", want.amount, want.unit.label()),
                    evidence: profile("desired_pay"),
                });
                1.0
            } else {
                weaknesses.push(Reason {
                    text: format!(
                        "Asks {} {}, over the {} budget",
                        want.amount,
                        want.unit.label(),
                        budget.max
                    ),
                    evidence: profile("desired_pay"),
                });
                if asks <= max * 1.1 { 0.5 } else { 0.0 }
            }
        }
    };

    let parts = vec![
        Part {
            factor: "required skills".into(),
            weight: w.required_skills,
            earned: required,
        },
        Part {
            factor: "preferred skills".into(),
            weight: w.preferred_skills,
            earned: preferred,
        },
        Part {
            factor: "intent".into(),
            weight: w.intent,
            earned: intent,
        },
        Part {
            factor: "recency".into(),
            weight: w.recency,
            earned: fresh,
        },
        Part {
            factor: "experience".into(),
            weight: w.experience,
            earned: experience,
        },
        Part {
            factor: "location".into(),
            weight: w.location,
            earned: location,
        },
        Part {
            factor: "availability".into(),
            weight: w.availability,
            earned: availability,
        },
        Part {
            factor: "pay".into(),
            weight: w.pay,
            earned: pay,
        },
    ];
    let total: f64 = parts.iter().map(|p| f64::from(p.weight)).sum();
    let earned: f64 = parts.iter().map(|p| f64::from(p.weight) * p.earned).sum();
    let score = if total > 0.0 {
        (100.0 * earned / total).round().clamp(0.0, 100.0) as u8
    } else {
        0
    };
    Some(Match {
        score,
        strengths,
        weaknesses,
        parts,
    })
}

/// The best `top` of `candidates` for a requisition, best first (ties by id, oldest first);
/// candidates a hard filter leaves out are not in the list.
pub fn rank<K: Ord + Clone>(
    r: &NewRequisition,
    candidates: impl IntoIterator<Item = (K, NewCandidate)>,
    w: &Weights,
    today: Date,
    top: usize,
) -> Vec<(K, NewCandidate, Match)> {
    let mut scored: Vec<(K, NewCandidate, Match)> = candidates
        .into_iter()
        .filter_map(|(k, c)| score(r, &c, w, today).map(|m| (k, c, m)))
        .collect();
    scored.sort_by(|a, b| b.2.score.cmp(&a.2.score).then_with(|| a.0.cmp(&b.0)));
    scored.truncate(top);
    scored
}
