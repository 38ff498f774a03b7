//! The extraction worker on its own: reads a document on standard input and writes its text.
//! `hitstaff` runs itself as the worker; this binary serves the crate's tests and other embedders.

fn main() -> std::process::ExitCode {
    hitstaff_ingest::extract::worker_main()
}
