//! `hitstaff index rebuild`: recreates the search index from the database (it is a cache; the
//! server catches it up by itself, so this is for a damaged folder or after restoring a backup).

use super::{migrate_reporting, with_store};
use crate::settings::Settings;
use anyhow::Context;
use hitstaff_store::Store;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Recreate the search index from the database (stop the server first: one process writes
    /// the index at a time).
    Rebuild,
}

pub async fn run(settings: &Settings, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Rebuild => {
            let dir = settings.search_dir();
            with_store!(&settings.database_url, |store| rebuild(store, &dir))
        }
    }
}

#[allow(clippy::print_stdout, reason = "the command reports to the person running it")]
async fn rebuild<S: Store>(store: S, dir: &std::path::Path) -> anyhow::Result<()> {
    migrate_reporting(&store).await?;
    let started = std::time::Instant::now();
    let index = hitstaff_search::SearchIndex::open(Some(dir))?;
    let count = index
        .rebuild(&store)
        .await
        .with_context(|| format!("rebuilding the search index in {}", dir.display()))?;
    println!(
        "Rebuilt the search index in {} from the database: {count} candidates in {:.1} s.",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
