//! `hitstaff`: the command line. It picks the store backend once, from the database URL's scheme,
//! and runs the same generic code over SQLite or PostgreSQL.

mod commands;
mod settings;

use clap::{Parser, Subcommand};
use settings::{Overrides, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc rather than the C library's allocator: the store's reader thread allocates rows that
/// the async side frees, and glibc serialises those frees on a lock (a fifth of the time of
/// loading a million candidates went to malloc and its lock).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// hitstaff: healthcare IT staffing. Requisitions for hospitals and clinics, candidates with their
/// healthcare-IT skills, pipelines from sourcing to placement.
///
/// Start with `hitstaff demo` to see it with sample data. Data lives in the database named by
/// --database-url, HITSTAFF_DATABASE_URL or `database_url` in hitstaff.toml (in that order);
/// the default is the SQLite file hitstaff.sqlite in the current folder.
#[derive(Debug, Parser)]
#[command(name = "hitstaff", version, propagate_version = true)]
struct Cli {
    /// Database to use: sqlite://PATH (embedded, the default) or
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE (for larger installations).
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,

    /// Settings file to read instead of ./hitstaff.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a fresh demo database with realistic sample data, start the server and print the
    /// address and a login.
    Demo(commands::demo::Args),
    /// Start the server (applies pending database migrations first).
    Serve(commands::serve::Args),
    /// Bring the database schema up to date. Refuses a database made by a newer hitstaff.
    Migrate,
    /// Write realistic synthetic data: clients, requisitions, candidates and their pipelines.
    Generate(commands::generate::Args),
    /// Manage users (the first administrator of a new installation starts here).
    #[command(subcommand)]
    User(commands::user::Command),
    /// Read resumes without storing them.
    #[command(subcommand)]
    Resume(commands::resume::Command),
    /// The best candidates for a requisition, with the strengths and weaknesses behind each score.
    Match(commands::matching::Args),
    /// Bring data in: a folder of resumes.
    #[command(subcommand)]
    Import(commands::import::Command),
    /// The search index (a cache of the database).
    #[command(subcommand)]
    Index(commands::index::Command),
    /// Reads one document on standard input and writes its text (hitstaff runs itself this way
    /// to read untrusted files in a limited child process).
    #[command(hide = true)]
    ExtractWorker,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The worker limits its own memory: it must not start threads or a runtime first.
    if matches!(cli.command, Command::ExtractWorker) {
        return hitstaff_ingest::extract::worker_main();
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,hitstaff=info,hitstaff_web=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(&anyhow::anyhow!("cannot start: {e}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// One clear line: the error and its causes, no backtrace.
#[allow(
    clippy::print_stderr,
    reason = "the command line reports its errors to the person running it"
)]
fn fail(e: &anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::FAILURE
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let overrides = Overrides {
        database_url: cli.database_url,
    };
    match cli.command {
        Command::Demo(args) => commands::demo::run(args, overrides.database_url).await,
        Command::Resume(command) => commands::resume::run(command),
        command => {
            let settings = Settings::load(cli.config.as_deref(), &overrides)?;
            match command {
                Command::Serve(args) => commands::serve::run(&settings, args).await,
                Command::Migrate => commands::migrate::run(&settings).await,
                Command::Generate(args) => commands::generate::run(&settings, args).await,
                Command::User(command) => commands::user::run(&settings, command).await,
                Command::Import(command) => commands::import::run(&settings, command).await,
                Command::Match(args) => commands::matching::run(&settings, args).await,
                Command::Index(command) => commands::index::run(&settings, command).await,
                Command::Demo(_) | Command::Resume(_) | Command::ExtractWorker => {
                    unreachable!("handled above")
                }
            }
        }
    }
}
