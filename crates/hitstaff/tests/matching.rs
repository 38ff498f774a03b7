//! `hitstaff match`, as a recruiter runs it on generated data.

use std::path::Path;
use std::process::{Command, Output};

fn hitstaff(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hitstaff"))
        .args(args)
        .current_dir(dir)
        .env_remove("HITSTAFF_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run hitstaff")
}

#[test]
fn match_prints_the_ranking_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let out = hitstaff(
        dir.path(),
        &[
            "generate",
            "--candidates",
            "1500",
            "--requisitions",
            "4",
            "--seed",
            "3",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = hitstaff(dir.path(), &["match", "--requisition", "req-0002", "--top", "5"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.starts_with("REQ-0002 "), "{text}");
    let scores: Vec<u32> = text
        .lines()
        .filter_map(|l| l.split("/100").next()?.rsplit(' ').next()?.parse().ok())
        .collect();
    assert_eq!(scores.len(), 5, "{text}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    assert!(
        text.contains("       + ") && text.contains("       - "),
        "strengths and weaknesses: {text}"
    );
    // The candidate index was kept beside the database; the next run starts from it and ranks
    // the same.
    assert!(dir.path().join("hitstaff.sqlite.candidates").is_file());
    let again = hitstaff(dir.path(), &["match", "--requisition", "req-0002", "--top", "5"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&again.stdout), text);

    let out = hitstaff(dir.path(), &["match", "--requisition", "REQ-9999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no requisition \"REQ-9999\""));
}

#[test]
fn index_rebuild_recreates_the_search_index_beside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = hitstaff(
        dir.path(),
        &["generate", "--candidates", "300", "--requisitions", "2"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = hitstaff(dir.path(), &["index", "rebuild"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("300 candidates"), "{text}");
    assert!(
        dir.path().join("hitstaff.sqlite.search").is_dir(),
        "beside hitstaff.sqlite"
    );
    // Elsewhere when asked, and a folder that cannot be made is explained.
    let out = hitstaff(dir.path(), &["index", "rebuild"]);
    assert!(
        out.status.success(),
        "again: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.path().join("blocked"), b"a file, not a folder").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hitstaff"))
        .args(["index", "rebuild"])
        .current_dir(dir.path())
        .env_remove("HITSTAFF_DATABASE_URL")
        .env("HITSTAFF_SEARCH_DIR", "blocked/search")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the search index folder blocked/search"), "{err}");
}
