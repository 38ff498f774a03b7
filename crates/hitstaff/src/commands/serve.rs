use super::{describe_database, migrate_reporting, shutdown_signal, with_store};
use crate::settings::Settings;
use anyhow::Context;
use hitstaff_store::Store;
use hitstaff_web::{AppState, ServerInfo};
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub bind: SocketAddr,
}

pub async fn run(settings: &Settings, args: Args) -> anyhow::Result<()> {
    let db = describe_database(&settings.database_url);
    let auth = settings.auth()?;
    let search = settings.search_dir();
    with_store!(&settings.database_url, |store| serve(
        store, args.bind, &db, None, auth, &search
    ))
}

/// An IPv6 address as it stands in a URL.
fn bracket(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// Binds, prints the address (and `login`, for the demo) and serves until Ctrl-C or SIGTERM.
#[allow(clippy::print_stdout, reason = "the address is the command's output")]
pub async fn serve<S: Store>(
    store: S,
    bind: SocketAddr,
    db: &str,
    login: Option<&str>,
    mut auth: hitstaff_web::session::AuthSettings,
    search_dir: &std::path::Path,
) -> anyhow::Result<()> {
    let report = migrate_reporting(&store).await?;
    // The search index is a cache on disk: opened here, caught up (or built) in the background.
    let search = hitstaff_search::SearchIndex::open(Some(search_dir))?;
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| {
        format!("cannot listen on {bind} (is another program using it? choose another with --bind)")
    })?;
    let addr = listener.local_addr()?;
    println!(
        "hitstaff {} is serving http://{addr} from {db}",
        env!("CARGO_PKG_VERSION")
    );
    if auth.public_url.is_none() {
        // Links in invitations point at the address we listen on until public_url says better.
        let host = if addr.ip().is_unspecified() {
            "localhost".to_string()
        } else {
            addr.ip().to_string()
        };
        let own = format!("http://{}:{}", bracket(&host), addr.port());
        auth.public_url = hitstaff_domain::PublicUrl::parse(&own).ok();
        if !addr.ip().is_loopback() {
            println!(
                "Invitation links will point at {own}; set public_url (HITSTAFF_PUBLIC_URL) to the address users reach hitstaff at."
            );
        }
    }
    if let Some(login) = login {
        println!("{login}");
    }
    if store.list_organizations().await?.is_empty() {
        println!(
            "No one can sign in yet. Create the first administrator:\n  hitstaff user add --org SHORT-NAME --org-name \"Full Name\" --email EMAIL --name \"NAME\" --role admin"
        );
    }
    println!("Press Ctrl-C to stop.");
    let info = ServerInfo::new(store.backend(), report.to_version);
    let mut state = AppState::new(store, info)
        .with_search(search)
        .with_index_snapshot(crate::settings::index_snapshot(search_dir));
    state.auth = auth;
    hitstaff_web::serve(state, listener, shutdown_signal())
        .await
        .context("the server stopped unexpectedly")
}
