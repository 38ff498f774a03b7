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
const EDUCATION: &[&str] = &[
    "EDUCATION",
    "EDUCATION AND TRAINING",
    "ACADEMIC BACKGROUND",
    "ACADEMIC QUALIFICATIONS",
];
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
    "CORE SKILLS",
    "KEY SKILLS",
    "SKILLS SUMMARY",
    "EXPERTISE",
    "AREAS OF EXPERTISE",
    "APPLICATIONS",
    "SYSTEMS",
    "QUALIFICATIONS",
    "OBJECTIVE",
    "CONTACT",
    "CONTACT INFORMATION",
    "CONTACT DETAILS",
    "PERSONAL DETAILS",
    "LANGUAGES",
    "INTERESTS",
    "PUBLICATIONS",
    "VOLUNTEER EXPERIENCE",
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
    "hospitals",
    "systems",
    "medicine",
    "services",
    "trust",
    "network",
    "schools",
    "foundation",
    "ltd",
    "company",
    "institute",
    "department",
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
    "assistant",
    "representative",
    "pharmacist",
    "teacher",
    "accountant",
    "chef",
    "welder",
    "coder",
    "informaticist",
    "scientist",
    "auditor",
    "clerk",
    "dba",
];

/// Whether a fact's words include one of `words`.
fn has_word(f: &Option<Fact<String>>, words: &[&str]) -> bool {
    f.as_ref().is_some_and(|f| {
        let v = f.value.to_lowercase();
        v.split(|c: char| !c.is_alphanumeric())
            .any(|x| words.contains(&x))
    })
}

/// Splits "Title, Employer", "Title at Employer", "Title | Employer" or "Employer — Title" (when
/// the first part looks like an organisation) into title and employer; without a separator,
/// "Bed Management Coordinator CHRISTUS Santa Rosa" splits after the last title word.
fn title_and_employer(text: &str, span: Range<usize>) -> (Option<Fact<String>>, Option<Fact<String>>) {
    let Some(whole) = trimmed_fact(text, span) else {
        return (None, None);
    };
    let span = whole.span.clone();
    let raw = &text[span.clone()];
    for sep in [" at ", " | ", " — ", " – ", " - ", ", ", " · "] {
        let Some(i) = raw.find(sep) else { continue };
        let a = trimmed_fact(text, span.start..span.start + i);
        let rest_start = span.start + i + sep.len();
        // A location after the employer ("Acme Health, Madison, WI") stays out of the name.
        let rest = &text[rest_start..span.end];
        let rest_end = match rest.find(", ").or_else(|| rest.find(" | ")) {
            Some(j) if sep == ", " || CITY_STATE.is_match(&rest[j..]) || rest[j..].starts_with(" | ") => {
                rest_start + j
            }
            _ => span.end,
        };
        let b = trimmed_fact(text, rest_start..rest_end);
        if a.is_none() || b.is_none() {
            continue;
        }
        // "Employer — Title": swap when the first part reads as an organisation and only the
        // second as a job title.
        let swap = sep != " at "
            && has_word(&a, ORGANISATION_WORDS)
            && has_word(&b, TITLE_WORDS)
            && !has_word(&a, TITLE_WORDS);
        return if swap { (b, a) } else { (a, b) };
    }
    // No separator: the title ends at its last title word when a capitalised name follows.
    let mut cut = None;
    let mut offset = 0;
    let words: Vec<(usize, &str)> = raw
        .split(' ')
        .map(|w| {
            let at = offset;
            offset += w.len() + 1;
            (at, w)
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    for (k, (at, w)) in words.iter().enumerate() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if TITLE_WORDS.contains(&bare.as_str())
            && let Some((next_at, next)) = words.get(k + 1)
            && next.chars().next().is_some_and(char::is_uppercase)
        {
            cut = Some((at + w.len(), *next_at));
        }
    }
    match cut {
        Some((title_end, employer_start)) => (
            trimmed_fact(text, span.start..span.start + title_end),
            trimmed_fact(text, span.start + employer_start..span.end),
        ),
        None => (Some(whole), None),
    }
}

/// Whether a line can be a role's title or employer on its own line: short, not a sentence.
fn heading_like(line: &str) -> bool {
    let t = line.trim();
    let words = t
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let last = t.split_whitespace().last().unwrap_or("").to_lowercase();
    (1..=12).contains(&words)
        && !t.starts_with(['•', '-', '*', '▪', '·', '–'])
        && (!t.ends_with('.') || ["inc.", "corp.", "co.", "ltd.", "llc.", "l.l.c."].contains(&last.as_str()))
}

/// Days between two dates, as a half-open interval on a day line.
fn interval(start: Date, end: Date) -> (i32, i32) {
    (start.to_julian_day(), end.to_julian_day())
}

/// Total length of a set of day intervals, overlaps counted once, in tenths of a year.
fn tenths_of_years(spans: Vec<(i32, i32)>) -> u16 {
    let total = hitstaff_domain::covered_days(spans);
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

/// Credentials after a name: "Grace Thompson, RN", "Olivia Martin, PMP, CPHIMS".
static CREDENTIALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:,\s*[A-Z][A-Za-z.-]{1,9})+\s*$").expect("credentials pattern"));

/// The person's name in a line: the whole line, or its first part before contact details
/// ("Thomas Reed · Indianapolis, IN · thomas@..."), without trailing credentials.
fn name_in(
    text: &str,
    line: &Line<'_>,
    mentions: &[hitstaff_taxonomy::Mention],
    strict: bool,
) -> Option<Fact<String>> {
    let t = line.text;
    let end = t.find(['·', '|', '•', '\t']).unwrap_or(t.len());
    let part = &t[..end];
    let part = match CREDENTIALS.find(part) {
        // Only capitals-heavy tails are credentials ("RN", "PhD", "MBA"), not a city ("Austin").
        Some(m)
            if m.as_str().chars().filter(char::is_ascii_uppercase).count() * 2
                >= m.as_str().chars().filter(|c| c.is_alphabetic()).count() =>
        {
            &part[..m.start()]
        }
        _ => part,
    };
    let fact = trimmed_fact(text, line.span.start..line.span.start + part.len())?;
    let v = fact.value.as_str();
    let words: Vec<&str> = v.split_whitespace().collect();
    let ok = (1..=5).contains(&words.len())
        && v.chars().all(|c| c.is_alphabetic() || " .'-".contains(c))
        && heading(v).is_none()
        && !mentions
            .iter()
            .any(|m| m.span.start < fact.span.end && m.span.end > fact.span.start)
        && (!strict
            || (words.len() >= 2
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))));
    ok.then_some(fact)
}

/// The person's name: in the top lines, or failing that (a sidebar first) the first line further
/// down that reads as a name.
fn find_name(
    text: &str,
    lines: &[Line<'_>],
    mentions: &[hitstaff_taxonomy::Mention],
) -> Option<Fact<String>> {
    // Above the first heading: under "Skills", "Welding" is a skill, not a name.
    let top = lines
        .iter()
        .take_while(|l| heading(l.text).is_none())
        .filter(|l| !l.text.trim().is_empty())
        .take(5)
        .find_map(|l| name_in(text, l, mentions, false));
    top.or_else(|| {
        lines
            .iter()
            .take(40)
            .find_map(|l| name_in(text, l, mentions, true))
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
    let name = find_name(text, &all_lines, &mentions);
    let location = all_lines.iter().take(12).find_map(|l| {
        CITY_STATE.captures_iter(l.text).find_map(|c| {
            let m = c.get(0)?;
            hitstaff_domain::UsState::parse(c.get(2)?.as_str()).ok()?;
            Some(Fact {
                value: m.as_str().trim().to_string(),
                span: l.span.start + m.start()..l.span.start + m.end(),
            })
        })
    });

    // Roles: in the experience section (or anywhere, when the resume has no headings), a line
    // with a date range starts a role, which runs to the next one or the next heading. The title
    // and employer sit on the date's line, or on the one or two short lines just above it.
    let mut section = Section::Header;
    let has_headings = all_lines
        .iter()
        .any(|l| heading(l.text) == Some(Section::Experience));
    let mut roles: Vec<(Role, Range<usize>)> = Vec::new();
    let mut certifications: Vec<Certification> = Vec::new();
    let mut education = Vec::new();
    // Short lines since the last role or heading, newest last.
    let mut above: Vec<&Line<'_>> = Vec::new();
    let mut skip_next = false;
    for (index, line) in all_lines.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if let Some(s) = heading(line.text) {
            section = s;
            if let Some((_, body)) = roles.last_mut() {
                body.end = body.end.min(line.span.start);
            }
            above.clear();
            continue;
        }
        if section == Section::Education {
            education.extend(education_line(text, line));
            continue;
        }
        let in_experience =
            section == Section::Experience || (!has_headings && section != Section::Certifications);
        let mut range = find_date_ranges(line.text, today).into_iter().next().map(|r| {
            let span = line.span.start + r.span.start..line.span.start + r.span.end;
            (r, span)
        });
        // A period wrapped onto the next line ("Sep 2015 – Dec" / "2019").
        if range.is_none()
            && in_experience
            && let Some(next) = all_lines.get(index + 1)
        {
            let joined = &text[line.span.start..next.span.end];
            if let Some(r) = find_date_ranges(joined, today)
                .into_iter()
                .find(|r| r.span.start < line.text.len() && r.span.end > line.text.len())
            {
                let span = line.span.start + r.span.start..line.span.start + r.span.end;
                range = Some((r, span));
                skip_next = true;
            }
        }
        if in_experience && let Some((range, date_span)) = range {
            let before = line.span.start..date_span.start;
            let after = date_span.end..line.span.end.max(date_span.end);
            let own = if text[before.clone()].trim().len() >= 3 {
                Some(before)
            } else if text[after.clone()].trim().len() >= 3 {
                Some(after)
            } else {
                None
            };
            let (title, employer, head_start) = match (own, above.as_slice()) {
                (Some(own), _) => {
                    let (t, e) = title_and_employer(text, own);
                    (t, e, line.span.start)
                }
                (None, [.., first, second]) => {
                    let a = trimmed_fact(text, first.span.clone());
                    let b = trimmed_fact(text, second.span.clone());
                    // "Employer / Title" when only the second reads as a job title.
                    let employer_first = has_word(&a, ORGANISATION_WORDS)
                        && has_word(&b, TITLE_WORDS)
                        && !has_word(&a, TITLE_WORDS);
                    if employer_first {
                        (b, a, first.span.start)
                    } else {
                        (a, b, first.span.start)
                    }
                }
                (None, [only]) => {
                    let (t, e) = title_and_employer(text, only.span.clone());
                    (t, e, only.span.start)
                }
                (None, []) => (None, None, line.span.start),
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
            above.clear();
            continue;
        }
        if let Some(level) = claimed_level(section, line.text) {
            let year = YEAR.find(line.text).and_then(|y| y.as_str().parse().ok());
            let on_line: Vec<_> = mentions
                .iter()
                .filter(|m| m.span.start >= line.span.start && m.span.end <= line.span.end)
                .collect();
            // "Epic Certified, Beaker Clinical Pathology": the vendor certifies; the credential
            // is in the product named with it. Practices ("credentialed trainer") are not
            // credentials of their own.
            let taxonomy = hitstaff_taxonomy::Taxonomy::get();
            let broader = |m: &hitstaff_taxonomy::Mention| {
                on_line
                    .iter()
                    .any(|n| taxonomy.ancestors(&n.skill).any(|a| a.id == m.skill))
            };
            let mut seen = std::collections::HashSet::new();
            for m in on_line
                .iter()
                .filter(|m| !broader(m) && !m.skill.as_str().starts_with("practice."))
            {
                if seen.insert(m.skill.clone()) {
                    certifications.push(Certification {
                        skill: m.skill.clone(),
                        level,
                        year,
                        span: line.span.clone(),
                    });
                }
            }
        }
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if heading_like(t) {
            above.push(line);
            if above.len() > 2 {
                above.remove(0);
            }
        } else {
            above.clear();
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
