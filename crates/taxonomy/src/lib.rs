//! The healthcare-IT skills taxonomy.
//!
//! The data lives in `data/skills.toml`, compiled into the binary and checked when first used (and by
//! this crate's tests, so a broken file never ships). Skills form a hierarchy (Beaker CP under Beaker
//! under Epic) and carry "related" links to comparable products of other vendors, each with the area
//! they share, so that matching can say "Oracle Health PathNet, related to Epic Beaker: laboratory
//! systems".

pub mod normalize;

pub use normalize::{Mention, Normalizer};

use hitstaff_domain::SkillId;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/skills.toml");

/// Skills that rules elsewhere name (matching reads go-live experience as a sign of implementation
/// work). Each must be in the data file; this crate's tests check it.
pub mod known {
    /// Go-live support: at-the-elbow, command centre, cutover.
    pub const GO_LIVE: &str = "practice.go_live";
    /// Every id above, for the check.
    pub const ALL: &[&str] = &[GO_LIVE];
}

/// What sort of thing a skill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillKind {
    Platform,
    Application,
    Module,
    Standard,
    Terminology,
    Engine,
    Certification,
    Tool,
    Practice,
}

/// One entry of the taxonomy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: SkillId,
    pub name: String,
    pub kind: SkillKind,
    #[serde(default)]
    pub parent: Option<SkillId>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When set, the aliases count only where this vendor is in view (the canonical name always counts).
    #[serde(default)]
    pub context: Option<String>,
    /// Aliases that count even without the context in view: they name nothing else ("ClinDoc").
    #[serde(default)]
    pub distinct: Vec<String>,
    #[serde(default)]
    pub related: Vec<SkillId>,
    /// What this skill and its related skills have in common, e.g. "laboratory systems".
    #[serde(default)]
    pub area: Option<String>,
    /// How common among healthcare-IT candidates, 1 (rare) to 100.
    pub prevalence: u8,
    /// The single-word name is also an everyday word ("Epic"): written alone inside a run of
    /// capitalised words that name nothing else ("An Epic Journey"), it is not the product.
    #[serde(default)]
    pub ordinary: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    skill: Vec<Skill>,
}

/// The loaded taxonomy with its indexes.
#[derive(Debug)]
pub struct Taxonomy {
    skills: Vec<Skill>,
    by_id: HashMap<SkillId, usize>,
}

/// A problem in the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError(pub String);

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "skills taxonomy: {}", self.0)
    }
}

impl std::error::Error for DataError {}

static TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| {
    // The file is part of the source tree and `checks_pass` tests it, so this cannot fail in a build
    // that passed its tests.
    Taxonomy::parse(DATA).unwrap_or_else(|e| panic!("the compiled-in {e}"))
});

impl Taxonomy {
    /// The taxonomy compiled into this binary.
    pub fn get() -> &'static Taxonomy {
        &TAXONOMY
    }

    /// Parses and checks a taxonomy file.
    pub fn parse(text: &str) -> Result<Taxonomy, DataError> {
        let file: File = toml::from_str(text).map_err(|e| DataError(e.to_string()))?;
        let mut by_id = HashMap::new();
        for (i, s) in file.skill.iter().enumerate() {
            if by_id.insert(s.id.clone(), i).is_some() {
                return Err(DataError(format!("the id {} is used twice", s.id)));
            }
        }
        let tax = Taxonomy {
            skills: file.skill,
            by_id,
        };
        tax.check()?;
        Ok(tax)
    }

    fn check(&self) -> Result<(), DataError> {
        let mut alias_owners: HashMap<String, Vec<&Skill>> = HashMap::new();
        for s in &self.skills {
            let err = |what: String| Err(DataError(format!("{}: {what}", s.id)));
            if s.name.trim().is_empty() {
                return err("has no name".into());
            }
            if !(1..=100).contains(&s.prevalence) {
                return err("prevalence must be 1 to 100".into());
            }
            if let Some(p) = &s.parent {
                if !self.by_id.contains_key(p) {
                    return err(format!("parent {p} does not exist"));
                }
                // Walk up to detect cycles.
                let mut seen = vec![&s.id];
                let mut at = self.get_skill(p);
                while let Some(up) = at {
                    if seen.contains(&&up.id) {
                        return err("is its own ancestor".into());
                    }
                    seen.push(&up.id);
                    at = up.parent.as_ref().and_then(|p| self.get_skill(p));
                }
            }
            for r in &s.related {
                if r == &s.id {
                    return err("is related to itself".into());
                }
                if !self.by_id.contains_key(r) {
                    return err(format!("related skill {r} does not exist"));
                }
            }
            if let Some(d) = s.distinct.iter().find(|d| !s.aliases.contains(d)) {
                return err(format!("distinct name {d:?} is not one of its aliases"));
            }
            if !s.distinct.is_empty() && s.context.is_none() {
                return err("lists distinct aliases but has no context they stand apart from".into());
            }
            if !s.related.is_empty() && s.area.is_none() {
                return err("has related skills but no area saying what they share".into());
            }
            for a in std::iter::once(&s.name).chain(&s.aliases) {
                let owners = alias_owners.entry(a.to_lowercase()).or_default();
                if !owners.iter().any(|o| o.id == s.id) {
                    owners.push(s);
                }
            }
        }
        // A name may be shared only where all but one of its owners declare the context that tells
        // them apart; otherwise a resume's words would map to two skills.
        for (alias, owners) in alias_owners {
            let unqualified = owners.iter().filter(|s| s.context.is_none()).count();
            if owners.len() > 1 && unqualified > 1 {
                let ids: Vec<&str> = owners.iter().map(|s| s.id.as_str()).collect();
                return Err(DataError(format!(
                    "the name {alias:?} belongs to {ids:?} with no context to tell them apart"
                )));
            }
        }
        Ok(())
    }

    /// Skills whose id, name or an alias contains `query` (case-insensitive), best first: exact
    /// matches, then prefixes, then the more common skills. A query that names a skill the way
    /// resumes do ("Epic ClinDoc", a certificate's full name) finds it first; one whose every word
    /// appears in a skill's names or its vendor's ("cerner lab") finds it last.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Skill> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let named: Vec<SkillId> = Normalizer::get()
            .find_in_query(query)
            .into_iter()
            .map(|m| m.skill)
            .collect();
        let words: Vec<&str> = q.split_whitespace().collect();
        let mut hits: Vec<(u8, &Skill)> = self
            .skills
            .iter()
            .filter_map(|s| {
                if named.first() == Some(&s.id) {
                    return Some((0, s));
                }
                let names: Vec<String> = std::iter::once(s.name.to_lowercase())
                    .chain(s.aliases.iter().map(|a| a.to_lowercase()))
                    .chain(std::iter::once(s.id.as_str().to_lowercase()))
                    .collect();
                let direct = names
                    .iter()
                    .filter_map(|n| {
                        if *n == q {
                            Some(0)
                        } else if n.starts_with(&q) {
                            Some(1)
                        } else if n.contains(&q) {
                            Some(2)
                        } else {
                            None
                        }
                    })
                    .min();
                if direct.is_some() || words.len() < 2 {
                    return direct.map(|rank| (rank, s));
                }
                // Several words, each in the skill's names or its vendor's ("cerner lab").
                let vendor = self.ancestors(&s.id).last().map(|r| {
                    std::iter::once(r.name.to_lowercase())
                        .chain(r.aliases.iter().map(|a| a.to_lowercase()))
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                let every_word = words.iter().all(|w| {
                    names.iter().any(|n| n.contains(w)) || vendor.as_ref().is_some_and(|v| v.contains(w))
                });
                every_word.then_some((3, s))
            })
            .collect();
        hits.sort_by_key(|(rank, s)| (*rank, std::cmp::Reverse(s.prevalence), s.name.clone()));
        hits.into_iter().take(limit).map(|(_, s)| s).collect()
    }

    /// The one skill a person meant by `text`: its id, name or alias, exactly (any case), or else the
    /// only skill whose id, name or an alias contains it.
    pub fn resolve(&self, text: &str) -> Option<&Skill> {
        // Named whole the way resumes name it ("Epic ClinDoc").
        let trimmed = text.trim();
        if let [m] = Normalizer::get().find_in_query(trimmed).as_slice()
            && m.span == (0..trimmed.len())
        {
            return self.get_skill(&m.skill);
        }
        let hits = self.search(text, 2);
        let q = text.trim().to_lowercase();
        let exact = |s: &Skill| {
            s.id.as_str() == q
                || s.name.to_lowercase() == q
                || s.aliases.iter().any(|a| a.to_lowercase() == q)
        };
        match hits.as_slice() {
            [first, ..] if exact(first) => Some(first),
            [only] => Some(only),
            _ => None,
        }
    }

    /// Every skill, in file order.
    pub fn all(&self) -> &[Skill] {
        &self.skills
    }

    pub fn get_skill(&self, id: &SkillId) -> Option<&Skill> {
        self.by_id.get(id).map(|i| &self.skills[*i])
    }

    /// Looks up an id given as text; `None` when it is not a known skill.
    pub fn find(&self, id: &str) -> Option<&Skill> {
        SkillId::parse(id).ok().and_then(|id| self.get_skill(&id))
    }

    /// The direct children of a skill.
    /// Every skill below `id`: its modules, their parts, and so on.
    pub fn descendants(&self, id: &SkillId) -> Vec<&Skill> {
        self.skills
            .iter()
            .filter(|s| self.ancestors(&s.id).any(|a| &a.id == id))
            .collect()
    }

    pub fn children<'a>(&'a self, id: &'a SkillId) -> impl Iterator<Item = &'a Skill> + 'a {
        self.skills.iter().filter(move |s| s.parent.as_ref() == Some(id))
    }

    /// The chain of parents, nearest first.
    pub fn ancestors<'a>(&'a self, id: &SkillId) -> impl Iterator<Item = &'a Skill> + 'a {
        let mut at = self
            .get_skill(id)
            .and_then(|s| s.parent.as_ref())
            .and_then(|p| self.get_skill(p));
        std::iter::from_fn(move || {
            let here = at?;
            at = here.parent.as_ref().and_then(|p| self.get_skill(p));
            Some(here)
        })
    }

    /// Whether `a` and `b` are siblings (same parent), e.g. Beaker CP and Beaker AP.
    pub fn are_siblings(&self, a: &SkillId, b: &SkillId) -> bool {
        let parent = |id| self.get_skill(id).and_then(|s| s.parent.as_ref());
        a != b && parent(a).is_some() && parent(a) == parent(b)
    }

    /// The area two skills share when one lists the other as related ("laboratory systems").
    pub fn relation(&self, a: &SkillId, b: &SkillId) -> Option<&str> {
        let (sa, sb) = (self.get_skill(a)?, self.get_skill(b)?);
        if sa.related.contains(b) {
            sa.area.as_deref()
        } else if sb.related.contains(a) {
            sb.area.as_deref()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> SkillId {
        SkillId::parse(s).unwrap()
    }

    #[test]
    fn the_skills_rules_name_are_in_the_data() {
        for known in known::ALL {
            assert!(
                Taxonomy::get().find(known).is_some(),
                "{known} is not in skills.toml"
            );
        }
    }

    #[test]
    fn checks_pass() {
        let t = Taxonomy::parse(DATA).expect("the data file is valid");
        assert!(t.all().len() >= 150, "coverage shrank to {}", t.all().len());
    }

    #[test]
    fn hierarchy_and_relatedness() {
        let t = Taxonomy::get();
        assert!(t.are_siblings(&id("epic.beaker_cp"), &id("epic.beaker_ap")));
        assert!(!t.are_siblings(&id("epic.beaker_cp"), &id("oracle_health.pathnet")));
        assert_eq!(
            t.relation(&id("epic.beaker"), &id("oracle_health.pathnet")),
            Some("laboratory systems")
        );
        assert_eq!(
            t.relation(&id("oracle_health.pathnet"), &id("epic.beaker")),
            Some("laboratory systems")
        );
        let up: Vec<&str> = t
            .ancestors(&id("epic.beaker_cp"))
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(up, ["epic.beaker", "epic"]);
        assert_eq!(t.children(&id("epic.beaker")).count(), 2);
    }

    #[test]
    fn broken_files_are_refused_with_reasons() {
        let cases = [
            (
                r#"skill = [{ id = "a", name = "A", kind = "tool", prevalence = 1 }, { id = "a", name = "B", kind = "tool", prevalence = 1 }]"#,
                "used twice",
            ),
            (
                r#"skill = [{ id = "a", name = "A", kind = "tool", parent = "zz", prevalence = 1 }]"#,
                "parent zz",
            ),
            (
                r#"skill = [{ id = "a", name = "A", kind = "tool", related = ["a"], area = "x", prevalence = 1 }]"#,
                "itself",
            ),
            (
                r#"skill = [{ id = "a", name = "A", kind = "tool", aliases = ["X"], prevalence = 1 }, { id = "b", name = "B", kind = "tool", aliases = ["x"], prevalence = 1 }]"#,
                "no context",
            ),
            (
                r#"skill = [{ id = "a", name = "A", kind = "tool", prevalence = 0 }]"#,
                "prevalence",
            ),
            (
                r#"skill = [{ id = "Bad Id", name = "A", kind = "tool", prevalence = 1 }]"#,
                "not a skill id",
            ),
        ];
        for (text, says) in cases {
            let err = Taxonomy::parse(text).unwrap_err();
            assert!(err.0.contains(says), "{says}: {err}");
        }
        // A shared alias is fine once one side declares its context.
        let ok = r#"skill = [{ id = "a", name = "A", kind = "tool", aliases = ["X"], context = "epic", prevalence = 1 }, { id = "b", name = "B", kind = "tool", aliases = ["x"], prevalence = 1 }]"#;
        assert!(Taxonomy::parse(ok).is_ok());
    }
}
