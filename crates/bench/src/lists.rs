//! Every filter the candidate list offers (the page and the API), on a generated database: the
//! first page of 50 and the page after it, for values drawn from the candidates themselves
//! (their states, skills, sources and names), so that common and rare values both come up.

use crate::percentile;
use anyhow::Context;
use hitstaff_domain::{CandidateId, EmploymentStatus, OrgId, SkillId, UsState};
use hitstaff_store::{CandidateFilter, PageRequest, Store};
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What the issue asks of every list filter at a million candidates.
const TARGET_MS: f64 = 50.0;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[arg(long)]
    database_url: String,
    /// Runs per filter (each a first page and the page after it).
    #[arg(long, default_value_t = 100)]
    runs: usize,
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
}

#[derive(Debug, Serialize)]
struct Row {
    filter: String,
    pages: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

/// Values seen on real rows of the database.
struct Sample {
    states: Vec<UsState>,
    skills: Vec<SkillId>,
    sources: Vec<String>,
    names: Vec<String>,
}

pub async fn run(args: ListArgs) -> anyhow::Result<()> {
    if args.database_url.starts_with("postgres") {
        lists(
            hitstaff_store_postgres::PgStore::open(&args.database_url).await?,
            &args,
        )
        .await
    } else {
        let path = hitstaff_store_sqlite::path_from_url(&args.database_url)?;
        lists(
            hitstaff_store_sqlite::SqliteStore::open_path(std::path::Path::new(&path)).await?,
            &args,
        )
        .await
    }
}

async fn sample<S: Store>(store: &S, org: OrgId) -> anyhow::Result<Sample> {
    let mut s = Sample {
        states: Vec::new(),
        skills: Vec::new(),
        sources: Vec::new(),
        names: Vec::new(),
    };
    // Spread over the table: pages from the newest, and from the oldest.
    let mut seen = store
        .list_candidates(org, &CandidateFilter::default(), &PageRequest::first(500))
        .await?
        .items;
    seen.extend(store.candidates_in_order(org, None, 500).await?);
    for c in &seen {
        if let Some(l) = &c.fields.location {
            s.states.push(l.state);
        }
        s.skills.extend(c.fields.skills.iter().map(|k| k.skill.clone()));
        s.sources.push(c.fields.source.clone());
        s.names.push(c.fields.name.as_str().to_string());
    }
    anyhow::ensure!(
        !s.states.is_empty() && !s.skills.is_empty() && !s.names.is_empty(),
        "the database has too few candidates to sample; run hitstaff generate first"
    );
    Ok(s)
}

async fn lists<S: Store>(store: S, args: &ListArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let org = store
        .list_organizations()
        .await?
        .into_iter()
        .next()
        .context("the database has no organisation; run generate first")?
        .id;
    let total = store.count_candidates(org).await?;
    let s = sample(&store, org).await?;
    let t = hitstaff_taxonomy::Taxonomy::get();
    // Broader skills with parts (an application with its modules, a vendor's whole line).
    let parents: Vec<(SkillId, Vec<SkillId>)> = t
        .all()
        .iter()
        .map(|k| {
            let parts: Vec<SkillId> = t.descendants(&k.id).iter().map(|d| d.id.clone()).collect();
            (k.id.clone(), parts)
        })
        .filter(|(_, parts)| !parts.is_empty())
        .collect();
    let mut rng = fastrand::Rng::with_seed(17);
    let mut pick = |n: usize| rng.usize(..n);
    let prefix = |name: &str, n: usize| name.chars().take(n).collect::<String>();

    type Make<'a> = Box<dyn FnMut(&mut dyn FnMut(usize) -> usize) -> CandidateFilter + 'a>;
    let filters: Vec<(&str, Make)> = vec![
        ("none (newest first)", Box::new(|_| CandidateFilter::default())),
        (
            "state",
            Box::new(|p| CandidateFilter {
                state: Some(s.states[p(s.states.len())]),
                ..Default::default()
            }),
        ),
        (
            "skill",
            Box::new(|p| CandidateFilter {
                skill: Some(s.skills[p(s.skills.len())].clone()),
                ..Default::default()
            }),
        ),
        (
            "skill and state",
            Box::new(|p| CandidateFilter {
                skill: Some(s.skills[p(s.skills.len())].clone()),
                state: Some(s.states[p(s.states.len())]),
                ..Default::default()
            }),
        ),
        (
            "broader skill with its parts",
            Box::new(|p| {
                let (skill, parts) = &parents[p(parents.len())];
                CandidateFilter {
                    skill: Some(skill.clone()),
                    skill_parts: parts.clone(),
                    ..Default::default()
                }
            }),
        ),
        (
            "broader skill with its parts, and state",
            Box::new(|p| {
                let (skill, parts) = &parents[p(parents.len())];
                CandidateFilter {
                    skill: Some(skill.clone()),
                    skill_parts: parts.clone(),
                    state: Some(s.states[p(s.states.len())]),
                    ..Default::default()
                }
            }),
        ),
        (
            "source",
            Box::new(|p| CandidateFilter {
                source: Some(s.sources[p(s.sources.len())].clone()),
                ..Default::default()
            }),
        ),
        (
            "source and state",
            Box::new(|p| CandidateFilter {
                source: Some(s.sources[p(s.sources.len())].clone()),
                state: Some(s.states[p(s.states.len())]),
                ..Default::default()
            }),
        ),
        (
            "available by a date",
            Box::new(|p| CandidateFilter {
                available_by: Some(
                    time::OffsetDateTime::now_utc().date() + time::Duration::days(p(120) as i64),
                ),
                ..Default::default()
            }),
        ),
        (
            "employment status",
            Box::new(|p| CandidateFilter {
                employment_status: Some(EmploymentStatus::ALL[p(EmploymentStatus::ALL.len())]),
                ..Default::default()
            }),
        ),
        (
            "employment status and state",
            Box::new(|p| CandidateFilter {
                employment_status: Some(EmploymentStatus::ALL[p(EmploymentStatus::ALL.len())]),
                state: Some(s.states[p(s.states.len())]),
                ..Default::default()
            }),
        ),
        (
            "name, first letter",
            Box::new(|p| CandidateFilter {
                name_prefix: Some(prefix(&s.names[p(s.names.len())], 1)),
                ..Default::default()
            }),
        ),
        (
            "name, first three letters",
            Box::new(|p| CandidateFilter {
                name_prefix: Some(prefix(&s.names[p(s.names.len())], 3)),
                ..Default::default()
            }),
        ),
        (
            "name, first two letters, and state",
            Box::new(|p| CandidateFilter {
                name_prefix: Some(prefix(&s.names[p(s.names.len())], 2)),
                state: Some(s.states[p(s.states.len())]),
                ..Default::default()
            }),
        ),
        (
            "name, first two letters, and skill",
            Box::new(|p| CandidateFilter {
                name_prefix: Some(prefix(&s.names[p(s.names.len())], 2)),
                skill: Some(s.skills[p(s.skills.len())].clone()),
                ..Default::default()
            }),
        ),
        (
            "name, first letter, and skill",
            Box::new(|p| CandidateFilter {
                name_prefix: Some(prefix(&s.names[p(s.names.len())], 1)),
                skill: Some(s.skills[p(s.skills.len())].clone()),
                ..Default::default()
            }),
        ),
        (
            "name, first four letters, and skill",
            Box::new(|p| CandidateFilter {
                name_prefix: Some(prefix(&s.names[p(s.names.len())], 4)),
                skill: Some(s.skills[p(s.skills.len())].clone()),
                ..Default::default()
            }),
        ),
    ];

    let mut rows = Vec::new();
    for (what, mut make) in filters {
        let mut times: Vec<Duration> = Vec::with_capacity(args.runs * 2);
        for _ in 0..args.runs {
            let filter = make(&mut pick);
            let t = Instant::now();
            let first = store
                .list_candidates(org, &filter, &PageRequest::<CandidateId>::first(50))
                .await?;
            times.push(t.elapsed());
            if let Some(next) = first.next {
                let page = PageRequest {
                    after: Some(next),
                    limit: 50,
                };
                let t = Instant::now();
                store.list_candidates(org, &filter, &page).await?;
                times.push(t.elapsed());
            }
        }
        times.sort();
        rows.push(Row {
            filter: what.into(),
            pages: times.len(),
            p50_ms: percentile(&times, 0.5),
            p99_ms: percentile(&times, 0.99),
            max_ms: times.last().map_or(0.0, |d| d.as_secs_f64() * 1_000.0),
        });
    }

    let backend = if args.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let mut md = format!(
        "## Candidate list filters on {total} candidates ({backend}): pages of 50, the first and the next\n\n\
         Values drawn from the candidates' own states, skills, sources and names; {} runs each. \
         Target: p99 under {TARGET_MS} ms.\n\n\
         | filter | pages | p50 ms | p99 ms | max ms | p99 under {TARGET_MS} ms |\n|---|---:|---:|---:|---:|---|\n",
        args.runs
    );
    for r in &rows {
        md.push_str(&format!(
            "| {} | {} | {:.2} | {:.2} | {:.2} | {} |\n",
            r.filter,
            r.pages,
            r.p50_ms,
            r.p99_ms,
            r.max_ms,
            if r.p99_ms < TARGET_MS { "yes" } else { "NO" }
        ));
    }
    println!("{md}");
    let name = format!("lists-{}", backend.to_lowercase());
    std::fs::write(args.out.join(format!("{name}.md")), &md)?;
    std::fs::write(
        args.out.join(format!("{name}.json")),
        serde_json::to_string_pretty(&serde_json::json!({
            "candidates": total,
            "backend": backend,
            "target_ms": TARGET_MS,
            "rows": rows,
        }))?,
    )?;
    Ok(())
}
