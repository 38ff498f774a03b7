//! Explainable matching: how well a candidate fits a requisition, as a score from 0 to 100 and
//! the strengths and weaknesses behind it, each pointing at its evidence.
//!
//! The score is a weighted mean of factors, each from 0 to 1: required skills (at the level and
//! years asked; related skills from the taxonomy count in part), preferred skills, the
//! requisition's intent (depth on the product to maintain it, breadth and go-lives to implement
//! one), recency of use, total experience, location and work model, availability against the start
//! date, and pay against the budget. Every factor only rises when a candidate gains a skill, so a
//! candidate who meets everything outranks one who meets a subset.
//!
//! Two facts beyond the requisition's own count too. Willingness to travel: for a contract, a
//! candidate who travels the time the site needs (up to 100% for onsite, half for hybrid) is
//! placed like one who would relocate, as travelling consultants are. And the client's EHR
//! ([`AtClient`]): when the requisition names no product of the vendor whose EHR the client runs,
//! that EHR joins it as a preferred skill ("the client's EHR" in the reasons).
//!
//! # What a score means
//!
//! The weighted mean is then held to what a recruiter would say of the candidate, in bands
//! ([`band`]):
//!
//! - **85 and up, submit-ready**: holds every required skill itself (the product or a module of
//!   it), at the certificate asked and within a year of the years asked.
//! - **70 to 84, worth a call**: short of a certificate or of the years asked, or holding a
//!   genuine substitute for a required product: a sibling module of the same application, the
//!   application a module belongs to, or a related system of the same kind (another vendor's, or
//!   another application of the same suite).
//! - **50 to 69, a long shot**: only a neighbour of a required product (the same vendor's other
//!   application, a related skill of another kind such as SQL for Clarity), or a required product
//!   named with no job behind it.
//! - **Under 50, missing a requirement**: nothing toward a required skill.
//!
//! A required skill holds the score under the band its best credit earns (the highest scores
//! pressed into the 15 points under the cap, so order among them survives), and the explanation
//! says which rule held it. Then each hard reality takes [`HARD_REALITY_POINTS`]: far from an
//! onsite or hybrid job without relocating (or, for a contract, travelling), wanting only remote work for one, outside the states a
//! remote job may be worked from, asking more than 40% over the budget, free more than 60 days
//! after the start (a factor an organisation weighs at 0 brings none). The bands are judged on the
//! judged set in `tests/judged/`.

mod gather;
pub mod geo;
mod index;

pub use gather::{
    at_client, best_candidates, best_requisitions, client_systems, org_weights, set_org_weights,
};
pub use index::{CandidateIndex, Loaded};

use hitstaff_domain::{
    CredentialLevel, DesiredPay, Engagement, Intent, NewCandidate, NewRequisition, PayUnit, SkillId,
    SkillRequirement, Travel, UsState, WorkModel,
};
use hitstaff_taxonomy::{SkillKind, Taxonomy};
use serde::{Deserialize, Serialize};
use time::Date;

/// How much each factor counts: whole numbers from 0 to 1,000, the score divides by their sum,
/// and required skills must be at least a fifth of it.
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

/// The largest weight an organisation may give a factor.
pub const MAX_WEIGHT: u16 = 1_000;

impl Weights {
    fn all(&self) -> [u16; 8] {
        [
            self.required_skills,
            self.preferred_skills,
            self.intent,
            self.recency,
            self.experience,
            self.location,
            self.availability,
            self.pay,
        ]
    }

    /// Weights must leave something to score and keep required skills in charge: each at most
    /// [`MAX_WEIGHT`], not all zero, and required skills at least [`MIN_REQUIRED_SHARE`] percent
    /// of the sum (below that, people without the product a job requires can top its list).
    /// The error names the field and says which rule was broken, for the person who set them.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let all = self.all();
        let sum: u32 = all.iter().map(|&x| u32::from(x)).sum();
        if all.iter().any(|&x| x > MAX_WEIGHT) {
            Err(("weights", "each weight is a whole number from 0 to 1,000".into()))
        } else if sum == 0 {
            Err((
                "weights",
                "at least one factor must count; all zero would rank no one".into(),
            ))
        } else if u32::from(self.required_skills) * 100 < MIN_REQUIRED_SHARE * sum {
            let share = u32::from(self.required_skills) * 100 / sum;
            Err((
                "required_skills",
                format!(
                    "required skills count for {share}% of the score; they must count for at least \
                     {MIN_REQUIRED_SHARE}%, or people without the product a job requires can top its \
                     list. Raise required skills or lower the others"
                ),
            ))
        } else {
            Ok(())
        }
    }
}

/// The smallest share of the score (in percent) that required skills may have.
pub const MIN_REQUIRED_SHARE: u32 = 20;

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
#[schema(as = MatchReason)]
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
    /// The kinship's credit, before level and years.
    base: f64,
    /// 0 to 1, level and years included.
    value: f64,
    /// How the skill relates to the one asked.
    kind: Kinship,
    fact: Fact,
    area: Option<&'static str>,
    short_level: bool,
    short_years: Option<u8>,
}

/// How a candidate's skill stands for one asked, from closest to furthest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kinship {
    /// The skill itself.
    Exact,
    /// A part of it (a module of the application asked).
    Part,
    /// The application the module asked belongs to (Beaker for Beaker CP).
    Whole,
    /// A neighbouring module of the same application (Beaker AP for Beaker CP).
    Sibling,
    /// A product of the same kind, of another vendor (PathNet for Beaker) or of the same suite
    /// (Cadence for Prelude), in an area the taxonomy names: a genuine substitute.
    Related,
    /// A related skill of another kind (SQL for Clarity, HL7 for Bridges): helps, stands in for
    /// nothing.
    Adjacent,
    /// Another product of the same vendor (Willow for Prelude): the vendor's tools, not the job.
    Vendor,
    /// The vendor alone ("Epic"), less specific than any of its products.
    Family,
}

impl Kinship {
    /// Whether it credits the requirement itself (the skill or a part of it).
    fn is_exact(self) -> bool {
        matches!(self, Kinship::Exact | Kinship::Part)
    }

    /// Whether it is a genuine substitute for the requirement, short of the thing itself.
    fn is_close(self) -> bool {
        matches!(self, Kinship::Whole | Kinship::Sibling | Kinship::Related)
    }
}

/// What a score means: the bands a recruiter reads it in. Each band's floor.
pub mod band {
    /// 85 and up: meets what the client requires; submit.
    pub const SUBMIT: u8 = 85;
    /// 70 to 84: a genuine candidate short of something (years, the certificate, the exact
    /// product); worth a call.
    pub const CALL: u8 = 70;
    /// 50 to 69: a long shot (a neighbouring product, or a strong profile with a hard reality).
    pub const LONG_SHOT: u8 = 50;
    // Under 50: missing something the client requires.

    /// The band's name for a score.
    pub fn name(score: u8) -> &'static str {
        match score {
            SUBMIT.. => "submit-ready",
            CALL.. => "worth a call",
            LONG_SHOT.. => "long shot",
            _ => "missing a requirement",
        }
    }
}

/// How many points each hard reality takes (far from an onsite job and not moving, far over
/// budget, free long after the start, wanting only remote work for an onsite job, outside the
/// states a remote job may be worked from): enough to move a candidate down two bands.
pub const HARD_REALITY_POINTS: u8 = 30;

/// A relation's base credit, its kind, and the area or family it names.
type Relation = Option<(f64, Kinship, Option<&'static str>)>;

/// How a skill stands for another, worked out once for every pair of the taxonomy.
#[derive(Debug)]
struct Relations {
    index: std::collections::HashMap<SkillId, usize>,
    /// `table[want * n + have]`: (base credit, kind, area or family name).
    table: Vec<Relation>,
    n: usize,
}

impl Relations {
    fn get() -> &'static Relations {
        static RELATIONS: std::sync::LazyLock<Relations> = std::sync::LazyLock::new(Relations::build);
        &RELATIONS
    }

    fn build() -> Relations {
        let t = Taxonomy::get();
        let all = t.all();
        let n = all.len();
        let index = all.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let root = |id: &SkillId| t.ancestors(id).last();
        let parent = |id: &SkillId| t.get_skill(id).and_then(|s| s.parent.clone());
        let mut table = Vec::with_capacity(n * n);
        for want in all {
            for have in all {
                let (w, h) = (&want.id, &have.id);
                let same_vendor = root(h).is_some() && root(h).map(|r| &r.id) == root(w).map(|r| &r.id);
                let rel = if h == w {
                    Some((1.0, Kinship::Exact, None))
                } else if t.ancestors(h).any(|a| &a.id == w) {
                    Some((0.9, Kinship::Part, None))
                } else if t.ancestors(w).any(|a| &a.id == h) {
                    if root(h).is_some() {
                        Some((0.8, Kinship::Whole, None))
                    } else {
                        Some((0.3, Kinship::Family, None))
                    }
                } else if t.are_siblings(h, w) && parent(w).is_some_and(|p| root(&p).is_some()) {
                    Some((0.75, Kinship::Sibling, None))
                } else if let Some(area) = t.relation(h, w) {
                    if same_class(have.kind, want.kind) {
                        Some((0.7, Kinship::Related, Some(area)))
                    } else {
                        Some((0.3, Kinship::Adjacent, Some(area)))
                    }
                } else if same_vendor {
                    Some((0.35, Kinship::Vendor, root(w).map(|r| r.name.as_str())))
                } else {
                    None
                };
                table.push(rel);
            }
        }
        Relations { index, table, n }
    }

    /// How the skill at taxonomy position `have` stands for the one at `want`.
    fn at(&self, want: usize, have: u16) -> Relation {
        self.table[want * self.n + usize::from(have)]
    }
}

/// Whether two kinds of skill can stand in for each other: only systems, for systems (an
/// application, a module, a platform or an integration engine).
fn same_class(a: SkillKind, b: SkillKind) -> bool {
    let system = |k| {
        matches!(
            k,
            SkillKind::Platform | SkillKind::Application | SkillKind::Module | SkillKind::Engine
        )
    };
    // Practices, tools, standards and certificates are each their own thing: general
    // information security is not HIPAA compliance, CISM is not the CISSP asked.
    system(a) && system(b)
}

/// One skill of a profile, by its position in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fact {
    skill: u16,
    years_tenths: u16,
    level: CredentialLevel,
    /// The year last used; `i16::MIN` when unknown.
    last_used: i16,
}

impl Fact {
    fn id(&self) -> &'static SkillId {
        &Taxonomy::get().all()[usize::from(self.skill)].id
    }
}

/// A candidate as the scorer reads them: skills by their position in the taxonomy, and the few
/// profile facts that count. A few dozen bytes beside the skills, so that a million fit in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The skills the taxonomy knows (no other skill earns credit), in profile order.
    skills: Box<[Fact]>,
    /// The most years on any skill, known to the taxonomy or not.
    longest_skill_tenths: u16,
    /// Roles as Julian days, `None` while current.
    spans: Box<[(i32, Option<i32>)]>,
    go_live: bool,
    state: Option<UsState>,
    point: Option<geo::Point>,
    /// Bit per work model accepted; 0 when no preference was stated.
    models: u8,
    relocate: bool,
    travel: Travel,
    available_from: Option<Date>,
    desired_pay: Option<DesiredPay>,
}

fn model_bit(m: WorkModel) -> u8 {
    match m {
        WorkModel::Onsite => 1,
        WorkModel::Hybrid => 2,
        WorkModel::Remote => 4,
    }
}

impl Profile {
    /// The facts of a candidate that scoring reads.
    pub fn of(c: &NewCandidate) -> Profile {
        let rel = Relations::get();
        let skills = c
            .skills
            .iter()
            .filter_map(|s| {
                Some(Fact {
                    skill: u16::try_from(*rel.index.get(&s.skill)?).ok()?,
                    years_tenths: s.years_tenths,
                    level: s.level,
                    last_used: s
                        .last_used_year
                        .map_or(i16::MIN, |y| i16::try_from(y).unwrap_or(i16::MIN + 1)),
                })
            })
            .collect();
        let go_live = c
            .skills
            .iter()
            .any(|s| s.skill.as_str() == hitstaff_taxonomy::known::GO_LIVE)
            || c.experience.iter().any(|e| {
                let t = e.title.to_lowercase();
                t.contains("implementation") || t.contains("go-live") || t.contains("consultant")
            });
        Profile {
            skills,
            longest_skill_tenths: c.skills.iter().map(|s| s.years_tenths).max().unwrap_or(0),
            spans: c
                .experience
                .iter()
                .map(|e| (e.start.to_julian_day(), e.end.map(|d| d.to_julian_day())))
                .collect(),
            go_live,
            state: c.location.as_ref().map(|l| l.state),
            point: c.location.as_ref().and_then(|l| geo::Places::get().locate(l)),
            models: c.preferences.models.iter().fold(0, |m, &x| m | model_bit(x)),
            relocate: c.preferences.relocate,
            travel: c.preferences.travel,
            available_from: c.available_from,
            desired_pay: c.desired_pay,
        }
    }

    /// The taxonomy positions of the profile's skills.
    pub(crate) fn skill_positions(&self) -> impl Iterator<Item = u16> + '_ {
        self.skills.iter().map(|f| f.skill)
    }
}

/// Skills that count in part toward a requisition's key skills, alike in worth.
#[derive(Debug)]
pub(crate) struct PartialGroup {
    /// The most one of them is worth toward a key skill.
    pub worth: f64,
    /// One of them is a genuine substitute for a key skill (see [`Kinship::is_close`]).
    pub close: bool,
    pub skills: Vec<u16>,
}

/// A requisition made ready to score many candidates: its skills' taxonomy positions, the areas
/// it works in, the site's place and the budget per hour.
#[derive(Debug)]
pub struct Plan<'r> {
    r: &'r NewRequisition,
    rel: &'static Relations,
    /// The taxonomy position of each of `r.skills` (`None`: unknown, nobody earns credit).
    wants: Vec<Option<usize>>,
    /// By taxonomy position: the skill works in an area one of the requisition's skills works in.
    in_areas: Vec<bool>,
    site: Option<geo::Point>,
    today: Date,
    /// `r.skills` from here on are the client's systems (see [`AtClient`]).
    client_from: usize,
}

impl<'r> Plan<'r> {
    pub fn new(r: &'r NewRequisition, today: Date) -> Plan<'r> {
        let rel = Relations::get();
        let t = Taxonomy::get();
        let areas: Vec<&str> = r
            .skills
            .iter()
            .filter_map(|s| t.get_skill(&s.skill).and_then(|k| k.area.as_deref()))
            .collect();
        Plan {
            r,
            rel,
            wants: r
                .skills
                .iter()
                .map(|s| rel.index.get(&s.skill).copied())
                .collect(),
            in_areas: t
                .all()
                .iter()
                .map(|k| k.area.as_deref().is_some_and(|a| areas.contains(&a)))
                .collect(),
            site: r.location.as_ref().and_then(|l| geo::Places::get().locate(l)),
            today,
            client_from: r.skills.len(),
        }
    }

    /// The requisition planned for.
    pub fn requisition(&self) -> &'r NewRequisition {
        self.r
    }

    /// The credit a profile skill earns toward the requisition's `i`-th skill.
    fn credit(&self, i: usize, have: &Fact) -> Option<Credit> {
        let req = &self.r.skills[i];
        let (base, kind, area) = self.rel.at(self.wants[i]?, have.skill)?;
        // The level belongs to the product: a certificate in another one meets no level asked
        // (a substitute's credit is already its kinship's).
        let short_level = req.level.is_some_and(|l| !kind.is_exact() || have.level < l);
        let level = if short_level && kind.is_exact() { 0.7 } else { 1.0 };
        let (years_factor, short_years) = match req.min_years {
            Some(min) if min > 0 => {
                let got = f64::from(have.years_tenths) / 10.0;
                let f = (got / f64::from(min)).clamp(0.3, 1.0);
                (f, (got < f64::from(min)).then_some(min))
            }
            _ => (1.0, None),
        };
        Some(Credit {
            base,
            value: base * level * years_factor,
            kind,
            fact: *have,
            area,
            short_level,
            short_years,
        })
    }

    /// The profile's best skill for the requisition's `i`-th skill.
    fn best(&self, i: usize, p: &Profile) -> Option<Credit> {
        let mut best: Option<Credit> = None;
        for f in &p.skills {
            if let Some(c) = self.credit(i, f)
                && best.as_ref().is_none_or(|b| c.value >= b.value)
            {
                best = Some(c);
            }
        }
        best
    }

    /// Taxonomy positions whose holders earn credit toward the `i`-th skill: `exact` for the skill
    /// and its parts only, else every related skill too.
    pub(crate) fn crediting(&self, i: usize, exact: bool) -> Vec<u16> {
        let Some(want) = self.wants[i] else {
            return Vec::new();
        };
        (0..self.rel.n)
            .filter_map(|h| {
                let h = u16::try_from(h).ok()?;
                let (_, kind, _) = self.rel.at(want, h)?;
                (!exact || kind.is_exact()).then_some(h)
            })
            .collect()
    }

    /// The highest base credit toward the `i`-th skill from a skill that is not it or a part of it.
    pub(crate) fn best_partial(&self, i: usize) -> f64 {
        let Some(want) = self.wants[i] else {
            return 0.0;
        };
        (0..self.rel.n)
            .filter_map(|h| self.rel.at(want, u16::try_from(h).ok()?))
            .filter(|(_, kind, _)| !kind.is_exact())
            .map(|(base, _, _)| base)
            .fold(0.0, f64::max)
    }

    /// The skills that count in part toward any of the `key` skills (not the skills themselves or
    /// their parts), grouped by the most they are worth toward one, most first; each group says
    /// whether one of its skills is a genuine substitute for a key skill.
    pub(crate) fn partial_groups(&self, key: &[usize]) -> Vec<PartialGroup> {
        let mut worth: Vec<f64> = vec![0.0; self.rel.n];
        let mut close: Vec<bool> = vec![false; self.rel.n];
        for &i in key {
            let Some(want) = self.wants[i] else { continue };
            for (h, w) in worth.iter_mut().enumerate() {
                if let Some((base, kind, _)) = u16::try_from(h).ok().and_then(|h| self.rel.at(want, h))
                    && !kind.is_exact()
                {
                    *w = w.max(base);
                    close[h] |= kind.is_close();
                }
            }
        }
        // A skill that is exact for one key skill is scored with those holders already.
        for &i in key {
            for h in self.crediting(i, true) {
                worth[usize::from(h)] = 0.0;
            }
        }
        let mut groups: Vec<PartialGroup> = Vec::new();
        for (h, &w) in worth.iter().enumerate() {
            let Ok(skill) = u16::try_from(h) else { continue };
            if w <= 0.0 {
                continue;
            }
            match groups.iter_mut().find(|g| g.worth == w) {
                Some(g) => {
                    g.skills.push(skill);
                    g.close |= close[h];
                }
                None => groups.push(PartialGroup {
                    worth: w,
                    close: close[h],
                    skills: vec![skill],
                }),
            }
        }
        groups.sort_by(|a, b| b.worth.total_cmp(&a.worth));
        groups
    }
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
fn career_years(p: &Profile, today: Date) -> f64 {
    let today = today.to_julian_day();
    let spans: Vec<(i32, i32)> = p.spans.iter().map(|&(s, e)| (s, e.unwrap_or(today))).collect();
    let days = hitstaff_domain::covered_days(spans);
    let from_roles = days as f64 / 365.25;
    from_roles.max(f64::from(p.longest_skill_tenths) / 10.0)
}

/// Pay per hour, for comparing a salary with a bill rate (2,080 working hours a year).
fn hourly(cents: i64, unit: PayUnit) -> f64 {
    let c = cents as f64 / 100.0;
    match unit {
        PayUnit::Hour => c,
        _ => c / 2080.0,
    }
}

/// A requisition as its client runs it: the client's EHR products join it as preferred skills
/// when it names no product of theirs (by vendor). At an Epic hospital an interface or reporting
/// analyst who knows Epic fits better than one who does not; a Beaker job already says which
/// Epic it wants, and another vendor's lab system stays the closer substitute for it. The
/// explanations say which skills are the client's ("the client's EHR").
#[derive(Debug, Clone)]
pub struct AtClient {
    fields: NewRequisition,
    client_from: usize,
}

impl AtClient {
    /// `systems`: the client's EHR products (skill ids), as on the client's record.
    pub fn new(r: &NewRequisition, systems: &[SkillId]) -> AtClient {
        let t = Taxonomy::get();
        let vendor = |id: &SkillId| {
            t.ancestors(id)
                .last()
                .map_or_else(|| id.clone(), |v| v.id.clone())
        };
        let named: Vec<SkillId> = r.skills.iter().map(|s| vendor(&s.skill)).collect();
        let mut fields = r.clone();
        let client_from = fields.skills.len();
        for system in systems {
            let v = vendor(system);
            let already = named.contains(&v) || fields.skills.iter().any(|s| s.skill == *system);
            if t.get_skill(system).is_some() && !already {
                fields.skills.push(SkillRequirement {
                    skill: system.clone(),
                    required: false,
                    hard_filter: false,
                    level: None,
                    min_years: None,
                });
            }
        }
        AtClient { fields, client_from }
    }

    /// The same with no skill as a hard filter: to explain someone the ranking leaves out (a
    /// side-by-side comparison of people already in the pipeline).
    pub fn without_hard_filters(&self) -> AtClient {
        let mut soft = self.clone();
        for s in &mut soft.fields.skills {
            s.hard_filter = false;
        }
        soft
    }

    /// The requisition with the client's systems it gained.
    pub fn requisition(&self) -> &NewRequisition {
        &self.fields
    }

    pub fn plan(&self, today: Date) -> Plan<'_> {
        let mut plan = Plan::new(&self.fields, today);
        plan.client_from = self.client_from;
        plan
    }

    /// As [`score`], at the client.
    pub fn score(&self, c: &NewCandidate, w: &Weights, today: Date) -> Option<Match> {
        evaluate(&self.plan(today), &Profile::of(c), w, true, 0, &Caps::FULL)
    }

    /// As [`score_only`], at the client.
    pub fn score_only(&self, c: &NewCandidate, w: &Weights, today: Date) -> Option<u8> {
        score_profile(&self.plan(today), &Profile::of(c), w)
    }
}

/// Scores a candidate for a requisition, with the reasons. `None` when a hard-filter skill is
/// missing: such a candidate is not ranked at all.
pub fn score(r: &NewRequisition, c: &NewCandidate, w: &Weights, today: Date) -> Option<Match> {
    evaluate(&Plan::new(r, today), &Profile::of(c), w, true, 0, &Caps::FULL)
}

/// The score alone, without writing the reasons (for ranking many candidates).
pub fn score_only(r: &NewRequisition, c: &NewCandidate, w: &Weights, today: Date) -> Option<u8> {
    score_profile(&Plan::new(r, today), &Profile::of(c), w)
}

/// The score of a profile for a planned requisition, as [`score_only`] gives it.
pub fn score_profile(plan: &Plan, p: &Profile, w: &Weights) -> Option<u8> {
    evaluate(plan, p, w, false, 0, &Caps::FULL).map(|m| m.score)
}

/// The score of a profile when it can reach `floor`; `None` as soon as it cannot (or a hard
/// filter leaves it out). Ranking passes the lowest score on its list so far, and what it knows
/// of the profile's skill factors (`caps`) from the postings it came through.
pub(crate) fn score_reaching(plan: &Plan, p: &Profile, w: &Weights, floor: u8, caps: &Caps) -> Option<u8> {
    evaluate(plan, p, w, false, floor, caps).map(|m| m.score)
}

/// The most a profile can earn on the skill factors, known before reading its skills.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Caps {
    pub required: f64,
    pub preferred: f64,
    pub intent: f64,
    pub recency: f64,
    /// The highest score the required skills' shortfalls allow (see [`Shortfall`]): 100 when the
    /// profile may hold every required skill itself.
    pub held: u8,
}

impl Caps {
    pub const FULL: Caps = Caps {
        required: 1.0,
        preferred: 1.0,
        intent: 1.0,
        recency: 1.0,
        held: 100,
    };

    /// The skill factors' weighted caps, for [`reachable`].
    fn shares(&self, w: &Weights) -> [(u16, f64); 4] {
        [
            (w.required_skills, self.required),
            (w.preferred_skills, self.preferred),
            (w.intent, self.intent),
            (w.recency, self.recency),
        ]
    }

    /// The best score anyone within these caps can reach.
    pub fn best_score(&self, w: &Weights) -> u8 {
        held(reachable(w, &self.shares(w)), self.held)
    }
}

/// The rounded score reached when the factors not yet known all earn full marks.
fn reachable(w: &Weights, known: &[(u16, f64)]) -> u8 {
    let total: f64 = w.all().iter().map(|&x| f64::from(x)).sum();
    let known_weight: f64 = known.iter().map(|(x, _)| f64::from(*x)).sum();
    let earned: f64 = known.iter().map(|(x, f)| f64::from(*x) * f).sum::<f64>() + (total - known_weight);
    if total > 0.0 {
        // A hair up, so that summing in another order never rounds the bound below the score.
        (100.0 * earned / total + 1e-6).round().clamp(0.0, 100.0) as u8
    } else {
        0
    }
}

/// The strength or weakness a skill requirement earns, from the candidate's best skill for it.
fn explain_skill(req: &SkillRequirement, best: Option<&Credit>, from_client: bool, notes: &mut Notes) {
    let what = match (from_client, req.required) {
        (true, _) => "the client's EHR",
        (false, true) => "required",
        (false, false) => "preferred",
    };
    let Some(b) = best else {
        notes.weaknesses.push(Reason {
            text: format!("No {} ({what})", name(&req.skill)),
            evidence: Evidence::Requirement {
                skill: req.skill.clone(),
            },
        });
        return;
    };
    let have = name(b.fact.id());
    let want = name(&req.skill);
    let detail = format!(
        "{} years, {}",
        years(b.fact.years_tenths),
        b.fact.level.label().to_lowercase()
    );
    let reason = match b.kind {
        Kinship::Exact => format!("{have} ({detail})"),
        Kinship::Part => format!("{have}, part of {want} ({detail})"),
        Kinship::Whole => format!("{have}, the application {want} belongs to ({detail}); counts in part"),
        Kinship::Family => format!("{have}, the family of {want} asked ({detail}); counts little"),
        Kinship::Sibling => format!("{have}, a sibling of {want} ({detail}); counts in part"),
        Kinship::Vendor => format!(
            "{have}, another {} product ({detail}); counts little",
            b.area.unwrap_or("of the same vendor")
        ),
        Kinship::Related => format!(
            "{have}, related to {want}{} ({detail}); counts in part",
            b.area.as_ref().map(|a| format!(": {a}")).unwrap_or_default()
        ),
        Kinship::Adjacent => format!(
            "{have}, related to {want}{} but not the same kind of skill ({detail}); counts little",
            b.area.as_ref().map(|a| format!(": {a}")).unwrap_or_default()
        ),
    };
    let evidence = Evidence::Skill {
        skill: b.fact.id().clone(),
    };
    if b.kind.is_exact() && !b.short_level && b.short_years.is_none() {
        notes.strengths.push(Reason {
            text: if from_client {
                format!("Knows the client's EHR: {reason}")
            } else {
                reason
            },
            evidence,
        });
    } else if b.kind.is_exact() {
        let mut text = reason;
        if b.short_level
            && let Some(level) = req.level
        {
            text.push_str(&format!("; {} asked", level.label().to_lowercase()));
        }
        if let Some(min) = b.short_years {
            text.push_str(&format!("; {min} years asked"));
        }
        notes.weaknesses.push(Reason { text, evidence });
    } else {
        notes.weaknesses.push(Reason {
            text: format!("No {want} itself ({what}): {reason}"),
            evidence,
        });
    }
}

/// Reasons, written only when asked for, and the hard realities found on the way.
struct Notes {
    explain: bool,
    strengths: Vec<Reason>,
    weaknesses: Vec<Reason>,
    /// How many hard realities count against the score.
    hard: u8,
}

impl Notes {
    /// Notes that keep no reasons, only the count of hard realities.
    fn quiet() -> Notes {
        Notes {
            explain: false,
            strengths: Vec::new(),
            weaknesses: Vec::new(),
            hard: 0,
        }
    }

    fn good(&mut self, reason: impl FnOnce() -> Reason) {
        if self.explain {
            self.strengths.push(reason());
        }
    }

    fn bad(&mut self, reason: impl FnOnce() -> Reason) {
        if self.explain {
            self.weaknesses.push(reason());
        }
    }

    /// A hard reality (see [`HARD_REALITY_POINTS`]), counted only where its factor `counts` (an
    /// organisation that weighs a factor 0 has said it does not count).
    fn hard_reality(&mut self, counts: bool, text: impl FnOnce() -> String, field: &str) {
        if counts {
            self.hard = self.hard.saturating_add(1);
            self.bad(|| Reason {
                text: format!("{}: {HARD_REALITY_POINTS} points off", text()),
                evidence: Evidence::Profile { field: field.into() },
            });
        }
    }
}

/// The factors outside the skills, read straight from the profile, and the hard realities they
/// found.
#[derive(Debug, Clone, Copy)]
struct Outside {
    location: f64,
    availability: f64,
    pay: f64,
    hard: u8,
}

impl Outside {
    fn of(plan: &Plan, p: &Profile, w: &Weights, notes: &mut Notes) -> Outside {
        let before = notes.hard;
        let location = location_factor(plan, p, w.location > 0, notes);
        let availability = availability_factor(plan, p, w.availability > 0, notes);
        let pay = pay_factor(plan, p, w.pay > 0, notes);
        Outside {
            location,
            availability,
            pay,
            hard: notes.hard - before,
        }
    }

    /// The highest score a profile with these factors can reach, its skill factors earning at most
    /// `skills` (required, preferred, intent, recency) and held under `cap`. A score is never above
    /// its weighted sum, and each hard reality takes its points off whatever it is.
    fn bound(&self, w: &Weights, skills: [(u16, f64); 4], cap: u8) -> u8 {
        let [a, b, c, d] = skills;
        let known = [
            a,
            b,
            c,
            d,
            (w.location, self.location),
            (w.availability, self.availability),
            (w.pay, self.pay),
        ];
        held(reachable(w, &known), cap).saturating_sub(HARD_REALITY_POINTS.saturating_mul(self.hard))
    }
}

/// The most a profile can score, from what is known before reading its skills (`caps`): ranking
/// scores the highest first, and nobody whose bound is under the list's floor.
pub(crate) fn bound_before_skills(plan: &Plan, p: &Profile, w: &Weights, caps: &Caps) -> u8 {
    Outside::of(plan, p, w, &mut Notes::quiet()).bound(w, caps.shares(w), caps.held)
}

fn evaluate(plan: &Plan, p: &Profile, w: &Weights, explain: bool, floor: u8, caps: &Caps) -> Option<Match> {
    let r = plan.r;
    let today = plan.today;
    let mut notes = Notes {
        explain,
        ..Notes::quiet()
    };
    // Without reasons (ranking many), the factors outside the skills come first, and a profile
    // is out as soon as even full marks on its skills cannot reach the list. With reasons they
    // come last, in the order a reader expects.
    let early = (!explain).then(|| Outside::of(plan, p, w, &mut notes));
    if floor > 0
        && let Some(o) = &early
        && o.bound(w, caps.shares(w), caps.held) < floor
    {
        return None;
    }
    let skill_evidence = |s: &SkillId| Evidence::Skill { skill: s.clone() };
    let profile = |f: &str| Evidence::Profile { field: f.to_string() };

    // Skills, required and preferred. A required skill also caps the score at the band its best
    // credit earns (see [`Shortfall`]); the lowest cap holds.
    let mut cap = 100u8;
    let mut skill_factor = |required: bool, notes: &mut Notes| -> Option<(f64, f64)> {
        let mut count = 0usize;
        let mut total = 0.0;
        let mut fresh = 0.0;
        for (i, req) in r.skills.iter().enumerate() {
            if req.required != required {
                continue;
            }
            count += 1;
            let best = plan.best(i, p);
            if req.hard_filter && best.as_ref().is_none_or(|b| !b.kind.is_exact()) {
                return None;
            }
            if notes.explain {
                explain_skill(req, best.as_ref(), i >= plan.client_from, notes);
            }
            if required && let Some(short) = Shortfall::of(best.as_ref()) {
                notes.bad(|| short.reason(req));
                cap = cap.min(short.cap());
            }
            // Recency: the best of credit times freshness over every skill (never falls when a
            // skill is added).
            fresh += p
                .skills
                .iter()
                .filter_map(|f| {
                    let last = (f.last_used != i16::MIN).then_some(i32::from(f.last_used));
                    plan.credit(i, f).map(|cr| cr.value * recency(last, today))
                })
                .fold(0.0, f64::max);
            total += best.map_or(0.0, |b| b.value);
        }
        if count == 0 {
            return Some((1.0, 1.0));
        }
        let n = count as f64;
        Some((total / n, fresh / n))
    };
    let (required, fresh) = skill_factor(true, &mut notes)?;
    let (preferred, _) = skill_factor(false, &mut notes)?;

    // Intent: depth on the product to maintain or optimise it; breadth and go-lives to implement.
    // The most years on any skill that is, or is part of, a required product (never falls when a
    // skill is added).
    let mut exact_years: Option<(u16, &SkillId)> = None;
    // Depth on a genuine substitute counts at its credit (ten years of PathNet to maintain Beaker).
    let mut substitute_depth = 0.0f64;
    for (i, req) in r.skills.iter().enumerate() {
        if !req.required {
            continue;
        }
        for f in &p.skills {
            match plan.credit(i, f) {
                Some(cr) if cr.kind.is_exact() => {
                    let this = (f.years_tenths, f.id());
                    if exact_years.is_none_or(|best| this > best) {
                        exact_years = Some(this);
                    }
                }
                Some(cr) if cr.kind.is_close() => {
                    substitute_depth =
                        substitute_depth.max(cr.base * (f64::from(f.years_tenths) / 50.0).min(1.0));
                }
                _ => {}
            }
        }
    }
    let go_live = p.go_live;
    let intent = match r.intent {
        Intent::Maintain | Intent::Optimize => match &exact_years {
            Some((tenths, skill)) => {
                let f = (f64::from(*tenths) / 50.0).min(1.0);
                if f >= 0.6 {
                    notes.good(|| {
                        let verb = if r.intent == Intent::Maintain {
                            "maintain"
                        } else {
                            "optimise"
                        };
                        // Systems are maintained; a practice or a certificate is simply deep.
                        let system = Taxonomy::get().get_skill(skill).is_some_and(|k| {
                            matches!(
                                k.kind,
                                SkillKind::Platform
                                    | SkillKind::Application
                                    | SkillKind::Module
                                    | SkillKind::Engine
                            )
                        });
                        let text = if system {
                            format!(
                                "{} years on {}, the system to {verb}",
                                years(*tenths),
                                name(skill)
                            )
                        } else {
                            format!("{} years of {}", years(*tenths), name(skill))
                        };
                        Reason {
                            text,
                            evidence: skill_evidence(skill),
                        }
                    });
                }
                f.max(substitute_depth)
            }
            None => substitute_depth,
        },
        Intent::Implement | Intent::GoLiveSupport => {
            let breadth = p
                .skills
                .iter()
                .filter(|f| plan.in_areas[usize::from(f.skill)])
                .count();
            let breadth_f = (breadth as f64 / 4.0).min(1.0);
            if go_live {
                notes.good(|| Reason {
                    text: "Implementation and go-live history".into(),
                    evidence: profile("experience"),
                });
            } else {
                notes.bad(|| Reason {
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

    // Ranking many: stop when even full marks on the rest cannot reach the list.
    if floor > 0
        && let Some(o) = &early
        && o.bound(
            w,
            [
                (w.required_skills, required),
                (w.preferred_skills, preferred),
                (w.intent, intent),
                (w.recency, fresh),
            ],
            cap,
        ) < floor
    {
        return None;
    }

    // Experience against the years asked (or five).
    let asked = r
        .skills
        .iter()
        .filter_map(|s| s.min_years)
        .max()
        .map_or(5.0, f64::from);
    // Years count only in work that bears on the job: with nothing toward its required skills, a
    // long career elsewhere is no strength.
    let career = if required > 0.0 {
        career_years(p, today)
    } else {
        0.0
    };
    let experience = (career / asked).min(1.0);
    // With nothing toward the required skills, the skills' weaknesses have said it already.
    if required > 0.0 {
        if career >= asked {
            notes.good(|| Reason {
                text: format!("{career:.0} years of experience"),
                evidence: profile("experience"),
            });
        } else if career < asked / 2.0 {
            notes.bad(|| Reason {
                text: format!("{career:.1} years of experience; {asked:.0} asked"),
                evidence: profile("experience"),
            });
        }
    }

    let Outside {
        location,
        availability,
        pay,
        ..
    } = match early {
        Some(o) => o,
        None => Outside::of(plan, p, w, &mut notes),
    };

    let shares = [
        ("required skills", w.required_skills, required),
        ("preferred skills", w.preferred_skills, preferred),
        ("intent", w.intent, intent),
        ("recency", w.recency, fresh),
        ("experience", w.experience, experience),
        ("location", w.location, location),
        ("availability", w.availability, availability),
        ("pay", w.pay, pay),
    ];
    let total: f64 = shares.iter().map(|(_, weight, _)| f64::from(*weight)).sum();
    let earned: f64 = shares
        .iter()
        .map(|(_, weight, got)| f64::from(*weight) * got)
        .sum();
    let parts = if explain {
        shares
            .iter()
            .map(|(factor, weight, got)| Part {
                factor: (*factor).to_string(),
                weight: *weight,
                earned: *got,
            })
            .collect()
    } else {
        Vec::new()
    };
    let weighted = if total > 0.0 {
        (100.0 * earned / total).round().clamp(0.0, 100.0) as u8
    } else {
        0
    };
    let score = held(weighted, cap).saturating_sub(HARD_REALITY_POINTS.saturating_mul(notes.hard));
    Some(Match {
        score,
        strengths: notes.strengths,
        weaknesses: notes.weaknesses,
        parts,
    })
}

/// How a required skill's best credit falls short of it, which decides the highest score the
/// candidate can reach: the thing itself at the level and years asked (a year short is fine)
/// falls short in nothing; the thing short of the certificate or years, or a genuine substitute,
/// stays under "submit" ([`band::SUBMIT`]); a neighbour (the same vendor's other product, a
/// related skill of another kind) or a product named with no job behind it under "worth a call";
/// nothing at all under "long shot".
pub(crate) enum Shortfall<'c> {
    Missing,
    /// Named, with no job behind it where years are asked: a claim the resume does not back.
    Unbacked,
    Short,
    Substitute(&'c Credit),
    Neighbour(&'c Credit),
}

impl Shortfall<'_> {
    /// The caps, for ranking's bounds: nothing toward a required skill; a neighbour (or a claim
    /// no job backs); a genuine substitute (or the thing short of the level or years).
    pub(crate) const MISSING_CAP: u8 = band::LONG_SHOT - 1;
    pub(crate) const NEIGHBOUR_CAP: u8 = band::CALL - 1;
    pub(crate) const SUBSTITUTE_CAP: u8 = band::SUBMIT - 1;
}

impl<'c> Shortfall<'c> {
    fn of(best: Option<&'c Credit>) -> Option<Shortfall<'c>> {
        Some(match best {
            None => Shortfall::Missing,
            Some(b) if b.kind.is_exact() && b.short_years.is_some() && b.fact.years_tenths == 0 => {
                Shortfall::Unbacked
            }
            Some(b) if b.kind.is_exact() => {
                let far_short = b
                    .short_years
                    .is_some_and(|min| b.fact.years_tenths + 10 < u16::from(min) * 10);
                if !(b.short_level || far_short) {
                    return None;
                }
                Shortfall::Short
            }
            Some(b) if b.kind.is_close() => Shortfall::Substitute(b),
            Some(b) => Shortfall::Neighbour(b),
        })
    }

    /// The highest score it allows.
    fn cap(&self) -> u8 {
        match self {
            Shortfall::Missing => Shortfall::MISSING_CAP,
            Shortfall::Unbacked | Shortfall::Neighbour(_) => Shortfall::NEIGHBOUR_CAP,
            Shortfall::Short | Shortfall::Substitute(_) => Shortfall::SUBSTITUTE_CAP,
        }
    }

    /// Says which rule held the score under its band.
    fn reason(&self, req: &SkillRequirement) -> Reason {
        let want = name(&req.skill);
        let under = self.cap() + 1;
        let text = match self {
            Shortfall::Missing => format!("Without {want}, which the client requires: held under {under}"),
            Shortfall::Unbacked => format!("{want} is named but no job shows it: held under {under}"),
            Shortfall::Short => format!("{want} short of the certificate or years asked: held under {under}"),
            Shortfall::Substitute(b) => format!(
                "{} stands in for {want} but is not it: held under {under}",
                name(b.fact.id())
            ),
            Shortfall::Neighbour(b) => format!(
                "Nothing that stands in for {want} ({} is not the same job): held under {under}",
                name(b.fact.id())
            ),
        };
        Reason {
            text,
            evidence: Evidence::Requirement {
                skill: req.skill.clone(),
            },
        }
    }
}

/// A score held under `cap`: the top of the scale is pressed into the 15 points under the cap,
/// so that among people held alike the better still scores higher (two of three products asked
/// above one of three); scores further down are left as they are.
fn held(weighted: u8, cap: u8) -> u8 {
    const KNEE: u8 = 15;
    if cap >= 100 {
        return weighted;
    }
    let knee = cap.saturating_sub(KNEE);
    if weighted <= knee {
        return weighted;
    }
    let above = f64::from(weighted - knee) * f64::from(cap - knee) / f64::from(100 - knee);
    knee + above.round() as u8
}

/// Location and work model, from 0 to 1. Hard realities (where `hard` counts): far from an onsite
/// or hybrid job without relocating, wanting only remote work for one, living outside the states
/// a remote job may be worked from.
fn location_factor(plan: &Plan, p: &Profile, hard: bool, notes: &mut Notes) -> f64 {
    let r = plan.r;
    let profile = |f: &str| Evidence::Profile { field: f.to_string() };
    let prefers = |m: WorkModel| p.models == 0 || p.models & model_bit(m) != 0;
    match r.work_model {
        WorkModel::Remote => {
            let state_ok =
                r.remote_states.is_empty() || p.state.is_some_and(|s| r.remote_states.contains(&s));
            if let Some(state) = p.state
                && !state_ok
            {
                notes.hard_reality(
                    hard,
                    || {
                        format!(
                            "Lives in {}, outside the states this remote job may be worked from",
                            state.code()
                        )
                    },
                    "location",
                );
            }
            if !state_ok {
                notes.bad(|| Reason {
                    text: format!(
                        "Lives in {}; remote only from {}",
                        p.state.map_or("an unknown state", |s| s.code()),
                        r.remote_states
                            .iter()
                            .map(|s| s.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    evidence: profile("location"),
                });
                0.0
            } else if p.models == 0 {
                // No preference stated: nothing to say, a little less sure than a stated wish.
                0.9
            } else if prefers(WorkModel::Remote) {
                notes.good(|| Reason {
                    text: "Wants remote work".into(),
                    evidence: profile("preferences"),
                });
                1.0
            } else {
                notes.bad(|| Reason {
                    text: "Prefers onsite or hybrid work".into(),
                    evidence: profile("preferences"),
                });
                0.5
            }
        }
        WorkModel::Onsite | WorkModel::Hybrid => {
            let miles = match (p.point, plan.site) {
                (Some(a), Some(b)) => Some(a.miles_to(b)),
                _ => None,
            };
            // A contract is often worked as a travelling consultant (onsite Monday to Thursday,
            // flown in): for one, travelling the time the site needs does what moving would.
            let travels = r.engagement == Engagement::Contract
                && match r.work_model {
                    WorkModel::Onsite => p.travel == Travel::Full,
                    _ => matches!(p.travel, Travel::Half | Travel::Full),
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
                Some(_) if p.relocate || travels => 0.5,
                Some(_) => 0.1,
                None => 0.5,
            };
            match miles {
                Some(m) if m <= 60.0 => notes.good(|| Reason {
                    text: format!("Lives {m:.0} miles from the site"),
                    evidence: profile("location"),
                }),
                Some(m) if p.relocate => notes.good(|| Reason {
                    text: format!("{m:.0} miles away, willing to relocate"),
                    evidence: profile("preferences"),
                }),
                Some(m) if m > 120.0 && travels => notes.good(|| Reason {
                    text: format!(
                        "{m:.0} miles away; travels {} for a contract",
                        p.travel.label().to_lowercase()
                    ),
                    evidence: profile("preferences"),
                }),
                Some(m) => notes.bad(|| Reason {
                    text: format!("Lives {m:.0} miles from the site"),
                    evidence: profile("location"),
                }),
                None => notes.bad(|| Reason {
                    text: "Distance to the site unknown".into(),
                    evidence: profile("location"),
                }),
            }
            let model = || r.work_model.label().to_lowercase();
            if let Some(m) = miles
                && m > 300.0
                && !p.relocate
                && !travels
            {
                notes.hard_reality(
                    hard,
                    || format!("Lives {m:.0} miles from an {} job and will not relocate", model()),
                    "location",
                );
            }
            if p.models == model_bit(WorkModel::Remote) {
                notes.hard_reality(
                    hard,
                    || format!("Wants only remote work; the job is {}", model()),
                    "preferences",
                );
            }
            if !prefers(r.work_model) {
                f = f64::min(f, 0.3);
                notes.bad(|| Reason {
                    text: format!("Does not want {} work", r.work_model.label().to_lowercase()),
                    evidence: profile("preferences"),
                });
            }
            f
        }
    }
}

/// Availability against the start date, from 0 to 1; free more than 60 days after the start is a
/// hard reality (where `hard` counts).
fn availability_factor(plan: &Plan, p: &Profile, hard: bool, notes: &mut Notes) -> f64 {
    let r = plan.r;
    let profile = |f: &str| Evidence::Profile { field: f.to_string() };
    match (r.start_date, p.available_from) {
        (None, _) => 1.0,
        (Some(_), None) => 0.6,
        (Some(start), Some(from)) if from <= start => {
            notes.good(|| Reason {
                text: format!("Available from {from}, before the start"),
                evidence: profile("available_from"),
            });
            1.0
        }
        (Some(start), Some(from)) => {
            let late = (from - start).whole_days();
            notes.bad(|| Reason {
                text: format!("Available {late} days after the start date"),
                evidence: profile("available_from"),
            });
            if late > 60 {
                notes.hard_reality(
                    hard,
                    || format!("Free {late} days after the start"),
                    "available_from",
                );
            }
            if late <= 30 { 0.6 } else { 0.2 }
        }
    }
}

/// Pay against the budget, from 0 to 1; asking more than 40% over it is a hard reality (where
/// `hard` counts).
fn pay_factor(plan: &Plan, p: &Profile, hard: bool, notes: &mut Notes) -> f64 {
    let r = plan.r;
    let profile = |f: &str| Evidence::Profile { field: f.to_string() };
    match (&r.pay, &p.desired_pay) {
        (None, _) => 1.0,
        (Some(_), None) => 0.6,
        (Some(budget), Some(want)) => {
            let asks = hourly(want.amount.cents, want.unit);
            let max = hourly(budget.max.cents, budget.unit);
            if asks <= max {
                notes.good(|| Reason {
                    text: format!("Asks {} {}, within budget", want.amount, want.unit.label()),
                    evidence: profile("desired_pay"),
                });
                1.0
            } else {
                notes.bad(|| Reason {
                    text: format!(
                        "Asks {} {}, over the {} budget",
                        want.amount,
                        want.unit.label(),
                        budget.max
                    ),
                    evidence: profile("desired_pay"),
                });
                if max > 0.0 && asks > max * 1.4 {
                    notes.hard_reality(
                        hard,
                        || {
                            format!(
                                "Asks {:.0}% over the top of the budget",
                                100.0 * (asks / max - 1.0)
                            )
                        },
                        "desired_pay",
                    );
                }
                if asks <= max * 1.1 { 0.5 } else { 0.0 }
            }
        }
    }
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
    // Scores first, reasons for the few that are shown.
    let mut scored: Vec<(u8, K, NewCandidate)> = candidates
        .into_iter()
        .filter_map(|(k, c)| score_only(r, &c, w, today).map(|s| (s, k, c)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(top);
    scored
        .into_iter()
        .filter_map(|(_, k, c)| score(r, &c, w, today).map(|m| (k, c, m)))
        .collect()
}
