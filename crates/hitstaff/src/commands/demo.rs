use super::generate::{organisation, populate_with_progress};
use super::serve::serve;
use crate::settings::Scheme;
use anyhow::{Context, bail};
use hitstaff_domain::{Email, NewUser, PersonName, Role};
use hitstaff_store::prelude::*;
use hitstaff_store_sqlite::SqliteStore;
use hitstaff_synth::Plan;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Where the demo keeps its data unless told otherwise.
const DEMO_URL: &str = "sqlite://hitstaff-demo.sqlite";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub bind: SocketAddr,
    /// Candidates to generate.
    #[arg(long, default_value_t = 2_000)]
    pub candidates: u64,
}

/// The demo always starts from a fresh SQLite file: it deletes the one it made last time.
pub async fn run(args: Args, database_url: Option<String>) -> anyhow::Result<()> {
    let url = database_url.unwrap_or_else(|| DEMO_URL.to_string());
    if Scheme::of(&url)? != Scheme::Sqlite {
        bail!(
            "the demo makes a fresh SQLite database; give a sqlite:// URL (or none), and use `generate` for PostgreSQL"
        );
    }
    let path = PathBuf::from(hitstaff_store_sqlite::path_from_url(&url)?);
    remove_database_files(&path)?;
    let store = SqliteStore::open_path(&path).await?;
    store.migrate().await?;
    let org = organisation(&store, "demo", "Demo Health IT Staffing").await?;
    let plan = Plan {
        candidates: args.candidates,
        ..Plan::demo(time::OffsetDateTime::now_utc().date())
    };
    populate_with_progress(&store, org, &plan).await?;
    attach_resumes(&store, org, 40).await?;
    // A fresh password per run, so that a demo left running is not open to a known password.
    let password = hitstaff_app::secrets::new_password().context("cannot draw a random password")?;
    let hash = hitstaff_app::secrets::hash_password(&password)
        .map_err(|e| anyhow::anyhow!("cannot hash the demo password: {e}"))?;
    let first_client = store.list_clients(org).await?.into_iter().next().map(|c| c.id);
    let mut owners = Vec::new();
    for (email, name, role) in [
        ("admin@demo.hitstaff.test", "Avery Admin", Role::Admin),
        ("recruiter@demo.hitstaff.test", "Riley Recruiter", Role::Recruiter),
        (
            "accounts@demo.hitstaff.test",
            "Morgan Accounts",
            Role::AccountManager,
        ),
        (
            "compliance@demo.hitstaff.test",
            "Casey Compliance",
            Role::ComplianceOfficer,
        ),
        (
            "manager@demo.hitstaff.test",
            "Harper Manager",
            Role::HiringManager,
        ),
        ("auditor@demo.hitstaff.test", "Quinn Auditor", Role::Auditor),
    ] {
        let client = role.is_client_scoped().then_some(first_client).flatten();
        let user = NewUser::new(
            Email::parse(email)?,
            PersonName::parse(name)?,
            role,
            client,
            Some(hash.clone()),
        )?;
        let made = store.create_user(org, &user).await?;
        if matches!(role, Role::Recruiter | Role::AccountManager) {
            owners.push(made.id);
        }
    }
    // The recruiter and the account manager share the requisitions, so that "Mine" and the
    // Owner column show something.
    let mut page = hitstaff_store::PageRequest::first(500);
    let mut n = 0usize;
    loop {
        let got = store
            .list_requisitions(org, &hitstaff_store::RequisitionFilter::default(), &page)
            .await?;
        for r in &got.items {
            let mut fields = r.fields.clone();
            fields.owner_id = Some(owners[n % owners.len()]);
            n += 1;
            store.update_requisition(org, r.id, &fields).await?;
        }
        match got.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    let login = format!(
        "Sign in as admin@demo.hitstaff.test with password {password}\n\
         (recruiter@, accounts@, compliance@, manager@ and auditor@demo.hitstaff.test share it)."
    );
    let search = PathBuf::from(format!("{}.search", path.display()));
    if search.is_dir() {
        std::fs::remove_dir_all(&search)
            .with_context(|| format!("cannot remove the old demo search index {}", search.display()))?;
    }
    let snapshot = crate::settings::index_snapshot(&search);
    if snapshot.exists() {
        std::fs::remove_file(&snapshot).with_context(|| {
            format!(
                "cannot remove the old demo candidate index snapshot {}",
                snapshot.display()
            )
        })?;
    }
    serve(
        store,
        args.bind,
        &format!("the demo database {}", path.display()),
        Some(&login),
        hitstaff_web::session::AuthSettings::default(),
        &search,
    )
    .await
}

/// Resumes for the newest candidates, in turn DOCX, PDF and text, read and filed as an upload
/// would be: the demo's resume pages have something to show.
async fn attach_resumes(store: &SqliteStore, org: hitstaff_domain::OrgId, count: u32) -> anyhow::Result<()> {
    use hitstaff_app::resumes::{self, Channel};
    use hitstaff_ingest::intake::{self, Target};
    use hitstaff_synth::document::{self, Layout, Source};
    let sandbox = super::resume::sandbox()?;
    let today = time::OffsetDateTime::now_utc().date();
    let page = store
        .list_candidates(
            org,
            &Default::default(),
            &hitstaff_store::PageRequest::first(count),
        )
        .await?;
    for (i, c) in page.items.iter().enumerate() {
        let source = Source::parse(&hitstaff_synth::resume::markup(&c.fields, i as u32));
        let layout = Layout {
            two_columns: i % 2 == 0,
            contact_in_page_header: i % 4 == 0,
        };
        let stem = c.fields.name.as_str().replace(' ', "-");
        let (name, bytes) = match i % 3 {
            0 => (format!("{stem}.docx"), document::docx(&source, layout)?),
            1 => (format!("{stem}.pdf"), document::pdf(&source, layout)),
            _ => (format!("{stem}.txt"), document::text(&source).into_bytes()),
        };
        let prepared = intake::prepare(&name, bytes, &sandbox, today)
            .map_err(|e| anyhow::anyhow!("reading the demo resume {name}: {e}"))?;
        resumes::file_as_operator(store, org, &prepared, Target::Candidate(c.id), Channel::Upload)
            .await
            .map_err(|e| anyhow::anyhow!("filing the demo resume {name}: {e}"))?;
    }
    Ok(())
}

fn remove_database_files(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot remove the old demo database {}", file.display()));
            }
        }
    }
    Ok(())
}
