use super::{describe_database, migrate_reporting, with_store};
use crate::settings::Settings;
use anyhow::Context;
use hitstaff_domain::{NewOrganization, OrgId};
use hitstaff_store::Store;
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
    /// batches rewrite the randomly ordered email index less often (measured: 5,000 -> 87 s,
    /// 25,000 -> 80 s for a million on SQLite) at the cost of memory.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=50_000))]
    pub batch_size: u64,
}

pub async fn run(settings: &Settings, args: Args) -> anyhow::Result<()> {
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
    let report = populate_with_progress(&store, org, &plan).await?;
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
