//! Certifications and licences: "Epic Cadence Certified, 2015", "Epic Grand Central Certified; Epic
//! Welcome Badge (2021)", "MLS(ASCP), 2009", "CISSP" in a skills list, and licences the taxonomy does
//! not know ("Registered Nurse, Iowa Board of Nursing"), kept as written.
//!
//! Each certificate keeps its own level and year: the words of a line belong to the certificate
//! they follow (the words before the first belong to the first), and a line's parts split at
//! semicolons are read apart.

use crate::sections::Section;
use crate::{Certification, Fact, Line, MAX_ENTRIES, YEAR, is_bullet, level_of, trimmed_fact};
use hitstaff_domain::CredentialLevel;
use hitstaff_taxonomy::{Mention, SkillKind, Taxonomy};
use std::ops::Range;

/// Words that say a credential is not held yet.
const NOT_YET: &[&str] = &[
    "pursuing",
    "in progress",
    "preparing",
    "expected",
    "studying for",
    "candidate for",
];

fn years(words: &str) -> Vec<i32> {
    YEAR.find_iter(words)
        .filter_map(|y| y.as_str().parse().ok())
        .collect()
}

/// The certifications the resume claims, one per skill at its strongest, and the unknown
/// credentials under a certifications heading.
pub fn read(
    text: &str,
    lines: &[Line<'_>],
    sections: &[Section],
    mentions: &[Mention],
) -> (Vec<Certification>, Vec<Fact<String>>) {
    let taxonomy = Taxonomy::get();
    let mut certifications: Vec<Certification> = Vec::new();
    let mut credentials = Vec::new();
    let mut from = 0;
    for (line, section) in lines.iter().zip(sections) {
        // Mentions are in text order: move to this line's first.
        while from < mentions.len() && mentions[from].span.start < line.span.start {
            from += 1;
        }
        if matches!(section, Section::Experience | Section::Education) || line.heading.is_some() {
            continue;
        }
        let on_line: Vec<&Mention> = mentions[from..]
            .iter()
            .take_while(|m| m.span.end <= line.span.end)
            .collect();
        let lower = line.text.to_lowercase();
        if NOT_YET.iter().any(|w| lower.contains(w)) {
            continue;
        }
        // "Epic Certified, Beaker Clinical Pathology": the vendor certifies; the credential is in
        // the product named with it. Practices ("credentialed trainer") are not credentials.
        let broader = |m: &Mention| {
            on_line
                .iter()
                .any(|n| taxonomy.ancestors(&n.skill).any(|a| a.id == m.skill))
        };
        let held: Vec<&Mention> = on_line
            .iter()
            .copied()
            .filter(|m| !broader(m) && !m.skill.as_str().starts_with("practice."))
            .collect();
        if held.is_empty() {
            if *section == Section::Certifications
                && credentials.len() < MAX_ENTRIES
                && line.text.chars().any(char::is_alphabetic)
                && let Some(f) = trimmed_fact(text, line.span.clone())
                && !(is_bullet(line.text) && f.value.split_whitespace().count() > 12)
            {
                credentials.push(f);
            }
            continue;
        }
        for segment in segments(line) {
            let in_segment: Vec<&&Mention> = held
                .iter()
                .filter(|m| m.span.start >= segment.start && m.span.end <= segment.end)
                .collect();
            let segment_text = &text[segment.clone()];
            let segment_years = years(segment_text);
            for (k, m) in in_segment.iter().enumerate() {
                let start = if k == 0 { segment.start } else { m.span.start };
                let end = in_segment.get(k + 1).map_or(segment.end, |n| n.span.start);
                let own = &text[start..end];
                let kind = taxonomy.get_skill(&m.skill).map(|s| s.kind);
                let level = level_of(own)
                    .or_else(|| level_of(segment_text))
                    .or(match section {
                        Section::Certifications => Some(CredentialLevel::Certified),
                        _ if kind == Some(SkillKind::Certification) => Some(CredentialLevel::Certified),
                        _ => None,
                    });
                let Some(level) = level else { continue };
                let year = years(own)
                    .first()
                    .copied()
                    .or_else(|| (segment_years.len() == 1).then(|| segment_years[0]));
                add(
                    &mut certifications,
                    Certification {
                        skill: m.skill.clone(),
                        level,
                        year,
                        span: line.span.clone(),
                    },
                );
            }
        }
    }
    (certifications, credentials)
}

/// A line's parts between semicolons, as byte ranges of the text.
fn segments(line: &Line<'_>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = line.span.start;
    for piece in line.text.split(';') {
        out.push(at..at + piece.len());
        at += piece.len() + 1;
    }
    out
}

/// Adds a certificate once per skill, keeping the strongest claim (and a year where one says it).
fn add(all: &mut Vec<Certification>, c: Certification) {
    if let Some(x) = all.iter_mut().find(|x| x.skill == c.skill) {
        if c.level > x.level {
            *x = c;
        } else if x.year.is_none() && c.level == x.level {
            x.year = c.year;
        }
    } else if all.len() < MAX_ENTRIES {
        all.push(c);
    }
}
