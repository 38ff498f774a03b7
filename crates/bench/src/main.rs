//! `hitstaff-bench`: measures the store on SQLite and PostgreSQL in one run, on realistic generated
//! data, and writes the results as a table (stdout), JSON and Markdown (target/bench/).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports to the terminal"
)]

mod lists;
mod matching;
mod search;

use anyhow::Context;
use clap::Parser;
use hitstaff_domain::{CandidateId, NewCandidate, NewOrganization};
use hitstaff_store::Store;
use hitstaff_store_postgres::PgStore;
use hitstaff_store_sqlite::SqliteStore;
use hitstaff_synth::Generator;
use serde::Serialize;
use sqlx::ConnectOptions;
use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// mimalloc rather than the C library's allocator: the store's reader thread allocates rows that
/// the async side frees, and glibc serialises those frees on a lock (a fifth of the time of
/// loading a million candidates went to malloc and its lock).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(about = "hitstaff's benchmarks")]
enum Cli {
    /// Store throughput on SQLite and PostgreSQL, side by side.
    Store(Args),
    /// Resume reading: plain-text parsing on one core, PDF and DOCX through the extraction sandbox.
    Ingest(IngestArgs),
    /// Matching: the in-memory index's top 50 per requisition, beside scoring every candidate.
    Match(matching::MatchArgs),
    /// Builds the matching and search indexes from a generated database, then runs the same
    /// queries on tantivy, SQLite FTS5 and PostgreSQL full-text search.
    Search(search::SearchArgs),
    /// Every filter of the candidate list, first page and the next, on a generated database.
    Lists(lists::ListArgs),
    /// Prepare an HTTP benchmark: an administrator, an API token (printed) and a sample of
    /// candidate ids (written to --ids), in an existing generated database.
    Token(TokenArgs),
}

#[derive(Debug, clap::Args)]
struct IngestArgs {
    /// Plain-text resumes to parse.
    #[arg(long, default_value_t = 5_000)]
    texts: usize,
    /// PDF and DOCX resumes to read through the sandbox (each).
    #[arg(long, default_value_t = 400)]
    documents: usize,
    /// The extraction worker: a `hitstaff` binary (default: the one beside this program).
    #[arg(long)]
    worker: Option<PathBuf>,
    /// Where to write ingest.md and ingest.json.
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
}

#[derive(Debug, Serialize)]
struct IngestRow {
    what: String,
    count: usize,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    target_per_second: f64,
}

/// Times `work` once per item, one at a time.
fn timed<T>(
    items: &[T],
    mut work: impl FnMut(&T) -> anyhow::Result<()>,
) -> anyhow::Result<(f64, Vec<Duration>)> {
    let mut each = Vec::with_capacity(items.len());
    let started = Instant::now();
    for item in items {
        let t = Instant::now();
        work(item)?;
        each.push(t.elapsed());
    }
    let rate = items.len() as f64 / started.elapsed().as_secs_f64();
    each.sort();
    Ok((rate, each))
}

fn ingest_bench(args: IngestArgs) -> anyhow::Result<()> {
    use hitstaff_ingest::extract::Sandbox;
    use hitstaff_synth::document::{self, Layout, Source};
    std::fs::create_dir_all(&args.out)?;
    let worker = match args.worker {
        Some(w) => w,
        None => std::env::current_exe()?
            .parent()
            .context("the bench program's folder")?
            .join("hitstaff"),
    };
    anyhow::ensure!(
        worker.exists(),
        "no extraction worker at {}: build hitstaff first",
        worker.display()
    );
    let sandbox = Sandbox::new(&worker, ["extract-worker"]);
    let today = time::OffsetDateTime::now_utc().date();
    let mut g = Generator::new(7, today);
    let total = args.texts.max(args.documents);
    let sources: Vec<Source> = (0..total as u64)
        .map(|i| Source::parse(&hitstaff_synth::resume::markup(&g.candidate(i), (i % 997) as u32)))
        .collect();
    let texts: Vec<String> = sources.iter().take(args.texts).map(document::text).collect();
    let layout = |i: usize| Layout {
        two_columns: i.is_multiple_of(3),
        contact_in_page_header: i.is_multiple_of(6),
    };
    let pdfs: Vec<Vec<u8>> = sources
        .iter()
        .take(args.documents)
        .enumerate()
        .map(|(i, s)| document::pdf(s, layout(i)))
        .collect();
    let docxs: Vec<Vec<u8>> = sources
        .iter()
        .take(args.documents)
        .enumerate()
        .map(|(i, s)| document::docx(s, layout(i)))
        .collect::<std::io::Result<_>>()?;
    let mean_kib = |docs: &[Vec<u8>]| {
        docs.iter().map(Vec::len).sum::<usize>() as f64 / docs.len().max(1) as f64 / 1024.0
    };
    eprintln!(
        "{} texts ({:.1} KiB each), {} PDFs ({:.1} KiB), {} DOCX ({:.1} KiB)",
        texts.len(),
        texts.iter().map(String::len).sum::<usize>() as f64 / texts.len().max(1) as f64 / 1024.0,
        pdfs.len(),
        mean_kib(&pdfs),
        docxs.len(),
        mean_kib(&docxs)
    );
    let mut rows = Vec::new();
    let mut row = |what: &str, count: usize, (rate, each): (f64, Vec<Duration>), target: f64| {
        rows.push(IngestRow {
            what: what.to_string(),
            count,
            per_second: rate,
            p50_ms: percentile(&each, 0.5),
            p99_ms: percentile(&each, 0.99),
            target_per_second: target,
        });
    };
    // Warm the normaliser and the page cache.
    for t in texts.iter().take(50) {
        std::hint::black_box(hitstaff_ingest::parse(t, today));
    }
    row(
        "plain text: parse (one core)",
        texts.len(),
        timed(&texts, |t| {
            std::hint::black_box(hitstaff_ingest::parse(t, today));
            Ok(())
        })?,
        500.0,
    );
    // Real resumes run two pages; four generated ones joined are about that long.
    let long: Vec<String> = texts.chunks(4).map(|c| c.join("\n")).collect();
    let long_kib = long.iter().map(String::len).sum::<usize>() as f64 / long.len().max(1) as f64 / 1024.0;
    row(
        &format!("plain text, two-page length ({long_kib:.1} KiB): parse (one core)"),
        long.len(),
        timed(&long, |t| {
            std::hint::black_box(hitstaff_ingest::parse(t, today));
            Ok(())
        })?,
        500.0,
    );
    let through_sandbox = |doc: &Vec<u8>| -> anyhow::Result<()> {
        let x = sandbox.extract(doc).map_err(|e| anyhow::anyhow!("{e}"))?;
        std::hint::black_box(hitstaff_ingest::parse(&x.text, today));
        Ok(())
    };
    row(
        "PDF: sandboxed extraction + parse",
        pdfs.len(),
        timed(&pdfs, through_sandbox)?,
        50.0,
    );
    row(
        "DOCX: sandboxed extraction + parse",
        docxs.len(),
        timed(&docxs, through_sandbox)?,
        0.0,
    );
    row(
        "PDF: extraction in process (no sandbox, for the cost of the child)",
        pdfs.len(),
        timed(&pdfs, |d| {
            std::hint::black_box(hitstaff_ingest::extract::extract(d).map_err(|e| anyhow::anyhow!("{e}"))?);
            Ok(())
        })?,
        0.0,
    );
    let mut md = format!(
        "## Resume reading ({} cores; one document at a time)\n\n| what | documents | per second | p50 ms | p99 ms | target/s | vs target |\n|---|---:|---:|---:|---:|---:|---:|\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for r in &rows {
        let (target, ratio) = if r.target_per_second > 0.0 {
            (
                format!("{:.0}", r.target_per_second),
                format!("{:.1}x", r.per_second / r.target_per_second),
            )
        } else {
            ("".into(), "".into())
        };
        md.push_str(&format!(
            "| {} | {} | {:.0} | {:.2} | {:.2} | {target} | {ratio} |\n",
            r.what, r.count, r.per_second, r.p50_ms, r.p99_ms
        ));
    }
    println!("{md}");
    std::fs::write(args.out.join("ingest.md"), &md)?;
    std::fs::write(args.out.join("ingest.json"), serde_json::to_string_pretty(&rows)?)?;
    Ok(())
}

#[derive(Debug, clap::Args)]
struct TokenArgs {
    #[arg(long)]
    database_url: String,
    /// File to write candidate ids to, one per line.
    #[arg(long)]
    ids: PathBuf,
    /// How many ids to sample.
    #[arg(long, default_value_t = 20_000)]
    count: u32,
    /// File to write open requisition ids to, one per line (for the matches endpoint).
    #[arg(long)]
    requisition_ids: Option<PathBuf>,
}

/// Makes a bench administrator with a read-only token and a browser session (printed on one line,
/// token then session), and samples ids from both ends of the table.
async fn token<S: Store>(store: S, args: &TokenArgs) -> anyhow::Result<()> {
    use hitstaff_domain::{Email, NewUser, PersonName, Role, Scope};
    use hitstaff_store::{FeedCursor, NewApiToken, PageRequest};
    let org = store
        .list_organizations()
        .await?
        .into_iter()
        .next()
        .context("the database has no organisation; run generate first")?;
    let email = Email::parse(&format!("bench-{}@bench.test", uuid::Uuid::now_v7().simple()))?;
    let admin = NewUser::new(email, PersonName::parse("Bench Runner")?, Role::Admin, None, None)?;
    let admin = store.create_user(org.id, &admin).await?;
    let secret = format!("hst_bench{}", uuid::Uuid::now_v7().simple());
    let token = NewApiToken {
        name: format!("bench {}", admin.id),
        token_hash: hitstaff_web::auth::digest(&secret),
        // Reading candidates and requisitions: the list, search and matches endpoints.
        scopes: vec![Scope::CandidatesRead, Scope::RequisitionsRead],
        created_by: admin.id,
        expires_at: None,
    };
    store.create_api_token(org.id, &token).await?;
    // A browser session too, for the HTML pages (idle timeout aside, it lasts the run).
    let session = format!("bench{}", uuid::Uuid::now_v7().simple());
    store
        .create_session(&hitstaff_store::NewSession {
            token_hash: hitstaff_web::auth::digest(&session),
            org: org.id,
            user: admin.id,
            csrf_token: "bench".into(),
            expires_at: hitstaff_store::now() + time::Duration::hours(12),
        })
        .await?;
    let mut ids = Vec::new();
    for change in store.changes_since(FeedCursor::START, args.count / 2).await? {
        if change.entity == hitstaff_store::EntityKind::Candidate {
            ids.push(change.entity_id.to_string());
        }
    }
    let mut page = PageRequest::first(500);
    while ids.len() < args.count as usize {
        let got = store.list_candidates(org.id, &Default::default(), &page).await?;
        ids.extend(got.items.iter().map(|c| c.id.to_string()));
        match got.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    std::fs::write(&args.ids, ids.join("\n") + "\n")?;
    if let Some(path) = &args.requisition_ids {
        let filter = hitstaff_store::RequisitionFilter {
            status: Some(hitstaff_domain::RequisitionStatus::Open),
            ..Default::default()
        };
        let open = store
            .list_requisitions(org.id, &filter, &PageRequest::first(500))
            .await?;
        anyhow::ensure!(!open.items.is_empty(), "the database has no open requisition");
        let ids: Vec<String> = open.items.iter().map(|r| r.id.to_string()).collect();
        std::fs::write(path, ids.join("\n") + "\n")?;
    }
    println!("{secret} {session}");
    Ok(())
}

#[derive(Debug, clap::Args)]
struct Args {
    /// Candidates for the bulk insert (and the table the reads and writes then run against).
    #[arg(long, default_value_t = 100_000)]
    candidates: usize,
    /// Concurrent tasks for the read and write phases.
    #[arg(long, default_value_t = 8)]
    tasks: usize,
    /// Seconds each timed read or write phase runs.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// A PostgreSQL URL of a role that may create databases; a scratch database is made and dropped.
    /// Without it only SQLite is measured.
    #[arg(long, env = "HITSTAFF_BENCH_POSTGRES_URL")]
    postgres_url: Option<String>,
    /// Where results go.
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
}

#[derive(Debug, Clone, Serialize)]
struct Measure {
    backend: String,
    benchmark: String,
    operations: u64,
    seconds: f64,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1_000.0
}

fn measure(
    backend: &str,
    benchmark: &str,
    operations: u64,
    elapsed: Duration,
    mut latencies: Vec<Duration>,
) -> Measure {
    latencies.sort();
    Measure {
        backend: backend.into(),
        benchmark: benchmark.into(),
        operations,
        seconds: elapsed.as_secs_f64(),
        per_second: operations as f64 / elapsed.as_secs_f64(),
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
    }
}

/// The three store benchmarks on one backend.
async fn run_store<S: Store>(
    store: S,
    name: &str,
    people: &[NewCandidate],
    args: &Args,
) -> anyhow::Result<Vec<Measure>> {
    store.migrate().await?;
    let org = store
        .create_organization(&NewOrganization::parse("Bench", "bench").map_err(|e| anyhow::anyhow!("{e}"))?)
        .await?
        .id;
    let mut out = Vec::new();

    // 1. Bulk insert, in 5,000-row transactions as `generate` and imports write.
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut ids: Vec<CandidateId> = Vec::with_capacity(people.len());
    for batch in people.chunks(5_000) {
        let t = Instant::now();
        ids.extend(store.insert_candidates(org, batch).await?);
        latencies.push(t.elapsed());
    }
    out.push(measure(
        name,
        &format!(
            "bulk insert {} candidates (rows/s; latency per 5k batch)",
            people.len()
        ),
        ids.len() as u64,
        started.elapsed(),
        latencies,
    ));
    eprintln!("  {name}: bulk insert done");

    // 2. Point reads by id from concurrent tasks.
    let ids = std::sync::Arc::new(ids);
    let (reader, read_ids) = (store.clone(), ids.clone());
    out.push(
        timed_phase(name, "point read by id", args, move |_task, rng| {
            let store = reader.clone();
            let id = read_ids[rng.usize(..read_ids.len())];
            async move { store.get_candidate(org, id).await.map(|_| ()) }
        })
        .await?,
    );
    eprintln!("  {name}: point reads done");

    // 3. One-row write transactions from concurrent tasks.
    let template = people[0].clone();
    let writer = store.clone();
    out.push(
        timed_phase(name, "one-row write transaction", args, move |task, rng| {
            let store = writer.clone();
            let mut c = template.clone();
            c.email = None;
            c.tags = vec![format!("bench-{task}-{}", rng.u32(..))];
            async move { store.create_candidate(org, &c).await.map(|_| ()) }
        })
        .await?,
    );
    eprintln!("  {name}: writes done");
    Ok(out)
}

/// Runs `op` from `args.tasks` tasks for `args.seconds`, recording each call's latency.
async fn timed_phase<F, Fut>(backend: &str, benchmark: &str, args: &Args, op: F) -> anyhow::Result<Measure>
where
    F: Fn(usize, &mut fastrand::Rng) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = hitstaff_store::Result<()>> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..args.tasks)
        .map(|task| {
            let op = op.clone();
            tokio::spawn(async move {
                let mut rng = fastrand::Rng::with_seed(task as u64);
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    op(task, &mut rng).await?;
                    latencies.push(t.elapsed());
                }
                Ok::<_, hitstaff_store::StoreError>(latencies)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in futures::future::join_all(tasks).await {
        all.extend(t.context("a benchmark task panicked")??);
    }
    let elapsed = started.elapsed();
    Ok(measure(
        backend,
        &format!("{benchmark} ({} tasks)", args.tasks),
        all.len() as u64,
        elapsed,
        all,
    ))
}

fn with_database(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').unwrap_or((url, ""));
    format!("{base}/{db}")
}

async fn admin(url: &str, sql: String) -> anyhow::Result<()> {
    let mut conn = url.parse::<sqlx::postgres::PgConnectOptions>()?.connect().await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await?;
    Ok(())
}

fn table(results: &[Measure]) -> String {
    let mut s = String::from(
        "| backend | benchmark | operations | seconds | per second | p50 ms | p99 ms |\n|---|---|---:|---:|---:|---:|---:|\n",
    );
    for m in results {
        s.push_str(&format!(
            "| {} | {} | {} | {:.2} | {:.0} | {:.3} | {:.3} |\n",
            m.backend, m.benchmark, m.operations, m.seconds, m.per_second, m.p50_ms, m.p99_ms
        ));
    }
    s
}

fn ratios(results: &[Measure]) -> String {
    let mut s = String::new();
    for sqlite in results.iter().filter(|m| m.backend == "SQLite") {
        if let Some(pg) = results
            .iter()
            .find(|m| m.backend == "PostgreSQL" && m.benchmark == sqlite.benchmark)
        {
            s.push_str(&format!(
                "- {}: SQLite/PostgreSQL throughput ratio {:.2}\n",
                sqlite.benchmark,
                sqlite.per_second / pg.per_second
            ));
        }
    }
    s
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse() {
        Cli::Store(args) => store_bench(args).await,
        Cli::Ingest(args) => tokio::task::spawn_blocking(move || ingest_bench(args)).await?,
        Cli::Match(args) => tokio::task::spawn_blocking(move || matching::run(args)).await?,
        Cli::Search(args) => search::run(args).await,
        Cli::Lists(args) => lists::run(args).await,
        Cli::Token(args) => {
            if args.database_url.starts_with("postgres") {
                token(PgStore::open(&args.database_url).await?, &args).await
            } else {
                let path = hitstaff_store_sqlite::path_from_url(&args.database_url)?;
                token(SqliteStore::open_path(std::path::Path::new(&path)).await?, &args).await
            }
        }
    }
}

async fn store_bench(args: Args) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    eprintln!("generating {} candidates...", args.candidates);
    let today = time::OffsetDateTime::now_utc().date();
    let mut g = Generator::new(2026, today);
    let people: Vec<NewCandidate> = (0..args.candidates as u64).map(|i| g.candidate(i)).collect();

    let mut results = Vec::new();
    let path = args.out.join("store-bench.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    eprintln!("SQLite ({}):", path.display());
    let sqlite = SqliteStore::open_path(&path).await?;
    results.extend(run_store(sqlite.clone(), "SQLite", &people, &args).await?);
    sqlite.close().await;

    if let Some(url) = &args.postgres_url {
        let db = format!("hitstaff_bench_{}", uuid::Uuid::now_v7().simple());
        admin(url, format!("CREATE DATABASE {db}"))
            .await
            .context("creating the PostgreSQL bench database")?;
        eprintln!("PostgreSQL ({db}):");
        let pg = PgStore::open_with(&with_database(url, &db), 16).await?;
        let outcome = run_store(pg.clone(), "PostgreSQL", &people, &args).await;
        pg.close().await;
        admin(url, format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).await?;
        results.extend(outcome?);
    } else {
        eprintln!("PostgreSQL: skipped (no --postgres-url / HITSTAFF_BENCH_POSTGRES_URL)");
    }

    let md = format!(
        "## Store throughput ({} cores, {} candidates)\n\n{}\n{}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        args.candidates,
        table(&results),
        ratios(&results)
    );
    println!("{md}");
    std::fs::write(args.out.join("store.md"), &md)?;
    std::fs::write(
        args.out.join("store.json"),
        serde_json::to_string_pretty(&results)?,
    )?;
    Ok(())
}
