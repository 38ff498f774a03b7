//! Resumes in, candidate profiles out.
//!
//! [`parse`] reads a resume's text into a [`Profile`]: contact details, dated roles, certifications
//! with their credential level, and healthcare-IT skills with the years of the roles that used
//! them. Every fact keeps the byte range of the text it came from, so that a recruiter can see why
//! hitstaff believes it and correct it.

mod dates;
pub mod extract;
pub mod intake;
pub mod jsonresume;

pub use dates::{DateRange, find_date_ranges};

use hitstaff_domain::{CredentialLevel, SkillId};
use hitstaff_taxonomy::Normalizer;
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;
use time::Date;

/// A value and the words it came from (byte offsets into the resume's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// One job on the resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    pub title: Option<Fact<String>>,
    pub employer: Option<Fact<String>>,
    pub start: Fact<Date>,
    /// `None` while the role goes on ("Present").
    pub end: Option<Date>,
    /// The skills the role's text names, each with where.
    pub skills: Vec<Fact<SkillId>>,
    /// The role's words: its heading line(s) and description.
    pub body: Range<usize>,
}

/// A credential: "Epic Certified, Beaker Clinical Pathology, 2019".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certification {
    pub skill: SkillId,
    pub level: CredentialLevel,
    pub year: Option<i32>,
    pub span: Range<usize>,
}

/// A degree or diploma.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Education {
    pub degree: Option<Fact<String>>,
    pub institution: Option<Fact<String>>,
    pub year: Option<i32>,
    pub span: Range<usize>,
}

/// A skill across the whole resume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillSummary {
    pub skill: SkillId,
    /// Years of the dated roles that name it, overlaps counted once, in tenths.
    pub years_tenths: u16,
    pub last_used_year: Option<i32>,
    /// The strongest credential the resume claims for it.
    pub level: Option<CredentialLevel>,
    /// Every place the resume names it.
    pub evidence: Vec<Range<usize>>,
}

/// What a resume says about its person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub name: Option<Fact<String>>,
    pub email: Option<Fact<String>>,
    pub phone: Option<Fact<String>>,
    pub location: Option<Fact<String>>,
    pub links: Vec<Fact<String>>,
    pub roles: Vec<Role>,
    pub certifications: Vec<Certification>,
    pub education: Vec<Education>,
    pub skills: Vec<SkillSummary>,
    /// Years covered by the dated roles, overlaps counted once, in tenths.
    pub total_years_tenths: u16,
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b").expect("email pattern"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+?1[\s.-]?)?\(?\b[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b").expect("phone pattern")
});
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:www\.)?(?:linkedin\.com|github\.com)/[^\s,;)]+")
        .expect("link pattern")
});
static CITY_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][a-zA-Z.' -]{1,30}),\s*([A-Z]{2})\b(?:\s+\d{5}(?:-\d{4})?)?").expect("city pattern")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[89]\d|20[0-4]\d)\b").expect("year pattern"));

/// Section headings, upper-cased: where one part of a resume ends and the next begins.
const EXPERIENCE: &[&str] = &[
    "EXPERIENCE",
    "WORK EXPERIENCE",
    "PROFESSIONAL EXPERIENCE",
    "EMPLOYMENT",
    "EMPLOYMENT HISTORY",
    "WORK HISTORY",
    "CAREER HISTORY",
];
const CERTIFICATIONS: &[&str] = &[
    "CERTIFICATIONS",
    "CERTIFICATES",
    "CREDENTIALS",
    "LICENSES AND CERTIFICATIONS",
    "CERTIFICATIONS AND TRAINING",
];
const EDUCATION: &[&str] = &["EDUCATION", "EDUCATION AND TRAINING", "ACADEMIC BACKGROUND"];
const OTHER: &[&str] = &[
    "SKILLS",
    "TECHNICAL SKILLS",
    "SUMMARY",
    "PROFESSIONAL SUMMARY",
    "PROFILE",
    "PROJECTS",
    "REFERENCES",
    "AWARDS",
    "TRAINING",
    "CORE COMPETENCIES",
    "OBJECTIVE",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Experience,
    Certifications,
    Education,
    Other,
}

/// A line of the text with its byte range.
struct Line<'t> {
    text: &'t str,
    span: Range<usize>,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        out.push(Line {
            text: body,
            span: start..start + body.len(),
        });
        start += piece.len();
    }
    out
}

fn heading(line: &str) -> Option<Section> {
    let t = line.trim().trim_end_matches(':').to_uppercase();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    if EXPERIENCE.contains(&t.as_str()) {
        Some(Section::Experience)
    } else if CERTIFICATIONS.contains(&t.as_str()) {
        Some(Section::Certifications)
    } else if EDUCATION.contains(&t.as_str()) {
        Some(Section::Education)
    } else if OTHER.contains(&t.as_str()) {
        Some(Section::Other)
    } else {
        None
    }
}

fn trimmed_fact(text: &str, span: Range<usize>) -> Option<Fact<String>> {
    let raw = &text[span.clone()];
    let value =
        raw.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '—' | '·' | '•'));
    if value.is_empty() {
        return None;
    }
    let start = span.start + raw.find(value).unwrap_or(0);
    Some(Fact {
        value: value.to_string(),
        span: start..start + value.len(),
    })
}

/// Words that mark an organisation's name.
const ORGANISATION_WORDS: &[&str] = &[
    "hospital",
    "health",
    "healthcare",
    "medical",
    "clinic",
    "university",
    "inc",
    "llc",
    "corp",
    "consulting",
    "group",
    "center",
    "centre",
    "system",
    "partners",
    "associates",
    "college",
];
/// Words that mark a job title.
const TITLE_WORDS: &[&str] = &[
    "analyst",
    "engineer",
    "manager",
    "director",
    "specialist",
    "technologist",
    "consultant",
    "developer",
    "administrator",
    "lead",
    "coordinator",
    "nurse",
    "intern",
    "architect",
    "trainer",
    "technician",
    "officer",
    "president",
    "supervisor",
    "programmer",
    "designer",
    "associate",
];

/// Splits "Title, Employer", "Title at Employer", "Title | Employer" or "Employer — Title" (when
/// the first part looks like an organisation) into title and employer.
fn title_and_employer(text: &str, span: Range<usize>) -> (Option<Fact<String>>, Option<Fact<String>>) {
    let raw = &text[span.clone()];
    for sep in [" at ", " | ", " — ", " – ", " - ", ", "] {
        if let Some(i) = raw.find(sep) {
            let a = trimmed_fact(text, span.start..span.start + i);
            let rest_start = span.start + i + sep.len();
            // A location after the employer ("Acme Health, Madison, WI") stays out of the name.
            let rest = &text[rest_start..span.end];
            let rest_end = match rest.find(", ") {
                Some(j) if sep == ", " || CITY_STATE.is_match(&rest[j..]) => rest_start + j,
                _ => span.end,
            };
            let b = trimmed_fact(text, rest_start..rest_end);
            let has = |f: &Option<Fact<String>>, words: &[&str]| {
                f.as_ref().is_some_and(|f| {
                    let v = f.value.to_lowercase();
                    words
                        .iter()
                        .any(|w| v.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
                })
            };
            let looks_like_employer = |f: &Option<Fact<String>>| has(f, ORGANISATION_WORDS);
            let looks_like_title = |f: &Option<Fact<String>>| has(f, TITLE_WORDS);
            // "Employer — Title": swap when the first part reads as an organisation and only the
            // second as a job title.
            let swap =
                sep != " at " && looks_like_employer(&a) && looks_like_title(&b) && !looks_like_title(&a);
            return if swap { (b, a) } else { (a, b) };
        }
    }
    (trimmed_fact(text, span), None)
}

/// Days between two dates, as a half-open interval on a day line.
fn interval(start: Date, end: Date) -> (i32, i32) {
    (start.to_julian_day(), end.to_julian_day())
}

/// Total length of a set of day intervals, overlaps counted once, in tenths of a year.
fn tenths_of_years(mut spans: Vec<(i32, i32)>) -> u16 {
    spans.sort_unstable();
    let mut total = 0i64;
    let mut current: Option<(i32, i32)> = None;
    for (s, e) in spans {
        match current {
            Some((cs, ce)) if s <= ce => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += i64::from(ce - cs);
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = current {
        total += i64::from(ce - cs);
    }
    u16::try_from((total * 10 + 182) / 365).unwrap_or(u16::MAX)
}

/// The credential level a certification line claims, strongest wording first.
fn level_of(line: &str) -> Option<CredentialLevel> {
    let l = line.to_lowercase();
    if l.contains("principal trainer") {
        Some(CredentialLevel::PrincipalTrainer)
    } else if l.contains("badge") {
        Some(CredentialLevel::Badge)
    } else if l.contains("credentialed trainer") {
        Some(CredentialLevel::CredentialedTrainer)
    } else if l.contains("proficien") {
        Some(CredentialLevel::Proficient)
    } else if l.contains("certif") {
        Some(CredentialLevel::Certified)
    } else if l.contains("super user") || l.contains("superuser") {
        Some(CredentialLevel::SuperUser)
    } else {
        None
    }
}

/// The credential a line claims: anything under a certifications heading is at least a
/// certification; elsewhere (but in the roles) only a line that says which.
fn claimed_level(section: Section, line: &str) -> Option<CredentialLevel> {
    match section {
        Section::Certifications => Some(level_of(line).unwrap_or(CredentialLevel::Certified)),
        Section::Experience => None,
        Section::Header | Section::Other => level_of(line),
        Section::Education => None,
    }
}

static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:University|College|Institute|School|Academy|Polytechnic)\b")
        .expect("institution pattern")
});

/// One line of an education section: "B.S. Nursing, University of Iowa, 2012" in any order.
fn education_line(text: &str, line: &Line<'_>) -> Option<Education> {
    let year = YEAR.find(line.text).and_then(|y| y.as_str().parse().ok());
    let mut degree = None;
    let mut institution = None;
    let mut at = 0;
    for part in line.text.split([',', '|', ';', '–', '—']) {
        let start = line.span.start + at;
        at += part.len()
            + line.text[at + part.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        let Some(fact) = trimmed_fact(text, start..start + part.len()) else {
            continue;
        };
        if YEAR.is_match(&fact.value) && fact.value.len() <= 12 {
            continue;
        }
        if institution.is_none() && INSTITUTION.is_match(&fact.value) {
            institution = Some(fact);
        } else if degree.is_none() {
            degree = Some(fact);
        }
    }
    (degree.is_some() || institution.is_some()).then(|| Education {
        degree,
        institution,
        year,
        span: line.span.clone(),
    })
}

/// Reads a resume's text. `today` ends roles that go on ("Present").
pub fn parse(text: &str, today: Date) -> Profile {
    let normalizer = Normalizer::get();
    let all_lines = lines(text);
    let mentions = normalizer.find(text);

    let first = |re: &Regex| {
        re.find(text).map(|m| Fact {
            value: m.as_str().to_string(),
            span: m.range(),
        })
    };
    let email = first(&EMAIL);
    let phone = first(&PHONE);
    let links = LINK
        .find_iter(text)
        .map(|m| Fact {
            value: m.as_str().to_string(),
            span: m.range(),
        })
        .collect();
    // The name: the first line that is neither contact details nor a heading, in the top lines.
    let name = all_lines
        .iter()
        .take(5)
        .find(|l| {
            let t = l.text.trim();
            !t.is_empty()
                && !EMAIL.is_match(t)
                && !PHONE.is_match(t)
                && heading(t).is_none()
                && t.split_whitespace().count() <= 5
                && t.chars().all(|c| c.is_alphabetic() || " .'-,".contains(c))
        })
        .and_then(|l| trimmed_fact(text, l.span.clone()));
    let location = all_lines.iter().take(8).find_map(|l| {
        CITY_STATE.captures(l.text).and_then(|c| {
            let m = c.get(0)?;
            Some(Fact {
                value: m.as_str().trim().to_string(),
                span: l.span.start + m.start()..l.span.start + m.end(),
            })
        })
    });

    // Roles: in the experience section (or anywhere, when the resume has no headings), a line
    // with a date range starts a role, which runs to the next one or the next heading.
    let mut section = Section::Header;
    let has_headings = all_lines
        .iter()
        .any(|l| heading(l.text) == Some(Section::Experience));
    let mut roles: Vec<(Role, Range<usize>)> = Vec::new();
    let mut certifications = Vec::new();
    let mut education = Vec::new();
    let mut previous: Option<&Line<'_>> = None;
    for line in &all_lines {
        if let Some(s) = heading(line.text) {
            section = s;
            if let Some((_, body)) = roles.last_mut() {
                body.end = body.end.min(line.span.start);
            }
            previous = None;
            continue;
        }
        if section == Section::Education {
            education.extend(education_line(text, line));
            continue;
        }
        let in_experience =
            section == Section::Experience || (!has_headings && section != Section::Certifications);
        let ranges = find_date_ranges(line.text, today);
        if in_experience && let Some(range) = ranges.first() {
            let date_span = line.span.start + range.span.start..line.span.start + range.span.end;
            let before = line.span.start..date_span.start;
            let after = date_span.end..line.span.end;
            let own = if text[before.clone()].trim().len() >= 3 {
                before
            } else {
                after
            };
            // The role's words start at its heading line, or the line before when that holds the
            // title and employer.
            let (title, employer, head_start) = match (trimmed_fact(text, own.clone()), previous) {
                (Some(_), _) => {
                    let (t, e) = title_and_employer(text, own);
                    (t, e, line.span.start)
                }
                (None, Some(prev)) => {
                    let (t, e) = title_and_employer(text, prev.span.clone());
                    (t, e, prev.span.start)
                }
                (None, None) => (None, None, line.span.start),
            };
            if let Some((_, body)) = roles.last_mut() {
                body.end = body.end.min(head_start);
            }
            roles.push((
                Role {
                    title,
                    employer,
                    start: Fact {
                        value: range.start,
                        span: date_span,
                    },
                    end: range.end,
                    skills: Vec::new(),
                    body: head_start..text.len(),
                },
                head_start..text.len(),
            ));
        } else if let Some(level) = claimed_level(section, line.text) {
            let year = YEAR.find(line.text).and_then(|y| y.as_str().parse().ok());
            let on_line: Vec<_> = mentions
                .iter()
                .filter(|m| m.span.start >= line.span.start && m.span.end <= line.span.end)
                .collect();
            // "Epic Certified, Beaker Clinical Pathology": the vendor certifies; the credential
            // is in the product named with it.
            let taxonomy = hitstaff_taxonomy::Taxonomy::get();
            let broader = |m: &hitstaff_taxonomy::Mention| {
                on_line
                    .iter()
                    .any(|n| taxonomy.ancestors(&n.skill).any(|a| a.id == m.skill))
            };
            for m in on_line.iter().filter(|m| !broader(m)) {
                certifications.push(Certification {
                    skill: m.skill.clone(),
                    level,
                    year,
                    span: line.span.clone(),
                });
            }
        }
        if !line.text.trim().is_empty() {
            previous = Some(line);
        }
    }
    // Each role's skills: those named in its own lines.
    for (role, body) in &mut roles {
        let mut seen = std::collections::HashSet::new();
        role.skills = mentions
            .iter()
            .filter(|m| m.span.start >= body.start && m.span.end <= body.end && seen.insert(m.skill.clone()))
            .map(|m| Fact {
                value: m.skill.clone(),
                span: m.span.clone(),
            })
            .collect();
        role.body = body.clone();
    }
    let roles: Vec<Role> = roles.into_iter().map(|(r, _)| r).collect();

    // Skills across the resume, with the years of the roles that name them.
    let mut skills: Vec<SkillSummary> = Vec::new();
    for m in &mentions {
        match skills.iter_mut().find(|s| s.skill == m.skill) {
            Some(s) => s.evidence.push(m.span.clone()),
            None => skills.push(SkillSummary {
                skill: m.skill.clone(),
                years_tenths: 0,
                last_used_year: None,
                level: None,
                evidence: vec![m.span.clone()],
            }),
        }
    }
    for s in &mut skills {
        let using: Vec<&Role> = roles
            .iter()
            .filter(|r| r.skills.iter().any(|f| f.value == s.skill))
            .collect();
        s.years_tenths = tenths_of_years(
            using
                .iter()
                .map(|r| interval(r.start.value, r.end.unwrap_or(today)))
                .collect(),
        );
        s.last_used_year = using.iter().map(|r| r.end.unwrap_or(today).year()).max();
        s.level = certifications
            .iter()
            .filter(|c| c.skill == s.skill)
            .map(|c| c.level)
            .max();
    }
    let total_years_tenths = tenths_of_years(
        roles
            .iter()
            .map(|r| interval(r.start.value, r.end.unwrap_or(today)))
            .collect(),
    );
    Profile {
        name,
        email,
        phone,
        location,
        links,
        roles,
        certifications,
        education,
        skills,
        total_years_tenths,
    }
}
