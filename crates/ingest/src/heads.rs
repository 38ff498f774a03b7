//! A role's head: the words around its dates that say what the job was and where ("Clinical
//! Analyst, Mercy Hospital — Joplin (2018–present)", "Sanford Health, Fargo ND, Systems Analyst",
//! "Wipro Ltd - KARNATAKA, IN -"), cut into pieces, places set aside, and the rest read as the
//! title and the employer.

use crate::Fact;
use crate::places;
use hitstaff_domain::UsState;
use std::ops::Range;

/// Words that mark an organisation's name.
pub const ORGANISATION_WORDS: &[&str] = &[
    "hospital",
    "hospitals",
    "health",
    "healthcare",
    "medical",
    "medicine",
    "clinic",
    "clinics",
    "university",
    "college",
    "school",
    "schools",
    "inc",
    "llc",
    "llp",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "consulting",
    "group",
    "center",
    "centre",
    "centers",
    "system",
    "systems",
    "partners",
    "associates",
    "services",
    "solutions",
    "technologies",
    "technology",
    "infotech",
    "infosystems",
    "software",
    "labs",
    "laboratories",
    "pharmacy",
    "trust",
    "network",
    "foundation",
    "institute",
    "department",
    "ministry",
    "agency",
    "administration",
    "county",
    "army",
    "navy",
    "force",
    "marines",
    "bank",
    "insurance",
    "nhs",
    "pvt",
    "gmbh",
    "plc",
    "bv",
    "sa",
    "ag",
];

/// Words that mark a job title.
pub const TITLE_WORDS: &[&str] = &[
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
    "vp",
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
    "cook",
    "welder",
    "coder",
    "informaticist",
    "scientist",
    "auditor",
    "clerk",
    "dba",
    "agent",
    "cashier",
    "tester",
    "writer",
    "editor",
    "head",
    "executive",
    "ceo",
    "cto",
    "cio",
    "ciso",
    "cmio",
    "founder",
    "owner",
    "instructor",
    "professor",
    "lecturer",
    "researcher",
    "fellow",
    "resident",
    "physician",
    "therapist",
    "aide",
    "receptionist",
    "registrar",
    "scheduler",
    "biller",
    "recruiter",
    "advisor",
    "adviser",
    "counselor",
    "controller",
    "bookkeeper",
    "secretary",
    "operator",
    "mechanic",
    "electrician",
    "planner",
    "buyer",
    "strategist",
    "liaison",
    "navigator",
    "dispatcher",
    "inspector",
    "investigator",
    "abstractor",
    "sergeant",
    "soldier",
    "defender",
    "volunteer",
    "student",
    "sre",
    "superintendent",
    "partner",
    "principal",
    "member",
    "paralegal",
    "attorney",
    "lawyer",
    "generalist",
    "worker",
    "driver",
    "sysadmin",
    "medic",
    "corpsman",
    "lpn",
    "rn",
    "cna",
];

/// The lower-case words of a text.
fn lower_words(t: &str) -> Vec<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The last word that is not a level or a code ("Engineer III", "Analyst (SYSADMIN)" end in
/// "engineer" and "analyst"... as far as these words go).
fn last_real_word(words: &[String]) -> Option<&str> {
    words
        .iter()
        .rev()
        .find(|w| {
            !matches!(
                w.as_str(),
                "i" | "ii" | "iii" | "iv" | "v" | "1" | "2" | "3" | "sr" | "jr"
            )
        })
        .map(String::as_str)
}

/// Whether the last real word is a title word ("Senior Analyst II").
fn ends_with_title_word(t: &str) -> bool {
    last_real_word(&lower_words(t)).is_some_and(|w| TITLE_WORDS.contains(&w))
}

fn has_title_word(t: &str) -> bool {
    lower_words(t).iter().any(|w| TITLE_WORDS.contains(&w.as_str()))
}

fn has_organisation_word(t: &str) -> bool {
    lower_words(t)
        .iter()
        .any(|w| ORGANISATION_WORDS.contains(&w.as_str()))
        || t.contains(" of ") && !has_title_word(t)
}

/// How a piece reads: a job title, an organisation, or neither for sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reads {
    Title,
    Organisation,
    Either,
}

fn reads(t: &str) -> Reads {
    let words = lower_words(t);
    // The last real word decides between "Health IT Intern" (a title) and "Intern Health" (none
    // such): levels and codes after it ("Engineer III", "(SYSADMIN)") do not count.
    let last = last_real_word(&words).unwrap_or("");
    let title = has_title_word(t);
    let organisation = has_organisation_word(t);
    if title && (!organisation || TITLE_WORDS.contains(&last)) {
        Reads::Title
    } else if organisation {
        Reads::Organisation
    } else {
        Reads::Either
    }
}

/// Whether a piece is a place: a state, region or country on its own, a city with its state
/// ("Fargo ND"), or a city and region together.
pub(crate) fn is_place(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['-', '–', ',']).trim();
    if t.is_empty() {
        return true;
    }
    if UsState::parse(t).is_ok() || places::country(t).is_some() || places::place_in(t).is_some() {
        return true;
    }
    // "MD United States", "Adelphi MD USA": a place with its country after it.
    if let Some(rest) = places::without_country(t)
        && !rest.is_empty()
        && rest != t
        && is_place(rest)
    {
        return true;
    }
    // "Fargo ND", "Washington DC United States", "KARNATAKA IN".
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() >= 2
        && words[1..]
            .iter()
            .any(|w| w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase()) && UsState::parse(w).is_ok())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '.'))
        && words.len() <= 5
}

/// Pieces of a head: cut at strong separators and, inside those, at commas.
fn pieces(text: &str, spans: &[Range<usize>]) -> Vec<Vec<Range<usize>>> {
    const STRONG: &[&str] = &[
        " | ", " — ", " – ", " - ", " · ", " • ", "\t", "   ", " at ", " @ ",
    ];
    let mut groups = Vec::new();
    for span in spans {
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let raw = &text[span.clone()];
        for sep in STRONG {
            for (i, _) in raw.match_indices(sep) {
                cuts.push((i, i + sep.len()));
            }
        }
        // Parentheses around a place or a date leftover: "Saint Paul (" is a piece.
        for (i, c) in raw.char_indices() {
            if c == '(' && !raw[i..].starts_with("(SYS") {
                // Only when what follows is not part of a title, as in "Cyber Defender (25D)".
                let inner = raw[i + 1..].split(')').next().unwrap_or("");
                if inner.trim().is_empty() || places::country(inner).is_some() {
                    cuts.push((i, i + 1));
                }
            }
        }
        cuts.sort_unstable();
        let mut at = 0;
        for (s, e) in cuts {
            if s < at {
                continue;
            }
            groups.push(span.start + at..span.start + s);
            at = e;
        }
        groups.push(span.start + at..span.end);
    }
    groups
        .into_iter()
        .map(|g| {
            let mut out = Vec::new();
            let mut at = g.start;
            for (i, _) in text[g.clone()].match_indices(", ") {
                out.push(at..g.start + i);
                at = g.start + i + 2;
            }
            out.push(at..g.end);
            out
        })
        .collect()
}

fn fact(text: &str, span: Range<usize>) -> Option<Fact<String>> {
    crate::trimmed_fact(text, span)
}

/// Title and employer from a role's head lines (or parts of lines), in reading order.
pub fn title_and_employer(
    text: &str,
    spans: &[Range<usize>],
) -> (Option<Fact<String>>, Option<Fact<String>>) {
    // Every comma piece, with its group; places dropped, and a city just before a dropped state.
    // A piece after a title and an employer that reads as neither is a place too ("Regions
    // Hospital — Saint Paul"): it is simply never chosen.
    let groups = pieces(text, spans);
    let mut chosen: Vec<(usize, Range<usize>)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let whole = group.first().map_or(0, |p| p.start)..group.last().map_or(0, |p| p.end);
        let whole_text = text[whole].trim().trim_end_matches(['-', '–', ',', '(']).trim();
        if places::place_in(whole_text).is_some_and(|(span, _)| span.end >= whole_text.len()) {
            continue;
        }
        for piece in group {
            let t = text[piece.clone()].trim();
            if t.is_empty() || t.chars().all(|c| !c.is_alphanumeric()) {
                continue;
            }
            if is_place(t) {
                // "Duluth, MN": the city before the state goes too.
                if let Some((last_group, last)) = chosen.last()
                    && *last_group == g
                    && reads(&text[last.clone()]) == Reads::Either
                    && (UsState::parse(t.trim_end_matches(['-', ' '])).is_ok()
                        || places::country(t).is_some())
                {
                    chosen.pop();
                }
                continue;
            }
            chosen.push((g, piece.clone()));
        }
    }
    let n = chosen.len();
    if n == 0 {
        return (None, None);
    }
    let read: Vec<Reads> = chosen.iter().map(|(_, p)| reads(&text[p.clone()])).collect();
    let span_of = |from: usize, to: usize| chosen[from].1.start..chosen[to].1.end;
    if n == 1 {
        let only = chosen[0].1.clone();
        // "Epic Grand Central Analyst University Health": a title word with a name after it.
        if has_title_word(&text[only.clone()]) && !ends_with_title_word(&text[only.clone()]) {
            let (t, e) = split_unmarked(text, only.clone());
            if e.is_some() {
                return (t, e);
            }
        }
        return match read[0] {
            Reads::Organisation => (None, fact(text, only)),
            Reads::Title => (fact(text, only), None),
            Reads::Either => split_unmarked(text, only),
        };
    }
    // The employer: the first piece that reads as an organisation, else the first piece that is
    // not the title. The title: the pieces of the same group as the first title piece.
    let title_at = read.iter().position(|r| *r == Reads::Title);
    let employer_at = read
        .iter()
        .position(|r| *r == Reads::Organisation)
        .or(match title_at {
            Some(0) | None => Some(1),
            Some(_) => Some(0),
        })
        .filter(|e| *e < n);
    let title_at = title_at.or_else(|| (0..n).find(|i| Some(*i) != employer_at));
    let title = title_at.map(|t| {
        // "Charge Nurse, Medical-Surgical": the title keeps the comma pieces of its own group that
        // follow it, up to the employer.
        let group = chosen[t].0;
        let mut end = t;
        while end + 1 < n
            && chosen[end + 1].0 == group
            && Some(end + 1) != employer_at
            && read[end + 1] != Reads::Organisation
        {
            end += 1;
        }
        span_of(t, end)
    });
    let title_end = title.as_ref().map_or(0, |t| t.end);
    let employer = employer_at.map(|e| {
        let group = chosen[e].0;
        let mut end = e;
        // "Banner – University Medicine": a lone piece of the group just before, after the title,
        // that reads as neither is the start of the same name.
        let mut e = e;
        while e > 0
            && read[e - 1] == Reads::Either
            && chosen[e - 1].0 + 1 == chosen[e].0
            && chosen[e - 1].1.start >= title_end
            && (e < 2 || chosen[e - 2].0 != chosen[e - 1].0)
        {
            e -= 1;
        }
        // "Dr. Sulaiman Al Habib Medical Group": one name even with a comma inside ("University of
        // Missouri–Kansas City" stays whole too); a further piece of another reading is a place.
        while end + 1 < n
            && chosen[end + 1].0 == group
            && Some(end + 1) != title_at
            && read[end + 1] == Reads::Organisation
        {
            end += 1;
        }
        span_of(e, end)
    });
    // A title that ran into the employer's span (should not happen) is cut back.
    match (title, employer) {
        (Some(t), Some(e)) if t.start < e.end && e.start < t.end => (fact(text, t), None),
        (t, e) => (t.and_then(|t| fact(text, t)), e.and_then(|e| fact(text, e))),
    }
}

/// "Bed Management Coordinator CHRISTUS Santa Rosa": with no separator, the title ends at its last
/// title word when a capitalised name follows; otherwise the whole is the title.
fn split_unmarked(text: &str, span: Range<usize>) -> (Option<Fact<String>>, Option<Fact<String>>) {
    let raw = &text[span.clone()];
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
            fact(text, span.start..span.start + title_end),
            fact(text, span.start + employer_start..span.end),
        ),
        None => (fact(text, span), None),
    }
}

/// Whether a head line reads as a job title on its own (for a job with no dates).
pub fn reads_as_title(t: &str) -> bool {
    reads(t) == Reads::Title
}
