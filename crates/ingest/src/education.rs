//! Education as resumes write it: one entry per line ("B.S. Nursing, University of Iowa, 2012"),
//! or stacked over several ("B.Tech in Computer Science" / "PSG College of Technology -
//! Coimbatore, Tamil Nadu" / "2010 to 2014"). Places, page footers, coursework and bullet points
//! are not degrees; a line that brings a degree or a school the entry already has starts the
//! next entry.

use crate::sections::Section;
use crate::{Education, Fact, Line, MAX_ENTRIES, YEAR, is_bullet, places, trimmed_fact};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:University|Universit[éày]|Universidad|Universität|College|Institute|Institution|School|Academy|Polytechnic|Vidyalaya|Vidyapeeth|Vidyapith|Conservatory|Seminary|Hochschule|Polytechnique|Politecnico|IIT|NIT|CUNY|SUNY|MIT|UCLA)\b",
    )
    .expect("institution pattern")
});
/// Lines that are about an entry, not one: "Coursework: ...", "GPA 3.8", "Page 2 of 3", "Honors".
static NOT_AN_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*(?:/|of)\s*\d+|(?:relevant\s+)?course\s*work\b.*|courses\b.*|gpa\b.*|cgpa\b.*|grade\b.*|percentage\b.*|thesis\b.*|dissertation\b.*|honou?rs?\b.*|minor\b.*|activities\b.*|dean'?s\s+list.*|magna.*|summa.*|cum\s+laude.*)$",
    )
    .expect("not-an-entry pattern")
});
/// A part that is only a date: "2010 to 2014", "May 2012", "Expected 2027", "(2019)".
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s(\[]*(?:(?:expected|graduated|graduation|class of|completed|since|from|to|until|present|current|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter|\d{1,4})[\s.,/()\[\]'’–—-]*)+$",
    )
    .expect("date-only pattern")
});

/// Words of a field of study: "Information Security" after "Master of Science" is part of the
/// degree, "Rutgers" is not.
const FIELD_WORDS: &[&str] = &[
    "science",
    "sciences",
    "engineering",
    "nursing",
    "technology",
    "information",
    "computer",
    "computing",
    "business",
    "administration",
    "management",
    "health",
    "healthcare",
    "arts",
    "studies",
    "systems",
    "security",
    "mathematics",
    "math",
    "biology",
    "chemistry",
    "physics",
    "economics",
    "accounting",
    "finance",
    "psychology",
    "education",
    "informatics",
    "communication",
    "communications",
    "medicine",
    "pharmacy",
    "laboratory",
    "electronics",
    "electrical",
    "mechanical",
    "civil",
    "statistics",
    "data",
    "analytics",
    "marketing",
    "english",
    "history",
    "sociology",
    "public",
    "policy",
    "biomedical",
    "clinical",
    "medical",
    "network",
    "networking",
    "software",
    "applications",
    "commerce",
    "law",
    "honours",
    "honors",
    "major",
    "minor",
    "concentration",
    "specialization",
    "specialisation",
    "emphasis",
    "cybersecurity",
    "it",
    "mis",
    "cis",
    "biotechnology",
    "microbiology",
    "technologies",
];

/// A trailing date on a part: "Bachelor's Degree 05/2012", "MBA (2019)".
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\s,(]*(?:\d{1,2}[/.-])?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d{2}\)?\s*$")
        .expect("trailing date pattern")
});

fn is_field(t: &str) -> bool {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| FIELD_WORDS.contains(&w.to_lowercase().as_str()))
}

/// One part of a line, read.
enum Part {
    Institution(Fact<String>),
    Other(Fact<String>),
}

/// The parts of a line: split at commas, bars, semicolons and dashes; places and dates left out.
fn parts(text: &str, line: &Line<'_>) -> (Vec<Part>, Option<i32>) {
    let year = YEAR
        .find_iter(line.text)
        .filter_map(|y| y.as_str().parse().ok())
        .last();
    let mut body = line.text;
    // A place at the end of the line ("- Coimbatore, Tamil Nadu", ", Iowa City, IA") goes first.
    let cuts = body
        .char_indices()
        .filter(|(_, c)| matches!(c, ',' | '-' | '–' | '—' | '|'))
        .map(|(i, c)| (i, i + c.len_utf8()));
    for (at, after) in cuts.collect::<Vec<_>>() {
        let rest = &body[after..];
        if let Some((span, _)) = places::place_in(rest.trim_start())
            && span.end + (rest.len() - rest.trim_start().len()) >= rest.trim_end().len()
            && at > 0
        {
            body = &body[..at];
            break;
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    let splitter = |c: char| matches!(c, ',' | '|' | ';' | '–' | '—' | '\t');
    for piece in body.split(splitter) {
        let start = line.span.start + at;
        at += piece.len() + body[at + piece.len()..].chars().next().map_or(0, char::len_utf8);
        // " - " separates too, but not the hyphen inside "Missouri-Kansas City".
        let mut sub_at = start;
        for sub in piece.split(" - ") {
            let range: Range<usize> = sub_at..sub_at + sub.len();
            sub_at += sub.len() + 3;
            let Some(mut fact) = trimmed_fact(text, range) else {
                continue;
            };
            if let Some(m) = TRAILING_DATE.find(&fact.value)
                && m.start() > 0
                && let Some(cut) = trimmed_fact(text, fact.span.start..fact.span.start + m.start())
            {
                fact = cut;
            }
            let v = fact.value.as_str();
            if DATE_ONLY.is_match(v) || crate::heads::is_place(v) {
                continue;
            }
            out.push(if INSTITUTION.is_match(v) {
                Part::Institution(fact)
            } else {
                Part::Other(fact)
            });
        }
    }
    (out, year)
}

/// Whether a line is prose rather than an entry: a sentence, or many words.
fn is_prose(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    words > 14 || (t.ends_with('.') && words > 5) || (t.contains(':') && !YEAR.is_match(t) && words > 3)
}

/// The education entries of the lines under education headings.
pub fn read(text: &str, lines: &[Line<'_>], sections: &[Section]) -> Vec<Education> {
    let mut out: Vec<Education> = Vec::new();
    let mut current: Option<Education> = None;
    for (line, section) in lines.iter().zip(sections) {
        if *section != Section::Education {
            if let Some(e) = current.take() {
                out.push(e);
            }
            continue;
        }
        let t = line.text.trim();
        if t.is_empty()
            || line.heading.is_some()
            || is_bullet(t)
            || is_prose(t)
            || NOT_AN_ENTRY.is_match(t.trim_matches(|c: char| !c.is_alphanumeric()))
        {
            continue;
        }
        if out.len() >= MAX_ENTRIES {
            break;
        }
        let (parts, year) = parts(text, line);
        // What the previous part of this line became: a school (true) or a degree (false).
        let mut previous: Option<bool> = None;
        for part in parts {
            let (is_school, fact) = match part {
                Part::Institution(f) => (true, f),
                Part::Other(f) => (false, f),
            };
            // "Master of Science, Information Security": the field stays with its degree;
            // "California State University, Sacramento": the campus stays with its school.
            if let Some(e) = current.as_mut()
                && !is_school
            {
                let joined = match previous {
                    Some(false) if is_field(&fact.value) => e.degree.as_mut(),
                    Some(true)
                        if !is_field(&fact.value)
                            && fact.value.split_whitespace().count() <= 3
                            && fact.value.chars().next().is_some_and(char::is_uppercase) =>
                    {
                        e.institution.as_mut()
                    }
                    _ => None,
                };
                if let Some(f) = joined {
                    f.span.end = fact.span.end;
                    f.value = text[f.span.clone()].to_string();
                    e.span.end = line.span.end;
                    continue;
                }
            }
            // A school or degree the entry already has starts the next entry.
            let taken = current
                .as_ref()
                .is_some_and(|e| e.institution.is_some() && (is_school || e.degree.is_some()));
            if taken {
                out.extend(current.take());
                if out.len() >= MAX_ENTRIES {
                    break;
                }
            }
            let e = current.get_or_insert_with(|| Education {
                degree: None,
                institution: None,
                year: None,
                span: line.span.clone(),
            });
            if is_school {
                e.institution = Some(fact);
                previous = Some(true);
            } else if e.degree.is_none() {
                e.degree = Some(fact);
                previous = Some(false);
            } else {
                e.institution = Some(fact);
                previous = Some(true);
            }
            e.span.end = line.span.end;
        }
        if let (Some(e), Some(y)) = (current.as_mut(), year)
            && e.year.is_none()
        {
            e.year = Some(y);
            e.span.end = line.span.end;
        }
    }
    out.extend(current);
    out.truncate(MAX_ENTRIES);
    out
}
