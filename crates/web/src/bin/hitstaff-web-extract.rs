//! The resume extraction worker for this crate's tests (the `hitstaff` binary is its own worker).

fn main() -> std::process::ExitCode {
    hitstaff_ingest::extract::worker_main()
}
