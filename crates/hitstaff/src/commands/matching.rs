//! `hitstaff match --requisition ID --top N`: the ranking with its reasons, in the terminal.

use super::user::pick_org;
use super::{migrate_reporting, with_store};
use crate::settings::Settings;
use anyhow::Context;
use hitstaff_domain::RequisitionId;
use hitstaff_store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The requisition: its id (as in its page's address) or its reference (REQ-0007).
    #[arg(long, value_name = "ID")]
    pub requisition: String,
    /// How many candidates to show.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=500))]
    pub top: u16,
    /// The organisation's short name (needed when the installation has more than one).
    #[arg(long)]
    pub org: Option<String>,
}

pub async fn run(settings: &Settings, args: Args) -> anyhow::Result<()> {
    let snapshot = crate::settings::index_snapshot(&settings.search_dir());
    with_store!(&settings.database_url, |store| ranking(store, args, &snapshot))
}

#[allow(clippy::print_stdout, reason = "the command reports to the person running it")]
async fn ranking<S: Store>(store: S, args: Args, snapshot: &std::path::Path) -> anyhow::Result<()> {
    migrate_reporting(&store).await?;
    let org = pick_org(&store, args.org.as_deref())
        .await?
        .context("there is no organisation yet: create one with `hitstaff user add` first")?;
    let requisition = match RequisitionId::parse(args.requisition.trim()) {
        Ok(id) => store.get_requisition(org, id).await.ok(),
        Err(_) => {
            let wanted = args.requisition.trim().to_uppercase();
            let mut page = hitstaff_store::PageRequest::first(500);
            loop {
                let got = store.list_requisitions(org, &Default::default(), &page).await?;
                if let Some(r) = got.items.into_iter().find(|r| r.reference == wanted) {
                    break Some(r);
                }
                match got.next {
                    Some(next) => page.after = Some(next),
                    None => break None,
                }
            }
        }
    }
    .with_context(|| {
        format!(
            "there is no requisition {:?}: give its id or its reference, as REQ-0007",
            args.requisition
        )
    })?;
    let today = time::OffsetDateTime::now_utc().date();
    // The organisation's weights, as its administrators set them (else the defaults).
    let weights = hitstaff_matching::org_weights(&store, org).await?;
    // The candidates, in the index the server keeps: from its snapshot and the changes since
    // when there is a sound one, else read from the database (and the snapshot written for the
    // next time).
    let index = std::sync::Arc::new(hitstaff_matching::CandidateIndex::default());
    match index.load_with_snapshot(&store, snapshot).await? {
        hitstaff_matching::Loaded::Snapshot { applied, .. } if applied < 10_000 => {}
        _ => {
            if let Err(e) = index.save_snapshot(snapshot).await {
                tracing::warn!(
                    error = %e,
                    path = %snapshot.display(),
                    "the candidate index could not be kept for the next time"
                );
            }
        }
    }
    let ranked = hitstaff_matching::best_candidates(
        &index,
        &store,
        org,
        &requisition,
        &weights,
        today,
        usize::from(args.top),
    )
    .await?;
    println!(
        "{} {}: the best {} of the candidates on file",
        requisition.reference,
        requisition.fields.title,
        ranked.len()
    );
    if ranked.is_empty() {
        println!(
            "No candidate can be ranked: there are none on file, or none holds a skill the \
             requisition marks \"rank no one without it\"."
        );
    }
    for (i, (id, c, m)) in ranked.iter().enumerate() {
        println!();
        println!(
            "{:>3}. {:>3}/100  {}  ({id}), {}",
            i + 1,
            m.score,
            c.name.as_str(),
            hitstaff_matching::band::name(m.score)
        );
        for s in &m.strengths {
            println!("       + {}", s.text);
        }
        for w in &m.weaknesses {
            println!("       - {}", w.text);
        }
    }
    Ok(())
}
