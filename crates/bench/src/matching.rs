//! The matching benchmark: generated candidates in the in-memory index, the top 50 for each of
//! many generated requisitions, beside scoring every candidate (the result must be identical).

use crate::percentile;
use hitstaff_domain::{CandidateId, NewCandidate, OrgId};
use hitstaff_matching::{CandidateIndex, Plan, Profile, Weights, score, score_only};
use hitstaff_synth::Generator;
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    #[arg(long, default_value_t = 1_000_000)]
    candidates: usize,
    #[arg(long, default_value_t = 200)]
    requisitions: usize,
    /// Requisitions also ranked by scoring every candidate (the comparison, and the check that
    /// the index returns the same list).
    #[arg(long, default_value_t = 20)]
    baseline: usize,
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
}

#[derive(Debug, Serialize)]
struct Row {
    what: String,
    runs: usize,
    p50_ms: f64,
    p99_ms: f64,
}

/// Resident memory of this process, from /proc.
pub fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<f64>().ok()))
        .map_or(0.0, |pages| pages * 4096.0 / 1_048_576.0)
}

/// Starts a new peak: the kernel forgets the process's highest resident size so far (Linux's
/// `clear_refs` 5), so that [`peak_mib`] then tells the peak of what follows.
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's highest resident size since [`reset_peak`] (VmHWM), in MiB.
pub fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn row(what: &str, mut times: Vec<Duration>) -> Row {
    times.sort();
    Row {
        what: what.into(),
        runs: times.len(),
        p50_ms: percentile(&times, 0.5),
        p99_ms: percentile(&times, 0.99),
    }
}

pub fn run(args: MatchArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let today = time::OffsetDateTime::now_utc().date();
    let mut g = Generator::new(11, today);
    let started = Instant::now();
    // Ids in generation order, so ties break the same way in both rankings.
    let people: Vec<(CandidateId, NewCandidate)> = (0..args.candidates)
        .map(|i| {
            (
                CandidateId(uuid::Uuid::from_u128(i as u128 + 1)),
                g.candidate(i as u64),
            )
        })
        .collect();
    eprintln!(
        "generated {} candidates in {:.1} s",
        people.len(),
        started.elapsed().as_secs_f64()
    );
    let reqs: Vec<_> = (0..args.requisitions)
        .map(|_| {
            let client = g.saved_client(OrgId::new());
            g.requisition(&client)
        })
        .collect();

    let org = OrgId::new();
    let before = rss_mib();
    let t = Instant::now();
    let index = CandidateIndex::from_profiles(org, people.iter().map(|(id, c)| (*id, Profile::of(c))));
    let build = t.elapsed();
    let index_mib = rss_mib() - before;

    let w = Weights::default();
    let by_id: std::collections::HashMap<CandidateId, &NewCandidate> =
        people.iter().map(|(id, c)| (*id, c)).collect();
    let (mut rank, mut explained, mut full) = (Vec::new(), Vec::new(), Vec::new());
    for (n, r) in reqs.iter().enumerate() {
        let t = Instant::now();
        let plan = Plan::new(r, today);
        let top = index.top(org, &plan, &w, 50);
        rank.push(t.elapsed());
        // The page's work after ranking: reasons for the 50 shown.
        let reasons: Vec<_> = top
            .iter()
            .filter_map(|(id, _)| score(r, by_id[id], &w, today))
            .collect();
        std::hint::black_box(&reasons);
        explained.push(t.elapsed());
        if n < args.baseline {
            let t = Instant::now();
            let mut all: Vec<(CandidateId, u8)> = people
                .iter()
                .filter_map(|(id, c)| score_only(r, c, &w, today).map(|s| (*id, s)))
                .collect();
            all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(50);
            full.push(t.elapsed());
            anyhow::ensure!(
                all == top,
                "the index and the full scan disagree on requisition {n}"
            );
        }
    }
    let rows = [
        row("top 50 from the index", rank),
        row("top 50 from the index, with reasons", explained),
        row("top 50 by scoring everyone (baseline)", full),
    ];
    let ratio = rows[2].p50_ms / rows[0].p50_ms.max(1e-9);
    let mut md = format!(
        "## Matching: {} candidates, {} requisitions (the index ranks on two threads; the baseline on one)\n\nIndex built in memory in {:.1} s; \
         its resident memory {:.0} MiB.\n\n| what | runs | p50 ms | p99 ms |\n|---|---:|---:|---:|\n",
        args.candidates,
        args.requisitions,
        build.as_secs_f64(),
        index_mib
    );
    for r in &rows {
        md.push_str(&format!(
            "| {} | {} | {:.2} | {:.2} |\n",
            r.what, r.runs, r.p50_ms, r.p99_ms
        ));
    }
    md.push_str(&format!(
        "\nThe index's p50 is {ratio:.0}x faster than scoring everyone; on the {} requisitions ranked \
         both ways the lists were identical.\n",
        rows[2].runs
    ));
    println!("{md}");
    std::fs::write(args.out.join("match.md"), &md)?;
    std::fs::write(
        args.out.join("match.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "candidates": args.candidates,
            "requisitions": args.requisitions,
            "build_seconds": build.as_secs_f64(),
            "index_mib": index_mib,
            "rows": rows,
        }))?,
    )?;
    Ok(())
}
