//! Resumes for generated candidates, written the many ways people write them: date styles,
//! "Title, Employer" or "Employer | Title" or a line each, a skills sidebar or list, bullets that
//! name the systems of each role, certifications with their credential level. The markup renders
//! to every format in [`crate::document`].

use hitstaff_domain::{CredentialLevel, NewCandidate, SkillId};
use hitstaff_taxonomy::Taxonomy;
use std::fmt::Write;
use time::Date;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const FULL_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const VERBS: [&str; 8] = [
    "Built and maintained",
    "Led the go-live of",
    "Supported",
    "Optimised workflows in",
    "Upgraded",
    "Trained end users on",
    "Wrote interfaces and reports for",
    "Ran testing for",
];

fn date(d: Date, style: u32) -> String {
    let m = usize::from(u8::from(d.month())) - 1;
    match style % 4 {
        0 => format!("{} {}", MONTHS[m], d.year()),
        1 => format!("{:02}/{}", m + 1, d.year()),
        2 => format!("{} {}", FULL_MONTHS[m], d.year()),
        _ => format!("{}-{:02}", d.year(), m + 1),
    }
}

fn name(skill: &SkillId) -> String {
    Taxonomy::get()
        .get_skill(skill)
        .map_or_else(|| skill.to_string(), |s| s.name.clone())
}

/// A resume for the candidate in the markup of [`crate::document::Source`]. `style` picks how it
/// is written (date style, heading order, sidebar or not).
pub fn markup(c: &NewCandidate, style: u32) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", c.name.as_str());
    let mut contact = Vec::new();
    if let Some(l) = &c.location {
        let zip = l
            .postal_code
            .as_ref()
            .map(|z| format!(" {}", z.as_str()))
            .unwrap_or_default();
        contact.push(format!("{}, {}{zip}", l.city, l.state.code()));
    }
    if let Some(e) = &c.email {
        contact.push(e.as_str().to_string());
    }
    if let Some(p) = &c.phone {
        contact.push(p.display_national());
    }
    let _ = writeln!(
        out,
        "{}",
        contact.join(if style.is_multiple_of(2) { " · " } else { " | " })
    );
    let sidebar = style.is_multiple_of(3);
    let prefix = if sidebar { "> " } else { "" };
    if let Some(h) = &c.headline {
        let _ = writeln!(
            out,
            "## SUMMARY\n{h} with {} roles in healthcare IT.",
            c.experience.len()
        );
    }
    let _ = writeln!(out, "{prefix}## SKILLS");
    for chunk in c.skills.chunks(3) {
        let names: Vec<String> = chunk.iter().map(|s| name(&s.skill)).collect();
        let _ = writeln!(out, "{prefix}- {}", names.join(", "));
    }
    let _ = writeln!(out, "## EXPERIENCE");
    for (i, e) in c.experience.iter().enumerate() {
        let dates = format!(
            "{} – {}",
            date(e.start, style),
            e.end.map_or_else(|| "Present".to_string(), |d| date(d, style))
        );
        match style % 5 {
            0 | 1 => {
                let _ = writeln!(out, "{}, {} | {dates}", e.title, e.employer);
            }
            2 => {
                let _ = writeln!(out, "{} at {}   {dates}", e.title, e.employer);
            }
            3 => {
                let _ = writeln!(out, "| {} | {} | {dates}", e.title, e.employer);
            }
            _ => {
                let _ = writeln!(out, "{}\n{}\n{dates}", e.employer, e.title);
            }
        }
        for (k, chunk) in e.skills.chunks(2).enumerate().take(4) {
            let names: Vec<String> = chunk.iter().map(name).collect();
            let verb = VERBS[(i + k + style as usize) % VERBS.len()];
            let _ = writeln!(
                out,
                "- {verb} {} for {} users.",
                names.join(" and "),
                200 * (k + 1)
            );
        }
    }
    let certified: Vec<_> = c
        .skills
        .iter()
        .filter(|s| s.level >= CredentialLevel::Proficient)
        .collect();
    if !certified.is_empty() {
        let _ = writeln!(out, "## CERTIFICATIONS");
        for s in certified {
            let year = s.last_used_year.unwrap_or(2020) - 1;
            let _ = writeln!(out, "{} {}, {year}", s.level.label(), name(&s.skill));
        }
    }
    out
}
