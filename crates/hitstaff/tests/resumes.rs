//! `hitstaff resume parse` and `hitstaff import resumes`, run as a recruiter would.

use hitstaff_synth::document::{self, Layout, Source};
use serde_json::Value;
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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn resume(name: &str, email: &str, phone: &str, skill_line: &str) -> Source {
    Source::parse(&format!(
        "{name}\nAustin, TX 78701 · {email} · {phone}\n## EXPERIENCE\nSenior Application Analyst, Lakeview Health | Jan 2019 – Present\n- {skill_line}\nAnalyst, Mercy Medical Center | 2014 – 2018\n- Epic Cadence scheduling build and Epic Prelude registration.\n## CERTIFICATIONS\nEpic Certified, Cadence, 2016\n"
    ))
}

/// A folder of resumes as recruiters get them: several formats, one person twice, bad files.
fn folder(dir: &Path) {
    let two = Layout {
        two_columns: true,
        contact_in_page_header: true,
    };
    let ana = resume(
        "Ana Lopez",
        "ana.lopez@example.org",
        "(512) 555-0101",
        "Led the Epic Beaker CP go-live.",
    );
    let bo = resume(
        "Bo Chen",
        "bo.chen@example.org",
        "(512) 555-0102",
        "Built HL7 v2 interfaces in Rhapsody.",
    );
    let cy = resume(
        "Cy Park",
        "cy.park@example.org",
        "(512) 555-0103",
        "Ran Epic Willow Inpatient upgrades.",
    );
    // Ana again, a newer resume with a new skill: the same person, updated.
    let ana_again = resume(
        "Ana Lopez",
        "ana.lopez@example.org",
        "(512) 555-0101",
        "Led the Epic Beaker AP go-live.",
    );
    std::fs::create_dir_all(dir.join("inbox/older")).unwrap();
    std::fs::write(dir.join("inbox/ana.pdf"), document::pdf(&ana, two)).unwrap();
    std::fs::write(dir.join("inbox/bo.docx"), document::docx(&bo, two).unwrap()).unwrap();
    std::fs::write(dir.join("inbox/cy.txt"), document::text(&cy)).unwrap();
    std::fs::write(dir.join("inbox/older/ana-2024.rtf"), document::rtf(&ana_again)).unwrap();
    std::fs::write(dir.join("inbox/photo.png"), b"\x89PNG\r\n\x1a\n0000").unwrap();
    std::fs::write(dir.join("inbox/empty.pdf"), b"").unwrap();
    std::fs::write(dir.join("inbox/.DS_Store"), b"\x00\x00\x00\x01Bud1").unwrap();
}

#[test]
fn resume_parse_prints_json_resume() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    let one = hitstaff(dir.path(), &["resume", "parse", "inbox/bo.docx"]);
    assert!(one.status.success(), "{}", text(&one.stderr));
    let doc: Value = serde_json::from_slice(&one.stdout).expect("one JSON document");
    assert_eq!(doc["basics"]["name"], "Bo Chen");
    assert_eq!(doc["basics"]["email"], "bo.chen@example.org");
    assert_eq!(doc["meta"]["x-hitstaff"]["format"], "docx");
    let ids: Vec<&str> = doc["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["x-hitstaff"]["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"hl7.v2") && ids.contains(&"engine.rhapsody") && ids.contains(&"epic.cadence"),
        "{ids:?}"
    );

    let many = hitstaff(
        dir.path(),
        &[
            "resume",
            "parse",
            "--jsonl",
            "inbox/ana.pdf",
            "inbox/photo.png",
            "inbox/cy.txt",
        ],
    );
    assert!(!many.status.success(), "a bad file fails the command");
    let lines: Vec<Value> = text(&many.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let names: Vec<&str> = lines
        .iter()
        .filter_map(|d| d["basics"]["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec!["Ana Lopez", "Cy Park"],
        "the good files are still printed"
    );
    let err = text(&many.stderr);
    assert!(
        err.contains("inbox/photo.png: A PNG image is not a format hitstaff reads"),
        "{err}"
    );
    assert!(err.contains("1 of 3 files could not be read"), "{err}");
}

fn count(db: &Path, sql: &str) -> i64 {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .unwrap();
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&mut conn)
            .await
            .unwrap()
    })
}

#[test]
fn import_resumes_files_each_person_once() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    // No organisation yet: said so, nothing written.
    let none = hitstaff(dir.path(), &["import", "resumes", "inbox"]);
    assert!(
        text(&none.stderr).contains("hitstaff user add"),
        "{}",
        text(&none.stderr)
    );
    let add = hitstaff(
        dir.path(),
        &[
            "user",
            "add",
            "--org",
            "acme",
            "--org-name",
            "Acme Staffing",
            "--email",
            "admin@acme.test",
            "--name",
            "Ad Min",
            "--role",
            "admin",
        ],
    );
    assert!(add.status.success(), "{}", text(&add.stderr));

    let first = hitstaff(dir.path(), &["import", "resumes", "inbox", "--quiet"]);
    let out = text(&first.stdout);
    assert!(!first.status.success(), "bad files make the exit status say so");
    assert!(out.contains("Read 6 files"), "{out}");
    assert!(out.contains("3 new candidates, 1 updated (1 same email"), "{out}");
    assert!(out.contains("photo.png: A PNG image"), "{out}");
    assert!(out.contains("empty.pdf: the file is empty"), "{out}");
    assert!(!out.contains("DS_Store"), "{out}");
    let db = dir.path().join("hitstaff.sqlite");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM candidates"), 3);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM resumes"), 4);
    // Ana's skills come from both her resumes; her certification is kept with its level.
    let ana_skills = |skill: &str| {
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM candidate_skills s JOIN candidates c ON c.id = s.candidate_id WHERE c.name = 'Ana Lopez' AND s.skill_id = '{skill}'"
            ),
        )
    };
    assert_eq!(
        (
            ana_skills("epic.beaker_cp"),
            ana_skills("epic.beaker_ap"),
            ana_skills("epic.cadence")
        ),
        (1, 1, 1)
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM candidates WHERE skills LIKE '%\"epic.cadence\"%certified%'"
        ),
        3
    );

    // Again: nothing new, nothing duplicated.
    let again = hitstaff(dir.path(), &["import", "resumes", "inbox", "--quiet"]);
    let out = text(&again.stdout);
    assert!(
        out.contains("0 new candidates, 0 updated") && out.contains("4 already on file"),
        "{out}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM candidates"), 3);

    let missing = hitstaff(dir.path(), &["import", "resumes", "no-such-folder"]);
    assert!(
        text(&missing.stderr).contains("no-such-folder is not a folder"),
        "{}",
        text(&missing.stderr)
    );
}

/// The worker is this binary, with its own allocator, under the sandbox's address-space limit.
/// That limit once made about 1 read in 140 of a small DOCX fail at random ("the DOCX reader
/// failed"); 400 reads of one file would then have failed at least once 19 times in 20.
#[test]
fn the_same_docx_reads_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    let bytes = std::fs::read(dir.path().join("inbox/bo.docx")).unwrap();
    std::fs::create_dir_all(dir.path().join("again")).unwrap();
    let mut args = vec!["resume".to_string(), "parse".into(), "--jsonl".into()];
    for i in 0..400 {
        let name = format!("again/bo-{i}.docx");
        std::fs::write(dir.path().join(&name), &bytes).unwrap();
        args.push(name);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = hitstaff(dir.path(), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let names: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            let doc: Value = serde_json::from_str(l).expect("a JSON line");
            doc["basics"]["name"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(names.len(), 400);
    assert!(names.iter().all(|n| n == "Bo Chen"), "{names:?}");
}

/// A named pipe, a folder or a device is not a resume: each is named with what to give instead,
/// and nothing waits on it (reading a pipe would block for ever).
#[test]
fn only_regular_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    let made = Command::new("mkfifo")
        .arg(dir.path().join("inbox/pipe.pdf"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_hitstaff"))
        .args([
            "resume",
            "parse",
            "--jsonl",
            "inbox/pipe.pdf",
            "inbox",
            "/dev/zero",
            "inbox/cy.txt",
        ])
        .current_dir(dir.path())
        .env_remove("HITSTAFF_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("hitstaff resume parse waited on a named pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("inbox/pipe.pdf: not a regular file"), "{err}");
    assert!(err.contains("inbox: a folder"), "{err}");
    assert!(err.contains("/dev/zero: not a regular file"), "{err}");
    assert!(err.contains("3 of 4 files could not be read"), "{err}");
    assert!(
        text(&out.stdout).contains("Cy Park"),
        "the good file is still read"
    );
}
