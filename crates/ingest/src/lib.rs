//! Resumes in, candidate profiles out.
//!
//! [`parse`] reads a resume's text into a [`Profile`]: contact details, roles (dated or not),
//! certifications with their credential level, education, and skills with the years of the roles
//! that used them. Every fact keeps the byte range of the text it came from, so that a recruiter
//! can see why hitstaff believes it and correct it.
//!
//! The reader is written for the layouts people really use: job-board exports, LinkedIn and
//! USAJOBS profiles, one-line and stacked role heads, offshore CVs. What it holds is bounded
//! ([`MAX_ROLES`], [`MAX_ENTRIES`]) whatever the file says.

mod credentials;
mod dates;
mod education;
pub mod extract;
mod heads;
pub mod intake;
pub mod jsonresume;
mod places;
mod sections;

pub use dates::{DateRange, day_after_month, find_date_ranges, year_month};
pub use places::Place;

use hitstaff_domain::{CredentialLevel, SkillId};
use hitstaff_taxonomy::{Mention, Normalizer};
use regex::Regex;
use sections::{Section, heading};
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;
use time::Date;

/// The most roles a profile holds; a resume with more is a list, not a career.
pub const MAX_ROLES: usize = 100;
/// The most education entries, certifications, credentials or links a profile holds.
pub const MAX_ENTRIES: usize = 30;
/// The most places one skill's evidence points to.
const MAX_EVIDENCE: usize = 50;

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
    /// `None` for a job listed without dates: it is a job, but adds no years.
    pub start: Option<Fact<Date>>,
    /// `None` while the role goes on ("Present"), or when the role has no dates.
    pub end: Option<Date>,
    /// The skills the role's text names, each with where.
    pub skills: Vec<Fact<SkillId>>,
    /// The role's words: its heading line(s) and description.
    pub body: Range<usize>,
}

impl Role {
    /// The role's period as days, when it is dated.
    fn interval(&self, today: Date) -> Option<(i32, i32)> {
        let start = self.start.as_ref()?.value;
        Some((start.to_julian_day(), self.end.unwrap_or(today).to_julian_day()))
    }
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
    /// Places the resume names it (the first [`MAX_EVIDENCE`]).
    pub evidence: Vec<Range<usize>>,
}

/// What a resume says about its person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub name: Option<Fact<String>>,
    /// The line under the name: "Interface Developer - Cognizant Technology Solutions".
    pub headline: Option<Fact<String>>,
    pub email: Option<Fact<String>>,
    pub phone: Option<Fact<String>>,
    /// Where the person is, as written ("Pune, Maharashtra").
    pub location: Option<Fact<String>>,
    /// The same place, read: city, region and country.
    pub place: Option<Place>,
    pub links: Vec<Fact<String>>,
    pub roles: Vec<Role>,
    pub certifications: Vec<Certification>,
    /// Licences and certificates the taxonomy does not know, as written ("Registered Nurse, Iowa
    /// Board of Nursing").
    pub credentials: Vec<Fact<String>>,
    pub education: Vec<Education>,
    pub skills: Vec<SkillSummary>,
    /// Years covered by the dated roles, overlaps counted once, in tenths.
    pub total_years_tenths: u16,
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}").expect("email pattern")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+?1[\s.-]?)?\(?\b[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b").expect("phone pattern")
});
static INTERNATIONAL_PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+\d{1,3}[\s.-]?(?:\(?\d{1,5}\)?[\s.-]?){2,5}\d{2,5}\b")
        .expect("international phone pattern")
});
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:www\.)?(?:linkedin\.com|github\.com)/[^\s,;)]+")
        .expect("link pattern")
});
pub(crate) static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[5-9]\d|20[0-4]\d)\b").expect("year pattern"));
/// "Duration:", "Client:", "Salary:": a label starts a line of description, never a role.
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\p{L}][\p{L} /&]{0,24}:(?:\s|$)").expect("label pattern"));

/// A line of the text with its byte range, and the section it opens if it is a heading.
pub(crate) struct Line<'t> {
    pub text: &'t str,
    pub span: Range<usize>,
    pub heading: Option<Section>,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        out.push(Line {
            text: body,
            span: start..start + body.len(),
            heading: heading(body),
        });
        start += piece.len();
    }
    out
}

pub(crate) fn trimmed_fact(text: &str, span: Range<usize>) -> Option<Fact<String>> {
    let raw = &text[span.clone()];
    let value = raw.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '—' | '·' | '•' | ';' | ':' | '(')
    });
    // A closing bracket stays when it closes one inside ("Cyber Defender (25D)").
    let value = if value.ends_with(')') && !value.contains('(') {
        value.trim_end_matches(')').trim_end()
    } else {
        value
    };
    if value.is_empty() || !value.chars().any(char::is_alphanumeric) {
        return None;
    }
    let start = span.start + raw.find(value).unwrap_or(0);
    Some(Fact {
        value: value.to_string(),
        span: start..start + value.len(),
    })
}

/// Whether a line starts with a bullet mark.
pub(crate) fn is_bullet(line: &str) -> bool {
    line.trim_start().starts_with([
        '•', '-', '*', '▪', '·', '–', '—', '●', '◦', '○', '■', '□', '➢', '►', '✓', '>',
    ])
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
        && !is_bullet(t)
        && !t.ends_with(':')
        && (!t.ends_with('.') || ["inc.", "corp.", "co.", "ltd.", "llc.", "l.l.c."].contains(&last.as_str()))
}

/// Total length of a set of day intervals, overlaps counted once, in tenths of a year.
fn tenths_of_years(spans: Vec<(i32, i32)>) -> u16 {
    let total = hitstaff_domain::covered_days(spans);
    u16::try_from((total * 10 + 182) / 365).unwrap_or(u16::MAX)
}

/// Credentials after a name: "Grace Thompson, RN", "Olivia Martin, PMP, CPHIMS".
static CREDENTIALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:,\s*[A-Z][A-Za-z.-]{1,9})+\s*$").expect("credentials pattern"));

/// The person's name in a line: the whole line, or its first part before contact details
/// ("Thomas Reed · Indianapolis, IN · thomas@..."), without trailing credentials.
fn name_in(text: &str, line: &Line<'_>, mentions: &[Mention], strict: bool) -> Option<Fact<String>> {
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
    let mut fact = trimmed_fact(text, line.span.start..line.span.start + part.len())?;
    // "Dr. Paul Hernandez": the honorific is not the name.
    for title in ["Dr. ", "Dr ", "Mr. ", "Mrs. ", "Ms. ", "Prof. ", "Mx. "] {
        if let Some(rest) = fact.value.strip_prefix(title) {
            fact = Fact {
                value: rest.trim_start().to_string(),
                span: fact.span.end - rest.trim_start().len()..fact.span.end,
            };
            break;
        }
    }
    let v = fact.value.as_str();
    let words: Vec<&str> = v.split_whitespace().collect();
    let ok = (1..=5).contains(&words.len())
        && v.chars().all(|c| c.is_alphabetic() || " .'’-".contains(c))
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

/// The person's name and the index of its line: in the top lines, or failing that (a sidebar
/// first) the first line further down that reads as a name.
fn find_name(text: &str, lines: &[Line<'_>], mentions: &[Mention]) -> Option<(usize, Fact<String>)> {
    // Above the first heading: under "Skills", "Welding" is a skill, not a name.
    let top = lines
        .iter()
        .enumerate()
        .take_while(|(_, l)| l.heading.is_none())
        .filter(|(_, l)| !l.text.trim().is_empty())
        .take(5)
        .find_map(|(i, l)| name_in(text, l, mentions, false).map(|f| (i, f)));
    top.or_else(|| {
        lines
            .iter()
            .enumerate()
            .take(40)
            .find_map(|(i, l)| name_in(text, l, mentions, true).map(|f| (i, f)))
    })
}

/// Whether a line is contact details rather than words about the person.
fn is_contact(line: &str) -> bool {
    let lower = line.to_lowercase();
    EMAIL.is_match(line)
        || PHONE.is_match(line)
        || INTERNATIONAL_PHONE.is_match(line)
        || LINK.is_match(line)
        || lower.contains("http")
        || lower.contains("www.")
}

/// Whether a line holds a period of any date ("2019 – Present" included).
fn has_date_range(line: &str) -> bool {
    !find_date_ranges(line, time::macros::date!(2100 - 01 - 01)).is_empty()
}

/// A pattern's match as a fact.
fn matched(m: regex::Match<'_>) -> Fact<String> {
    Fact {
        value: m.as_str().to_string(),
        span: m.range(),
    }
}

/// The line under the name, when it says who the person is rather than how to reach them.
fn find_headline(text: &str, lines: &[Line<'_>], name_line: usize) -> Option<Fact<String>> {
    let line = lines
        .iter()
        .skip(name_line + 1)
        .find(|l| !l.text.trim().is_empty())?;
    let t = line.text.trim();
    if line.heading.is_some()
        || is_contact(t)
        || places::place_in_line(t).is_some()
        || t.chars().count() > 160
        || !t.chars().any(char::is_alphabetic)
        || has_date_range(t)
    {
        return None;
    }
    trimmed_fact(text, line.span.clone())
}

/// Where the person is: a place in the lines above the first heading, or else in the first lines
/// of any section that is not about jobs or schools (a sidebar's "Contact").
fn find_location(text: &str, lines: &[Line<'_>], sections: &[Section]) -> Option<(Fact<String>, Place)> {
    let found = |l: &Line<'_>| {
        let (span, place) = places::place_in_line(l.text)?;
        let fact = trimmed_fact(text, l.span.start + span.start..l.span.start + span.end)?;
        Some((fact, place))
    };
    let header = lines
        .iter()
        .zip(sections)
        .take(15)
        .take_while(|(_, s)| **s == Section::Header)
        .find_map(|(l, _)| found(l));
    header.or_else(|| {
        lines
            .iter()
            .zip(sections)
            .take(60)
            .filter(|(l, s)| {
                matches!(s, Section::Header | Section::Other)
                    && !is_bullet(l.text)
                    && l.text.split_whitespace().count() <= 12
            })
            .find_map(|(l, _)| found(l))
    })
}

/// "(3 years 2 months)", "· 2 yrs 4 mos", "(Contract)": what may sit beside a role's dates and
/// still leave them at the line's edge.
static BESIDE_DATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(\s*[^)]*\)|\b\d+\s*(?:years?|yrs?|months?|mos?)\b|[\s,;:|·•()\[\]/–—-]+")
        .expect("beside-dates pattern")
});

/// A date range on a line that dates a role: at the line's start or end (after durations and
/// marks), or on a short heading-like line; never on a bullet or a labelled line ("Duration:").
fn role_dates(line: &str, today: Date) -> Option<DateRange> {
    if is_bullet(line) || LABEL.is_match(line) {
        return None;
    }
    let range = find_date_ranges(line, today).into_iter().next()?;
    let rest = |s: &str| BESIDE_DATES.replace_all(s, "").trim().is_empty();
    let at_edge = rest(&line[..range.span.start]) || rest(&line[range.span.end..]);
    (at_edge || heading_like(line)).then_some(range)
}

/// A role being read: the role, and whether any description follows its head yet.
struct Reading {
    role: Role,
    has_body: bool,
}

/// Ends the role being read where the next one's head starts, and starts the next.
fn start_role(
    roles: &mut Vec<Reading>,
    title: Option<Fact<String>>,
    employer: Option<Fact<String>>,
    dates: Option<(DateRange, Range<usize>)>,
    body: Range<usize>,
) {
    if let Some(r) = roles.last_mut() {
        r.role.body.end = r.role.body.end.min(body.start);
    }
    let (start, end) = match dates {
        Some((range, span)) => (
            Some(Fact {
                value: range.start,
                span,
            }),
            range.end,
        ),
        None => (None, None),
    };
    roles.push(Reading {
        role: Role {
            title,
            employer,
            start,
            end,
            skills: Vec::new(),
            body,
        },
        has_body: false,
    });
}

/// Reads a resume's text. `today` ends roles that go on ("Present").
pub fn parse(text: &str, today: Date) -> Profile {
    let normalizer = Normalizer::get();
    let all_lines = lines(text);
    let mentions = normalizer.find(text);

    let first = |re: &Regex| re.find(text).map(matched);
    let email = first(&EMAIL);
    let phone = first(&PHONE).or_else(|| first(&INTERNATIONAL_PHONE));
    let links: Vec<Fact<String>> = LINK.find_iter(text).take(MAX_ENTRIES).map(matched).collect();
    let found_name = find_name(text, &all_lines, &mentions);
    let headline = found_name
        .as_ref()
        .and_then(|(i, _)| find_headline(text, &all_lines, *i));
    let name = found_name.map(|(_, f)| f);

    // The section of every line.
    let mut section = Section::Header;
    let sections: Vec<Section> = all_lines
        .iter()
        .map(|l| {
            section = l.heading.unwrap_or(section);
            section
        })
        .collect();
    let (location, place) = match find_location(text, &all_lines, &sections) {
        Some((f, p)) => (Some(f), Some(p)),
        None => (None, None),
    };

    // Roles: in the experience section (or anywhere, when the resume has no such heading), a line
    // with a role's dates starts a role, which runs to the next one or the next heading. Its title
    // and employer sit beside the dates, or on the short lines just above them.
    let explicit = sections.contains(&Section::Experience);
    let mut roles: Vec<Reading> = Vec::new();
    // Short lines since the last role, heading or description, oldest first.
    let mut above: Vec<&Line<'_>> = Vec::new();
    let mut skip_next = false;
    for (index, line) in all_lines.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let section = sections[index];
        if line.heading.is_some() {
            if let Some(r) = roles.last_mut() {
                r.role.body.end = r.role.body.end.min(line.span.start);
            }
            above.clear();
            continue;
        }
        let in_experience = section == Section::Experience
            || (!explicit && !matches!(section, Section::Certifications | Section::Education));
        if !in_experience {
            above.clear();
            continue;
        }
        let mut range = role_dates(line.text, today).map(|r| {
            let span = line.span.start + r.span.start..line.span.start + r.span.end;
            (r, span)
        });
        // A period wrapped onto the next line ("Sep 2015 – Dec" / "2019").
        if range.is_none()
            && !is_bullet(line.text)
            && heading_like(line.text)
            && let Some(next) = all_lines.get(index + 1)
            && heading_like(next.text)
        {
            let joined = &text[line.span.start..next.span.end];
            if let Some(r) = role_dates(joined, today)
                .filter(|r| r.span.start < line.text.len() && r.span.end > line.text.len())
            {
                let span = line.span.start + r.span.start..line.span.start + r.span.end;
                range = Some((r, span));
                skip_next = true;
            }
        }
        if let Some((range, date_span)) = range {
            if roles.len() >= MAX_ROLES {
                break;
            }
            let line_end = if skip_next {
                all_lines[index + 1].span.end
            } else {
                line.span.end
            };
            let before = line.span.start..date_span.start;
            let after = date_span.end..line_end.max(date_span.end);
            let own = [before, after]
                .into_iter()
                .find(|s| text[s.clone()].chars().filter(|c| c.is_alphabetic()).count() >= 3)
                .filter(|s| !BESIDE_DATES.replace_all(&text[s.clone()], "").trim().is_empty());
            let mut head: Vec<Range<usize>> = Vec::new();
            // The two nearest short lines above that are not only a place.
            let mut kept = 0;
            for l in above.iter().rev() {
                if kept == 2 {
                    break;
                }
                head.insert(0, l.span.clone());
                if places::place_in_line(l.text).is_none_or(|(s, _)| s.end < l.text.trim_end().len()) {
                    kept += 1;
                }
            }
            let (title, employer, head_start) = match own {
                Some(own) => {
                    let (t, e) = heads::title_and_employer(text, std::slice::from_ref(&own));
                    if (t.is_none() || e.is_none()) && !head.is_empty() {
                        let mut spans = head.clone();
                        spans.push(own);
                        let (t2, e2) = heads::title_and_employer(text, &spans);
                        (t.or(t2), e.or(e2), head[0].start)
                    } else {
                        (t, e, line.span.start)
                    }
                }
                None if !head.is_empty() => {
                    let (t, e) = heads::title_and_employer(text, &head);
                    (t, e, head[0].start)
                }
                None => (None, None, line.span.start),
            };
            // USAJOBS and some exports put the title after the dates and their labels.
            let title = title.or_else(|| title_after(text, &all_lines[index + 1..]));
            start_role(
                &mut roles,
                title,
                employer,
                Some((range, date_span)),
                head_start..text.len(),
            );
            above.clear();
            continue;
        }
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if heading_like(t) && !LABEL.is_match(t) {
            above.push(line);
            if above.len() > 3 {
                above.remove(0);
            }
            continue;
        }
        // A description line. Under an explicit "Work experience" heading, short lines above it
        // that name a job are a job even without dates.
        if section == Section::Experience
            && roles.len() < MAX_ROLES
            && roles.last().is_none_or(|r| r.has_body)
            && !above.is_empty()
            && above.iter().any(|l| heads::reads_as_title(l.text))
        {
            let head: Vec<Range<usize>> = above.iter().map(|l| l.span.clone()).collect();
            let (title, employer) = heads::title_and_employer(text, &head);
            start_role(&mut roles, title, employer, None, head[0].start..text.len());
        }
        if let Some(r) = roles.last_mut() {
            r.has_body = true;
        }
        above.clear();
    }
    let mut roles: Vec<Role> = roles.into_iter().map(|r| r.role).collect();
    // Each role's skills: those named in its own lines.
    for role in &mut roles {
        let mut seen = std::collections::HashSet::new();
        role.skills = mentions
            .iter()
            .filter(|m| {
                m.span.start >= role.body.start && m.span.end <= role.body.end && seen.insert(m.skill.clone())
            })
            .map(|m| Fact {
                value: m.skill.clone(),
                span: m.span.clone(),
            })
            .collect();
    }
    // "Interface Developer - Cognizant": the headline names the current employer when the
    // latest role does not.
    if let (Some(h), Some(latest)) = (&headline, roles.first_mut())
        && latest.employer.is_none()
        && let (Some(t), Some(e)) = heads::title_and_employer(text, std::slice::from_ref(&h.span))
        && latest
            .title
            .as_ref()
            .is_some_and(|lt| lt.value.eq_ignore_ascii_case(&t.value))
    {
        latest.employer = Some(e);
    }

    let (certifications, credentials) = credentials::read(text, &all_lines, &sections, &mentions);
    let education = education::read(text, &all_lines, &sections);

    // Skills across the resume, with the years of the dated roles that name them.
    let mut skills: Vec<SkillSummary> = Vec::new();
    for m in &mentions {
        match skills.iter_mut().find(|s| s.skill == m.skill) {
            Some(s) => {
                if s.evidence.len() < MAX_EVIDENCE {
                    s.evidence.push(m.span.clone());
                }
            }
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
            .filter(|r| r.start.is_some() && r.skills.iter().any(|f| f.value == s.skill))
            .collect();
        s.years_tenths = tenths_of_years(using.iter().filter_map(|r| r.interval(today)).collect());
        s.last_used_year = using.iter().map(|r| r.end.unwrap_or(today).year()).max();
        s.level = certifications
            .iter()
            .filter(|c| c.skill == s.skill)
            .map(|c| c.level)
            .max();
    }
    let total_years_tenths = tenths_of_years(roles.iter().filter_map(|r| r.interval(today)).collect());
    Profile {
        name,
        headline,
        email,
        phone,
        location,
        place,
        links,
        roles,
        certifications,
        credentials,
        education,
        skills,
        total_years_tenths,
    }
}

/// A title written after the dates (USAJOBS: dates, then "Salary:" and "Hours per week:" lines,
/// then the title; LinkedIn: dates, place, then nothing): the first short line that reads as a
/// title, past labelled lines and places, before any description.
fn title_after(text: &str, following: &[Line<'_>]) -> Option<Fact<String>> {
    for l in following.iter().filter(|l| !l.text.trim().is_empty()).take(4) {
        let t = l.text.trim();
        if LABEL.is_match(t) || places::place_in_line(t).is_some() {
            continue;
        }
        if l.heading.is_some() || !heading_like(t) || has_date_range(t) {
            return None;
        }
        return heads::reads_as_title(t)
            .then(|| trimmed_fact(text, l.span.clone()))
            .flatten();
    }
    None
}

/// The credential level some words claim, strongest wording first.
pub(crate) fn level_of(words: &str) -> Option<CredentialLevel> {
    let l = words.to_lowercase();
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
