use super::{describe_database, migrate_reporting, with_store};
use crate::settings::Settings;
use anyhow::Context;
use hitstaff_domain::{NewOrganization, OrgId};
use hitstaff_store::{BulkLoad, Store};
use hitstaff_synth::{Plan, Progress, populate};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many candidates to write.
    #[arg(long, default_value_t = 1_000)]
    pub candidates: u64,
    /// How many requisitions to write.
    #[arg(long, default_value_t = 30)]
    pub requisitions: u32,
    /// How many client facilities (default: one per eight requisitions, at least three).
    #[arg(long)]
    pub clients: Option<u32>,
    /// Candidates placed in each requisition's pipeline, across every stage.
    #[arg(long, default_value_t = 12)]
    pub applications_per_requisition: u32,
    /// Random seed: the same seed on the same day writes the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Organisation to write into (its short name); created if missing.
    #[arg(long, default_value = "generated")]
    pub org: String,
    /// Candidates per transaction. A failed batch leaves the database as it was before it. Larger
    /// batches rewrite the randomly ordered email index less often, at the cost of memory. From
    /// 50,000 candidates on (and no fewer than are stored), the search indexes are set aside and
    /// built once at the end.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=50_000))]
    pub batch_size: u64,
    /// Instead of writing to the database, write one resume file per candidate into this folder
    /// (for trying `hitstaff import resumes` and for benchmarks).
    #[arg(long, value_name = "DIR")]
    pub resumes_to: Option<std::path::PathBuf>,
    /// With --resumes-to: the formats to write, in turn (txt, docx, pdf, rtf, html).
    #[arg(long, value_delimiter = ',', default_value = "txt,docx,pdf")]
    pub formats: Vec<String>,
}

pub async fn run(settings: &Settings, args: Args) -> anyhow::Result<()> {
    if let Some(dir) = &args.resumes_to {
        return write_resumes(dir, &args);
    }
    let db = describe_database(&settings.database_url);
    with_store!(&settings.database_url, |store| generate(store, args, &db))
}

/// Finds the organisation by short name, or creates it.
pub async fn organisation<S: Store>(store: &S, slug: &str, name: &str) -> anyhow::Result<OrgId> {
    let existing = store
        .list_organizations()
        .await?
        .into_iter()
        .find(|o| o.slug == slug);
    match existing {
        Some(org) => Ok(org.id),
        None => {
            let new = NewOrganization::parse(name, slug).map_err(|e| anyhow::anyhow!("--org: {e}"))?;
            Ok(store.create_organization(&new).await?.id)
        }
    }
}

/// A progress bar that draws on the terminal (and stays quiet when output is piped).
pub fn progress_bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{prefix:>13} [{bar:40}] {human_pos}/{human_len} {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix(what.to_string());
    bar
}

/// Runs `populate` with progress bars for candidates and applications.
pub async fn populate_with_progress<S: Store>(
    store: &S,
    org: OrgId,
    plan: &Plan,
) -> anyhow::Result<hitstaff_synth::Report> {
    let candidates = progress_bar(plan.candidates, "candidates");
    let applications = progress_bar(0, "pipelines");
    let report = populate(store, org, plan, &|p| match p {
        Progress::Candidates { written, .. } => candidates.set_position(written),
        Progress::Applications { written, total } => {
            if !candidates.is_finished() {
                candidates.finish();
            }
            applications.set_length(total);
            applications.set_position(written);
        }
    })
    .await;
    candidates.finish();
    applications.finish();
    Ok(report?)
}

#[allow(clippy::print_stdout, reason = "the summary is the command's output")]
async fn generate<S: Store>(store: S, args: Args, db: &str) -> anyhow::Result<()> {
    migrate_reporting(&store).await?;
    let org = organisation(&store, &args.org, "Generated Staffing").await?;
    let plan = Plan {
        seed: args.seed,
        clients: args.clients.unwrap_or((args.requisitions / 8).max(3)),
        requisitions: args.requisitions,
        candidates: args.candidates,
        applications_per_requisition: args.applications_per_requisition,
        batch_size: usize::try_from(args.batch_size).context("--batch-size")?,
        today: time::OffsetDateTime::now_utc().date(),
    };
    let started = Instant::now();
    // Generated people are new by construction: every search index waits for the end.
    store
        .before_bulk_load(BulkLoad {
            candidates: plan.candidates,
            checks_duplicates: false,
        })
        .await?;
    let report = populate_with_progress(&store, org, &plan).await;
    // Built even when the load failed half-way: what was written stays, and is searchable.
    let built = store.after_bulk_load().await;
    let (report, _) = (report?, built?);
    let secs = started.elapsed().as_secs_f64();
    println!(
        "Wrote {} clients, {} requisitions, {} candidates, {} applications and {} notes to {db} in {secs:.1} s ({:.0} candidates/s).",
        report.clients,
        report.requisitions,
        report.candidates,
        report.applications,
        report.notes,
        report.candidates as f64 / secs.max(1e-9)
    );
    Ok(())
}

/// Writes generated resumes, cycling through the formats and through one- and two-column layouts.
#[allow(clippy::print_stdout, reason = "the command reports to the person running it")]
fn write_resumes(dir: &std::path::Path, args: &Args) -> anyhow::Result<()> {
    use hitstaff_synth::document::{self, Layout, Source};
    for f in &args.formats {
        if !["txt", "docx", "pdf", "rtf", "html"].contains(&f.as_str()) {
            anyhow::bail!("--formats: {f:?} is not one of txt, docx, pdf, rtf, html");
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let started = Instant::now();
    let today = time::OffsetDateTime::now_utc().date();
    let mut generator = hitstaff_synth::Generator::new(args.seed, today);
    let bar = progress_bar(args.candidates, "resumes");
    let mut bytes = 0u64;
    for i in 0..args.candidates {
        let candidate = generator.candidate(i);
        let style = u32::try_from(i % 997).unwrap_or(0);
        let source = Source::parse(&hitstaff_synth::resume::markup(&candidate, style));
        let layout = Layout {
            two_columns: i % 3 == 0,
            contact_in_page_header: i % 6 == 0,
        };
        let format = &args.formats[usize::try_from(i).unwrap_or(0) % args.formats.len()];
        let content = match format.as_str() {
            "txt" => document::text(&source).into_bytes(),
            "docx" => document::docx(&source, layout)?,
            "pdf" => document::pdf(&source, layout),
            "rtf" => document::rtf(&source),
            _ => document::html(&source, layout).into_bytes(),
        };
        bytes += content.len() as u64;
        let path = dir.join(format!("resume-{i:07}.{format}"));
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "Wrote {} resumes ({:.1} MiB) to {} in {:.1} s.",
        args.candidates,
        bytes as f64 / 1_048_576.0,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
