//! JSON Resume (jsonresume.org), the open resume schema: export and import.
//!
//! Exports follow schema v1.0.0 and add what a recruiter needs to trust them under `x-hitstaff`
//! keys (the schema allows extra properties): taxonomy ids, credential levels, years, and the
//! evidence of each fact as UTF-8 byte offsets into the text kept in `meta.x-hitstaff.text`.
//!
//! Imports render the file as a resume's text and read it like any other, so an imported profile
//! has the same evidence as an uploaded one.

use crate::{Fact, Profile, Role};
use hitstaff_taxonomy::Taxonomy;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::fmt::Write;
use std::ops::Range;

/// The schema version exports declare.
pub const SCHEMA_VERSION: &str = "v1.0.0";
/// The key of hitstaff's extension objects.
pub const EXTENSION: &str = "x-hitstaff";

fn span(r: &Range<usize>) -> Value {
    json!([r.start, r.end])
}

fn tenths(t: u16) -> Value {
    json!(f64::from(t) / 10.0)
}

/// Splits "Madison, WI 53703" into city, region and postal code.
fn location(value: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let (city, rest) = value.split_once(',').unwrap_or((value, ""));
    out.insert("city".into(), json!(city.trim()));
    let mut parts = rest.split_whitespace();
    if let Some(region) = parts.next() {
        out.insert("region".into(), json!(region));
        out.insert("countryCode".into(), json!("US"));
    }
    if let Some(postal) = parts.next() {
        out.insert("postalCode".into(), json!(postal));
    }
    out
}

/// The role's description lines, bullets stripped, without its heading.
fn highlights(text: &str, role: &Role) -> Vec<String> {
    let heading_end = role
        .start
        .as_ref()
        .map_or(role.body.start, |s| s.span.end)
        .max(role.title.as_ref().map_or(0, |t| t.span.end));
    let from = text[heading_end.min(role.body.end)..role.body.end]
        .find('\n')
        .map_or(role.body.end, |i| heading_end + i);
    text.get(from..role.body.end)
        .unwrap_or("")
        .lines()
        .map(|l| l.trim().trim_start_matches(['•', '-', '*', '·', '▪', '–']).trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A profile as a JSON Resume document, with the text its evidence points into.
pub fn export(profile: &Profile, text: &str) -> Value {
    let taxonomy = Taxonomy::get();
    let skill_name = |id: &hitstaff_domain::SkillId| {
        taxonomy
            .get_skill(id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let mut basics = Map::new();
    let mut evidence = Map::new();
    let mut put = |key: &str, fact: &Option<Fact<String>>, basics: &mut Map<String, Value>| {
        if let Some(f) = fact {
            basics.insert(key.into(), json!(f.value));
            evidence.insert(key.into(), span(&f.span));
        }
    };
    put("name", &profile.name, &mut basics);
    put("email", &profile.email, &mut basics);
    put("phone", &profile.phone, &mut basics);
    if let Some(loc) = &profile.location {
        basics.insert("location".into(), Value::Object(location(&loc.value)));
        evidence.insert("location".into(), span(&loc.span));
    }
    let profiles: Vec<Value> = profile
        .links
        .iter()
        .map(|l| {
            let url = if l.value.starts_with("http") {
                l.value.clone()
            } else {
                format!("https://{}", l.value)
            };
            let network = if url.contains("linkedin.com") {
                "LinkedIn"
            } else {
                "GitHub"
            };
            json!({"network": network, "url": url, EXTENSION: {"evidence": span(&l.span)}})
        })
        .collect();
    if !profiles.is_empty() {
        basics.insert("profiles".into(), Value::Array(profiles));
    }
    basics.insert(EXTENSION.into(), json!({ "evidence": evidence }));

    let work: Vec<Value> = profile
        .roles
        .iter()
        .map(|r| {
            let mut w = Map::new();
            let mut ev = Map::new();
            if let Some(e) = &r.employer {
                w.insert("name".into(), json!(e.value));
                ev.insert("name".into(), span(&e.span));
            }
            if let Some(t) = &r.title {
                w.insert("position".into(), json!(t.value));
                ev.insert("position".into(), span(&t.span));
            }
            if let Some(start) = &r.start {
                w.insert("startDate".into(), json!(crate::year_month(start.value)));
                ev.insert("dates".into(), span(&start.span));
            }
            // Ends are kept as the first day after the role; the schema wants its last month.
            if let Some(end) = r.end {
                w.insert("endDate".into(), json!(crate::year_month(end.previous_day().unwrap_or(end))));
            }
            ev.insert("body".into(), span(&r.body));
            let hl = highlights(text, r);
            if !hl.is_empty() {
                w.insert("highlights".into(), json!(hl));
            }
            let skills: Vec<Value> = r
                .skills
                .iter()
                .map(|s| json!({"id": s.value.to_string(), "name": skill_name(&s.value), "evidence": span(&s.span)}))
                .collect();
            w.insert(EXTENSION.into(), json!({"skills": skills, "evidence": ev}));
            Value::Object(w)
        })
        .collect();

    let education: Vec<Value> = profile
        .education
        .iter()
        .map(|e| {
            let mut o = Map::new();
            if let Some(i) = &e.institution {
                o.insert("institution".into(), json!(i.value));
            }
            if let Some(d) = &e.degree {
                o.insert("studyType".into(), json!(d.value));
            }
            if let Some(y) = e.year {
                o.insert("endDate".into(), json!(format!("{y:04}")));
            }
            o.insert(EXTENSION.into(), json!({"evidence": span(&e.span)}));
            Value::Object(o)
        })
        .collect();

    let certificates: Vec<Value> = profile
        .certifications
        .iter()
        .map(|c| {
            let skill = taxonomy.get_skill(&c.skill);
            let mut o = Map::new();
            o.insert("name".into(), json!(format!("{} ({})", skill_name(&c.skill), c.level.label())));
            if let Some(vendor) = skill.and_then(|s| s.context.clone()) {
                o.insert("issuer".into(), json!(vendor));
            }
            if let Some(y) = c.year {
                o.insert("date".into(), json!(format!("{y:04}")));
            }
            o.insert(
                EXTENSION.into(),
                json!({"skill": c.skill.to_string(), "credentialLevel": c.level.code(), "evidence": span(&c.span)}),
            );
            Value::Object(o)
        })
        .collect();

    let skills: Vec<Value> = profile
        .skills
        .iter()
        .map(|s| {
            let mut o = Map::new();
            o.insert("name".into(), json!(skill_name(&s.skill)));
            if let Some(level) = s.level {
                o.insert("level".into(), json!(level.label()));
            }
            let mut ext = Map::new();
            ext.insert("id".into(), json!(s.skill.to_string()));
            ext.insert("years".into(), tenths(s.years_tenths));
            if let Some(y) = s.last_used_year {
                ext.insert("lastUsed".into(), json!(y));
            }
            if let Some(level) = s.level {
                ext.insert("credentialLevel".into(), json!(level.code()));
            }
            ext.insert(
                "evidence".into(),
                Value::Array(s.evidence.iter().map(span).collect()),
            );
            o.insert(EXTENSION.into(), Value::Object(ext));
            Value::Object(o)
        })
        .collect();

    json!({
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": work,
        "education": education,
        "certificates": certificates,
        "skills": skills,
        "meta": {
            "version": SCHEMA_VERSION,
            EXTENSION: {
                "parser": concat!("hitstaff-ingest ", env!("CARGO_PKG_VERSION")),
                "totalYears": tenths(profile.total_years_tenths),
                "evidence": "UTF-8 byte offsets [start, end) into text",
                "text": text,
            }
        }
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Resume {
    basics: Basics,
    work: Vec<Work>,
    volunteer: Vec<Work>,
    education: Vec<Study>,
    certificates: Vec<Certificate>,
    skills: Vec<Skill>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Basics {
    name: Option<String>,
    label: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    url: Option<String>,
    summary: Option<String>,
    location: Location,
    profiles: Vec<SocialProfile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Location {
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SocialProfile {
    url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Work {
    name: Option<String>,
    organization: Option<String>,
    position: Option<String>,
    location: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    summary: Option<String>,
    highlights: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Study {
    institution: Option<String>,
    area: Option<String>,
    study_type: Option<String>,
    end_date: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Certificate {
    name: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Skill {
    name: Option<String>,
    level: Option<String>,
    keywords: Vec<String>,
}

/// Whether bytes look like a JSON Resume document (a JSON object with resume sections).
pub fn looks_like_json_resume(bytes: &[u8]) -> bool {
    let trimmed = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .trim_ascii_start();
    if !trimmed.starts_with(b"{") {
        return false;
    }
    let head = &trimmed[..trimmed.len().min(4096)];
    [&b"\"basics\""[..], b"\"work\"", b"\"education\"", b"\"skills\""]
        .iter()
        .any(|k| head.windows(k.len()).any(|w| w == *k))
}

/// Checks an ISO 8601 date of the schema ("2019", "2019-04", "2019-04-30") and returns year and
/// month.
fn iso(value: &str, field: &str) -> Result<(i32, Option<u8>), String> {
    let bad = || {
        format!(
            "{field} is \"{value}\", not a date like 2019-04 or 2019-04-30 (JSON Resume dates are ISO 8601)"
        )
    };
    let mut parts = value.trim().split('-');
    let year: i32 = parts
        .next()
        .and_then(|y| (y.len() == 4).then(|| y.parse().ok())?)
        .ok_or_else(bad)?;
    let month = match parts.next() {
        Some(m) => Some(
            m.parse::<u8>()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(bad)?,
        ),
        None => None,
    };
    Ok((year, month))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn written(date: (i32, Option<u8>)) -> String {
    match date.1 {
        Some(m) => format!("{} {}", MONTHS[usize::from(m - 1)], date.0),
        None => date.0.to_string(),
    }
}

/// Renders a JSON Resume document as resume text, checking its dates; the error says which field
/// is wrong and how.
pub fn import_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let resume: Resume = serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON Resume: {e}"))?;
    let mut out = String::new();
    let b = &resume.basics;
    let line = |parts: &[&Option<String>], sep: &str, out: &mut String| {
        let present: Vec<&str> = parts
            .iter()
            .filter_map(|p| p.as_deref())
            .filter(|p| !p.trim().is_empty())
            .collect();
        if !present.is_empty() {
            out.push_str(&present.join(sep));
            out.push('\n');
        }
    };
    line(&[&b.name], "", &mut out);
    line(&[&b.label], "", &mut out);
    let place = match (&b.location.city, &b.location.region) {
        (Some(c), Some(r)) => Some(format!(
            "{c}, {r}{}",
            b.location
                .postal_code
                .as_ref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default()
        )),
        (Some(c), None) => Some(c.clone()),
        _ => None,
    };
    line(&[&place, &b.email, &b.phone, &b.url], " · ", &mut out);
    for p in &b.profiles {
        line(&[&p.url], "", &mut out);
    }
    if let Some(summary) = &b.summary {
        let _ = write!(out, "\nSUMMARY\n{summary}\n");
    }
    let jobs: Vec<&Work> = resume.work.iter().chain(&resume.volunteer).collect();
    if !jobs.is_empty() {
        out.push_str("\nEXPERIENCE\n");
    }
    for (i, w) in jobs.iter().enumerate() {
        let field = |name: &str| format!("work[{i}].{name}");
        let start = w
            .start_date
            .as_deref()
            .map(|d| iso(d, &field("startDate")))
            .transpose()?;
        let end = w
            .end_date
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| iso(d, &field("endDate")))
            .transpose()?;
        let employer = w.name.as_ref().or(w.organization.as_ref());
        let mut heading = match (&w.position, employer) {
            (Some(p), Some(e)) => format!("{p} at {e}"),
            (Some(p), None) => p.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => String::new(),
        };
        if let Some(place) = &w.location {
            let _ = write!(heading, ", {place}");
        }
        match start {
            Some(s) => {
                let until = end.map_or_else(|| "Present".to_string(), written);
                let _ = writeln!(out, "{heading} | {} – {until}", written(s));
            }
            None => {
                let _ = writeln!(out, "{heading}");
            }
        }
        if let Some(summary) = &w.summary {
            let _ = writeln!(out, "{summary}");
        }
        for h in &w.highlights {
            let _ = writeln!(out, "• {h}");
        }
    }
    if !resume.certificates.is_empty() {
        out.push_str("\nCERTIFICATIONS\n");
    }
    for (i, c) in resume.certificates.iter().enumerate() {
        let date = c
            .date
            .as_deref()
            .map(|d| iso(d, &format!("certificates[{i}].date")))
            .transpose()?;
        let mut l = c.name.clone().unwrap_or_default();
        if let Some(issuer) = &c.issuer {
            let _ = write!(l, ", {issuer}");
        }
        if let Some(d) = date {
            let _ = write!(l, ", {}", d.0);
        }
        let _ = writeln!(out, "{l}");
    }
    if !resume.education.is_empty() {
        out.push_str("\nEDUCATION\n");
    }
    for (i, e) in resume.education.iter().enumerate() {
        let date = e
            .end_date
            .as_deref()
            .map(|d| iso(d, &format!("education[{i}].endDate")))
            .transpose()?;
        let degree = match (&e.study_type, &e.area) {
            (Some(t), Some(a)) => Some(format!("{t} {a}")),
            (t, a) => t.clone().or_else(|| a.clone()),
        };
        let year = date.map(|d| d.0.to_string());
        line(&[&degree, &e.institution, &year], ", ", &mut out);
    }
    if !resume.skills.is_empty() {
        out.push_str("\nSKILLS\n");
    }
    for s in &resume.skills {
        let mut l = s.name.clone().unwrap_or_default();
        if !s.keywords.is_empty() {
            let _ = write!(l, ": {}", s.keywords.join(", "));
        }
        if let Some(level) = &s.level {
            let _ = write!(l, " ({level})");
        }
        let _ = writeln!(out, "{l}");
    }
    Ok(out)
}
