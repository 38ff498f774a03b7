//! The `hitstaff` binary as a user runs it: real processes, fresh databases.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary with `args`, run in `dir`, with settings from neither the caller's environment nor
/// their logging.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hitstaff"));
    c.args(args)
        .current_dir(dir)
        .env_remove("HITSTAFF_DATABASE_URL")
        .env("RUST_LOG", "warn");
    c
}

fn hitstaff(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("run hitstaff")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs a command that must fail with exactly one line on stderr containing `says`.
fn fails_with(dir: &Path, args: &[&str], says: &str) {
    let out = hitstaff(dir, args);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{args:?} should fail");
    assert_eq!(err.trim().lines().count(), 1, "one line, no backtrace: {err}");
    assert!(
        err.starts_with("error: ") && err.contains(says),
        "{args:?}: {err}"
    );
}

#[test]
fn migrate_creates_and_then_reports_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let first = hitstaff(dir.path(), &["migrate"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let said = text(&first.stdout);
    assert!(
        said.contains("migration(s), schema version 0 -> "),
        "a fresh database starts at 0: {said}"
    );
    assert!(
        dir.path().join("hitstaff.sqlite").exists(),
        "the default database is ./hitstaff.sqlite"
    );
    let again = hitstaff(dir.path(), &["migrate"]);
    assert!(
        text(&again.stdout).contains("up to date"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn migrate_refuses_a_newer_schema_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    assert!(hitstaff(dir.path(), &["migrate"]).status.success());
    let db = dir.path().join("hitstaff.sqlite");
    let rt = tokio::runtime::Runtime::new().unwrap();
    // The schema and the migration records, which a refused run must leave exactly as they were.
    // (The file's bytes may change: closing the database checkpoints its write-ahead log.)
    let snapshot = |conn_path: std::path::PathBuf| async move {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&conn_path)
            .connect()
            .await
            .unwrap();
        let schema: Vec<String> =
            sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
                .fetch_all(&mut conn)
                .await
                .unwrap();
        let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        (schema, versions)
    };
    rt.block_on(async {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db)
            .connect()
            .await
            .unwrap();
        sqlx::raw_sql(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             SELECT 99990101000000, 'future', 1, checksum, 0 FROM _sqlx_migrations LIMIT 1",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    });
    let before = rt.block_on(snapshot(db.clone()));
    assert_eq!(before.1.last(), Some(&99990101000000));
    fails_with(dir.path(), &["migrate"], "newer than this hitstaff understands");
    fails_with(
        dir.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        "newer than this hitstaff understands",
    );
    assert!(
        rt.block_on(snapshot(db.clone())) == before,
        "the refused runs changed the schema or its records"
    );
}

#[test]
fn bad_database_urls_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        dir.path(),
        &["migrate", "--database-url", "mysql://root:secret@db/x"],
        "scheme \"mysql\" is not supported",
    );
    let err = text(
        &hitstaff(
            dir.path(),
            &["migrate", "--database-url", "mysql://root:secret@db/x"],
        )
        .stderr,
    );
    assert!(!err.contains("secret"), "never print the password: {err}");
    std::fs::write(dir.path().join("a-file"), "x").unwrap();
    fails_with(
        dir.path(),
        &["migrate", "--database-url", "sqlite://a-file/db.sqlite"],
        "is not a folder",
    );
    fails_with(
        dir.path(),
        &["migrate", "--database-url", "sqlite://missing/db.sqlite"],
        "does not exist",
    );
    std::fs::write(dir.path().join("junk.sqlite"), "not a database at all").unwrap();
    fails_with(
        dir.path(),
        &["migrate", "--database-url", "sqlite://junk.sqlite"],
        "file is not a database",
    );
    fails_with(
        dir.path(),
        &["migrate", "--database-url", "postgres://u:pw@127.0.0.1:9/db"],
        "connection refused",
    );
    fails_with(
        dir.path(),
        &["migrate", "--config", "nope.toml"],
        "does not exist",
    );
}

#[test]
fn settings_come_from_the_environment_and_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hitstaff"))
        .arg("migrate")
        .current_dir(dir.path())
        .env("HITSTAFF_DATABASE_URL", "sqlite://from-env.sqlite")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("from-env.sqlite").exists());
    std::fs::write(
        dir.path().join("hitstaff.toml"),
        "database_url = \"sqlite://from-file.sqlite\"\n",
    )
    .unwrap();
    assert!(hitstaff(dir.path(), &["migrate"]).status.success());
    assert!(dir.path().join("from-file.sqlite").exists());
}

#[test]
fn generate_writes_realistic_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = hitstaff(
        dir.path(),
        &[
            "generate",
            "--candidates",
            "1500",
            "--requisitions",
            "16",
            "--seed",
            "7",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert!(summary.contains("16 requisitions, 1500 candidates"), "{summary}");
    // Running it again adds to the same organisation.
    let again = hitstaff(
        dir.path(),
        &["generate", "--candidates", "500", "--requisitions", "2"],
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    let db = dir.path().join("hitstaff.sqlite");
    // A finished bulk load leaves no write-ahead log behind.
    let wal = std::fs::metadata(dir.path().join("hitstaff.sqlite-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "the write-ahead log is checkpointed and truncated");
    let (candidates, stages, orgs) = tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db)
            .connect()
            .await
            .unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidates")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let s: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT stage) FROM applications")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let o: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organizations")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        (n, s, o)
    });
    assert_eq!((candidates, orgs), (2000, 1));
    assert_eq!(stages, 8, "applications at every stage");

    // A large load that was stopped half-way (killed) leaves an index set aside; the next start
    // builds it and says so.
    let sql = |q: &'static str| {
        let db = db.clone();
        tokio::runtime::Runtime::new().unwrap().block_on(async move {
            use sqlx::ConnectOptions;
            let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&db)
                .connect()
                .await
                .unwrap();
            let rows: Vec<String> = sqlx::query_scalar(q).fetch_all(&mut conn).await.unwrap();
            rows
        })
    };
    sql("INSERT INTO deferred_indexes (name, definition, deferred_at) \
         SELECT name, sql, '2026-12-06T00:00:00Z' FROM sqlite_master WHERE name = 'candidates_org_state' \
         RETURNING name");
    sql("DROP INDEX candidates_org_state");
    let out = hitstaff(dir.path(), &["migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("Built 1 index(es) that an interrupted bulk load had set aside: candidates_org_state."),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        sql("SELECT name FROM sqlite_master WHERE name = 'candidates_org_state'"),
        ["candidates_org_state"]
    );
}

#[test]
fn generate_refuses_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let out = hitstaff(dir.path(), &["generate", "--candidates", "many"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("invalid value 'many'"),
        "{}",
        text(&out.stderr)
    );
    fails_with(dir.path(), &["generate", "--org", "Not A Slug!"], "--org");
}

/// A running server process, stopped and reaped when dropped (also when a test panics).
struct Server {
    child: Child,
    base: String,
    printed: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a server process and waits until it has printed its address.
fn start(dir: &Path, args: &[&str]) -> Server {
    let child = command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server {
        child,
        base: String::new(),
        printed: String::new(),
    };
    let mut lines = BufReader::new(server.child.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        server.printed.push_str(&line);
        server.printed.push('\n');
        if line.starts_with("Press Ctrl-C") {
            let addr = server
                .printed
                .split("http://")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            server.base = format!("http://{addr}");
            return server;
        }
    }
    panic!("the server did not start: {}", server.printed);
}

#[test]
fn serve_answers_health_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &["serve", "--bind", "127.0.0.1:0"]);
    let base = server.base.clone();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (health, version) = rt.block_on(async {
        let h = reqwest::get(format!("{base}/health")).await.unwrap();
        let v: serde_json::Value = reqwest::get(format!("{base}/version"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (h.status(), v)
    });
    drop(server);
    assert_eq!(health, 200);
    assert_eq!(version["backend"], "sqlite");
}

#[test]
fn demo_builds_a_fresh_database_and_prints_a_login() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hitstaff-demo.sqlite"), "an old demo").unwrap();
    let server = start(
        dir.path(),
        &["demo", "--bind", "127.0.0.1:0", "--candidates", "400"],
    );
    let (base, printed) = (server.base.clone(), server.printed.clone());
    let health = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async { reqwest::get(format!("{base}/health")).await.unwrap().status() });
    drop(server);
    assert_eq!(health, 200);
    assert!(
        printed.contains("Sign in as admin@demo.hitstaff.test with password "),
        "{printed}"
    );
    let db = dir.path().join("hitstaff-demo.sqlite");
    let (candidates, users, stages, admin_hash) = tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db)
            .connect()
            .await
            .unwrap();
        let c: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidates")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let r: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT format) FROM resumes")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(r, 3, "demo resumes in DOCX, PDF and text");
        let u: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE password_hash LIKE '$argon2id$%'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let s: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT stage) FROM applications")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let h: String =
            sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'admin@demo.hitstaff.test'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        (c, u, s, h)
    });
    assert_eq!(candidates, 400, "the old file was replaced by a fresh demo");
    assert_eq!(users, 6, "one user per role, with a hashed password");
    assert_eq!(stages, 8);
    // The printed password is the one stored.
    let password = printed
        .split("with password ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    assert!(
        hitstaff_web::auth::verify_password(password, &admin_hash),
        "the printed login works"
    );
    assert!(!hitstaff_web::auth::verify_password(
        "wrong-password",
        &admin_hash
    ));
}

fn with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stored_hash(dir: &Path, email: &str) -> Option<String> {
    let db = dir.join("hitstaff.sqlite");
    let email = email.to_string();
    tokio::runtime::Runtime::new().unwrap().block_on(async move {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db)
            .connect()
            .await
            .unwrap();
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut conn)
            .await
            .unwrap()
    })
}

#[test]
fn first_run_creates_the_organisation_and_its_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["user", "add", "--email", "ada@mercy.test", "--name", "Ada Admin"];
    // A new installation needs the organisation named, and the first user must be an admin.
    fails_with(
        dir.path(),
        &[&base[..], &["--role", "admin"]].concat(),
        "--org SHORT-NAME and --org-name",
    );
    let as_recruiter = [
        &base[..],
        &[
            "--role",
            "recruiter",
            "--org",
            "mercy-it",
            "--org-name",
            "Mercy IT",
        ],
    ]
    .concat();
    fails_with(dir.path(), &as_recruiter, "must be an administrator");

    let out = hitstaff(
        dir.path(),
        &[
            &base[..],
            &["--role", "admin", "--org", "mercy-it", "--org-name", "Mercy IT"],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Created the organisation Mercy IT.") && said.contains("as administrator"),
        "{said}"
    );
    let password = said
        .split("Password: ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let hash = stored_hash(dir.path(), "ada@mercy.test").unwrap();
    assert!(
        hitstaff_web::auth::verify_password(password, &hash),
        "the printed password is the stored one"
    );

    // The serve hint disappears once someone can sign in; the next user goes to the only organisation.
    let out = with_stdin(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "rita@mercy.test",
            "--name",
            "Rita Recruiter",
            "--role",
            "recruiter",
            "--password-stdin",
        ],
        "amber-lantern-river-7\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !text(&out.stdout).contains("Password:"),
        "a given password is not echoed"
    );
    assert!(hitstaff_web::auth::verify_password(
        "amber-lantern-river-7",
        &stored_hash(dir.path(), "rita@mercy.test").unwrap()
    ));
    let listed = text(&hitstaff(dir.path(), &["user", "list"]).stdout);
    assert!(
        listed.contains("ada@mercy.test")
            && listed.contains("rita@mercy.test")
            && listed.contains("recruiter"),
        "{listed}"
    );
}

#[test]
fn user_add_refuses_bad_input_and_keeps_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let first = hitstaff(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "ada@mercy.test",
            "--name",
            "Ada Admin",
            "--role",
            "admin",
            "--org",
            "mercy-it",
            "--org-name",
            "Mercy IT",
        ],
    );
    assert!(first.status.success(), "{}", text(&first.stderr));
    fails_with(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "not-an-email",
            "--name",
            "X Y",
            "--role",
            "recruiter",
        ],
        "--email: ",
    );
    fails_with(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "x@mercy.test",
            "--name",
            "X Y",
            "--role",
            "boss",
        ],
        "--role: ",
    );
    fails_with(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "ADA@mercy.test",
            "--name",
            "Ada Again",
            "--role",
            "auditor",
        ],
        "already exists",
    );
    fails_with(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "hm@mercy.test",
            "--name",
            "Hana Manager",
            "--role",
            "hiring_manager",
        ],
        "--client",
    );
    fails_with(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "hm@mercy.test",
            "--name",
            "Hana Manager",
            "--role",
            "hiring_manager",
            "--client",
            "Nowhere General",
        ],
        "no client is named",
    );
    fails_with(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "r@mercy.test",
            "--name",
            "R R",
            "--role",
            "recruiter",
            "--client",
            "X",
        ],
        "only for hiring managers",
    );
    let weak = with_stdin(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "weak@mercy.test",
            "--name",
            "Wes Weak",
            "--role",
            "recruiter",
            "--password-stdin",
        ],
        "password1234\n",
    );
    assert!(!weak.status.success());
    assert!(
        text(&weak.stderr).contains("commonly used"),
        "{}",
        text(&weak.stderr)
    );
    assert!(
        stored_hash(dir.path(), "weak@mercy.test").is_none(),
        "nothing was stored"
    );
    assert_eq!(
        stored_hash(dir.path(), "ada@mercy.test").map(|h| h.starts_with("$argon2id$")),
        Some(true)
    );
}

#[test]
fn serve_says_how_to_create_the_first_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &["serve", "--bind", "127.0.0.1:0"]);
    assert!(
        server.printed.contains("hitstaff user add --org SHORT-NAME"),
        "{}",
        server.printed
    );
}

#[test]
fn serve_keeps_the_candidate_index_beside_the_database() {
    // After its first load from the database, the server writes the candidate index's snapshot,
    // from which the next start (and `hitstaff match`) loads in a moment.
    let dir = tempfile::tempdir().unwrap();
    let out = command(
        dir.path(),
        &["generate", "--candidates", "300", "--requisitions", "2"],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let snapshot = dir.path().join("hitstaff.sqlite.candidates");
    assert!(!snapshot.exists());
    let server = start(dir.path(), &["serve", "--bind", "127.0.0.1:0"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !snapshot.is_file() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(server);
    assert!(snapshot.is_file(), "no snapshot at {}", snapshot.display());
}
