//! Section headings: where one part of a resume ends and the next begins.
//!
//! A heading is a short line made only of the words headings are made of ("PROFESSIONAL
//! EXPERIENCE", "Certifications/Licenses", "Job Related Training", "Top Skills"), so that a heading
//! nobody listed still ends the section before it, and a name or an employer in capitals is never
//! one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Header,
    Experience,
    Certifications,
    Education,
    Other,
}

/// Words that say a section holds jobs.
const EXPERIENCE_WORDS: &[&str] = &[
    "EXPERIENCE",
    "EMPLOYMENT",
    "BERUFSERFAHRUNG",
    "EXPÉRIENCE",
    "EXPERIENCIA",
];
/// Words that say a section holds degrees.
const EDUCATION_WORDS: &[&str] = &[
    "EDUCATION",
    "EDUCATIONAL",
    "ACADEMIC",
    "ACADEMICS",
    "AUSBILDUNG",
    "FORMATION",
];
/// Words that say a section holds credentials.
const CERTIFICATION_WORDS: &[&str] = &[
    "CERTIFICATIONS",
    "CERTIFICATION",
    "CERTIFICATES",
    "LICENSES",
    "LICENSE",
    "LICENSURE",
    "LICENCES",
    "LICENCE",
    "CREDENTIALS",
    "REGISTRATIONS",
];
/// Every other word a heading may be made of.
const HEADING_WORDS: &[&str] = &[
    "WORK",
    "PROFESSIONAL",
    "HISTORY",
    "CAREER",
    "RELEVANT",
    "RECENT",
    "SELECTED",
    "QUALIFICATIONS",
    "QUALIFICATION",
    "SKILLS",
    "SKILL",
    "TECHNICAL",
    "SUMMARY",
    "PROFILE",
    "OVERVIEW",
    "OBJECTIVE",
    "OBJECTIVES",
    "GOAL",
    "PROJECTS",
    "REFERENCES",
    "AWARDS",
    "HONORS",
    "HONOURS",
    "ACHIEVEMENTS",
    "ACCOMPLISHMENTS",
    "TRAINING",
    "COURSES",
    "COURSEWORK",
    "CORE",
    "KEY",
    "COMPETENCIES",
    "COMPETENCY",
    "STRENGTHS",
    "EXPERTISE",
    "AREAS",
    "APPLICATIONS",
    "SYSTEMS",
    "TOOLS",
    "TECHNOLOGIES",
    "TECHNOLOGY",
    "ENVIRONMENT",
    "CONTACT",
    "INFORMATION",
    "INFO",
    "DETAILS",
    "PERSONAL",
    "LANGUAGES",
    "INTERESTS",
    "HOBBIES",
    "PUBLICATIONS",
    "PRESENTATIONS",
    "VOLUNTEER",
    "VOLUNTEERING",
    "COMMUNITY",
    "ADDITIONAL",
    "OTHER",
    "MILITARY",
    "SERVICE",
    "AFFILIATIONS",
    "MEMBERSHIPS",
    "ASSOCIATIONS",
    "ACTIVITIES",
    "LEADERSHIP",
    "HIGHLIGHTS",
    "TOP",
    "JOB",
    "RELATED",
    "COMPUTER",
    "SOFTWARE",
    "PROFICIENCIES",
    "PROFICIENCY",
    "SPECIALTIES",
    "ABOUT",
    "ME",
    "STATEMENT",
    "DEVELOPMENT",
    "CONTINUING",
    "EXECUTIVE",
    "IT",
    "AND",
    "OF",
    "THE",
    "MY",
    "&",
    "PERSÖNLICHE",
    "DATEN",
];

/// The section a line opens, if it is a heading.
pub fn heading(line: &str) -> Option<Section> {
    // A heading starts with a capital and is not a sentence's end ("  systems." wrapped from a
    // bullet above is not the "Systems" heading).
    let raw = line.trim();
    if raw.ends_with('.')
        || raw
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase)
    {
        return None;
    }
    let t = line
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
        .to_uppercase();
    if t.is_empty() || t.len() > 50 || t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | '|' | '-' | '–' | '—' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let known = |w: &&str| {
        EXPERIENCE_WORDS.contains(w)
            || EDUCATION_WORDS.contains(w)
            || CERTIFICATION_WORDS.contains(w)
            || HEADING_WORDS.contains(w)
    };
    if !words.iter().all(known)
        || words
            .iter()
            .all(|w| ["AND", "OF", "THE", "MY", "&", "IT"].contains(w))
    {
        return None;
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let section = if has(EDUCATION_WORDS) {
        Section::Education
    } else if has(CERTIFICATION_WORDS) {
        Section::Certifications
    } else if has(&["VOLUNTEER", "VOLUNTEERING", "COMMUNITY"]) {
        Section::Other
    } else if has(EXPERIENCE_WORDS)
        || (has(&["HISTORY"]) && has(&["WORK", "CAREER", "JOB", "PROFESSIONAL"]))
        || words == ["WORK"]
    {
        Section::Experience
    } else {
        Section::Other
    };
    Some(section)
}
