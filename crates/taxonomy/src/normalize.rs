//! The normaliser: text in, skills out, each with the span of text that named it.
//!
//! Names and aliases are matched as whole words, longest first ("Beaker CP" before "Beaker").
//! Multi-word names and acronyms match in any case; a single capitalised word ("Epic", "Cadence",
//! "Willow") must be capitalised in the text too, so that "an epic effort" or "a willow tree" name
//! nothing. Aliases of a skill that declares a `context` ("Cadence", "Beacon", "Orders"...) count
//! only when that vendor is in view: when the text also names the vendor, or any of its skills by
//! a name that needs no context. A canonical name ("Epic Cadence") always counts.

use crate::{Skill, Taxonomy};
use hitstaff_domain::SkillId;
use std::collections::HashMap;
use std::ops::Range;

/// One mention of a skill in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub skill: SkillId,
    /// Byte offsets of the words that named it.
    pub span: Range<usize>,
}

impl Mention {
    /// The words that named the skill: the evidence to show.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.clone()]
    }
}

/// How a surface form must be cased in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Any case ("clindoc", "CLINDOC", "Clin Doc").
    Any,
    /// The first letter as a capital ("Epic", "EPIC"; not "epic").
    Capitalised,
    /// A short acronym, in capitals ("AD", "HB", "ORU"; not "ad" or "Ad").
    Capitals,
}

#[derive(Debug)]
struct Form {
    /// The form's words, lower-cased.
    words: Vec<String>,
    skill: usize,
    case: Case,
    /// Counts only when the skill's context vendor is in view.
    gated: bool,
    /// An everyday word ("Epic"), doubted inside a run of capitalised words.
    ordinary: bool,
}

/// Words beside an everyday-word product name that show it is the product: "Epic certified",
/// "EPIC ANALYST", "Epic Systems". Lower case.
const PRODUCT_COMPANIONS: &[&str] = &[
    "analyst",
    "analysts",
    "application",
    "applications",
    "build",
    "builder",
    "certification",
    "certifications",
    "certified",
    "consultant",
    "consultants",
    "ehr",
    "emr",
    "environment",
    "experience",
    "go-live",
    "go-lives",
    "implementation",
    "implementations",
    "integration",
    "interfaces",
    "module",
    "modules",
    "proficient",
    "proficiency",
    "reporting",
    "security",
    "specialist",
    "support",
    "trainer",
    "training",
    "upgrade",
    "upgrades",
    "user",
    "users",
];

/// The compiled index of every name and alias.
#[derive(Debug)]
pub struct Normalizer {
    /// Forms by their first word, longest first.
    forms: HashMap<String, Vec<Form>>,
    /// For each skill, the context vendor's skill id (the `context` value), if gated.
    context_of: Vec<Option<SkillId>>,
    /// For each skill, the root of its family (Beaker CP -> Epic), which puts that vendor in view.
    root_of: Vec<SkillId>,
}

/// A word of the text: its lower-case form and byte range.
struct Word {
    lower: String,
    span: Range<usize>,
    capitalised: bool,
}

/// Splits text into words: letters, digits and the marks that live inside technical names
/// ("C#", "C++", ".NET", "HL7", "X12", "Node.js", "CI/CD" stays two words).
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let inner = |c: char| c.is_alphanumeric() || matches!(c, '#' | '+' | '.' | '\'' | '-' | '&');
    let push = |s: usize, e: usize, out: &mut Vec<Word>| {
        // Trailing punctuation is not part of a word ("Beaker." "PB,"), but "C++" and "C#" keep theirs.
        let raw = &text[s..e];
        let trimmed = raw.trim_end_matches(['.', '\'', '-', '&']);
        let trimmed = trimmed.trim_start_matches(['\'', '-', '&']);
        if trimmed.is_empty() {
            return;
        }
        let s = s + (raw.len() - raw.trim_start_matches(['\'', '-', '&']).len());
        let e = s + trimmed.len();
        let first = trimmed.chars().next().unwrap_or(' ');
        out.push(Word {
            lower: trimmed.to_lowercase(),
            span: s..e,
            capitalised: first.is_uppercase() || !first.is_alphabetic(),
        });
    };
    for (i, c) in text.char_indices() {
        match (start, inner(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                push(s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

fn form_words(form: &str) -> Vec<String> {
    words(form).into_iter().map(|w| w.lower).collect()
}

/// The plural of a form's last word, when it has a regular one ("go-live" -> "go-lives",
/// "help desk" -> "help desks"); none for acronyms and words already ending in s.
fn plural_of(words: &[String]) -> Option<Vec<String>> {
    let last = words.last()?;
    if last.len() < 3 || last.ends_with('s') || !last.chars().all(|c| c.is_alphabetic() || c == '-') {
        return None;
    }
    let mut plural = words.to_vec();
    let ending = if last.ends_with("ch") || last.ends_with("sh") || last.ends_with('x') {
        "es"
    } else {
        "s"
    };
    plural.last_mut()?.push_str(ending);
    Some(plural)
}

/// Whether an everyday-word product name at word `i` stands where a title-cased phrase would
/// put an ordinary word ("An Epic Journey In Silicon"): a capitalised word right beside it on the
/// same line, and nothing beside it that shows the product (a lower-case word as in a sentence,
/// a list mark, a companion word such as "certified", another product's name).
fn doubtful(text: &str, ws: &[Word], i: usize, starts_hit: &dyn Fn(usize) -> bool) -> bool {
    let mut beside_capital = false;
    for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
        let Some(w) = ws.get(j) else { continue };
        let gap = if j < i {
            &text[w.span.end..ws[i].span.start]
        } else {
            &text[ws[i].span.end..w.span.start]
        };
        if gap.contains('\n') {
            continue; // another line
        }
        let list_mark = gap.chars().any(|c| !c.is_whitespace());
        if list_mark || !w.capitalised || PRODUCT_COMPANIONS.contains(&w.lower.as_str()) || starts_hit(j) {
            return false;
        }
        beside_capital = true;
    }
    beside_capital
}

/// A single word written with a capital and some small letters ("Cadence", "Epic", "VistA",
/// "MyChart"): the capital is what tells the product from the word ("vista", "a willow tree").
fn is_capitalised_word(form: &str) -> bool {
    let mut chars = form.chars();
    !form.contains(char::is_whitespace)
        && chars.next().is_some_and(char::is_uppercase)
        && chars.any(char::is_lowercase)
}

/// One word of at most five letters, all capitals ("AD", "HB", "ORU", "HL7", "MAGIC").
fn is_short_acronym(form: &str) -> bool {
    !form.contains(char::is_whitespace)
        && !form.chars().any(char::is_lowercase)
        && (1..=5).contains(&form.chars().filter(|c| c.is_alphabetic()).count())
}

/// Whether text starts with ", XX" (a US state code): "Phoenix, AZ" and "Beacon, NY" are places,
/// whatever else the resume says.
fn before_state_code(rest: &str) -> bool {
    let Some(after) = rest.strip_prefix(',') else {
        return false;
    };
    let code: Vec<char> = after.trim_start().chars().take(3).collect();
    code.len() >= 2
        && code[0].is_ascii_uppercase()
        && code[1].is_ascii_uppercase()
        && code.get(2).is_none_or(|c| !c.is_alphanumeric())
}

impl Normalizer {
    pub fn new(taxonomy: &Taxonomy) -> Self {
        let skills = taxonomy.all();
        let index_of: HashMap<&SkillId, usize> = skills.iter().enumerate().map(|(i, s)| (&s.id, i)).collect();
        let mut forms: HashMap<String, Vec<Form>> = HashMap::new();
        for (i, s) in skills.iter().enumerate() {
            // An alias needs the vendor in view unless it is listed as distinct or names the vendor.
            let gated_alias = |a: &str| {
                s.context.as_ref().is_some_and(|vendor| {
                    !s.distinct.iter().any(|d| d == a) && !a.to_lowercase().contains(vendor.as_str())
                })
            };
            let names = std::iter::once((s.name.as_str(), false))
                .chain(s.aliases.iter().map(|a| (a.as_str(), gated_alias(a))));
            for (name, gated) in names {
                let words = form_words(name);
                if words.is_empty() {
                    continue;
                }
                let case = if is_capitalised_word(name) {
                    Case::Capitalised
                } else if is_short_acronym(name) {
                    Case::Capitals
                } else {
                    Case::Any
                };
                // A practice is work people did many times: "three go-lives", "help desks".
                let plural = (s.kind == crate::SkillKind::Practice)
                    .then(|| plural_of(&words))
                    .flatten();
                for words in std::iter::once(words).chain(plural) {
                    forms.entry(words[0].clone()).or_default().push(Form {
                        ordinary: s.ordinary && words.len() == 1,
                        words,
                        skill: i,
                        case,
                        gated,
                    });
                }
            }
        }
        // "Epic Beaker CP", "Cerner PathNet": a vendor's name before one of its skills' aliases names
        // that skill, whatever the alias would need on its own.
        for (i, s) in skills.iter().enumerate() {
            let mut root = s;
            while let Some(p) = root.parent.as_ref().and_then(|p| index_of.get(p)) {
                root = &skills[*p];
            }
            if root.id == s.id {
                continue;
            }
            let vendors = std::iter::once(&root.name)
                .chain(&root.aliases)
                .filter(|v| v.split_whitespace().count() <= 2);
            for vendor in vendors {
                for alias in &s.aliases {
                    let mut words = form_words(vendor);
                    let rest = form_words(alias);
                    if rest.first() == words.first() {
                        continue; // the alias already starts with the vendor
                    }
                    words.extend(rest);
                    let first = words[0].clone();
                    let case = if is_capitalised_word(vendor) {
                        Case::Capitalised
                    } else {
                        Case::Any
                    };
                    forms.entry(first).or_default().push(Form {
                        words,
                        skill: i,
                        case,
                        gated: false,
                        ordinary: false,
                    });
                }
            }
        }
        for list in forms.values_mut() {
            list.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
        }
        let root = |s: &Skill| -> SkillId {
            let mut at = s;
            while let Some(p) = at.parent.as_ref().and_then(|p| index_of.get(p)) {
                at = &skills[*p];
            }
            at.id.clone()
        };
        Normalizer {
            forms,
            context_of: skills
                .iter()
                .map(|s| s.context.as_ref().and_then(|c| SkillId::parse(c).ok()))
                .collect(),
            root_of: skills.iter().map(root).collect(),
        }
    }

    /// The normaliser for the taxonomy compiled into this binary.
    pub fn get() -> &'static Normalizer {
        static NORMALIZER: std::sync::LazyLock<Normalizer> =
            std::sync::LazyLock::new(|| Normalizer::new(Taxonomy::get()));
        &NORMALIZER
    }

    /// Every skill mention in `text`, in order. The whole text is the context: in a resume, "Epic"
    /// on the first page puts "Cadence" on the third in view.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        self.find_as(text, false)
    }

    /// The skills a search names, typed as recruiters type them: in any case ("beaker",
    /// "clindoc") and with every vendor in view (in a healthcare-IT search box "Cadence" is the
    /// Epic application). Short acronyms still need their capitals ("HB", not "hb").
    pub fn find_in_query(&self, text: &str) -> Vec<Mention> {
        self.find_as(text, true)
    }

    fn find_as(&self, text: &str, query: bool) -> Vec<Mention> {
        let ws = words(text);
        // (skill index, span, gated, word index if an everyday word) for every longest match.
        let mut hits: Vec<(usize, Range<usize>, bool, Option<usize>)> = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let matched = self.forms.get(&ws[i].lower).and_then(|list| {
                list.iter().find(|f| {
                    f.words.len() <= ws.len() - i
                        && f.words.iter().zip(&ws[i..]).all(|(a, b)| *a == b.lower)
                        && match f.case {
                            // A gated alias is a common phrase unless written as a product name:
                            // "Claims and Remittance" is the Epic module, "claims and remittance"
                            // is work.
                            Case::Any => query || !f.gated || ws[i].capitalised,
                            Case::Capitalised => query || ws[i].capitalised,
                            Case::Capitals => !text[ws[i].span.clone()].chars().any(char::is_lowercase),
                        }
                })
            });
            match matched {
                Some(f) => {
                    let end = i + f.words.len() - 1;
                    hits.push((
                        f.skill,
                        ws[i].span.start..ws[end].span.end,
                        f.gated,
                        f.ordinary.then_some(i),
                    ));
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        // An everyday word in a title-cased phrase is doubted: it neither names the product nor
        // puts its vendor in view, unless something else does.
        let starts: std::collections::HashSet<usize> = hits
            .iter()
            .filter_map(|(_, span, _, _)| ws.iter().position(|w| w.span.start == span.start))
            .collect();
        let doubted: Vec<bool> = hits
            .iter()
            .map(|(_, _, _, word)| {
                !query && word.is_some_and(|i| doubtful(text, &ws, i, &|j| starts.contains(&j)))
            })
            .collect();
        let in_view: Vec<&SkillId> = hits
            .iter()
            .zip(&doubted)
            .filter(|((_, _, gated, _), doubted)| !gated && !**doubted)
            .map(|((s, _, _, _), _)| &self.root_of[*s])
            .collect();
        let skills = Taxonomy::get().all();
        hits.into_iter()
            .zip(doubted)
            .filter(|((s, span, gated, _), doubted)| {
                if *doubted {
                    return in_view.contains(&&self.root_of[*s]);
                }
                query
                    || !gated
                    || (self.context_of[*s]
                        .as_ref()
                        .is_some_and(|vendor| in_view.contains(&vendor))
                        && !before_state_code(&text[span.end..]))
            })
            .map(|(hit, _)| hit)
            .filter_map(|(s, span, _, _)| skills.get(s).map(|k| (k.id.clone(), span)))
            .map(|(skill, span)| Mention { skill, span })
            .collect()
    }

    /// Each skill named in `text` once, with its first mention, in order of first mention.
    pub fn distinct(&self, text: &str) -> Vec<Mention> {
        let mut seen = std::collections::HashSet::new();
        self.find(text)
            .into_iter()
            .filter(|m| seen.insert(m.skill.clone()))
            .collect()
    }
}
