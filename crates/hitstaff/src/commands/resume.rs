//! `hitstaff resume parse FILE...`: read resumes and print what hitstaff sees, as JSON Resume.

use anyhow::bail;
use hitstaff_ingest::extract::Sandbox;
use hitstaff_ingest::{jsonresume, parse};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Read resumes (PDF, DOCX, ODT, RTF, HTML, plain text or JSON Resume) and print each as JSON
    /// Resume, with hitstaff's skills, credential levels, years and evidence under "x-hitstaff".
    /// Nothing is stored.
    Parse(ParseArgs),
}

#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// The files to read.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// One compact JSON document per line, one line per file (for scripts and bulk checks).
    #[arg(long)]
    pub jsonl: bool,
}

/// The extraction worker is this program, run again with the hidden `extract-worker` command.
pub fn sandbox() -> anyhow::Result<Sandbox> {
    let me = std::env::current_exe()?;
    Ok(Sandbox::new(me, ["extract-worker"]))
}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Parse(args) => parse_files(args),
    }
}

#[allow(
    clippy::print_stderr,
    reason = "the command reports unreadable files to the person running it"
)]
fn parse_files(args: ParseArgs) -> anyhow::Result<()> {
    let sandbox = sandbox()?;
    let today = time::OffsetDateTime::now_utc().date();
    let mut out = std::io::stdout().lock();
    let mut documents: Vec<Value> = Vec::new();
    let mut failed = 0usize;
    for path in &args.files {
        let read = hitstaff_ingest::extract::read_file(path)
            .and_then(|bytes| sandbox.extract(&bytes).map_err(|e| e.to_string()));
        let extracted = match read {
            Ok(x) => x,
            Err(reason) => {
                eprintln!("{}: {reason}", path.display());
                failed += 1;
                continue;
            }
        };
        let profile = parse(&extracted.text, today);
        let mut doc = jsonresume::export(&profile, &extracted.text);
        if let Some(ext) = doc["meta"][jsonresume::EXTENSION].as_object_mut() {
            ext.insert("file".into(), Value::String(path.display().to_string()));
            ext.insert("format".into(), serde_json::to_value(extracted.format)?);
        }
        if args.jsonl {
            serde_json::to_writer(&mut out, &doc)?;
            writeln!(out)?;
        } else {
            documents.push(doc);
        }
    }
    if !args.jsonl {
        match documents.len() {
            0 => {}
            1 => serde_json::to_writer_pretty(&mut out, &documents[0])?,
            _ => serde_json::to_writer_pretty(&mut out, &documents)?,
        }
        if !documents.is_empty() {
            writeln!(out)?;
        }
    }
    out.flush()?;
    if failed > 0 {
        bail!(
            "{failed} of {} files could not be read (reasons above)",
            args.files.len()
        );
    }
    Ok(())
}
