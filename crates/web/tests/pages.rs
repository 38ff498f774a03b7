//! The web pages over plain HTTP: forms, their errors, invitations, paging. (The browser journeys
//! cover the same pages in Chromium; these are quicker and reach the corners.)

mod common;

use common::{PASSWORD, TestApp};
use hitstaff_domain::{NewCandidate, PersonName, Role};
use reqwest::StatusCode;

/// A person with a browser: cookies kept, redirects followed.
struct Person {
    http: reqwest::Client,
    base: String,
}

impl Person {
    fn new(app: &TestApp) -> Self {
        Person {
            http: reqwest::Client::builder().cookie_store(true).build().unwrap(),
            base: app.base.clone(),
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, String, String) {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let (status, at) = (resp.status(), resp.url().path().to_string());
        (status, at, resp.text().await.unwrap())
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .unwrap();
        let (status, at) = (resp.status(), resp.url().path().to_string());
        (status, at, resp.text().await.unwrap())
    }

    async fn sign_in(&self, email: &str, password: &str) -> (StatusCode, String, String) {
        self.post(
            "/sign-in",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }

    /// The CSRF token from the hidden field of the page at `path`.
    async fn csrf(&self, path: &str) -> String {
        let (_, _, page) = self.get(path).await;
        let at = page
            .find("name=\"_csrf\" value=\"")
            .expect("a form with a CSRF token")
            + 20;
        page[at..].split('"').next().unwrap().to_string()
    }
}

/// The one-time link shown on the page.
fn link_in(page: &str) -> String {
    let at = page.find("/invitations/").expect("an invitation link");
    page[at..].split(['<', '"']).next().unwrap().to_string()
}

#[tokio::test]
async fn an_invited_user_chooses_a_password_once() {
    let app = TestApp::spawn().await;
    app.user("admin@mercy.test", Role::Admin).await;
    let admin = Person::new(&app);
    admin.sign_in("admin@mercy.test", PASSWORD).await;
    let csrf = admin.csrf("/admin/users").await;

    // Mistakes come back beside the fields, with what was typed.
    let (status, _, page) = admin
        .post(
            "/admin/users",
            &[
                ("_csrf", &csrf),
                ("name", "Hal Manager"),
                ("email", "hal@"),
                ("role", "hiring_manager"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("id=\"e-email\"") && page.contains("id=\"e-client_id\""),
        "{page}"
    );
    assert!(page.contains("value=\"Hal Manager\""), "input kept");

    let (status, _, page) = admin
        .post(
            "/admin/users",
            &[
                ("_csrf", &csrf),
                ("name", "Rae Recruiter"),
                ("email", "rae@mercy.test"),
                ("role", "recruiter"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let link = link_in(&page);
    assert!(page.contains("Rae Recruiter was added"));

    // The invited person has no password yet.
    let rae = Person::new(&app);
    let (status, _, _) = rae.sign_in("rae@mercy.test", PASSWORD).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, _, page) = rae.get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("rae@mercy.test"));
    let (status, _, page) = rae
        .post(
            &link,
            &[("password", "password1234"), ("confirm", "password1234")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a common password is refused"
    );
    assert!(page.contains("id=\"e-password\""));
    let (status, _, page) = rae
        .post(
            &link,
            &[
                ("password", "quiet-harbour-lamp-42"),
                ("confirm", "quiet-harbour-lamp-41"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("the two passwords differ"));
    let (status, at, page) = rae
        .post(
            &link,
            &[
                ("password", "quiet-harbour-lamp-42"),
                ("confirm", "quiet-harbour-lamp-42"),
            ],
        )
        .await;
    assert_eq!((status, at.as_str()), (StatusCode::OK, "/sign-in"));
    assert!(page.contains("Your password is set"));

    // The link works once; the password works.
    let (status, _, page) = rae.get(&link).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("ask your administrator for a new one"));
    let (status, at, _) = rae.sign_in("rae@mercy.test", "quiet-harbour-lamp-42").await;
    assert_eq!((status, at.as_str()), (StatusCode::OK, "/"));

    // A reset link: the old sessions end once the new password is set.
    let (_, _, users) = admin.get("/admin/users").await;
    let at = users.find("/admin/users/").unwrap();
    let rows: Vec<&str> = users[at..].split("href=\"/admin/users/").collect();
    let rae_id = rows
        .iter()
        .find(|r| r.contains(">Rae Recruiter<"))
        .map(|r| &r[..36])
        .unwrap();
    let (_, _, page) = admin
        .post(&format!("/admin/users/{rae_id}/invite"), &[("_csrf", &csrf)])
        .await;
    let reset = link_in(&page);
    // A link sent by mistake can be cancelled before it is used.
    assert!(page.contains("Cancel the link"));
    let at = page.find("/admin/invitations/").unwrap();
    let cancel = page[at..].split('"').next().unwrap().to_string();
    let (_, _, page) = admin.post(&cancel, &[("_csrf", &csrf)]).await;
    assert!(page.contains("Revoked.") && !page.contains("Cancel the link"));
    let (status, _, _) = rae.get(&reset).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a cancelled link is dead");
    let (_, _, page) = admin
        .post(&format!("/admin/users/{rae_id}/invite"), &[("_csrf", &csrf)])
        .await;
    let reset = link_in(&page);
    rae.post(
        &reset,
        &[
            ("password", "river-stone-kettle-9"),
            ("confirm", "river-stone-kettle-9"),
        ],
    )
    .await;
    let (_, at, _) = rae.get("/candidates").await;
    assert_eq!(at, "/sign-in", "the reset ended Rae's session");

    // Deactivation signs out and shuts the door.
    let (_, at, _) = rae.sign_in("rae@mercy.test", "river-stone-kettle-9").await;
    assert_eq!(at, "/");
    let (status, _, page) = admin.get(&format!("/admin/users/{rae_id}/deactivate")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Deactivate Rae Recruiter?"),
        "destructive actions ask first"
    );
    admin
        .post(&format!("/admin/users/{rae_id}/deactivate"), &[("_csrf", &csrf)])
        .await;
    let (_, at, _) = rae.get("/").await;
    assert_eq!(at, "/sign-in");
    let (status, _, _) = rae.sign_in("rae@mercy.test", "river-stone-kettle-9").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn tokens_are_shown_once_and_revoked_after_asking() {
    let app = TestApp::spawn().await;
    app.user("admin@mercy.test", Role::Admin).await;
    let admin = Person::new(&app);
    admin.sign_in("admin@mercy.test", PASSWORD).await;
    let csrf = admin.csrf("/admin/tokens").await;
    let (status, _, page) = admin
        .post(
            "/admin/tokens",
            &[("_csrf", &csrf), ("name", "Workday sync"), ("expires_days", "30")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("choose at least one scope"));
    let (status, _, page) = admin
        .post(
            "/admin/tokens",
            &[
                ("_csrf", &csrf),
                ("name", "Workday sync"),
                ("scopes", "candidates:read"),
                ("scopes", "requisitions:read"),
                ("expires_days", "30"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let at = page.find("hst_").expect("the token is shown");
    let token = page[at..].split('<').next().unwrap().to_string();
    // It works on the API, and the list no longer shows it.
    let resp = reqwest::Client::new()
        .get(app.url("/api/v1/candidates"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let (_, _, page) = admin.get("/admin/tokens").await;
    assert!(page.contains("Workday sync") && !page.contains(&token));
    let at = page.find("/admin/tokens/").unwrap();
    let revoke = page[at..].split('"').next().unwrap().to_string();
    let (_, _, confirm) = admin.get(&revoke).await;
    assert!(confirm.contains("Revoke the token “Workday sync”?"));
    admin.post(&revoke, &[("_csrf", &csrf)]).await;
    let resp = reqwest::Client::new()
        .get(app.url("/api/v1/candidates"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_in_mistakes_keep_the_email_and_return_where_you_were() {
    let app = TestApp::spawn().await;
    app.user("rec@mercy.test", Role::Recruiter).await;
    let p = Person::new(&app);
    let (_, at, page) = p.get("/candidates?name=Ana").await;
    assert_eq!(at, "/sign-in");
    assert!(
        page.contains("value=\"/candidates?name=Ana\""),
        "where to return is kept"
    );
    let (status, _, page) = p.sign_in("rec@mercy.test", "not-the-password").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("the email address or the password is wrong"));
    assert!(page.contains("value=\"rec@mercy.test\""));
    let (_, at, _) = p
        .post(
            "/sign-in",
            &[
                ("email", "rec@mercy.test"),
                ("password", PASSWORD),
                ("next", "/candidates?name=Ana"),
            ],
        )
        .await;
    assert_eq!(at, "/candidates");
    // Only our own pages: an address elsewhere is not followed.
    let q = Person::new(&app);
    let (_, at, _) = q
        .post(
            "/sign-in",
            &[
                ("email", "rec@mercy.test"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(at, "/");
    // A sign-in form posted from another site is refused.
    let resp = reqwest::Client::new()
        .post(app.url("/sign-in"))
        .header("origin", "https://evil.example")
        .form(&[("email", "rec@mercy.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

/// Invitation links were built from the request's Host and X-Forwarded-Proto, so a forged Host
/// would put the new user's secret on another site's address. They come from public_url only, and
/// the list says the link was made, not sent (hitstaff sends no email).
#[tokio::test]
async fn invitation_links_use_the_configured_address_whatever_the_request_says() {
    let app = TestApp::spawn_with(hitstaff_web::session::AuthSettings {
        public_url: Some(hitstaff_domain::PublicUrl::parse("https://jobs.mercy.example/").unwrap()),
        ..Default::default()
    })
    .await;
    app.user("admin@mercy.test", Role::Admin).await;
    let admin = Person::new(&app);
    admin.sign_in("admin@mercy.test", PASSWORD).await;
    let csrf = admin.csrf("/admin/users").await;
    let resp = admin
        .http
        .post(app.url("/admin/users"))
        .header("host", "evil.example")
        .header("x-forwarded-proto", "http")
        .header("x-forwarded-host", "evil.example")
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Rae Recruiter"),
            ("email", "rae@mercy.test"),
            ("role", "recruiter"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let page = resp.text().await.unwrap();
    assert!(page.contains("https://jobs.mercy.example/invitations/"), "{page}");
    assert!(!page.contains("evil.example"));
    let (_, _, list) = admin.get("/admin/users").await;
    assert!(list.contains("link made, not yet used"), "{list}");
    assert!(!list.contains("link sent"));
}

/// Holes a security review found: a tab or backslash in `next` sent people to another site, a
/// newline in it answered 500, and the sign-in page printed text from its own address.
#[tokio::test]
async fn sign_in_returns_only_to_our_own_pages_and_prints_only_our_own_words() {
    let app = TestApp::spawn().await;
    app.user("rec@mercy.test", Role::Recruiter).await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for next in [
        "/\tevil.example",
        "/\t/evil.example",
        "/\\evil.example",
        "/\\\\evil.example",
        "/%09/evil.example",
        "/\n/evil.example",
        "/candidates\r\nSet-Cookie: x=1",
        "https://evil.example/",
        "//evil.example",
        " //evil.example",
    ] {
        let resp = no_redirects
            .post(app.url("/sign-in"))
            .form(&[
                ("email", "rec@mercy.test"),
                ("password", PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{next:?}");
        let to = resp.headers()["location"].to_str().unwrap();
        let stays = to == "/" || (next == "/%09/evil.example" && to == next);
        assert!(stays, "{next:?} went to {to:?}");
    }
    // A page asked for while signed out comes back after sign-in, query and all.
    let resp = no_redirects
        .post(app.url("/sign-in"))
        .form(&[
            ("email", "rec@mercy.test"),
            ("password", PASSWORD),
            ("next", "/candidates?name=Ana"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["location"], "/candidates?name=Ana");
    let p = Person::new(&app);
    let (_, _, page) = p
        .get("/sign-in?reason=your%20account%20is%20locked%3B%20call%20%2B1-555-0100")
        .await;
    assert!(!page.contains("555-0100"), "attacker-written text is not shown");
    let (_, _, page) = p.get("/sign-in?next=%2F%5Cevil.example").await;
    assert!(!page.contains("evil.example"), "a foreign next is not carried");
}

/// Security headers: pages and JSON holding personal data are never cached, a resume download
/// keeps its own sandbox policy, and HSTS is sent where cookies are secure (HTTPS).
#[tokio::test]
async fn responses_carry_the_headers_a_review_asked_for() {
    let app = TestApp::spawn().await;
    let b = common::browser(&app, "rec@mercy.test", Role::Recruiter).await;
    let resp = b.http.get(app.url("/api/v1/candidates")).send().await.unwrap();
    assert_eq!(
        resp.headers()["cache-control"],
        "no-store",
        "JSON with personal data"
    );
    assert!(
        resp.headers().get("strict-transport-security").is_none(),
        "plain HTTP here"
    );
    let resp = b
        .http
        .get(app.url("/api/v1/candidates/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["cache-control"], "no-store", "problems too");
    // An HTML resume is served as an attachment in a sandbox, not under the page policy.
    let upload = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(
            b"<html><body><h1>Ana Lopez</h1><p>ana@example.org</p><p>Epic Beaker analyst</p></body></html>"
                .to_vec(),
        )
        .file_name("ana.html"),
    );
    let made = b
        .http
        .post(app.url("/api/v1/resumes"))
        .header("x-csrf-token", &b.csrf)
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: serde_json::Value = made.json().await.unwrap();
    let resume = made["resume"]["id"]
        .as_str()
        .or(made["resume_id"].as_str())
        .expect("a resume id");
    let resp = b
        .http
        .get(app.url(&format!("/api/v1/resumes/{resume}/file")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-security-policy"], "sandbox");

    let secure = TestApp::spawn_with(hitstaff_web::session::AuthSettings {
        secure_cookies: true,
        ..Default::default()
    })
    .await;
    let resp = reqwest::get(secure.url("/sign-in")).await.unwrap();
    assert!(
        resp.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age="),
    );
}

#[tokio::test]
async fn candidate_lists_page_by_cursor_and_explain_bad_filters() {
    let app = TestApp::spawn().await;
    app.user("rec@mercy.test", Role::Recruiter).await;
    for i in 0..120 {
        let name = PersonName::parse(&format!("Person Number{i:03}")).unwrap();
        app.store
            .create_candidate(app.org, &NewCandidate::new(name, "referral"))
            .await
            .unwrap();
    }
    let p = Person::new(&app);
    p.sign_in("rec@mercy.test", PASSWORD).await;
    let mut seen = std::collections::HashSet::new();
    let mut path = "/candidates".to_string();
    let mut pages = 0;
    loop {
        let (status, _, page) = p.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        pages += 1;
        for chunk in page.split("href=\"/candidates/").skip(1) {
            let id = &chunk[..36];
            if id.contains('-') && !id.starts_with("new") {
                seen.insert(id.to_string());
            }
        }
        let Some(end) = page.find("\">Next page</a>") else {
            break;
        };
        let start = page[..end].rfind("href=\"").unwrap() + 6;
        path = page[start..end].replace("&#38;", "&").replace("&amp;", "&");
        assert!(pages < 10, "paging must end: {path}");
    }
    assert_eq!((pages, seen.len()), (3, 120), "50 a page, each candidate once");

    let (status, _, page) = p
        .get("/candidates?state=ZZ&skill=nosuchthing&available_by=soon")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("id=\"e-state\"")
            && page.contains("id=\"e-skill\"")
            && page.contains("id=\"e-available_by\"")
    );
    // The skill filter is the picker: a name typed without picking (no JavaScript) is read by
    // its alias, and the pick shows as a chip; the picker's choices replace the chip.
    let (status, _, page) = p.get("/candidates?skill_q=ClinDoc").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("name=\"skill\" value=\"ClinDoc\" checked> Epic Inpatient Clinical Documentation"),
        "{page}"
    );
    let (_, _, picks) = p.get("/ui/skills?skill_q=beaker&kind=one").await;
    assert!(
        picks.contains("hx-swap=\"innerHTML\"") && picks.contains("kind=one"),
        "{picks}"
    );
    let (_, _, chip) = p.get("/ui/skills/row?id=epic.beaker&kind=one").await;
    assert!(
        chip.contains("name=\"skill\" value=\"epic.beaker\"") && chip.contains("kind=one"),
        "{chip}"
    );
    let (_, _, page) = p.get("/candidates?name=Person%20Number11").await;
    assert_eq!(
        page.matches("href=\"/candidates/0").count(),
        10,
        "Number110 to Number119"
    );
}

#[tokio::test]
async fn the_requisition_form_works_without_javascript_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    app.user("rec@mercy.test", Role::Recruiter).await;
    let p = Person::new(&app);
    p.sign_in("rec@mercy.test", PASSWORD).await;
    let csrf = p.csrf("/requisitions/new").await;
    let client = app.client.to_string();
    // "Add skill" with a name typed: the form comes back with the skill as a row, nothing saved.
    let (status, at, page) = p
        .post(
            "/requisitions",
            &[
                ("_csrf", &csrf),
                ("client_id", &client),
                ("title", "Beaker <b>lead</b>"),
                ("skill_q", "Beaker AP"),
                ("action", "add_skill"),
            ],
        )
        .await;
    assert_eq!((status, at.as_str()), (StatusCode::OK, "/requisitions"));
    assert!(
        page.contains("name=\"skill_id\" value=\"epic.beaker_ap\""),
        "the row is added"
    );
    assert!(
        page.contains("value=\"Beaker &#60;b&#62;lead&#60;/b&#62;\""),
        "typed HTML stays text"
    );
    let (_, _, list) = p.get("/requisitions").await;
    assert!(list.contains("No requisitions yet"), "nothing was saved");

    // Saving with problems: every one beside its field, the typed values and skills kept.
    let (status, _, page) = p
        .post(
            "/requisitions",
            &[
                ("_csrf", &csrf),
                ("client_id", &client),
                ("title", "Beaker lead"),
                ("role_family", "clinical_applications"),
                ("engagement", "permanent"),
                ("intent", "maintain"),
                ("reason", "turnover"),
                ("work_model", "onsite"),
                ("duration_weeks", "12"),
                ("headcount", "0"),
                ("skill_id", "epic.beaker_ap"),
                ("skill_need", "required"),
                ("skill_level", ""),
                ("skill_years", "3"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["location", "headcount", "duration_weeks"] {
        assert!(
            page.contains(&format!("id=\"e-{field}\"")),
            "a message beside {field}"
        );
    }
    assert!(page.contains("Please fix 3 problems"), "and a summary at the top");
    assert!(page.contains("value=\"epic.beaker_ap\"") && page.contains("value=\"3\""));
    let (_, _, list) = p.get("/requisitions").await;
    assert!(list.contains("No requisitions yet"));
}

/// The board's one form moves the ticked cards (no JavaScript needed): each card is checked on
/// its own, a refused one says why by name and the others still move; a rejection asks for its
/// reason; two to four ticked candidates open side by side.
#[tokio::test]
async fn the_board_moves_ticked_cards_and_compares_them_side_by_side() {
    use hitstaff_domain::{Priority, SkillId, SkillRequirement, Stage};
    let app = TestApp::spawn().await;
    app.user("rec@mercy.test", Role::Recruiter).await;
    let beaker = SkillRequirement {
        skill: SkillId::parse("epic.beaker").unwrap(),
        required: true,
        min_years: None,
        level: None,
        hard_filter: true,
    };
    let r = app
        .store
        .create_requisition(
            app.org,
            &a_requisition(
                &app,
                "Epic Beaker Analyst",
                vec![beaker],
                Priority::High,
                None,
                None,
            ),
        )
        .await
        .unwrap();
    let mut apps = Vec::new();
    let mut people = Vec::new();
    for (i, name) in [
        "Ana Ticked",
        "Ben Ticked",
        "Cy Ticked",
        "Dee Ticked",
        "Eve Ticked",
    ]
    .iter()
    .enumerate()
    {
        let mut c = NewCandidate::new(PersonName::parse(name).unwrap(), "referral");
        c.headline = Some(format!("Beaker analyst number {i}"));
        let stage = if i == 4 { Stage::Submitted } else { Stage::Sourced };
        let (c, a) = in_pipeline(&app, r.id, c, stage).await;
        apps.push(a.to_string());
        people.push(c.to_string());
    }
    let p = Person::new(&app);
    p.sign_in("rec@mercy.test", PASSWORD).await;
    let board = format!("/requisitions/{}/pipeline", r.id);
    let moves = format!("{board}/moves");
    let csrf = p.csrf(&board).await;
    let (status, _, page) = p.get(&board).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Beaker analyst number 0")
            && page.contains("under a minute in stage")
            && page.contains("left out of the ranking"),
        "compact cards show the headline and the time in stage: {page}"
    );

    // Three ticked to Screening; Eve, already submitted, cannot go back without a note: the
    // others move and the page says who did not, and why.
    let (status, _, page) = p
        .post(
            &moves,
            &[
                ("_csrf", &csrf),
                ("app", &apps[0]),
                ("app", &apps[1]),
                ("app", &apps[4]),
                ("to", "screening"),
                ("intent", "move"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("2 candidates moved to Screening.")
            && page.contains("Eve Ticked was not moved")
            && page.contains("role=\"alert\""),
        "{page}"
    );
    let column = |page: &str, stage: &str| {
        let at = page.find(&format!("id=\"col-{stage}\"")).unwrap();
        page[at..].split("</h2>").next().unwrap().to_string()
    };
    assert!(column(&page, "screening").contains("(2)"), "{page}");
    assert!(column(&page, "submitted").contains("(1)"), "{page}");

    // A rejection without a reason moves nobody and says what to do.
    let (status, _, page) = p
        .post(
            &moves,
            &[
                ("_csrf", &csrf),
                ("app", &apps[2]),
                ("to", "rejected"),
                ("intent", "move"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Cy Ticked was not moved"), "{page}");
    assert!(column(&page, "rejected").contains("(0)"), "{page}");
    // Nothing ticked, or no stage chosen: nobody moves, and the page says what to do.
    let (status, _, page) = p
        .post(
            &moves,
            &[("_csrf", &csrf), ("to", "screening"), ("intent", "move")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("tick the card of each candidate"), "{page}");
    let (status, _, page) = p
        .post(&moves, &[("_csrf", &csrf), ("app", &apps[2]), ("intent", "move")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("choose the stage"), "{page}");
    // A reason that is not on the list moves nobody either.
    let (status, _, page) = p
        .post(
            &moves,
            &[
                ("_csrf", &csrf),
                ("app", &apps[2]),
                ("to", "rejected"),
                ("rejection", "skills_gap"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Nobody was moved"), "{page}");
    // With the reason, both go at once.
    let (status, at, page) = p
        .post(
            &moves,
            &[
                ("_csrf", &csrf),
                ("app", &apps[2]),
                ("app", &apps[3]),
                ("to", "rejected"),
                ("rejection", "skills_mismatch"),
                ("intent", "move"),
            ],
        )
        .await;
    assert_eq!((status, at.as_str()), (StatusCode::OK, board.as_str()));
    assert!(
        page.contains("Moved.") && column(&page, "rejected").contains("(2)"),
        "{page}"
    );
    // Something that is not an application's id is not found, and nothing moves.
    let (status, _, _) = p
        .post(
            &moves,
            &[
                ("_csrf", &csrf),
                ("app", "nonsense"),
                ("app", &apps[0]),
                ("to", "offer"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Side by side: ticked cards become the comparison's columns, in the order ticked.
    let (status, at, page) = p
        .post(
            &moves,
            &[
                ("_csrf", &csrf),
                ("app", &apps[0]),
                ("app", &apps[4]),
                ("intent", "compare"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(at, format!("/requisitions/{}/compare", r.id));
    let (a, e) = (page.find("Ana Ticked").unwrap(), page.find("Eve Ticked").unwrap());
    assert!(a < e, "in the order ticked");
    for row in [
        "Score",
        "Strengths",
        "Weaknesses",
        "Desired pay",
        "Available",
        "Work",
    ] {
        assert!(
            page.contains(&format!("<th scope=\"row\">{row}")),
            "{row}: {page}"
        );
    }
    // Nobody here holds the Beaker the client will not do without: the ranking leaves them
    // out, and the comparison still explains them and says so.
    assert!(
        page.contains("left out of the ranking") && page.contains("No Epic Beaker (required)"),
        "{page}"
    );
    // One, five, or someone outside this pipeline: a clear refusal, not a broken page.
    let compare = format!("/requisitions/{}/compare", r.id);
    let (status, _, page) = p.get(&format!("{compare}?candidate={}", people[0])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("compare from 2 to 4"), "{page}");
    let five: Vec<String> = people.iter().map(|id| format!("candidate={id}")).collect();
    let (status, _, page) = p.get(&format!("{compare}?{}", five.join("&"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("5 candidates were chosen"), "{page}");
    let stranger = app
        .store
        .create_candidate(
            app.org,
            &NewCandidate::new(PersonName::parse("Zed Outside").unwrap(), "referral"),
        )
        .await
        .unwrap();
    let (status, _, page) = p
        .get(&format!(
            "{compare}?candidate={}&candidate={}",
            people[0], stranger.id
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("not in this requisition"), "{page}");
    let (status, _, _) = p.get(&format!("{compare}?candidate=x&candidate=y")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The requisition list in a morning's work: ordered as asked (most urgent, soonest start, title,
/// oldest), filtered to "mine", with each one's owner, age and pipeline counts.
#[tokio::test]
async fn the_requisition_list_sorts_filters_by_owner_and_counts_the_pipeline() {
    use hitstaff_domain::{Priority, Stage};
    let app = TestApp::spawn().await;
    let me = app.user("rec@mercy.test", Role::Recruiter).await;
    let other = app.user("amy@mercy.test", Role::AccountManager).await;
    let day = |d: u8| time::Date::from_calendar_date(2027, time::Month::March, d).unwrap();
    let mut ids = Vec::new();
    for (title, priority, start, owner) in [
        ("Beaker analyst", Priority::Normal, Some(day(20)), me.id),
        ("Astute urgent need", Priority::Urgent, None, other.id),
        ("Cadence trainer", Priority::High, Some(day(3)), me.id),
    ] {
        let new = a_requisition(&app, title, vec![], priority, start, Some(owner));
        ids.push(app.store.create_requisition(app.org, &new).await.unwrap().id);
    }
    // Two in the first one's pipeline, one of them with the client.
    for (name, stage) in [("Pia One", Stage::Sourced), ("Quinn Two", Stage::Submitted)] {
        let c = NewCandidate::new(PersonName::parse(name).unwrap(), "referral");
        in_pipeline(&app, ids[0], c, stage).await;
    }
    let p = Person::new(&app);
    p.sign_in("rec@mercy.test", PASSWORD).await;
    let order = |page: &str| -> Vec<String> {
        ["Beaker analyst", "Astute urgent need", "Cadence trainer"]
            .iter()
            .filter_map(|t| page.find(t).map(|at| (at, t.to_string())))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_values()
            .collect()
    };
    let (status, _, page) = p.get("/requisitions").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        order(&page),
        ["Cadence trainer", "Astute urgent need", "Beaker analyst"],
        "newest first"
    );
    for (sort, expected) in [
        (
            "priority",
            ["Astute urgent need", "Cadence trainer", "Beaker analyst"],
        ),
        (
            "start",
            ["Cadence trainer", "Beaker analyst", "Astute urgent need"],
        ),
        (
            "title",
            ["Astute urgent need", "Beaker analyst", "Cadence trainer"],
        ),
        (
            "oldest",
            ["Beaker analyst", "Astute urgent need", "Cadence trainer"],
        ),
    ] {
        let (status, _, page) = p.get(&format!("/requisitions?sort={sort}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(order(&page), expected, "sorted by {sort}");
    }
    // Owners, ages and pipeline counts on each row.
    assert!(
        page_has_row(
            &page,
            "Beaker analyst",
            &[">2<", "(1 with client)", "today", "Pat Example"]
        ),
        "{page}"
    );
    // Mine only.
    let (_, _, page) = p.get("/requisitions?owner=me").await;
    assert_eq!(order(&page), ["Cadence trainer", "Beaker analyst"]);
    let (_, _, page) = p.get(&format!("/requisitions?owner={}", other.id)).await;
    assert_eq!(order(&page), ["Astute urgent need"]);
    // A wrong order or owner says so beside the field.
    let (status, _, page) = p.get("/requisitions?sort=sideways&owner=nobody").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("id=\"e-sort\"") && page.contains("id=\"e-owner\""),
        "{page}"
    );
}

/// Whether the table row holding `title` also holds each of `cells`' texts.
fn page_has_row(page: &str, title: &str, cells: &[&str]) -> bool {
    let Some(at) = page.find(title) else {
        return false;
    };
    let start = page[..at].rfind("<tr").unwrap_or(0);
    let end = page[at..].find("</tr>").map_or(page.len(), |e| at + e);
    let row = &page[start..end];
    cells.iter().all(|c| row.contains(c))
}

/// A requisition of the test client with these skills, priority, start and owner.
fn a_requisition(
    app: &TestApp,
    title: &str,
    skills: Vec<hitstaff_domain::SkillRequirement>,
    priority: hitstaff_domain::Priority,
    start: Option<time::Date>,
    owner: Option<hitstaff_domain::UserId>,
) -> hitstaff_domain::NewRequisition {
    use hitstaff_domain::{Engagement, Intent, Reason, RequisitionStatus, RoleFamily, WorkModel};
    hitstaff_domain::NewRequisition {
        client_id: app.client,
        title: title.into(),
        role_family: RoleFamily::ClinicalApplications,
        engagement: Engagement::Contract,
        intent: Intent::Maintain,
        reason: Reason::Turnover,
        work_model: WorkModel::Remote,
        location: None,
        remote_states: vec![],
        headcount: 1,
        start_date: start,
        duration_weeks: Some(12),
        skills,
        pay: None,
        priority,
        status: RequisitionStatus::Open,
        contacts: vec![],
        description: String::new(),
        owner_id: owner,
    }
}

/// Puts a new candidate into a requisition's pipeline, moved forward to `stage`.
async fn in_pipeline(
    app: &TestApp,
    requisition: hitstaff_domain::RequisitionId,
    candidate: NewCandidate,
    stage: hitstaff_domain::Stage,
) -> (hitstaff_domain::CandidateId, hitstaff_domain::ApplicationId) {
    use hitstaff_domain::Stage;
    let c = app.store.create_candidate(app.org, &candidate).await.unwrap();
    let a = app
        .store
        .create_application(
            app.org,
            &hitstaff_domain::NewApplication {
                candidate_id: c.id,
                requisition_id: requisition,
                stage: Stage::Sourced,
            },
            None,
        )
        .await
        .unwrap();
    for to in Stage::FORWARD.iter().skip(1) {
        if to.position() > stage.position() {
            break;
        }
        app.store
            .move_application(
                app.org,
                a.id,
                *to,
                hitstaff_store::Actor::SYSTEM,
                &hitstaff_domain::StageMove::default(),
            )
            .await
            .unwrap();
    }
    (c.id, a.id)
}

/// A posting written and published from the workspace without JavaScript: the form starts from
/// the requisition, says what is wrong by field, keeps the questions, and the preview shows the
/// Markdown as safe HTML.
#[tokio::test]
async fn a_recruiter_writes_previews_and_publishes_a_posting() {
    use hitstaff_domain::Priority;
    let app = TestApp::spawn().await;
    app.user("rec@mercy.test", Role::Recruiter).await;
    let mut new = a_requisition(&app, "Epic Beaker Analyst", vec![], Priority::High, None, None);
    new.description = "Support Epic Beaker for our labs.".into();
    let r = app.store.create_requisition(app.org, &new).await.unwrap();
    let p = Person::new(&app);
    p.sign_in("rec@mercy.test", PASSWORD).await;
    let req_page = format!("/requisitions/{}", r.id);
    let (_, _, page) = p.get(&req_page).await;
    assert!(page.contains("Not advertised yet"), "{page}");
    let form = format!("/requisitions/{}/posting", r.id);
    let (status, _, page) = p.get(&form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("value=\"Epic Beaker Analyst\""),
        "starts from the requisition: {page}"
    );
    let csrf = p.csrf(&form).await;
    let (status, _, page) = p
        .post(
            &form,
            &[
                ("_csrf", &csrf),
                ("title", "Epic Beaker Analyst"),
                ("description", "Too short"),
                ("q_prompt", "Years of Beaker build?"),
                ("q_kind", "number"),
                ("q_options", ""),
                ("q_knockout", ""),
                ("q_min", "two"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("the minimum is a whole number") && page.contains("value=\"Years of Beaker build?\""),
        "{page}"
    );
    let description = "## The work\n\nBuild **Epic Beaker** for ten hospitals: specimen collection, \
                       result routing and instrument interfaces.<script>window.pwned=1</script>";
    let (status, at, page) = p
        .post(
            &form,
            &[
                ("_csrf", &csrf),
                ("title", "Epic Beaker Analyst"),
                ("description", description),
                ("show_pay", "on"),
                ("q_prompt", "Years of Beaker build?"),
                ("q_kind", "number"),
                ("q_options", ""),
                ("q_knockout", ""),
                ("q_min", "2"),
                ("q_required", "0"),
                ("q_prompt", ""),
                ("q_kind", "yes_no"),
                ("q_options", ""),
                ("q_knockout", ""),
                ("q_min", ""),
            ],
        )
        .await;
    assert_eq!(
        (status, at.as_str()),
        (StatusCode::OK, req_page.as_str()),
        "{page}"
    );
    assert!(
        page.contains("Draft") && page.contains(">Publish</button>"),
        "{page}"
    );
    let posting = app.store.get_posting(app.org, r.id).await.unwrap();
    assert_eq!(posting.fields.questions.len(), 1, "the empty row is dropped");
    assert_eq!(posting.fields.questions[0].min, Some(2));
    assert!(posting.fields.questions[0].required);
    // The preview: Markdown as HTML, the script gone.
    let (status, _, page) = p.get(&format!("{form}/preview")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<h2>The work</h2>") && page.contains("<strong>Epic Beaker</strong>"),
        "{page}"
    );
    assert!(!page.contains("window.pwned"), "{page}");
    // Published from the requisition page; a move the rules refuse says why.
    let csrf = p.csrf(&req_page).await;
    let (status, _, page) = p
        .post(
            &format!("{form}/status"),
            &[("_csrf", &csrf), ("to", "published")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Published; first published") && page.contains(">Pause</button>"),
        "{page}"
    );
    let (status, _, page) = p
        .post(&format!("{form}/status"), &[("_csrf", &csrf), ("to", "draft")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("cannot go from published to draft"), "{page}");
}
