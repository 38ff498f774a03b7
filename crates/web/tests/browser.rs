//! Browser journeys in real headless Chromium (Debian's `chromium` and `chromedriver`), against the
//! real server on port 0. Every page a journey visits is checked with axe-core (from npm, injected
//! into the page): no serious or critical accessibility violations.
//!
//! Needs /usr/bin/chromium, /usr/bin/chromedriver and `npm ci` in tests/browser (scripts/test
//! installs all three). Without them the journeys are skipped, except with `CI=true`.

mod common;

use common::{PASSWORD, TestApp};
use fantoccini::{Client, ClientBuilder, Locator};
use hitstaff_domain::{
    ClientKind, Engagement, Intent, NewApplication, NewCandidate, NewClient, NewNote, NewRequisition,
    NoteSubject, PersonName, Priority, Reason, RequisitionStatus, Role, RoleFamily, Stage, StageMove,
    WorkModel,
};
use hitstaff_store::Actor;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/axe-core/axe.min.js")
}

/// Whether the browser and axe-core are here; in CI their absence is a failure, not a skip.
fn browser_available() -> bool {
    let missing: Vec<String> = [PathBuf::from(CHROMIUM), PathBuf::from(CHROMEDRIVER), axe_path()]
        .into_iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        !hitstaff_store_tests::required(),
        "CI=true but the browser journeys cannot run: missing {}. Run scripts/test, which installs them.",
        missing.join(", ")
    );
    #[allow(
        clippy::print_stderr,
        reason = "a skipped journey must say so in the test output"
    )]
    {
        eprintln!("skipping browser journey: missing {}", missing.join(", "));
    }
    false
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session of the given window size, and the axe violations seen so far.
struct Browser {
    c: Client,
    base: String,
    violations: Vec<String>,
    _driver: Driver,
}

async fn browser(base: &str, width: u32, height: u32) -> Browser {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _profile: profile,
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let args = json!([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        format!("--user-data-dir={}", driver._profile.path().display()),
        format!("--window-size={width},{height}"),
    ]);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": CHROMIUM, "args": args}),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("connect to chromedriver");
    Browser {
        c,
        base: base.to_string(),
        violations: Vec::new(),
        _driver: driver,
    }
}

impl Browser {
    async fn goto(&mut self, path: &str) {
        self.c.goto(&format!("{}{path}", self.base)).await.unwrap();
        self.check_page().await;
    }

    /// Runs axe-core on the current page and records serious and critical violations.
    async fn check_page(&mut self) {
        let loaded: Value = self
            .c
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await
            .unwrap();
        if loaded != json!(true) {
            let axe = std::fs::read_to_string(axe_path()).unwrap();
            self.c.execute(&axe, vec![]).await.unwrap();
        }
        let result = self
            .c
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, {resultTypes: ['violations']})
                     .then(r => done(r.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
                             v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                     .catch(e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await
            .unwrap();
        let url = self.c.current_url().await.unwrap();
        for v in result.as_array().cloned().unwrap_or_default() {
            self.violations
                .push(format!("{}: {}", url.path(), v.as_str().unwrap_or("?")));
        }
    }

    async fn fill(&self, css: &str, text: &str) {
        let e = self.c.find(Locator::Css(css)).await.unwrap();
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    async fn choose(&self, css: &str, value: &str) {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap()
            .select_by_value(value)
            .await
            .unwrap();
    }

    async fn click(&self, css: &str) {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// Submits with a button (or follows a link), waits for the new page (a full load, or htmx
    /// swapping `main`) and checks it.
    async fn submit(&mut self, css: &str) {
        self.mark_stale().await;
        self.click(css).await;
        self.wait_new_page(&format!("clicking {css}")).await;
    }

    /// Marks the page, so that [`Browser::wait_new_page`] knows when another replaced it.
    async fn mark_stale(&self) {
        self.c
            .execute("document.querySelector('main').dataset.stale = '1';", vec![])
            .await
            .unwrap();
    }

    /// Waits for a new page (a full load, or htmx swapping `main`) and checks it.
    async fn wait_new_page(&mut self, after: &str) {
        let fresh = "const m = document.querySelector('main'); return document.readyState === 'complete' && m !== null && !m.dataset.stale;";
        for _ in 0..200 {
            if self.c.execute(fresh, vec![]).await.ok() == Some(json!(true)) {
                self.check_page().await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page after {after}");
    }

    /// Keys typed into the focused element (WebDriver's codes for arrows and Enter).
    async fn keys(&self, keys: &str) {
        self.c
            .active_element()
            .await
            .unwrap()
            .send_keys(keys)
            .await
            .unwrap();
    }

    /// The names on the cards of one board column.
    async fn column(&self, stage: Stage) -> Vec<String> {
        let names =
            self.c
                .execute(
                    "return [...document.querySelectorAll(`.column[data-stage='${arguments[0]}'] .pcard`)].map(c => c.dataset.name);",
                    vec![json!(stage.code())],
                )
                .await
                .unwrap();
        serde_json::from_value(names).unwrap()
    }

    async fn text(&self) -> String {
        self.c
            .find(Locator::Css("main"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn path(&self) -> String {
        self.c.current_url().await.unwrap().path().to_string()
    }

    async fn sign_in(&mut self, email: &str) {
        self.goto("/sign-in").await;
        self.fill("#f-email", email).await;
        self.fill("#f-password", PASSWORD).await;
        self.submit("form[action='/sign-in'] button[type=submit]").await;
        assert_eq!(
            self.path().await,
            "/",
            "signed in as {email}: {}",
            self.text().await
        );
    }

    async fn sign_out(&mut self) {
        self.submit("form[action='/sign-out'] button").await;
        assert_eq!(self.path().await, "/sign-in");
        assert!(self.text().await.contains("You are signed out"));
    }

    /// The page fits the window: nothing wider than the viewport outside a scrolling region.
    async fn fits_width(&self) -> bool {
        let fits = self
            .c
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        fits == json!(true)
    }

    async fn finish(self) {
        let violations = self.violations.clone();
        self.c.close().await.unwrap();
        assert!(
            violations.is_empty(),
            "serious or critical accessibility violations:\n{}",
            violations.join("\n")
        );
    }
}

/// The id in the current path after `prefix`, e.g. the requisition id after "/requisitions/".
fn id_after(path: &str, prefix: &str) -> String {
    path.strip_prefix(prefix)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recruiter_fills_a_requisition_from_first_contact_to_placement() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    app.user("ana@mercy.test", Role::AccountManager).await;
    app.user("rick@mercy.test", Role::Recruiter).await;
    let mut b = browser(&app.base, 1280, 900).await;

    // An account manager adds the client (recruiters may not: clients are the account team's).
    b.goto("/").await;
    assert_eq!(b.path().await, "/sign-in", "pages need a signed-in user");
    b.sign_in("ana@mercy.test").await;
    b.goto("/clients/new").await;
    b.submit("main form button[type=submit]").await;
    assert!(
        b.text().await.contains("Please fix"),
        "an empty form says what to fix"
    );
    b.fill("#f-name", "St. Olaf Regional").await;
    b.choose("#f-kind", "hospital").await;
    b.fill("#f-locations", "Northfield, MN 55057").await;
    b.fill("#f-ehr_systems", "Epic, November 2025\nNo Such System")
        .await;
    b.submit("main form button[type=submit]").await;
    let text = b.text().await;
    assert!(
        text.contains("“No Such System” is not a system hitstaff knows"),
        "{text}"
    );
    let kept =
        b.c.find(Locator::Css("#f-name"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("St. Olaf Regional"),
        "the user's input is kept"
    );
    b.fill("#f-ehr_systems", "Epic, November 2025").await;
    b.submit("main form button[type=submit]").await;
    let client_path = b.path().await;
    assert!(client_path.starts_with("/clients/"), "{client_path}");
    assert!(b.text().await.contains("Epic (November 2025)"));
    b.sign_out().await;

    // The recruiter: no client editing, but requisitions, candidates and the pipeline.
    b.sign_in("rick@mercy.test").await;
    b.goto("/clients").await;
    assert!(b.c.find(Locator::Css("a[href='/clients/new']")).await.is_err());
    b.goto("/clients/new").await;
    assert!(b.text().await.contains("You do not have access to this"));

    b.goto("/requisitions/new").await;
    let client_id = id_after(&client_path, "/clients/");
    b.choose("#f-client_id", &client_id).await;
    b.fill("#f-title", "Epic Beaker Analyst").await;
    b.choose("#f-role_family", "clinical_applications").await;
    b.choose("#f-engagement", "contract").await;
    b.choose("#f-intent", "implement").await;
    b.choose("#f-reason", "new_implementation").await;
    b.choose("#f-work_model", "hybrid").await;
    b.fill("#f-location", "Northfield, MN").await;
    b.fill("#f-duration_weeks", "26").await;
    b.fill("#f-pay_min", "85").await;
    b.fill("#f-pay_max", "110").await;
    // The skills picker searches as you type (htmx) and adds a row.
    b.fill("#f-skill_q", "beaker").await;
    let add =
        b.c.wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(
                "//div[@id='skill-results']//button[contains(., 'Beaker')]",
            ))
            .await
            .unwrap();
    add.click().await.unwrap();
    b.c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#skill-rows input[name=skill_id]"))
        .await
        .unwrap();
    b.fill("#f-skill_q", "").await;
    b.submit("form button[value=save]").await;
    let req_path = b.path().await;
    assert!(
        req_path.starts_with("/requisitions/"),
        "{req_path}: {}",
        b.text().await
    );
    let text = b.text().await;
    assert!(
        text.contains("Epic Beaker Analyst") && text.contains("Beaker"),
        "{text}"
    );
    assert!(
        text.contains("$85 to $110 per hour"),
        "recruiters see the budget: {text}"
    );
    let req_id = id_after(&req_path, "/requisitions/");

    // A candidate, whose headline holds HTML: it must show as text, never run.
    b.goto("/candidates/new").await;
    b.fill("#f-name", "Lena Okafor").await;
    b.fill(
        "#f-headline",
        "<script>window.pwned = 1</script><b>Beaker</b> lead",
    )
    .await;
    b.fill("#f-email", "lena@example.org").await;
    b.fill("#f-location", "Rochester, MN").await;
    b.submit("form button[value=save]").await;
    let cand_path = b.path().await;
    assert!(
        cand_path.starts_with("/candidates/"),
        "{cand_path}: {}",
        b.text().await
    );
    let pwned =
        b.c.execute("return window.pwned === undefined;", vec![])
            .await
            .unwrap();
    assert_eq!(pwned, json!(true), "stored HTML must not run");
    assert!(
        b.text()
            .await
            .contains("<script>window.pwned = 1</script><b>Beaker</b> lead")
    );

    // Her resume, uploaded on her page: read, evidence marked, one misreading corrected.
    let files = tempfile::tempdir().unwrap();
    let resume = files.path().join("Lena Okafor.docx");
    let source = hitstaff_synth::document::Source::parse(
        "Lena Okafor\nRochester, MN 55905 · lena@example.org\n## EXPERIENCE\n\
         Beaker Analyst, Mayo Clinic | Jan 2018 – Present\n- Epic Beaker CP build; Cadence templates for the lab.\n\
         ## CERTIFICATIONS\nEpic Certified, Beaker Clinical Pathology, 2019\n",
    );
    std::fs::write(
        &resume,
        hitstaff_synth::document::docx(&source, hitstaff_synth::document::Layout::default()).unwrap(),
    )
    .unwrap();
    b.c.find(Locator::Css("#f-resume"))
        .await
        .unwrap()
        .send_keys(resume.to_str().unwrap())
        .await
        .unwrap();
    b.submit("form[action$='/resumes'] button").await;
    assert!(b.path().await.starts_with("/resumes/"), "{}", b.text().await);
    let text = b.text().await;
    assert!(text.contains("Resume read and added to this candidate"), "{text}");
    assert!(text.contains("Epic Beaker Clinical Pathology"), "{text}");
    let marks = b.c.find_all(Locator::Css(".resume-text mark")).await.unwrap();
    assert!(marks.len() >= 5, "evidence is marked in the text");
    // At 1280 px the fact tables take the page's width and show every column, "Correct" too.
    let squeezed =
        b.c.execute(
            "const main = document.querySelector('main').clientWidth;
             return [...document.querySelectorAll('.resume-layout .table-wrap')]
               .filter(w => w.scrollWidth > w.clientWidth || w.clientWidth < main * 0.8).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        squeezed,
        json!(0),
        "the resume page's fact tables are squeezed or clipped"
    );
    assert!(b.fits_width().await);
    b.submit("form input[name=skill][value='epic.cadence'] ~ button")
        .await;
    let text = b.text().await;
    assert!(text.contains("Epic Cadence is not one of their skills"), "{text}");
    b.goto(&cand_path).await;

    // Into the pipeline, then one stage at a time to placed.
    b.choose("#f-requisition_id", &req_id).await;
    b.submit("form.actions[action$='/applications'] button").await;
    assert_eq!(b.path().await, format!("/requisitions/{req_id}/pipeline"));
    for stage in [
        Stage::Screening,
        Stage::Submitted,
        Stage::ClientInterview,
        Stage::Offer,
        Stage::Placed,
    ] {
        if stage == Stage::Submitted {
            // A move the server refuses says why where the recruiter is looking, and the earlier
            // "Moved." does not linger: a step back needs a note.
            assert!(b.text().await.contains("Moved."));
            b.click(".pcard input[name=app]").await;
            b.choose("#move-to", "sourced").await;
            b.submit("#moves button[value=move]").await;
            let text = b.text().await;
            assert!(
                text.contains("was not moved") && !text.contains("Moved."),
                "{text}"
            );
            let column =
                b.c.find(Locator::Css("#col-screening"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
            assert_eq!(column, "Screening (1)", "still in screening");
        }
        // One step forward is one button, named for where it goes.
        let advance =
            b.c.find(Locator::Css("form[action$='/move'] button[name=to]"))
                .await
                .unwrap()
                .attr("title")
                .await
                .unwrap();
        assert_eq!(
            advance.as_deref(),
            Some(format!("Advance to {}", stage.label()).as_str())
        );
        b.submit("form[action$='/move'] button[name=to]").await;
        let column =
            b.c.find(Locator::Css(&format!("#col-{}", stage.code())))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
        assert_eq!(column, format!("{} (1)", stage.label()), "moved to {stage:?}");
        assert!(b.text().await.contains("under a minute in stage"));
    }

    // A structured assessment on the application; its notes are HTML-safe too.
    b.submit("a[href^='/applications/']").await;
    b.fill(
        "#f-body",
        "Strong go-live record <img src=x onerror=\"window.pwned=2\">",
    )
    .await;
    b.fill(
        "#f-strengths",
        "Led two Beaker CP go-lives\nCertified in Beaker AP",
    )
    .await;
    b.fill("#f-weaknesses", "No Cerner experience").await;
    b.choose("#f-recommendation", "strong_yes").await;
    b.submit("form[action$='/notes'] button").await;
    let text = b.text().await;
    assert!(
        text.contains("Led two Beaker CP go-lives") && text.contains("Strong yes"),
        "{text}"
    );
    assert!(text.contains("<img src=x"));
    assert!(
        text.contains("Sourced to Screening") && text.contains("Offer to Placed"),
        "{text}"
    );
    let pwned =
        b.c.execute("return window.pwned === undefined;", vec![])
            .await
            .unwrap();
    assert_eq!(pwned, json!(true));

    // The API's interactive docs load under the pages' content security policy.
    b.c.goto(&format!("{}/api/v1/docs/", app.base)).await.unwrap();
    let title =
        b.c.wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(".swagger-ui .info .title"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert!(title.contains("hitstaff API"), "{title}");

    // The dashboard tells the story.
    b.goto("/").await;
    let text = b.text().await;
    assert!(text.contains("Lena Okafor moved from Offer to Placed"), "{text}");
    // Its counts are ways in: a stage's count opens the people at that stage.
    b.click("a.card[href='/search?stage=placed']").await;
    b.check_page().await;
    assert_eq!(b.path().await, "/search");
    assert!(b.text().await.contains("Lena Okafor"), "{}", b.text().await);
    b.goto("/").await;
    let priority =
        b.c.find(Locator::Css(
            "a.card[href^='/requisitions?status=open&priority=']",
        ))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    b.goto(&priority).await;
    assert!(b.text().await.contains("Priority"), "{}", b.text().await);
    b.sign_out().await;
    b.goto("/candidates").await;
    assert_eq!(b.path().await, "/sign-in", "signed out means signed out");
    b.finish().await;
}

fn requisition(client: hitstaff_domain::ClientId, title: &str) -> NewRequisition {
    NewRequisition {
        client_id: client,
        title: title.into(),
        role_family: RoleFamily::ClinicalApplications,
        engagement: Engagement::Contract,
        intent: Intent::Maintain,
        reason: Reason::Turnover,
        work_model: WorkModel::Remote,
        location: None,
        remote_states: vec![],
        headcount: 1,
        start_date: None,
        duration_weeks: Some(12),
        skills: vec![],
        pay: None,
        priority: Priority::High,
        status: RequisitionStatus::Open,
        contacts: vec![],
        description: String::new(),
        owner_id: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hiring_manager_sees_only_their_requisitions_and_submitted_candidates_on_a_phone() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let (s, org) = (&app.store, app.org);
    app.user("hana@mercy.test", Role::HiringManager).await;
    let other = s
        .create_client(
            org,
            &NewClient {
                name: "Lakeside Clinic".into(),
                kind: ClientKind::Clinic,
                locations: vec![],
                ehr_systems: vec![],
                notes: String::new(),
            },
        )
        .await
        .unwrap();
    let own = s
        .create_requisition(org, &requisition(app.client, "Epic Willow Analyst"))
        .await
        .unwrap();
    let theirs = s
        .create_requisition(org, &requisition(other.id, "Cerner PathNet Analyst"))
        .await
        .unwrap();
    let candidate = |name: &str| NewCandidate::new(PersonName::parse(name).unwrap(), "referral");
    let sent = s.create_candidate(org, &candidate("Maya Sent")).await.unwrap();
    let kept = s.create_candidate(org, &candidate("Omar Unsent")).await.unwrap();
    let open = |c, r| NewApplication {
        candidate_id: c,
        requisition_id: r,
        stage: Stage::Sourced,
    };
    let app_sent = s
        .create_application(org, &open(sent.id, own.id), None)
        .await
        .unwrap();
    s.create_application(org, &open(kept.id, own.id), None)
        .await
        .unwrap();
    for stage in [Stage::Screening, Stage::Submitted] {
        s.move_application(org, app_sent.id, stage, Actor::SYSTEM, &StageMove::default())
            .await
            .unwrap();
    }
    let internal = NewNote {
        body: "Internal: asked for 140/hr, will take 120".into(),
        assessment: Default::default(),
        internal: true,
    };
    s.add_note(org, NoteSubject::Application(app_sent.id), None, &internal)
        .await
        .unwrap();

    // A phone-sized window: every page must fit without sideways scrolling.
    let mut b = browser(&app.base, 375, 812).await;
    // First, the checker itself: an unlabelled field on a page is caught.
    b.goto("/sign-in").await;
    b.c.execute(
        "const i = document.createElement('input'); i.id = 'probe'; document.querySelector('form').appendChild(i);",
        vec![],
    )
    .await
    .unwrap();
    b.check_page().await;
    let caught = std::mem::take(&mut b.violations);
    assert!(
        caught.iter().any(|v| v.contains("label")),
        "axe must report an unlabelled input: {caught:?}"
    );
    // Keyboard only: the skip link is the first stop, and the sign-in form works with keys alone.
    b.goto("/sign-in").await;
    b.c.find(Locator::Css("#f-email"))
        .await
        .unwrap()
        .send_keys("hana@mercy.test")
        .await
        .unwrap();
    b.c.find(Locator::Css("#f-email"))
        .await
        .unwrap()
        .send_keys("\u{e004}")
        .await
        .unwrap(); // Tab
    let focused =
        b.c.execute("return document.activeElement.id;", vec![])
            .await
            .unwrap();
    assert_eq!(focused, json!("f-password"), "Tab moves from email to password");
    b.c.find(Locator::Css("#f-password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    b.c.find(Locator::Css("#f-password"))
        .await
        .unwrap()
        .send_keys("\u{e007}")
        .await
        .unwrap(); // Enter
    b.c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("a.skip"))
        .await
        .unwrap();
    b.check_page().await;
    assert_eq!(b.path().await, "/");
    b.c.execute("document.activeElement.blur(); document.body.focus();", vec![])
        .await
        .unwrap();
    b.c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("\u{e004}")
        .await
        .unwrap();
    let first =
        b.c.execute("return document.activeElement.className;", vec![])
            .await
            .unwrap();
    assert_eq!(first, json!("skip"), "the first Tab stop skips to the content");
    assert!(b.fits_width().await, "the dashboard fits 375 pixels");

    b.goto("/requisitions").await;
    let text = b.text().await;
    assert!(
        text.contains("Epic Willow Analyst") && !text.contains("Cerner PathNet"),
        "{text}"
    );
    assert!(b.fits_width().await, "the requisition list fits 375 pixels");
    b.goto(&format!("/requisitions/{}", theirs.id)).await;
    assert!(
        b.text().await.contains("Not found"),
        "another client's requisition does not exist for them"
    );

    b.goto("/candidates").await;
    let text = b.text().await;
    assert!(
        text.contains("Maya Sent") && !text.contains("Omar Unsent"),
        "{text}"
    );
    // On a phone the filters fold away (nothing filtered) and each row is a card that fits.
    let folded =
        b.c.execute(
            "const d = document.querySelector('details.filter-box'); const row = document.querySelector('table.stack tbody tr');
             return d !== null && !d.open && row.getBoundingClientRect().top < window.innerHeight;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(folded, json!(true), "the list is on the first screen");
    assert!(b.fits_width().await, "the candidate list fits 375 pixels");
    b.goto(&format!("/candidates/{}", kept.id)).await;
    assert!(b.text().await.contains("Not found"));

    b.goto(&format!("/requisitions/{}/pipeline", own.id)).await;
    let text = b.text().await;
    assert!(
        text.contains("Maya Sent") && !text.contains("Omar Unsent"),
        "{text}"
    );
    assert!(
        !text.contains("Sourced ("),
        "hiring managers see no sourcing columns: {text}"
    );
    assert!(
        b.fits_width().await,
        "the board scrolls inside itself at 375 pixels"
    );

    // The client's decision: an interview. Internal notes never show.
    b.goto(&format!("/applications/{}", app_sent.id)).await;
    assert!(!b.text().await.contains("asked for 140/hr"));
    b.submit("form[action$='/move'] button[name=to][value=client_interview]")
        .await;
    assert!(b.text().await.contains("Client interview"));
    b.goto("/skills?q=willow").await;
    assert!(
        b.text().await.contains("Epic Willow Inpatient"),
        "anyone may browse the skills"
    );
    assert!(
        b.fits_width().await,
        "the skills table scrolls inside itself at 375 pixels"
    );
    b.goto("/admin/users").await;
    assert!(b.text().await.contains("You do not have access to this"));
    b.goto("/").await;
    b.sign_out().await;
    b.finish().await;
}

/// The board as a recruiter works it all day: every stage in view at 1280 pixels, cards moved by
/// dragging and by the keyboard (asking a rejection's reason and a step back's note only then),
/// and two candidates side by side.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recruiter_moves_cards_by_dragging_and_by_keyboard_and_compares_two() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let (s, org) = (&app.store, app.org);
    app.user("rita@mercy.test", Role::Recruiter).await;
    let r = s
        .create_requisition(org, &requisition(app.client, "Epic Beaker Analyst"))
        .await
        .unwrap();
    for name in ["Ava Dragged", "Bo Rejected", "Cal Keyed", "Dee Waiting"] {
        let mut c = NewCandidate::new(PersonName::parse(name).unwrap(), "referral");
        c.headline = Some("Beaker CP analyst".into());
        let c = s.create_candidate(org, &c).await.unwrap();
        s.create_application(
            org,
            &NewApplication {
                candidate_id: c.id,
                requisition_id: r.id,
                stage: Stage::Sourced,
            },
            None,
        )
        .await
        .unwrap();
    }
    let mut b = browser(&app.base, 1280, 900).await;
    b.sign_in("rita@mercy.test").await;
    let board = format!("/requisitions/{}/pipeline", r.id);
    b.goto(&board).await;
    let last_column_in_view =
        b.c.execute(
            "const cols = document.querySelectorAll('.column'); const last = cols[cols.length - 1].getBoundingClientRect();
             return cols.length === 8 && last.right <= window.innerWidth && document.documentElement.scrollHeight < 1200;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        last_column_in_view,
        json!(true),
        "all eight stages in one screen at 1280 px"
    );

    // Dragging a card to the next stage moves it at once.
    let drag = "const card = document.querySelector(`.pcard[data-name='${arguments[0]}']`);
        const column = document.querySelector(`.column[data-stage='${arguments[1]}']`);
        const dt = new DataTransfer();
        card.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
        column.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
        column.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));";
    b.mark_stale().await;
    b.c.execute(drag, vec![json!("Ava Dragged"), json!("screening")])
        .await
        .unwrap();
    b.wait_new_page("dragging Ava to Screening").await;
    assert_eq!(b.column(Stage::Screening).await, ["Ava Dragged"]);

    // Dragging to Rejected asks why, and only then moves.
    b.c.execute(drag, vec![json!("Bo Rejected"), json!("rejected")])
        .await
        .unwrap();
    let asked =
        b.c.execute(
            "const d = document.getElementById('move-ask'); return d.open && !d.querySelector('.ask-reason').hidden;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(asked, json!(true), "the reason is asked in a dialog");
    assert_eq!(b.column(Stage::Rejected).await, Vec::<String>::new());
    b.check_page().await;
    b.choose("#ask-reason", "skills_mismatch").await;
    b.submit("#move-ask button[type=submit]").await;
    assert_eq!(b.column(Stage::Rejected).await, ["Bo Rejected"]);

    // The keyboard: Space picks a card up, the arrows choose the stage, Enter puts it down; the
    // card keeps the focus in its new column.
    let (space, right, left, enter) = (" ", "\u{E014}", "\u{E012}", "\u{E007}");
    b.c.execute(
        "document.querySelector(`.pcard[data-name='Cal Keyed']`).focus();",
        vec![],
    )
    .await
    .unwrap();
    b.keys(space).await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let said =
        b.c.execute(
            "return document.getElementById('board-status').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        said.as_str()
            .is_some_and(|t| t.starts_with("Cal Keyed picked up from Sourced")),
        "the pick-up is announced: {said}"
    );
    b.keys(right).await;
    b.mark_stale().await;
    b.keys(enter).await;
    b.wait_new_page("moving Cal by keyboard").await;
    let mut screening = b.column(Stage::Screening).await;
    screening.sort();
    assert_eq!(screening, ["Ava Dragged", "Cal Keyed"]);
    let focused =
        b.c.execute("return document.activeElement.dataset.name || '';", vec![])
            .await
            .unwrap();
    assert_eq!(focused, json!("Cal Keyed"), "the moved card keeps the focus");
    // A step back by keyboard asks for the note; Escape would have put the card back.
    b.keys(space).await;
    b.keys(left).await;
    b.keys(enter).await;
    let note_asked =
        b.c.execute(
            "const d = document.getElementById('move-ask'); return d.open && document.activeElement.id === 'ask-note';",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(note_asked, json!(true), "a step back asks for the note, focused");
    b.fill("#ask-note", "Client asked to screen again").await;
    b.submit("#move-ask button[type=submit]").await;
    let mut sourced = b.column(Stage::Sourced).await;
    sourced.sort();
    assert_eq!(sourced, ["Cal Keyed", "Dee Waiting"]);
    b.c.execute(
        "document.querySelector(`.pcard[data-name='Dee Waiting']`).focus();",
        vec![],
    )
    .await
    .unwrap();
    b.keys(space).await;
    b.keys(right).await;
    b.keys("\u{E00C}").await;
    assert_eq!(
        b.column(Stage::Screening).await,
        ["Ava Dragged"],
        "Escape puts the card back"
    );

    // On a phone the board scrolls inside itself, scores and all (the page does not widen).
    b.c.set_window_size(375, 812).await.unwrap();
    b.goto(&board).await;
    assert!(b.fits_width().await, "the board fits 375 pixels");

    // Two ticked, side by side.
    b.click(".pcard[data-name='Ava Dragged'] input[name=app]").await;
    b.click(".pcard[data-name='Dee Waiting'] input[name=app]").await;
    b.submit("#moves button[value=compare]").await;
    assert_eq!(b.path().await, format!("/requisitions/{}/compare", r.id));
    let text = b.text().await;
    assert!(
        text.contains("Ava Dragged") && text.contains("Dee Waiting") && text.contains("Strengths"),
        "{text}"
    );
    assert!(b.fits_width().await, "the comparison scrolls inside itself");
    b.finish().await;
}
