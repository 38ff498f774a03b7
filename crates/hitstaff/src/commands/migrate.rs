use super::{describe_database, with_store};
use crate::settings::Settings;
use hitstaff_store::prelude::*;

#[allow(clippy::print_stdout, reason = "the command reports to the person running it")]
pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    let report = with_store!(&settings.database_url, |store| async move {
        let report = store.migrate().await;
        report.map_err(anyhow::Error::from)
    })?;
    let db = describe_database(&settings.database_url);
    if report.applied.is_empty() {
        println!("{db} is up to date (schema version {}).", report.to_version);
    } else {
        println!(
            "{db}: applied {} migration(s), schema version {} -> {}.",
            report.applied.len(),
            report.from_version,
            report.to_version
        );
    }
    if !report.rebuilt_indexes.is_empty() {
        println!(
            "Built {} index(es) that an interrupted bulk load had set aside: {}.",
            report.rebuilt_indexes.len(),
            report.rebuilt_indexes.join(", ")
        );
    }
    Ok(())
}
