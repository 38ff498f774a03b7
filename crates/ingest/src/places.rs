//! Places as resumes write them: "Madison, WI 53703", "Little Rock, Arkansas", "Pune, Maharashtra",
//! "Cebu City, Cebu, Philippines", "Toronto, ON M5V 2T6", "Leeds, United Kingdom".
//!
//! A place is a city followed by a region a reader can name (a US state by code or name, a state of
//! India, a province of Canada, a state of Australia) or by any region and then a country. Whatever
//! else follows a comma is not taken on trust: "Epic, Cerner, HL7" is not a place.

use hitstaff_domain::UsState;
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;

/// Where someone is, as the resume says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub city: String,
    /// A US state by its code ("IN"); elsewhere the region's usual name ("Maharashtra").
    pub region: Option<String>,
    pub country: Option<String>,
}

const INDIA: &[&str] = &[
    "Andhra Pradesh",
    "Arunachal Pradesh",
    "Assam",
    "Bihar",
    "Chhattisgarh",
    "Goa",
    "Gujarat",
    "Haryana",
    "Himachal Pradesh",
    "Jharkhand",
    "Karnataka",
    "Kerala",
    "Madhya Pradesh",
    "Maharashtra",
    "Manipur",
    "Meghalaya",
    "Mizoram",
    "Nagaland",
    "Odisha",
    "Orissa",
    "Punjab",
    "Rajasthan",
    "Sikkim",
    "Tamil Nadu",
    "Telangana",
    "Tripura",
    "Uttar Pradesh",
    "Uttarakhand",
    "West Bengal",
    "Delhi",
    "NCT of Delhi",
    "Chandigarh",
    "Puducherry",
    "Jammu and Kashmir",
    "Ladakh",
];

const CANADA: &[(&str, &str)] = &[
    ("AB", "Alberta"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
    ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", "Prince Edward Island"),
    ("QC", "Quebec"),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
];

const AUSTRALIA: &[(&str, &str)] = &[
    ("NSW", "New South Wales"),
    ("VIC", "Victoria"),
    ("QLD", "Queensland"),
    ("WA", "Western Australia"),
    ("SA", "South Australia"),
    ("TAS", "Tasmania"),
    ("ACT", "Australian Capital Territory"),
    ("NT", "Northern Territory"),
];

/// Countries by name, with the other ways resumes write them (never a code that is also a US
/// state's, so "CA" stays California).
const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "United States",
        &[
            "US",
            "USA",
            "U.S.",
            "U.S.A.",
            "United States of America",
            "America",
        ],
    ),
    ("India", &["IN", "IND", "Bharat"]),
    ("Canada", &[]),
    (
        "United Kingdom",
        &[
            "UK",
            "U.K.",
            "GB",
            "Great Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
    ),
    ("Ireland", &["IE"]),
    ("Australia", &["AU"]),
    ("New Zealand", &["NZ"]),
    ("Philippines", &["PH", "The Philippines"]),
    ("Nigeria", &["NG"]),
    ("Ghana", &[]),
    ("Kenya", &[]),
    ("South Africa", &["ZA"]),
    ("Egypt", &[]),
    ("Ethiopia", &[]),
    ("Uganda", &[]),
    ("Cameroon", &[]),
    ("Zimbabwe", &[]),
    ("Pakistan", &["PK"]),
    ("Bangladesh", &["BD"]),
    ("Sri Lanka", &["LK"]),
    ("Nepal", &["NP"]),
    ("Singapore", &["SG"]),
    ("Malaysia", &["MY"]),
    ("Indonesia", &[]),
    ("Thailand", &[]),
    ("Vietnam", &["Viet Nam"]),
    ("China", &["PRC"]),
    ("Hong Kong", &["HK"]),
    ("Taiwan", &[]),
    ("Japan", &["JP"]),
    ("South Korea", &["Korea", "Republic of Korea"]),
    ("Saudi Arabia", &["KSA"]),
    ("United Arab Emirates", &["UAE", "U.A.E."]),
    ("Qatar", &[]),
    ("Kuwait", &[]),
    ("Oman", &[]),
    ("Bahrain", &[]),
    ("Jordan", &[]),
    ("Lebanon", &[]),
    ("Israel", &[]),
    ("Turkey", &["Türkiye"]),
    ("Germany", &["DE", "Deutschland"]),
    ("France", &["FR"]),
    ("Netherlands", &["NL", "The Netherlands", "Holland"]),
    ("Belgium", &["BE"]),
    ("Switzerland", &["CH"]),
    ("Austria", &["AT"]),
    ("Spain", &["ES"]),
    ("Portugal", &["PT"]),
    ("Italy", &["IT"]),
    ("Greece", &["GR"]),
    ("Poland", &["PL"]),
    ("Romania", &["RO"]),
    ("Ukraine", &["UA"]),
    ("Russia", &["Russian Federation"]),
    ("Sweden", &["SE"]),
    ("Norway", &["NO"]),
    ("Denmark", &["DK"]),
    ("Finland", &["FI"]),
    ("Mexico", &["MX"]),
    ("Brazil", &["BR"]),
    ("Argentina", &[]),
    ("Colombia", &[]),
    ("Chile", &[]),
    ("Peru", &[]),
    ("Jamaica", &[]),
    ("Trinidad and Tobago", &[]),
    ("Dominican Republic", &[]),
    ("Costa Rica", &[]),
];

fn eq(a: &str, b: &str) -> bool {
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}

/// The country a word names, by its usual name.
pub fn country(text: &str) -> Option<&'static str> {
    let t = text.trim();
    COUNTRIES
        .iter()
        .find(|(name, other)| eq(t, name) || other.iter().any(|o| eq(t, o)))
        .map(|(name, _)| *name)
}

/// The text without a country name at its end ("MD United States" -> "MD"), if it ends with one.
pub fn without_country(text: &str) -> Option<&str> {
    let t = text.trim();
    COUNTRIES.iter().find_map(|(name, other)| {
        std::iter::once(name).chain(other.iter()).find_map(|c| {
            let cut = t.len().checked_sub(c.len())?;
            let (rest, tail) = (t.get(..cut)?, t.get(cut..)?);
            (tail.eq_ignore_ascii_case(c) && rest.ends_with([' ', ',']))
                .then(|| rest.trim_end_matches([' ', ',']))
        })
    })
}

/// A region outside the US that needs no country after it, with its country.
fn known_region(text: &str) -> Option<(&'static str, &'static str)> {
    let t = text.trim();
    if let Some(name) = INDIA.iter().find(|n| eq(t, n)) {
        return Some((name, "India"));
    }
    if let Some((_, name)) = CANADA.iter().find(|(code, name)| eq(t, code) || eq(t, name)) {
        return Some((name, "Canada"));
    }
    AUSTRALIA
        .iter()
        .find(|(code, name)| (t.len() > 2 && eq(t, code)) || eq(t, name))
        .map(|(_, name)| (*name, "Australia"))
}

static CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}.'’-]*(?: (?:\p{Lu}[\p{L}.'’-]*|of|de|del|la|le|upon|on|the|au|sur))*$")
        .expect("city pattern")
});
/// A postal code after a region: US ZIP, Canadian, Indian PIN.
static POSTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{6}|\d{3} ?\d{3})$")
        .expect("postal pattern")
});

/// The comma-separated parts of a text with their byte ranges, trimmed.
fn parts(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for piece in text.split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        out.push((at + lead..at + lead + t.len(), t));
        at += piece.len() + 1;
    }
    out
}

/// A region's words: letters, spaces and dots only, at most four words.
fn region_like(t: &str) -> bool {
    !t.is_empty()
        && t.split_whitespace().count() <= 4
        && t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '.')
}

/// The place a piece of text starts with, and the bytes it covers.
pub fn place_in(text: &str) -> Option<(Range<usize>, Place)> {
    // "Address: 12 Elm St, Dayton, Ohio": past the label.
    let (offset, body) = match text.split_once(':') {
        Some((label, rest)) if label.split_whitespace().count() <= 3 && !label.contains(',') => {
            (label.len() + 1, rest)
        }
        _ => (0, text),
    };
    let mut ps = parts(body);
    // A street first ("12 Elm St, Dayton, Ohio") is not the city.
    if ps.len() >= 3 && ps[0].1.starts_with(|c: char| c.is_ascii_digit()) {
        ps.remove(0);
    }
    let [(city_span, city), (region_span, region_raw), rest @ ..] = ps.as_slice() else {
        return None;
    };
    if !CITY.is_match(city) || city.split_whitespace().count() > 4 || city.len() > 40 {
        return None;
    }
    let region_end = region_span.start
        + POSTAL.find(region_raw).map_or(region_raw.len(), |m| {
            if m.start() > 0 {
                m.start()
            } else {
                region_raw.len()
            }
        });
    let region = body[region_span.start..region_end].trim();
    if !region_like(region) {
        return None;
    }
    // "Adelphi, MD United States": the country after the region without a comma.
    let (region, own_country) = match without_country(region) {
        Some(r) if !r.is_empty() && r.len() < region.len() => {
            (r, country(region[r.len()..].trim_start_matches([' ', ','])))
        }
        _ => (region, None),
    };
    let next_country = own_country.map(|c| (region_span.end, c)).or_else(|| {
        rest.first()
            .and_then(|(span, t)| country(t).map(|c| (span.end, c)))
    });
    let make = |end: usize, region: Option<String>, country: Option<&str>| {
        Some((
            offset + city_span.start..offset + end,
            Place {
                city: (*city).to_string(),
                region,
                country: country.map(str::to_string),
            },
        ))
    };
    if let Some(c) = country(region).filter(|_| region.len() > 2 || rest.is_empty()) {
        // "Leeds, United Kingdom"; a two-letter code alone after a city is a US state ("Fort
        // Wayne, IN"), so only a written-out country counts here, or a code with nothing after.
        if UsState::parse(region).is_err() {
            return make(region_span.end, None, Some(c));
        }
    }
    if let Some((name, c)) = known_region(region) {
        let end = match next_country {
            Some((end, nc)) if nc == c => end,
            _ => region_span.end,
        };
        // "ON" is Ontario only when nothing says otherwise; "Toronto, ON" is Canada.
        if UsState::parse(region).is_err() || next_country.is_some_and(|(_, nc)| nc == c) {
            return make(end, Some(name.to_string()), Some(c));
        }
    }
    if let Ok(state) = UsState::parse(region) {
        let end = match next_country {
            Some((end, "United States")) => end,
            _ => region_span.end,
        };
        return make(end, Some(state.code().to_string()), Some("United States"));
    }
    if let Some((end, c)) = next_country {
        return make(end, Some(region.to_string()), Some(c));
    }
    None
}

/// The first place in a line, looking at each of its contact-line pieces ("Pune, Maharashtra -
/// Email me on ...", "a@example.com | Berlin, Germany").
pub fn place_in_line(line: &str) -> Option<(Range<usize>, Place)> {
    static SEPARATOR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*(?:[|•·▪●◦\t/]| - | – | — |\s{3,})\s*").expect("separator pattern"));
    let mut at = 0;
    let mut pieces = Vec::new();
    for m in SEPARATOR.find_iter(line) {
        pieces.push(at..m.start());
        at = m.end();
    }
    pieces.push(at..line.len());
    pieces.into_iter().find_map(|r| {
        let (span, place) = place_in(&line[r.clone()])?;
        Some((r.start + span.start..r.start + span.end, place))
    })
}
