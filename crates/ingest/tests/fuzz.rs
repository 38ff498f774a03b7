//! Mutated documents through the extractors and the parser: no panics, no hangs, and every
//! failure a clean error. (Property tests over corpus files, as the issue allows instead of
//! cargo-fuzz; `PROPTEST_CASES` raises the count for a longer run.)

use hitstaff_ingest::extract::{Limits, Sandbox, extract};
use hitstaff_ingest::parse;
use hitstaff_synth::document::{self, Layout, Source};
use proptest::prelude::*;
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 22);

/// Seed documents: the first corpus resumes in every format and layout.
static SEEDS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut seeds = Vec::new();
    for name in [
        "01-epic-beaker-analyst.toml",
        "03-interface-engineer.toml",
        "29-oncology-beacon.toml",
    ] {
        let case: toml::Value =
            toml::from_str(&std::fs::read_to_string(dir.join(name)).expect("corpus")).expect("toml");
        let source = Source::parse(case["markup"].as_str().expect("markup"));
        let two = Layout {
            two_columns: true,
            contact_in_page_header: true,
        };
        seeds.push(document::text(&source).into_bytes());
        seeds.push(document::html(&source, two).into_bytes());
        seeds.push(document::rtf(&source));
        seeds.push(document::docx(&source, two).expect("docx"));
        seeds.push(document::docx(&source, Layout::default()).expect("docx"));
        seeds.push(document::pdf(&source, two));
    }
    for file in ["files/rl-two-column-lab.pdf", "files/docx-orders-header.docx"] {
        seeds.push(std::fs::read(dir.join(file)).expect("corpus file"));
    }
    seeds
});

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Truncate { at: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Repeat { from: usize, len: usize, times: u8 },
    Delete { from: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), 1usize..200, 2u8..20).prop_map(|(from, len, times)| Mutation::Repeat {
            from,
            len,
            times
        }),
        (any::<usize>(), 1usize..500).prop_map(|(from, len)| Mutation::Delete { from, len }),
    ]
}

fn apply(mut doc: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if doc.is_empty() {
            break;
        }
        let n = doc.len();
        match m {
            Mutation::Flip { at, bit } => doc[at % n] ^= 1 << bit,
            Mutation::Truncate { at } => doc.truncate(at % n),
            Mutation::Insert { at, bytes } => {
                let at = at % n;
                doc.splice(at..at, bytes.iter().copied());
            }
            Mutation::Repeat { from, len, times } => {
                let from = from % n;
                let end = (from + len).min(n);
                let piece = doc[from..end].to_vec();
                for _ in 0..*times {
                    doc.splice(end..end, piece.iter().copied());
                }
            }
            Mutation::Delete { from, len } => {
                let from = from % n;
                doc.drain(from..(from + len).min(n));
            }
        }
    }
    doc
}

fn check_text(text: &str) {
    // The parser on whatever came out: never panics, and its evidence is always showable.
    let p = parse(text, TODAY);
    for s in p.skills.iter().flat_map(|s| s.evidence.iter()) {
        assert!(
            text.get(s.clone()).is_some(),
            "evidence {s:?} is not a slice of the text"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Our own readers (text, HTML, RTF, JSON Resume) and the zip/XML reading of DOCX run in
    /// process here, so a panic would show; each finishes quickly or it is a hang.
    #[test]
    fn mutated_documents_never_panic_or_hang(
        seed in 0usize..1000,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let seeds = &*SEEDS;
        let doc = apply(seeds[seed % seeds.len()].clone(), &mutations);
        if doc.starts_with(b"%PDF") || doc.windows(5).take(1024).any(|w| w == b"%PDF-") {
            // The PDF library runs only in the sandbox (below).
            return Ok(());
        }
        let started = Instant::now();
        let result = extract(&doc);
        prop_assert!(started.elapsed() < Duration::from_secs(5), "extraction took {:?}", started.elapsed());
        match result {
            Ok(x) => check_text(&x.text),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Any string through the parser.
    #[test]
    fn any_string_parses(text in "(?s)\\PC{0,2000}") {
        check_text(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Mutated PDFs (and anything else) through the sandbox: always an answer within the time
    /// limit, text or a clean error; never a hung or crashed caller.
    #[test]
    fn mutated_documents_in_the_sandbox_always_answer(
        seed in 0usize..1000,
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let seeds = &*SEEDS;
        let pdfs: Vec<&Vec<u8>> = seeds.iter().filter(|s| s.starts_with(b"%PDF")).collect();
        let doc = apply(pdfs[seed % pdfs.len()].clone(), &mutations);
        let sandbox = Sandbox::new(env!("CARGO_BIN_EXE_hitstaff-extract"), std::iter::empty::<&str>())
            .with_limits(Limits { time: Duration::from_secs(5), ..Limits::default() });
        let started = Instant::now();
        let result = sandbox.extract(&doc);
        prop_assert!(started.elapsed() < Duration::from_secs(8));
        match result {
            Ok(x) => check_text(&x.text),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
