//! Building the indexes from the store, and full-text search side by side: hitstaff's tantivy
//! index, SQLite FTS5 and PostgreSQL (tsvector with a GIN index), on the same candidates' text
//! and the same queries, in one run.

use crate::matching::{peak_mib, reset_peak};
use crate::percentile;
use anyhow::Context;
use hitstaff_matching::CandidateIndex;
use hitstaff_search::{SearchIndex, SearchRequest};
use hitstaff_store::prelude::*;
use hitstaff_store_sqlite::SqliteStore;
use serde::Serialize;
use sqlx::{ConnectOptions, Connection, Executor, Row};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The generated database to read (`hitstaff generate --candidates 1000000`).
    #[arg(long)]
    database_url: String,
    /// PostgreSQL server for the tsvector/GIN comparison (a database is created there).
    #[arg(long, env = "HITSTAFF_BENCH_POSTGRES_URL")]
    postgres_url: Option<String>,
    #[arg(long, default_value_t = 200)]
    queries: usize,
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
    /// Also build each index once right after dropping the kernel's page cache (needs root), as
    /// after a reboot; the warm build follows.
    #[arg(long)]
    cold: bool,
}

#[derive(Debug, Serialize)]
struct Row2 {
    engine: String,
    queries: usize,
    p50_ms: f64,
    p99_ms: f64,
    mean_matches: f64,
}

/// One query in each engine's syntax: ours, FTS5's and PostgreSQL's `websearch_to_tsquery`.
struct Query {
    ours: String,
    fts5: String,
    pg: String,
}

/// 200 queries of five shapes from the corpus's own words: one word, two words, a phrase, an OR
/// and a NOT.
fn queries(n: usize, last_names: &[String]) -> Vec<Query> {
    let t = hitstaff_taxonomy::Taxonomy::get();
    let names: Vec<String> = t
        .all()
        .iter()
        .map(|s| s.name.clone())
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '))
        .collect();
    let words: Vec<String> = names
        .iter()
        .flat_map(|n| n.split(' ').map(str::to_lowercase))
        .filter(|w| w.len() > 3)
        .collect();
    let phrases: Vec<&String> = names.iter().filter(|n| n.split(' ').count() == 2).collect();
    let titles = [
        "analyst",
        "consultant",
        "engineer",
        "manager",
        "trainer",
        "administrator",
    ];
    let mut rng = fastrand::Rng::with_seed(17);
    let mut out = Vec::new();
    for i in 0..n {
        let w = &words[rng.usize(..words.len())];
        let w2 = &words[rng.usize(..words.len())];
        let q = match i % 5 {
            0 if !last_names.is_empty() => {
                let name = last_names[rng.usize(..last_names.len())].to_lowercase();
                // FTS5 takes only letters and digits bare ("O'Brien" must be a string).
                Query {
                    ours: name.clone(),
                    fts5: format!("\"{name}\""),
                    pg: name,
                }
            }
            0 => Query {
                ours: w.clone(),
                fts5: w.clone(),
                pg: w.clone(),
            },
            1 => {
                let q = format!("{w} {}", titles[rng.usize(..titles.len())]);
                Query {
                    ours: q.clone(),
                    fts5: q.clone(),
                    pg: q,
                }
            }
            2 => {
                let p = format!("\"{}\"", phrases[rng.usize(..phrases.len())].to_lowercase());
                Query {
                    ours: p.clone(),
                    fts5: p.clone(),
                    pg: p,
                }
            }
            3 => Query {
                ours: format!("{w} OR {w2}"),
                fts5: format!("{w} OR {w2}"),
                pg: format!("{w} or {w2}"),
            },
            _ => {
                let title = titles[rng.usize(..titles.len())];
                Query {
                    ours: format!("{title} -{w}"),
                    fts5: format!("{title} NOT {w}"),
                    pg: format!("{title} -{w}"),
                }
            }
        };
        out.push(q);
    }
    out
}

fn row(engine: &str, mut times: Vec<Duration>, matches: &[usize]) -> Row2 {
    times.sort();
    Row2 {
        engine: engine.into(),
        queries: times.len(),
        p50_ms: percentile(&times, 0.5),
        p99_ms: percentile(&times, 0.99),
        mean_matches: matches.iter().sum::<usize>() as f64 / matches.len().max(1) as f64,
    }
}

fn dir_mib(dir: &std::path::Path) -> f64 {
    std::fs::read_dir(dir)
        .map(|it| {
            it.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum::<u64>()
        })
        .unwrap_or(0) as f64
        / 1_048_576.0
}

pub async fn run(args: SearchArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let store = SqliteStore::open(&args.database_url).await?;
    let orgs = store.list_organizations().await?;
    let org = orgs
        .first()
        .context("the database has no organisation; run hitstaff generate first")?
        .id;
    let mut md = String::new();

    // 1. The indexes built from the store, as the server builds them when it starts: first from a
    // cold page cache when asked (as after a reboot), then warm.
    let dir = args.out.join("search-index");
    let mut table = String::new();
    let mut held = 0;
    let mut builds = Vec::new();
    let passes: &[bool] = if args.cold { &[true, false] } else { &[false] };
    for &cold in passes {
        let cache = if cold { "cold" } else { "warm" };
        if cold {
            drop_page_cache()?;
        }
        reset_peak();
        let t = Instant::now();
        let matching = CandidateIndex::default();
        matching.load(&store, None).await?;
        let (load_s, load_mib) = (t.elapsed().as_secs_f64(), peak_mib());
        held = matching.len();
        drop(matching);
        let _ = std::fs::remove_dir_all(&dir);
        if cold {
            drop_page_cache()?;
        }
        reset_peak();
        let t = Instant::now();
        let index = SearchIndex::open(Some(&dir))?;
        let indexed = index.rebuild(&store).await?;
        let (build_s, build_mib) = (t.elapsed().as_secs_f64(), peak_mib());
        drop(index);
        builds.push(serde_json::json!({
            "page_cache": cache,
            "matching_load_seconds": load_s,
            "matching_load_peak_mib": load_mib,
            "search_build_seconds": build_s,
            "search_build_peak_mib": build_mib,
        }));
        table.push_str(&format!(
            "| matching (in memory) | {cache} | {load_s:.1} | {load_mib:.0} | |\n\
             | search (tantivy) | {cache} | {build_s:.1} | {build_mib:.0} | {:.0} |\n",
            dir_mib(&dir)
        ));
        eprintln!(
            "indexes built ({cache}): matching {load_s:.1} s, search {build_s:.1} s ({indexed} documents)"
        );
    }
    md.push_str(&format!(
        "## Building from the store ({held} candidates, SQLite)\n\n\
         | index | page cache | seconds | peak resident MiB (whole process) | on disk MiB |\n|---|---|---:|---:|---:|\n{table}\n"
    ));
    let index = SearchIndex::open(Some(&dir))?;

    // 2. The same text for the peers.
    let mut docs: Vec<(i64, String, String, String)> = Vec::new();
    let mut last_names = Vec::new();
    hitstaff_store::each_candidate(&store, org, |c| {
        let n = docs.len() as i64;
        if n % 5_000 == 0
            && let Some(last) = c.fields.name.as_str().split(' ').next_back()
        {
            last_names.push(last.to_string());
        }
        docs.push((
            n,
            c.fields.name.as_str().to_string(),
            c.fields.headline.clone().unwrap_or_default(),
            hitstaff_search::body_text(&c),
        ));
        Ok::<_, hitstaff_store::StoreError>(())
    })
    .await?;
    let qs = queries(args.queries, &last_names);

    // SQLite FTS5, in its own file.
    let fts_path = args.out.join("search-fts5.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", fts_path.display()));
    }
    let mut fts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&fts_path)
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .connect()
        .await?;
    fts.execute("CREATE VIRTUAL TABLE docs USING fts5(name, headline, body, tokenize='porter unicode61')")
        .await?;
    let t = Instant::now();
    let mut tx = fts.begin().await?;
    for (id, name, headline, body) in &docs {
        sqlx::query("INSERT INTO docs (rowid, name, headline, body) VALUES (?1, ?2, ?3, ?4)")
            .bind(id)
            .bind(name)
            .bind(headline)
            .bind(body)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let fts_build = t.elapsed().as_secs_f64();

    // PostgreSQL: a generated tsvector column with a GIN index.
    let mut pg = match args.postgres_url.as_deref().filter(|u| !u.is_empty()) {
        None => None,
        Some(url) => {
            let mut admin = sqlx::PgConnection::connect(url).await?;
            admin
                .execute("DROP DATABASE IF EXISTS hitstaff_bench_search WITH (FORCE)")
                .await?;
            admin.execute("CREATE DATABASE hitstaff_bench_search").await?;
            let mut c =
                sqlx::PgConnection::connect(&crate::with_database(url, "hitstaff_bench_search")).await?;
            c.execute(
                "CREATE TABLE docs (id bigint PRIMARY KEY, name text, headline text, body text, \
                 tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', name), 'A') || \
                 setweight(to_tsvector('english', headline), 'B') || to_tsvector('english', body)) STORED)",
            )
            .await?;
            let t = Instant::now();
            for chunk in docs.chunks(5_000) {
                let ids: Vec<i64> = chunk.iter().map(|d| d.0).collect();
                let names: Vec<&str> = chunk.iter().map(|d| d.1.as_str()).collect();
                let heads: Vec<&str> = chunk.iter().map(|d| d.2.as_str()).collect();
                let bodies: Vec<&str> = chunk.iter().map(|d| d.3.as_str()).collect();
                sqlx::query(
                    "INSERT INTO docs (id, name, headline, body) \
                     SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[])",
                )
                .bind(&ids)
                .bind(&names)
                .bind(&heads)
                .bind(&bodies)
                .execute(&mut c)
                .await?;
            }
            c.execute("CREATE INDEX docs_tsv ON docs USING GIN (tsv)").await?;
            c.execute("VACUUM ANALYZE docs").await?;
            Some((c, t.elapsed().as_secs_f64()))
        }
    };

    // 3. The queries, each engine in turn: a warm-up pass, then the measured one.
    let ours = |q: &Query| SearchRequest {
        q: q.ours.clone(),
        limit: 20,
        ..SearchRequest::default()
    };
    let mut results = Vec::new();
    for pass in 0..2 {
        let (mut times, mut matches) = (Vec::new(), Vec::new());
        for q in &qs {
            let t = Instant::now();
            let found = index
                .search(org, &ours(q))
                .with_context(|| format!("query {:?}", q.ours))?;
            times.push(t.elapsed());
            matches.push(found.total);
        }
        if pass == 1 {
            results.push(row(
                &format!(
                    "hitstaff (tantivy, segments on {} threads): top 20, snippets, facets, count",
                    hitstaff_search::search_threads()
                ),
                times,
                &matches,
            ));
        }
    }
    for pass in 0..2 {
        let (mut times, mut matches) = (Vec::new(), Vec::new());
        for q in &qs {
            let t = Instant::now();
            let rows = sqlx::query("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 20")
                .bind(&q.fts5)
                .fetch_all(&mut fts)
                .await
                .with_context(|| format!("FTS5 query {:?}", q.fts5))?;
            let count: i64 = sqlx::query("SELECT count(*) FROM docs WHERE docs MATCH ?1")
                .bind(&q.fts5)
                .fetch_one(&mut fts)
                .await?
                .get(0);
            times.push(t.elapsed());
            std::hint::black_box(rows);
            matches.push(count as usize);
        }
        if pass == 1 {
            results.push(row("SQLite FTS5: top 20 by rank, count", times, &matches));
        }
    }
    if let Some((c, _)) = pg.as_mut() {
        for pass in 0..2 {
            let (mut times, mut matches) = (Vec::new(), Vec::new());
            for q in &qs {
                let t = Instant::now();
                let rows = sqlx::query(
                    "SELECT id FROM docs, websearch_to_tsquery('english', $1) q WHERE tsv @@ q \
                     ORDER BY ts_rank(tsv, q) DESC LIMIT 20",
                )
                .bind(&q.pg)
                .fetch_all(&mut *c)
                .await?;
                let count: i64 =
                    sqlx::query("SELECT count(*) FROM docs WHERE tsv @@ websearch_to_tsquery('english', $1)")
                        .bind(&q.pg)
                        .fetch_one(&mut *c)
                        .await?
                        .get(0);
                times.push(t.elapsed());
                std::hint::black_box(rows);
                matches.push(count as usize);
            }
            if pass == 1 {
                results.push(row(
                    "PostgreSQL tsvector + GIN: top 20 by ts_rank, count",
                    times,
                    &matches,
                ));
            }
        }
    }

    md.push_str(&format!(
        "## Full-text search: {} candidates, {} queries (one at a time)\n\n\
         Peers built on the same text: FTS5 {fts_build:.1} s{}.\n\n\
         | engine | queries | p50 ms | p99 ms | mean matches | p50 vs hitstaff |\n|---|---:|---:|---:|---:|---:|\n",
        docs.len(),
        qs.len(),
        pg.as_ref().map(|(_, s)| format!(", PostgreSQL (rows and GIN index) {s:.1} s")).unwrap_or_default()
    ));
    let base = results[0].p50_ms.max(1e-9);
    for r in &results {
        md.push_str(&format!(
            "| {} | {} | {:.2} | {:.2} | {:.0} | {:.1}x |\n",
            r.engine,
            r.queries,
            r.p50_ms,
            r.p99_ms,
            r.mean_matches,
            r.p50_ms / base
        ));
    }
    if pg.is_none() {
        md.push_str(
            "\nPostgreSQL was not measured: no server (scripts/bench sets one up as scripts/test does).\n",
        );
    }
    println!("{md}");
    std::fs::write(args.out.join("search.md"), &md)?;
    std::fs::write(
        args.out.join("search.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "candidates": docs.len(),
            "builds": builds,
            "fts5_build_seconds": fts_build,
            "rows": results,
        }))?,
    )?;
    // The copies are large; the numbers are kept.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", fts_path.display()));
    }
    drop(index);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Empties the kernel's page cache, so that the next read comes from the disk.
fn drop_page_cache() -> anyhow::Result<()> {
    let synced = std::process::Command::new("sync").status()?;
    anyhow::ensure!(synced.success(), "sync failed before dropping the page cache");
    std::fs::write("/proc/sys/vm/drop_caches", "3\n")
        .context("--cold drops the page cache through /proc/sys/vm/drop_caches, which needs root: run as root or leave out --cold")
}
