//! The labelled corpus: every resume in `corpus/` read from its document (rendered from its
//! markup in the format and layout it names, or a file another program made) and scored against
//! its hand-written labels. Prints precision and recall per field; fails below the gates.

use hitstaff_ingest::extract::Sandbox;
use hitstaff_ingest::{Profile, parse};
use hitstaff_synth::document::{self, Layout, Source};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 22);

#[derive(Debug, Deserialize)]
struct Case {
    /// Written after the parser was tuned on the others: its scores are also shown apart.
    #[serde(default)]
    holdout: bool,
    format: Option<String>,
    layout: Option<String>,
    markup: Option<String>,
    /// The document's text exactly as a job board or another system exports it.
    text: Option<String>,
    file: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
struct Expect {
    name: String,
    email: String,
    phone: String,
    location: String,
    skills: Vec<String>,
    certifications: Vec<(String, String)>,
    roles: Vec<ExpectedRole>,
    /// Degrees and schools; scored only where labelled.
    education: Option<Vec<ExpectedEducation>>,
}

#[derive(Debug, Deserialize)]
struct ExpectedEducation {
    institution: String,
    degree: String,
}

#[derive(Debug, Deserialize)]
struct ExpectedRole {
    title: String,
    employer: String,
    start: String,
    end: String,
}

/// True and false positives and false negatives of one field over the corpus.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Score {
    fn precision(self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1))
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    /// Scores a multiset of predictions against a multiset of expectations.
    fn add(&mut self, predicted: Vec<String>, expected: Vec<String>) -> Vec<String> {
        let mut left: HashMap<String, u32> = HashMap::new();
        for e in expected {
            *left.entry(e).or_default() += 1;
        }
        let mut wrong = Vec::new();
        for p in predicted {
            match left.get_mut(&p) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    self.tp += 1;
                }
                _ => {
                    self.fp += 1;
                    wrong.push(format!("+{p}"));
                }
            }
        }
        for (e, n) in left {
            self.fn_ += n;
            for _ in 0..n {
                wrong.push(format!("-{e}"));
            }
        }
        wrong
    }
}

fn words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn digits(s: &str) -> String {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    d.strip_prefix('1')
        .filter(|_| d.len() == 11)
        .map(str::to_string)
        .unwrap_or(d)
}

/// "Houston, TX 77030", "Houston, Texas" and "Houston, TX" are the same place; elsewhere the city
/// and the first word of its region ("Pune, Maharashtra, India" is "pune, MAHARASHTRA").
fn place(s: &str) -> String {
    let (city, rest) = s.split_once(',').unwrap_or((s, ""));
    let region = rest.split(',').next().unwrap_or("").trim();
    let region = region
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == ' ')
        .trim();
    let state = hitstaff_domain::UsState::parse(region).map_or_else(
        |_| region.split_whitespace().next().unwrap_or("").to_uppercase(),
        |s| s.code().to_string(),
    );
    format!("{}, {state}", words(city))
}

fn month(d: time::Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// Predicted and expected values of one field.
type Pair = (Vec<String>, Vec<String>);

fn one(value: Option<String>, expected: &str) -> Pair {
    (
        value.into_iter().collect(),
        if expected.is_empty() {
            vec![]
        } else {
            vec![expected.to_string()]
        },
    )
}

fn render(case: &Case, dir: &Path) -> Vec<u8> {
    if let Some(file) = &case.file {
        return std::fs::read(dir.join(file)).expect("corpus file");
    }
    if let Some(text) = &case.text {
        return text.clone().into_bytes();
    }
    let source = Source::parse(case.markup.as_deref().expect("markup or file"));
    let two = case.layout.as_deref() == Some("two-column");
    let layout = Layout {
        two_columns: two,
        contact_in_page_header: two,
    };
    match case.format.as_deref().expect("format") {
        "txt" => document::text(&source).into_bytes(),
        "pdf" => document::pdf(&source, layout),
        "docx" => document::docx(&source, layout).expect("docx"),
        "rtf" => document::rtf(&source),
        "html" => document::html(&source, layout).into_bytes(),
        other => panic!("unknown format {other}"),
    }
}

/// The scores of one corpus: per field over all of it and over its held-out part.
struct Scored {
    report: String,
    misses: Vec<String>,
    all: HashMap<&'static str, Score>,
}

const FIELDS: [&str; 11] = [
    "name",
    "email",
    "phone",
    "location",
    "employers",
    "titles",
    "dates",
    "institutions",
    "degrees",
    "skills",
    "certifications",
];

fn score(dir: &Path, show_misses: bool) -> Scored {
    let sandbox = Sandbox::new(env!("CARGO_BIN_EXE_hitstaff-extract"), std::iter::empty::<&str>());
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut scores: HashMap<&str, Score> = HashMap::new();
    let mut held_out: HashMap<&str, Score> = HashMap::new();
    let mut held_out_count = 0;
    let mut misses: Vec<String> = Vec::new();
    let mut formats: HashMap<String, u32> = HashMap::new();
    for path in &paths {
        let case: Case = toml::from_str(&std::fs::read_to_string(path).expect("read"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let bytes = render(&case, dir);
        let extracted = sandbox
            .extract(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        *formats.entry(extracted.format.to_string()).or_default() += 1;
        // CORPUS_DUMP=19-go-live writes that resume's extracted text to target/, to see what the
        // reader saw; never for a held-out corpus.
        if show_misses
            && let Ok(want) = std::env::var("CORPUS_DUMP")
            && path.to_string_lossy().contains(&want)
        {
            let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/corpus-dump.txt");
            std::fs::write(&out, &extracted.text).expect("dump");
        }
        let p: Profile = parse(&extracted.text, TODAY);
        let e = &case.expect;
        let value = |f: &Option<hitstaff_ingest::Fact<String>>| f.as_ref().map(|f| f.value.clone());
        let mut results: Vec<(&str, Pair)> = vec![
            ("name", one(value(&p.name).map(|n| words(&n)), &words(&e.name))),
            (
                "email",
                one(value(&p.email).map(|m| m.to_lowercase()), &e.email.to_lowercase()),
            ),
            (
                "phone",
                one(value(&p.phone).map(|n| digits(&n)), &digits(&e.phone)),
            ),
            (
                "location",
                one(value(&p.location).map(|l| place(&l)), &place(&e.location)),
            ),
            (
                "employers",
                (
                    p.roles
                        .iter()
                        .filter_map(|r| r.employer.as_ref())
                        .map(|f| words(&f.value))
                        .collect(),
                    e.roles
                        .iter()
                        .filter(|r| !r.employer.is_empty())
                        .map(|r| words(&r.employer))
                        .collect(),
                ),
            ),
            (
                "titles",
                (
                    p.roles
                        .iter()
                        .filter_map(|r| r.title.as_ref())
                        .map(|f| words(&f.value))
                        .collect(),
                    e.roles
                        .iter()
                        .filter(|r| !r.title.is_empty())
                        .map(|r| words(&r.title))
                        .collect(),
                ),
            ),
            (
                "dates",
                (
                    p.roles
                        .iter()
                        .filter_map(|r| {
                            let end = r.end.map_or_else(
                                || "present".to_string(),
                                |d| month(d.previous_day().unwrap_or(d)),
                            );
                            Some(format!("{}..{end}", month(r.start.as_ref()?.value)))
                        })
                        .collect(),
                    e.roles
                        .iter()
                        .filter(|r| !r.start.is_empty())
                        .map(|r| format!("{}..{}", r.start, r.end))
                        .collect(),
                ),
            ),
            (
                "skills",
                (
                    p.skills.iter().map(|s| s.skill.to_string()).collect(),
                    e.skills.clone(),
                ),
            ),
            (
                "certifications",
                (
                    p.certifications
                        .iter()
                        .map(|c| format!("{}:{}", c.skill, c.level.code()))
                        .collect(),
                    e.certifications.iter().map(|(s, l)| format!("{s}:{l}")).collect(),
                ),
            ),
        ];
        if let Some(schools) = &e.education {
            let read = |f: fn(&hitstaff_ingest::Education) -> &Option<hitstaff_ingest::Fact<String>>| {
                p.education
                    .iter()
                    .filter_map(|x| f(x).as_ref())
                    .map(|f| words(&f.value))
                    .collect::<Vec<_>>()
            };
            let labelled = |f: fn(&ExpectedEducation) -> &String| {
                schools
                    .iter()
                    .map(f)
                    .filter(|v| !v.is_empty())
                    .map(|v| words(v))
                    .collect::<Vec<_>>()
            };
            results.push((
                "institutions",
                (read(|x| &x.institution), labelled(|x| &x.institution)),
            ));
            results.push(("degrees", (read(|x| &x.degree), labelled(|x| &x.degree))));
        }
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        held_out_count += u32::from(case.holdout);
        for (field, (predicted, expected)) in results {
            if case.holdout {
                held_out
                    .entry(field)
                    .or_default()
                    .add(predicted.clone(), expected.clone());
            }
            let wrong = scores.entry(field).or_default().add(predicted, expected);
            if !wrong.is_empty() {
                misses.push(format!("{name} {field}: {}", wrong.join(", ")));
            }
        }
    }
    let mut report = format!(
        "{}: {} resumes ({:?}), {held_out_count} held out\n{:<15} {:>9} {:>7} {:>6}   held out: {:>9} {:>7} {:>6}\n",
        dir.display(),
        paths.len(),
        formats,
        "field",
        "precision",
        "recall",
        "F1",
        "precision",
        "recall",
        "F1"
    );
    for f in FIELDS {
        let Some(s) = scores.get(f).copied() else { continue };
        report.push_str(&format!(
            "{f:<15} {:>9.3} {:>7.3} {:>6.3}",
            s.precision(),
            s.recall(),
            s.f1()
        ));
        if let Some(h) = held_out.get(f) {
            report.push_str(&format!(
                "             {:>9.3} {:>7.3} {:>6.3}",
                h.precision(),
                h.recall(),
                h.f1()
            ));
        }
        report.push('\n');
    }
    #[allow(
        clippy::print_stdout,
        reason = "the scores are the point of the test's output"
    )]
    {
        println!("{report}");
        if show_misses {
            for m in &misses {
                println!("  {m}");
            }
        }
    }
    Scored {
        report,
        // A held-out corpus keeps its misses to itself: reading them is tuning on them.
        misses: if show_misses { misses } else { Vec::new() },
        all: scores,
    }
}

/// Fails unless every field reaches its gate in both precision and recall.
fn gate(scored: &Scored, gates: &[(&str, f64)]) {
    for &(field, gate) in gates {
        let s = scored.all.get(field).copied().unwrap_or_default();
        assert!(
            s.precision() >= gate && s.recall() >= gate,
            "{field}: precision {:.3} and recall {:.3} must both reach {gate}\n{}\n{}",
            s.precision(),
            s.recall(),
            scored.report,
            scored.misses.join("\n")
        );
    }
}

#[test]
fn the_corpus_reads_well_enough() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let scored = score(&dir, true);
    assert!(
        scored.all["name"].tp + scored.all["name"].fn_ >= 40,
        "the corpus needs at least 40 resumes"
    );
    gate(
        &scored,
        &[
            ("skills", 0.90),
            ("name", 0.95),
            ("email", 0.95),
            ("phone", 0.95),
            ("location", 0.95),
            ("employers", 0.85),
            ("titles", 0.85),
            ("dates", 0.85),
        ],
    );
}

/// The second corpus: written by other hands' layouts (job-board exports, LinkedIn and USAJOBS
/// profiles, functional and two-column templates, offshore CVs), scored before the reader was
/// changed for it and never tuned on.
#[test]
fn the_second_corpus_reads_well_enough() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/second");
    let scored = score(&dir, false);
    assert!(
        scored.all["name"].tp + scored.all["name"].fn_ >= 60,
        "the second corpus needs at least 60 resumes"
    );
    // Where the goals for real resumes are (name, email, phone 0.95; location 0.9; titles
    // and employers 0.8; institutions 0.85; degrees 0.8), or above them where the reader is.
    gate(
        &scored,
        &[
            ("name", 0.95),
            ("email", 0.95),
            ("phone", 0.95),
            ("location", 0.95),
            ("employers", 0.85),
            ("titles", 0.9),
            ("dates", 0.95),
            ("institutions", 0.9),
            ("degrees", 0.9),
            ("skills", 0.9),
            ("certifications", 0.9),
        ],
    );
}
