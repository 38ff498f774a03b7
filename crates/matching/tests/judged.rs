//! The judged set (tests/judged/README.md): requisitions with people graded 0 to 3 by a
//! recruiter's rules, each person a resume read as an upload is. The scores must order them as
//! the grades do: pairwise accuracy and NDCG@10, per requisition and over all.

mod common;

use common::{Req, requisition_from};
use hitstaff_domain::{ClientId, DesiredPay, Money, NewCandidate, WorkModel, parse_date};
use hitstaff_matching::{Weights, score};
use serde::Deserialize;
use std::collections::BTreeMap;
use time::macros::date;

/// The day the set is judged on.
const TODAY: time::Date = date!(2026 - 12 - 01);

/// Over all requisitions: the share of differently graded pairs the scores order rightly.
const MIN_PAIRWISE: f64 = 0.95;
/// Over all requisitions: the mean NDCG@10.
const MIN_NDCG: f64 = 0.98;

#[derive(Debug, Deserialize)]
struct Pool {
    person: Vec<Person>,
}

#[derive(Debug, Deserialize)]
struct Person {
    id: String,
    resume: String,
    #[serde(default)]
    models: Vec<String>,
    #[serde(default)]
    relocate: bool,
    /// [amount, unit]
    pay: Option<(i64, String)>,
    available: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Jobs {
    requisition: Vec<Judged>,
}

#[derive(Debug, Deserialize)]
struct Judged {
    id: String,
    #[serde(flatten)]
    spec: Req,
    grades: BTreeMap<String, u8>,
}

/// A person as the matcher sees them: the resume read as an upload, then what the recruiter
/// learned on the phone.
fn candidate(p: &Person) -> NewCandidate {
    let profile = hitstaff_ingest::parse(&p.resume, TODAY);
    let reading = hitstaff_ingest::intake::reading(&profile, &[]);
    let mut c = hitstaff_ingest::intake::new_candidate(reading, "referral")
        .unwrap_or_else(|e| panic!("{}: {e}", p.id));
    c.preferences.models = p.models.iter().map(|m| WorkModel::parse(m).unwrap()).collect();
    c.preferences.relocate = p.relocate;
    c.desired_pay = p.pay.as_ref().map(|(a, u)| DesiredPay {
        amount: Money::usd(*a),
        unit: common::unit(u),
    });
    c.available_from = p.available.as_deref().map(|d| parse_date(d).unwrap());
    c
}

/// Pairs with different grades ordered rightly by score (a tie half), and how many pairs.
/// `None` is a person left out, below everyone.
fn pairwise(judged: &[(u8, Option<u8>)]) -> (f64, usize) {
    let (mut right, mut pairs) = (0.0, 0);
    for (i, a) in judged.iter().enumerate() {
        for b in &judged[i + 1..] {
            if a.0 == b.0 {
                continue;
            }
            let (hi, lo) = if a.0 > b.0 { (a, b) } else { (b, a) };
            pairs += 1;
            right += match hi.1.cmp(&lo.1) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    (right, pairs)
}

/// NDCG@10 of the people ordered by score (ties broken against the grades: the worst case).
fn ndcg(judged: &[(u8, Option<u8>)]) -> f64 {
    let gain = |g: u8| f64::from((1u32 << g) - 1);
    let dcg = |grades: &[u8]| -> f64 {
        grades
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, &g)| gain(g) / ((i + 2) as f64).log2())
            .sum()
    };
    let mut by_score = judged.to_vec();
    by_score.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let got: Vec<u8> = by_score.iter().map(|j| j.0).collect();
    let mut ideal: Vec<u8> = judged.iter().map(|j| j.0).collect();
    ideal.sort_by(|a, b| b.cmp(a));
    let best = dcg(&ideal);
    if best == 0.0 { 1.0 } else { dcg(&got) / best }
}

/// The figures of one judged set: pairwise accuracy and mean NDCG@10 over its requisitions, a
/// line per requisition, and those with a misordered pair.
struct Figures {
    accuracy: f64,
    ndcg: f64,
    pairs: usize,
    /// Requisitions judged.
    count: usize,
    lines: Vec<String>,
    misordered: Vec<String>,
}

impl Figures {
    /// Prints a line per requisition and the totals (the test's report).
    fn report(&self, what: &str) {
        #[allow(clippy::print_stdout, reason = "the figures are the test's report")]
        {
            println!("{}", self.lines.join("\n"));
            println!(
                "{what}: {} requisitions, {} graded pairs: pairwise accuracy {:.3}, NDCG@10 {:.3}",
                self.count, self.pairs, self.accuracy, self.ndcg
            );
        }
    }
}

fn judge(pool: &str, jobs: &str) -> Figures {
    let pool: Pool = toml::from_str(pool).expect("pool");
    let jobs: Jobs = toml::from_str(jobs).expect("requisitions");
    let people: BTreeMap<&str, NewCandidate> = pool
        .person
        .iter()
        .map(|p| (p.id.as_str(), candidate(p)))
        .collect();
    let (mut right, mut pairs, mut ndcg_sum) = (0.0, 0usize, 0.0);
    let mut lines = Vec::new();
    let mut misordered = Vec::new();
    for job in &jobs.requisition {
        assert!(job.grades.len() >= 6, "{}: at least 6 people judged", job.id);
        let r = requisition_from(&job.spec, ClientId::new());
        let mut judged = Vec::new();
        let mut shown = Vec::new();
        for (who, &grade) in &job.grades {
            let c = people
                .get(who.as_str())
                .unwrap_or_else(|| panic!("{}: {who} is not in the pool", job.id));
            let m = score(&r, c, &Weights::default(), TODAY);
            // JUDGED_EXPLAIN=requisition:person prints one match whole, for finding out why.
            if std::env::var("JUDGED_EXPLAIN").is_ok_and(|v| v == format!("{}:{who}", job.id)) {
                #[allow(clippy::print_stdout, reason = "asked for")]
                {
                    println!("{who}: {:#?}\n{m:#?}", c.skills);
                }
            }
            let s = m.map(|m| m.score);
            judged.push((grade, s));
            shown.push((s, grade, who.as_str()));
        }
        let (ok, n) = pairwise(&judged);
        let nd = ndcg(&judged);
        right += ok;
        pairs += n;
        ndcg_sum += nd;
        shown.sort_by_key(|s| std::cmp::Reverse(s.0));
        let order: Vec<String> = shown
            .iter()
            .map(|(s, g, who)| format!("{who} g{g}={}", s.map_or("out".into(), |s| s.to_string())))
            .collect();
        lines.push(format!(
            "{:<18} pairs {:>5.3}  ndcg {:>5.3}  {}",
            job.id,
            if n > 0 { ok / n as f64 } else { 1.0 },
            nd,
            order.join(", ")
        ));
        if ok < n as f64 {
            misordered.push(job.id.clone());
        }
    }
    let count = jobs.requisition.len();
    Figures {
        accuracy: right / pairs as f64,
        ndcg: ndcg_sum / count as f64,
        pairs,
        count,
        lines,
        misordered,
    }
}

#[test]
fn the_judged_set_ranks_as_a_recruiter_grades() {
    let f = judge(
        include_str!("judged/pool.toml"),
        include_str!("judged/requisitions.toml"),
    );
    assert!(f.count >= 30, "at least 30 requisitions");
    f.report("judged set");
    assert!(
        f.accuracy >= MIN_PAIRWISE && f.ndcg >= MIN_NDCG,
        "pairwise accuracy {:.3} (at least {MIN_PAIRWISE}), NDCG@10 {:.3} (at least {MIN_NDCG}); \
         misordered: {:?}",
        f.accuracy,
        f.ndcg,
        f.misordered
    );
}

/// Below these the held-out part has collapsed (a reading or scoring change broke something the
/// tuned part does not show). They are floors, not targets: the held-out part is never tuned on.
const HELD_OUT_FLOOR_PAIRWISE: f64 = 0.80;
const HELD_OUT_FLOOR_NDCG: f64 = 0.85;

/// The held-out part (tests/judged/heldout): people and jobs written after the rules were fixed,
/// in other layouts, graded by the same rules. Its figures are reported beside the tuned part's.
#[test]
fn the_held_out_part_is_reported_and_has_not_collapsed() {
    let f = judge(
        include_str!("judged/heldout/pool.toml"),
        include_str!("judged/heldout/requisitions.toml"),
    );
    f.report("held-out part");
    assert!(
        f.accuracy >= HELD_OUT_FLOOR_PAIRWISE && f.ndcg >= HELD_OUT_FLOOR_NDCG,
        "the held-out part collapsed: pairwise accuracy {:.3}, NDCG@10 {:.3}; misordered: {:?}",
        f.accuracy,
        f.ndcg,
        f.misordered
    );
}
