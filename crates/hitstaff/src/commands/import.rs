//! `hitstaff import resumes DIR`: a folder of resumes in, candidates with their skills out.

use super::user::pick_org;
use super::{describe_database, migrate_reporting, with_store};
use crate::settings::Settings;
use anyhow::bail;
use futures::StreamExt;
use hitstaff_app::resumes::{self, Channel};
use hitstaff_domain::{DuplicateReason, OrgId};
use hitstaff_ingest::extract::Sandbox;
use hitstaff_ingest::intake::{self, IntakeError, Outcome, Prepared, Target};
use hitstaff_store::{BulkLoad, Store, StoreError};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import every resume in a folder (and its subfolders). A person already on file (same
    /// email or phone, or same name and city) is updated, never duplicated; a file imported
    /// before is skipped; unreadable files are listed at the end with the reason.
    Resumes(ResumesArgs),
}

#[derive(Debug, clap::Args)]
pub struct ResumesArgs {
    /// The folder to import.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The organisation's short name (needed when the installation has more than one).
    #[arg(long)]
    pub org: Option<String>,
    /// Files read at once (each in its own extraction process). Default: the number of cores.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// No progress bar (for logs and scripts).
    #[arg(long)]
    pub quiet: bool,
}

pub async fn run(settings: &Settings, command: Command) -> anyhow::Result<()> {
    let Command::Resumes(args) = command;
    let db = describe_database(&settings.database_url);
    with_store!(&settings.database_url, |store| import(store, args, &db))
}

/// Files under a folder, depth first, read lazily: memory does not grow with the folder.
struct Walk {
    stack: Vec<std::fs::ReadDir>,
    errors: Vec<(PathBuf, String)>,
}

impl Walk {
    fn new(dir: &Path) -> std::io::Result<Self> {
        Ok(Self {
            stack: vec![std::fs::read_dir(dir)?],
            errors: Vec::new(),
        })
    }
}

impl Iterator for Walk {
    type Item = PathBuf;
    fn next(&mut self) -> Option<PathBuf> {
        loop {
            let dir = self.stack.last_mut()?;
            let Some(entry) = dir.next() else {
                self.stack.pop();
                continue;
            };
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            // Hidden files (.DS_Store, editor backups) are not resumes.
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => match std::fs::read_dir(&path) {
                    Ok(rd) => self.stack.push(rd),
                    Err(e) => self.errors.push((path, format!("cannot open the folder: {e}"))),
                },
                Ok(t) if t.is_file() => return Some(path),
                _ => {}
            }
        }
    }
}

/// Reads one file: size checked before reading, extraction in the sandbox.
fn read_one(path: &Path, name: String, sandbox: &Sandbox, today: time::Date) -> Result<Prepared, String> {
    let bytes = hitstaff_ingest::extract::read_file(path)?;
    intake::prepare(&name, bytes, sandbox, today).map_err(|e| e.to_string())
}

#[derive(Debug, Default)]
struct Tally {
    created: u64,
    updated: [u64; 4],
    already: u64,
    failed: Vec<(String, String)>,
}

#[allow(clippy::print_stdout, reason = "the command reports to the person running it")]
async fn import<S: Store>(store: S, args: ResumesArgs, db: &str) -> anyhow::Result<()> {
    migrate_reporting(&store).await?;
    let Some(org): Option<OrgId> = pick_org(&store, args.org.as_deref()).await? else {
        bail!("there is no organisation yet: create one with `hitstaff user add` first");
    };
    let dir = args.dir.clone();
    if !dir.is_dir() {
        bail!(
            "{} is not a folder: give the folder that holds the resumes",
            dir.display()
        );
    }
    // A first pass counts the files for the progress bar; it keeps nothing.
    let total = Walk::new(&dir)?.count() as u64;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(total)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} resumes ({per_sec}, {eta} left) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let sandbox = Arc::new(super::resume::sandbox()?);
    let today = time::OffsetDateTime::now_utc().date();
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let started = Instant::now();
    let mut walk = Walk::new(&dir)?;
    let base = dir.clone();
    let mut tally = Tally::default();
    // A large import sets aside the search indexes (not the name and phone ones its duplicate
    // look-up reads) and builds them once at the end.
    store
        .before_bulk_load(BulkLoad {
            candidates: total,
            checks_duplicates: true,
        })
        .await?;
    let mut stopped = None;
    {
        let reads = futures::stream::iter(walk.by_ref().map(|path| {
            let sandbox = Arc::clone(&sandbox);
            let name = path.strip_prefix(&base).unwrap_or(&path).display().to_string();
            async move {
                let shown = name.clone();
                let read = tokio::task::spawn_blocking(move || read_one(&path, name, &sandbox, today)).await;
                (
                    shown,
                    read.unwrap_or_else(|e| Err(format!("reading stopped: {e}"))),
                )
            }
        }))
        .buffer_unordered(jobs);
        futures::pin_mut!(reads);
        while let Some((name, read)) = reads.next().await {
            bar.inc(1);
            let prepared = match read {
                Ok(p) => p,
                Err(reason) => {
                    tally.failed.push((name, reason));
                    continue;
                }
            };
            match resumes::file_as_operator(&store, org, &prepared, Target::FindOrCreate, Channel::Import)
                .await
            {
                Ok(Outcome::Created { .. }) => tally.created += 1,
                Ok(Outcome::Updated { reason, .. }) => {
                    let slot = match reason {
                        Some(DuplicateReason::SameEmail) => 0,
                        Some(DuplicateReason::SamePhone) => 1,
                        Some(DuplicateReason::SameNameAndCity) => 2,
                        None => 3,
                    };
                    tally.updated[slot] += 1;
                }
                Ok(Outcome::AlreadyOnFile { .. }) => tally.already += 1,
                Ok(Outcome::PossibleDuplicates(_)) => tally.failed.push((name, "held for review".into())),
                Err(IntakeError::Store(e @ StoreError::Unavailable { .. })) => {
                    bar.abandon();
                    stopped = Some(e);
                    break;
                }
                Err(e) => tally.failed.push((name, e.to_string())),
            }
            if !tally.failed.is_empty() {
                bar.set_message(format!("{} unreadable", tally.failed.len()));
            }
        }
    }
    if let Some(e) = stopped {
        // Whatever indexes were set aside are built by the next start if the database is still away.
        let _ = store.after_bulk_load().await;
        return Err(
            anyhow::anyhow!(e).context("the database stopped answering; run the import again to go on")
        );
    }
    bar.finish_and_clear();
    store.after_bulk_load().await?;
    for (path, reason) in walk.errors.drain(..) {
        tally.failed.push((path.display().to_string(), reason));
    }
    let updated: u64 = tally.updated.iter().sum();
    println!(
        "Read {total} files from {} into {db} in {:.1} s: {} new candidates, {updated} updated \
         ({} same email, {} same phone, {} same name and city), {} already on file, {} could not be imported.",
        dir.display(),
        started.elapsed().as_secs_f64(),
        tally.created,
        tally.updated[0],
        tally.updated[1],
        tally.updated[2],
        tally.already,
        tally.failed.len()
    );
    if !tally.failed.is_empty() {
        tally.failed.sort();
        println!("Not imported:");
        for (name, reason) in &tally.failed {
            println!("  {name}: {reason}");
        }
        bail!(
            "{} of {total} files could not be imported (listed above)",
            tally.failed.len()
        );
    }
    Ok(())
}
