//! The JSON API's accounts and access rules, over real HTTP against the real server on port 0.

use hitstaff_domain::{ClientId, Email, NewOrganization, NewUser, PersonName, Role, Scope};
use hitstaff_store::{NewApiToken, UserUpdate, now};
use hitstaff_web::auth::{digest, hash_password};
use hitstaff_web::session::AuthSettings;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

mod common;

use common::{PASSWORD, TestApp};

/// Signing in over the API.
trait SignIn {
    async fn browser(&self, email: &str, role: Role) -> Browser;
}

impl SignIn for TestApp {
    /// A browser: keeps cookies; `csrf` holds the token from signing in.
    async fn browser(&self, email: &str, role: Role) -> Browser {
        self.user(email, role).await;
        let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let resp = http
            .post(self.url("/api/v1/session"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "sign in as {email}");
        let body: Value = resp.json().await.unwrap();
        Browser {
            http,
            csrf: body["csrf_token"].as_str().unwrap().to_string(),
        }
    }
}

struct Browser {
    http: reqwest::Client,
    csrf: String,
}

async fn problem(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    assert_eq!(
        resp.headers()["content-type"],
        "application/problem+json",
        "errors are problem+json"
    );
    (status, resp.json().await.unwrap())
}

fn new_client(name: &str) -> Value {
    json!({"name": name, "kind": "hospital", "locations": [{"city": "Austin", "state": "TX"}], "ehr_systems": [{"product": "epic"}]})
}

#[tokio::test]
async fn signing_in_sets_a_hardened_cookie() {
    let app = TestApp::spawn().await;
    app.user("rita@mercy.test", Role::Recruiter).await;
    let http = reqwest::Client::new();
    let resp = http
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "Rita@Mercy.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    for attr in [
        "hitstaff_session=",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "not over plain HTTP unless configured"
    );
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        (body["user"]["email"].as_str(), body["user"]["role"].as_str()),
        (Some("rita@mercy.test"), Some("recruiter"))
    );
    assert_eq!(body["idle_timeout_seconds"], 900);
    // The token in the cookie is not what the database holds.
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("hitstaff_session=");
    assert!(app.store.session(token, now()).await.unwrap().is_none());
    assert!(app.store.session(&digest(token), now()).await.unwrap().is_some());
}

/// A sign-in attempt from `client` as a trusted proxy on 127.0.0.1 reports it.
async fn attempt_from(app: &TestApp, client: &str, email: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Five wrong passwords locked any account for 15 minutes, so anyone who knew an address could
/// keep its owner out; and failures counted per peer, so behind a proxy thirty failures locked
/// out everyone. Now the wait grows for one account from one address only, and the client's
/// address is read from X-Forwarded-For only when a trusted proxy sent it.
#[tokio::test]
async fn wrong_passwords_slow_the_guesser_and_never_lock_the_owner_out() {
    let app = TestApp::spawn_with(AuthSettings {
        trusted_proxies: hitstaff_web::throttle::TrustedProxies::parse("127.0.0.1").unwrap(),
        ..AuthSettings::default()
    })
    .await;
    app.user("rita@mercy.test", Role::Recruiter).await;
    let attacker = "203.0.113.9";
    let (status, wrong) =
        problem(attempt_from(&app, attacker, "rita@mercy.test", "not-the-password").await).await;
    let (_, unknown) =
        problem(attempt_from(&app, attacker, "nobody@mercy.test", "not-the-password").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong["detail"], unknown["detail"],
        "the answer does not reveal whether the address exists"
    );
    for _ in 0..2 {
        let r = attempt_from(&app, attacker, "rita@mercy.test", "still-wrong-123").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "the first few cost nothing");
    }
    let throttled = attempt_from(&app, attacker, "rita@mercy.test", PASSWORD).await;
    assert_eq!(
        throttled.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the guesser waits, even with the right password"
    );
    assert_eq!(throttled.headers()["retry-after"], "1");
    let (_, body) = problem(throttled).await;
    assert!(
        body["detail"].as_str().unwrap().contains("wait 1 seconds"),
        "{body}"
    );
    // The owner, elsewhere, signs in at once.
    let owner = attempt_from(&app, "198.51.100.7", "rita@mercy.test", PASSWORD).await;
    assert_eq!(owner.status(), StatusCode::OK, "no lock-out");
    // The guesser's wait doubles with each further failure.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = attempt_from(&app, attacker, "rita@mercy.test", "guess-four-44").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = attempt_from(&app, attacker, "rita@mercy.test", "guess-five-55").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "2");
    let events = app.store.list_auth_events(app.org, None, 20).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == hitstaff_domain::AuthEventKind::SignInFailed)
            .count(),
        4,
        "throttled tries are not failures of their own"
    );
}

/// One address that fails on many accounts waits; other addresses behind the same proxy do not.
/// A header from a caller that is not a trusted proxy changes nothing.
#[tokio::test]
async fn one_address_guessing_many_accounts_is_held_back_alone() {
    let app = TestApp::spawn_with(AuthSettings {
        trusted_proxies: hitstaff_web::throttle::TrustedProxies::parse("127.0.0.1").unwrap(),
        limits: hitstaff_web::throttle::SignInLimits {
            max_failures_per_address: 4,
            ..Default::default()
        },
        ..AuthSettings::default()
    })
    .await;
    app.user("rita@mercy.test", Role::Recruiter).await;
    for i in 0..4 {
        let r = attempt_from(
            &app,
            "203.0.113.9",
            &format!("user{i}@mercy.test"),
            "wrong-wrong-1",
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = attempt_from(&app, "203.0.113.9", "rita@mercy.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let (_, body) = problem(r).await;
    assert!(
        body["detail"].as_str().unwrap().contains("network address"),
        "{body}"
    );
    let r = attempt_from(&app, "198.51.100.7", "rita@mercy.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK, "another client behind the same proxy");

    // Without trusted proxies the header is the caller's own claim: failures count by peer.
    let plain = TestApp::spawn_with(AuthSettings {
        limits: hitstaff_web::throttle::SignInLimits {
            max_failures_per_address: 2,
            ..Default::default()
        },
        ..AuthSettings::default()
    })
    .await;
    for i in 0..2 {
        attempt_from(&plain, &format!("192.0.2.{i}"), "x@mercy.test", "wrong-wrong-1").await;
    }
    let r = attempt_from(&plain, "192.0.2.99", "y@mercy.test", "wrong-wrong-1").await;
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a forged X-Forwarded-For does not dodge the limit"
    );
}

#[tokio::test]
async fn browser_writes_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    let b = app.browser("ada@mercy.test", Role::Admin).await;
    let (status, body) = problem(
        b.http
            .post(app.url("/api/v1/clients"))
            .json(&new_client("Summit Health"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["detail"].as_str().unwrap().contains("X-CSRF-Token"),
        "{body}"
    );
    let wrong = b
        .http
        .post(app.url("/api/v1/clients"))
        .header("x-csrf-token", "guess")
        .json(&new_client("Summit Health"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let ok = b
        .http
        .post(app.url("/api/v1/clients"))
        .header("x-csrf-token", &b.csrf)
        .json(&new_client("Summit Health"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
    assert!(
        ok.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/api/v1/clients/")
    );
    assert_eq!(
        app.store.list_clients(app.org).await.unwrap().len(),
        2,
        "only the request with the token wrote"
    );
}

#[tokio::test]
async fn signing_out_and_changing_the_password_end_sessions() {
    let app = TestApp::spawn().await;
    let b = app.browser("rita@mercy.test", Role::Recruiter).await;
    assert_eq!(
        b.http
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let out = b
        .http
        .delete(app.url("/api/v1/session"))
        .header("x-csrf-token", &b.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        b.http
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // A second browser for another user: change the password, weak first.
    let c = app.browser("ana@mercy.test", Role::AccountManager).await;
    let change = |current: &str, new: &str| {
        c.http
            .post(app.url("/api/v1/session/password"))
            .header("x-csrf-token", &c.csrf)
            .json(&json!({"current_password": current, "new_password": new}))
    };
    let (status, body) = problem(change(PASSWORD, "password1234").send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "new_password");
    let (_, body) = problem(
        change("wrong-current-pw", "violet-harbor-tundra-3")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "current_password");
    assert_eq!(
        change(PASSWORD, "violet-harbor-tundra-3")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        c.http
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let fresh = reqwest::Client::new();
    let with = |pw: &str| {
        fresh
            .post(app.url("/api/v1/session"))
            .json(&json!({"email": "ana@mercy.test", "password": pw}))
    };
    assert_eq!(
        with(PASSWORD).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        with("violet-harbor-tundra-3").send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn idle_sessions_end() {
    let app = TestApp::spawn_with(AuthSettings {
        idle_timeout: Duration::from_millis(300),
        ..AuthSettings::default()
    })
    .await;
    let b = app.browser("rita@mercy.test", Role::Recruiter).await;
    assert_eq!(
        b.http
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    let (status, body) = problem(b.http.get(app.url("/api/v1/session")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["detail"].as_str().unwrap().contains("without activity"),
        "{body}"
    );
}

/// Activity was recorded at most every 30 seconds, so the idle clock ran from a stale time and
/// ended sessions up to 30 seconds early: a person active within the idle time stays signed in.
#[tokio::test]
async fn the_idle_clock_runs_from_the_last_activity() {
    let app = TestApp::spawn_with(AuthSettings {
        idle_timeout: Duration::from_millis(3000),
        ..AuthSettings::default()
    })
    .await;
    let b = app.browser("rita@mercy.test", Role::Recruiter).await;
    // Four gaps of 1 s add up to more than the limit; each is well under it, with room for a
    // slow answer on a busy machine.
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let status = b
            .http
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(
            status,
            StatusCode::OK,
            "active every second with a 3 s idle limit"
        );
    }
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let status = b
        .http
        .get(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn deactivated_users_are_signed_out() {
    let app = TestApp::spawn().await;
    let b = app.browser("rita@mercy.test", Role::Recruiter).await;
    let rita = app
        .store
        .user_for_sign_in(&Email::parse("rita@mercy.test").unwrap())
        .await
        .unwrap()
        .remove(0)
        .user;
    app.store
        .update_user(
            app.org,
            rita.id,
            &UserUpdate {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        b.http
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let again = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "rita@mercy.test", "password": PASSWORD}));
    assert_eq!(
        again.send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "a deactivated account cannot sign in"
    );
}

#[tokio::test]
async fn roles_decide_who_may_touch_clients() {
    let app = TestApp::spawn().await;
    for (email, role, may_read, may_write) in [
        ("admin@mercy.test", Role::Admin, true, true),
        ("am@mercy.test", Role::AccountManager, true, true),
        ("rec@mercy.test", Role::Recruiter, true, false),
        ("co@mercy.test", Role::ComplianceOfficer, true, false),
        ("aud@mercy.test", Role::Auditor, true, false),
        ("hm@mercy.test", Role::HiringManager, false, false),
    ] {
        let b = app.browser(email, role).await;
        let read = b
            .http
            .get(app.url("/api/v1/clients"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(read == StatusCode::OK, may_read, "{role:?} reading: {read}");
        if !may_read {
            assert_eq!(read, StatusCode::FORBIDDEN);
        }
        let name = format!("Client of {email}");
        let write = b
            .http
            .post(app.url("/api/v1/clients"))
            .header("x-csrf-token", &b.csrf)
            .json(&new_client(&name))
            .send()
            .await
            .unwrap();
        assert_eq!(
            write.status() == StatusCode::CREATED,
            may_write,
            "{role:?} writing: {}",
            write.status()
        );
    }
}

#[tokio::test]
async fn api_tokens_act_within_their_scopes() {
    let app = TestApp::spawn().await;
    let admin = app.user("admin@mercy.test", Role::Admin).await;
    let secret = hitstaff_web::auth::new_api_token().unwrap();
    let token = app
        .store
        .create_api_token(
            app.org,
            &NewApiToken {
                name: "HR system".into(),
                token_hash: digest(&secret),
                scopes: vec![Scope::ClientsRead],
                created_by: admin.id,
                expires_at: None,
            },
        )
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let list = http
        .get(app.url("/api/v1/clients"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    let body: Value = list.json().await.unwrap();
    assert_eq!(body["items"][0]["name"], "Mercy General");
    // No CSRF for tokens, but the scope must cover the action.
    let (status, body) = problem(
        http.post(app.url("/api/v1/clients"))
            .bearer_auth(&secret)
            .json(&new_client("X"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["detail"].as_str().unwrap().contains("scopes"), "{body}");
    app.store
        .revoke_api_token(app.org, token.id, now())
        .await
        .unwrap();
    let revoked = http
        .get(app.url("/api/v1/clients"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        http.get(app.url("/api/v1/clients"))
            .bearer_auth("hst_made_up")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn bad_requests_say_what_to_fix_and_change_nothing() {
    let app = TestApp::spawn().await;
    let b = app.browser("admin@mercy.test", Role::Admin).await;
    let post = |body: reqwest::Body, ctype: &str| {
        b.http
            .post(app.url("/api/v1/clients"))
            .header("x-csrf-token", &b.csrf)
            .header("content-type", ctype)
            .body(body)
    };
    let (status, body) = problem(post("{not json".into(), "application/json").send().await.unwrap()).await;
    assert_eq!(
        (
            status,
            body["detail"].as_str().unwrap().contains("not valid JSON")
        ),
        (StatusCode::BAD_REQUEST, true)
    );
    let (status, _) = problem(
        post("name=x".into(), "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let bad_state = json!({"name": "X", "kind": "hospital", "locations": [{"city": "Austin", "state": "XX"}], "ehr_systems": []});
    let (status, body) = problem(
        post(bad_state.to_string().into(), "application/json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("not a US state"),
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["field"], "locations[0].state",
        "the field is named"
    );
    let (status, body) = problem(
        post(
            json!({"name": " ", "kind": "hospital", "locations": [], "ehr_systems": []})
                .to_string()
                .into(),
            "application/json",
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(400 * 1024));
    assert_eq!(
        post(huge.into(), "application/json")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let (status, _) = problem(
        b.http
            .get(app.url("/api/v1/clients/not-an-id"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let dup = post(new_client("mercy general").to_string().into(), "application/json")
        .send()
        .await
        .unwrap();
    let (status, body) = problem(dup).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["detail"].as_str().unwrap().contains("already exists"),
        "{body}"
    );
    assert_eq!(
        app.store.list_clients(app.org).await.unwrap().len(),
        1,
        "nothing was written"
    );
    // Markup in a name is stored and returned as the text it is.
    let script = post(
        new_client("<script>alert(1)</script> Clinic").to_string().into(),
        "application/json",
    )
    .send()
    .await
    .unwrap();
    let created: Value = script.json().await.unwrap();
    assert_eq!(created["name"], "<script>alert(1)</script> Clinic");
}

/// An administrator must not learn, from a conflict, that an address is registered with another
/// organisation: addresses are unique within an organisation, and sign-in finds the right account.
#[tokio::test]
async fn an_address_registered_elsewhere_is_not_revealed_and_both_accounts_sign_in() {
    let app = TestApp::spawn().await;
    let other = app
        .store
        .create_organization(&NewOrganization::parse("Summit Staffing", "summit").unwrap())
        .await
        .unwrap()
        .id;
    let new_admin = |email: &str, password: &str| {
        NewUser::new(
            Email::parse(email).unwrap(),
            PersonName::parse("Sam Summit").unwrap(),
            Role::Admin,
            None,
            Some(hash_password(password).unwrap()),
        )
        .unwrap()
    };
    app.store
        .create_user(other, &new_admin("sam@summit.test", "another long passphrase"))
        .await
        .unwrap();
    let sign_in = |body: Value| {
        reqwest::Client::new()
            .post(app.url("/api/v1/session"))
            .json(&body)
            .send()
    };

    // Mercy's administrator adds the same address: created, with nothing said about Summit.
    let admin = app.browser("ada@mercy.test", Role::Admin).await;
    let made = admin
        .post(
            &app,
            "/api/v1/users",
            json!({"email": "Sam@Summit.test", "name": "Sam at Mercy", "role": "recruiter"}),
        )
        .await;
    assert_eq!(
        made.status(),
        StatusCode::CREATED,
        "an address used elsewhere is free here"
    );
    let made: Value = made.json().await.unwrap();
    let mercy_password = made["secret"].as_str().unwrap().to_string();
    // The same address twice in one organisation is still a conflict, in words.
    let (status, body) = problem(
        admin
            .post(
                &app,
                "/api/v1/users",
                json!({"email": "sam@summit.test", "name": "Sam Again", "role": "recruiter"}),
            )
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["detail"].as_str().unwrap().contains("in this organisation"),
        "{body}"
    );

    // Each password opens its own account.
    let mercy: Value = sign_in(json!({"email": "sam@summit.test", "password": mercy_password}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mercy["user"]["org_id"], json!(app.org.to_string()), "{mercy}");
    let summit: Value = sign_in(json!({"email": "sam@summit.test", "password": "another long passphrase"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summit["user"]["org_id"], json!(other.to_string()), "{summit}");
    let (status, _) = problem(
        sign_in(json!({"email": "sam@summit.test", "password": "neither of the two passwords"}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // One password for two accounts: the person names the organisation, and only they learn the names.
    app.store
        .create_user(app.org, &new_admin("pat@both.test", "one passphrase for both"))
        .await
        .unwrap();
    app.store
        .create_user(other, &new_admin("pat@both.test", "one passphrase for both"))
        .await
        .unwrap();
    let (status, body) = problem(
        sign_in(json!({"email": "pat@both.test", "password": "one passphrase for both"}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "organization", "{body}");
    let said = body["errors"][0]["problem"].as_str().unwrap();
    assert!(
        said.contains("mercy-it (Mercy IT)") && said.contains("summit (Summit Staffing)"),
        "{said}"
    );
    let chosen: Value = sign_in(
        json!({"email": "pat@both.test", "password": "one passphrase for both", "organization": "Summit"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(chosen["user"]["org_id"], json!(other.to_string()), "{chosen}");
    let (status, _) = problem(
        sign_in(json!({"email": "pat@both.test", "password": "one passphrase for both", "organization": "nowhere"}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "an unknown organisation is a failed sign-in, not a hint"
    );
}

#[tokio::test]
async fn one_organisation_cannot_reach_anothers_clients() {
    let app = TestApp::spawn().await;
    let other = app
        .store
        .create_organization(&NewOrganization::parse("Other", "other").unwrap())
        .await
        .unwrap()
        .id;
    let hash = hash_password(PASSWORD).unwrap();
    let user = NewUser::new(
        Email::parse("eve@other.test").unwrap(),
        PersonName::parse("Eve Other").unwrap(),
        Role::Admin,
        None,
        Some(hash),
    )
    .unwrap();
    app.store.create_user(other, &user).await.unwrap();
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let signed: Value = http
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "eve@other.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let csrf = signed["csrf_token"].as_str().unwrap();
    let mine = format!("/api/v1/clients/{}", app.client);
    assert_eq!(
        http.get(app.url(&mine)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        http.delete(app.url(&mine))
            .header("x-csrf-token", csrf)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let listed: Value = http
        .get(app.url("/api/v1/clients"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"], json!([]));
    assert!(app.store.get_client(app.org, app.client).await.is_ok());
}

impl Browser {
    async fn post(&self, app: &TestApp, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(app.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn put(&self, app: &TestApp, path: &str, body: Value) -> reqwest::Response {
        self.http
            .put(app.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        self.http.get(app.url(path)).send().await.unwrap()
    }

    async fn get_json(&self, app: &TestApp, path: &str) -> Value {
        let resp = self.get(app, path).await;
        assert_eq!(resp.status(), StatusCode::OK, "GET {path}");
        resp.json().await.unwrap()
    }
}

fn requisition_json(client: &str, title: &str) -> Value {
    json!({
        "client_id": client, "title": title, "role_family": "clinical_applications", "engagement": "contract",
        "intent": "implement", "reason": "new_implementation", "work_model": "remote", "remote_states": ["TX"],
        "duration_weeks": 26, "start_date": "2027-01-04",
        "skills": [{"skill": "epic.beaker_cp", "required": true, "min_years": 3, "level": "certified"}],
        "pay": {"min": {"cents": 8500, "currency": "usd"}, "max": {"cents": 11000, "currency": "usd"}, "unit": "hour"}
    })
}

fn candidate_json(name: &str, email: &str) -> Value {
    json!({
        "name": name, "email": email, "phone": "(512) 555-0142",
        "location": {"city": "Austin", "state": "TX"}, "headline": "Epic Beaker Analyst",
        "desired_pay": {"amount": {"cents": 9500, "currency": "usd"}, "unit": "hour"}, "tags": ["go-live"],
        "skills": [{"skill": "epic.beaker_cp", "years_tenths": 45, "level": "certified", "last_used_year": 2026}]
    })
}

async fn created_id(resp: reqwest::Response) -> String {
    if resp.status() != StatusCode::CREATED {
        panic!(
            "expected 201, got {}: {}",
            resp.status(),
            resp.text().await.unwrap()
        );
    }
    let body: Value = resp.json().await.unwrap();
    body["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_retried_post_with_its_idempotency_key_creates_one_record() {
    let app = TestApp::spawn().await;
    let owner = app.user("rec@mercy.test", Role::Recruiter).await;
    let token = app
        .token(&owner, &[Scope::CandidatesWrite, Scope::CandidatesRead])
        .await;
    let http = reqwest::Client::new();
    let post = |key: Option<&str>, body: Value| {
        let mut r = http
            .post(app.url("/api/v1/candidates"))
            .bearer_auth(&token)
            .json(&body);
        if let Some(key) = key {
            r = r.header("Idempotency-Key", key);
        }
        r.send()
    };
    let count = || async { app.store.count_candidates(app.org).await.unwrap() };
    let before = count().await;
    let body = candidate_json("Rita Retry", "rita@example.org");
    let first = post(Some("3f1c0c9e-retry-1"), body.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    // The answer was lost; the client sends the same request again.
    let again = post(Some("3f1c0c9e-retry-1"), body.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED, "the first answer, again");
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(count().await, before + 1, "one record, not two");
    // The same key for another request is refused, naming the header.
    let (status, p) = problem(
        post(
            Some("3f1c0c9e-retry-1"),
            candidate_json("Other Person", "other@example.org"),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "Idempotency-Key");
    // A key of the wrong form says what a key must be.
    let (status, p) = problem(post(Some("has space"), body.clone()).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(p["detail"].as_str().unwrap().contains("Idempotency-Key"));
    // A refusal of the request itself is an answer too: the retry gets it again.
    let refused = post(Some("k-refused"), json!({"name": ""})).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = post(Some("k-refused"), json!({"name": ""})).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.headers()["idempotent-replayed"], "true");
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    // Without a key each request is its own (the duplicate email is what stops this one).
    let (status, _) = problem(post(None, body).await.unwrap()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(count().await, before + 1);
}

#[tokio::test]
async fn a_source_is_one_code_however_it_is_typed_when_written_or_filtered() {
    let app = TestApp::spawn().await;
    let rec = app.browser("rec@mercy.test", Role::Recruiter).await;
    let mut body = candidate_json("Jo Board", "jo@example.org");
    body["source"] = json!("Job Board");
    let made: Value = rec
        .post(&app, "/api/v1/candidates", body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(made["source"], "job_board");
    for typed in ["job_board", "JOB-BOARD", " Job Board "] {
        let found = rec
            .get_json(
                &app,
                &format!("/api/v1/candidates?source={}", typed.replace(' ', "%20")),
            )
            .await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1, "source={typed}");
    }
}

#[tokio::test]
async fn two_recruiters_editing_one_candidate_never_silently_lose_an_edit() {
    let app = TestApp::spawn().await;
    let ana = app.browser("ana@mercy.test", Role::Recruiter).await;
    let bo = app.browser("bo@mercy.test", Role::Recruiter).await;
    let made = created_id(
        ana.post(
            &app,
            "/api/v1/candidates",
            candidate_json("Vera Version", "vera@example.org"),
        )
        .await,
    )
    .await;
    let path = format!("/api/v1/candidates/{made}");
    let read = ana.http.get(app.url(&path)).send().await.unwrap();
    let tag = read.headers()["etag"].to_str().unwrap().to_string();
    let mut body: Value = read.json().await.unwrap();
    let put = |b: &Browser, body: &Value, tag: Option<&str>| {
        let mut r = b
            .http
            .put(app.url(&path))
            .header("x-csrf-token", &b.csrf)
            .json(body);
        if let Some(tag) = tag {
            r = r.header("if-match", tag);
        }
        r.send()
    };
    // Ana saves first, from the version both read.
    body["headline"] = json!("Epic Beaker CP Analyst");
    let saved = put(&ana, &body, Some(&tag)).await.unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let newer = saved.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(newer, tag, "a save makes a new version");
    // Bo saves from the same, older version: refused with the record as it is now.
    body["headline"] = json!("Cerner PathNet Analyst");
    let refused = put(&bo, &body, Some(&tag)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(refused.headers()["etag"].to_str().unwrap(), newer);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(
        refused["current"]["headline"], "Epic Beaker CP Analyst",
        "{refused}"
    );
    let now: Value = ana.get_json(&app, &path).await;
    assert_eq!(now["headline"], "Epic Beaker CP Analyst", "Ana's edit kept");
    // Having compared, Bo saves against the version now on file.
    assert_eq!(
        put(&bo, &body, Some(&newer)).await.unwrap().status(),
        StatusCode::OK
    );
    let (status, _) = problem(put(&bo, &body, Some("\"soon\"")).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an If-Match that is no version");

    // The pages: the edit form carries its version; a save over a newer one shows both.
    let version_in = |html: &str| {
        let marker = "name=\"version\" value=\"";
        let at = html.find(marker).unwrap() + marker.len();
        html[at..at + html[at..].find('"').unwrap()]
            .replace("&#34;", "\"")
            .replace("&quot;", "\"")
    };
    let edit = format!("/candidates/{made}/edit");
    let form_of = |b: &Browser, version: &str, headline: &str| {
        vec![
            ("_csrf".to_string(), b.csrf.clone()),
            ("version".to_string(), version.to_string()),
            ("name".to_string(), "Vera Version".to_string()),
            ("headline".to_string(), headline.to_string()),
            ("source".to_string(), "recruiter".to_string()),
            ("travel".to_string(), "none".to_string()),
            ("employment_status".to_string(), "employed".to_string()),
            ("pay_unit".to_string(), "hour".to_string()),
        ]
    };
    let ana_html = ana
        .http
        .get(app.url(&edit))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let bo_html = bo
        .http
        .get(app.url(&edit))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (ana_v, bo_v) = (version_in(&ana_html), version_in(&bo_html));
    assert_eq!(ana_v, bo_v);
    assert!(ana_v.starts_with('"') && ana_v.len() > 10, "the version: {ana_v}");
    let page = format!("/candidates/{made}");
    let first = ana
        .http
        .post(app.url(&page))
        .form(&form_of(&ana, &ana_v, "Interface Analyst"))
        .send()
        .await
        .unwrap();
    assert!(first.status().is_success(), "{}", first.status());
    let second = bo
        .http
        .post(app.url(&page))
        .form(&form_of(&bo, &bo_v, "Radiology Analyst"))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = second.text().await.unwrap();
    assert!(
        html.contains("Saved meanwhile by someone else")
            && html.contains("Interface Analyst")
            && html.contains("Radiology Analyst"),
        "both versions shown: {html}"
    );
    let now: Value = ana.get_json(&app, &path).await;
    assert_eq!(now["headline"], "Interface Analyst", "nothing lost");
    // Saving the re-shown form again is a choice, and goes through.
    let again = bo
        .http
        .post(app.url(&page))
        .form(&form_of(&bo, &version_in(&html), "Radiology Analyst"))
        .send()
        .await
        .unwrap();
    assert!(again.status().is_success(), "{}", again.status());
    let now: Value = ana.get_json(&app, &path).await;
    assert_eq!(now["headline"], "Radiology Analyst");
}

#[tokio::test]
async fn a_recruiter_takes_a_candidate_from_sourced_to_placed() {
    let app = TestApp::spawn().await;
    let am = app.browser("am@mercy.test", Role::AccountManager).await;
    let rec = app.browser("rec@mercy.test", Role::Recruiter).await;
    let req = created_id(
        am.post(
            &app,
            "/api/v1/requisitions",
            requisition_json(&app.client.to_string(), "Epic Beaker CP Analyst"),
        )
        .await,
    )
    .await;
    let shown = rec.get_json(&app, &format!("/api/v1/requisitions/{req}")).await;
    assert_eq!(
        (shown["reference"].as_str(), shown["headcount"].as_u64()),
        (Some("REQ-0001"), Some(1)),
        "defaults apply"
    );
    let created_at = shown["created_at"].as_str().unwrap();
    assert!(
        time::OffsetDateTime::parse(created_at, &time::format_description::well_known::Rfc3339).is_ok(),
        "RFC 3339: {created_at}"
    );
    assert_eq!(shown["start_date"], "2027-01-04");
    let cand = created_id(
        rec.post(
            &app,
            "/api/v1/candidates",
            candidate_json("Grace Okafor", "grace@example.org"),
        )
        .await,
    )
    .await;
    let app_id = created_id(
        rec.post(
            &app,
            "/api/v1/applications",
            json!({"candidate_id": cand, "requisition_id": req}),
        )
        .await,
    )
    .await;
    let moves = format!("/api/v1/applications/{app_id}/moves");
    // A jump is refused with the reason, then each stage in turn.
    let (status, body) = problem(
        rec.post(&app, &moves, json!({"to": "placed", "note": "rush"}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["detail"].as_str().unwrap().contains("cannot skip"), "{body}");
    for stage in ["screening", "submitted", "client_interview", "offer", "placed"] {
        let resp = rec.post(&app, &moves, json!({"to": stage})).await;
        assert_eq!(resp.status(), StatusCode::OK, "to {stage}");
    }
    let history = rec
        .get_json(&app, &format!("/api/v1/applications/{app_id}/history"))
        .await;
    assert_eq!(history.as_array().unwrap().len(), 6);
    assert_eq!(history[5]["to"], "placed");
    let note = json!({"body": "Strong Beaker build; placed.", "assessment": {"strengths": ["Beaker CP certified"], "weaknesses": [], "recommendation": "strong_yes"}, "internal": true});
    assert_eq!(
        rec.post(&app, &format!("/api/v1/applications/{app_id}/notes"), note)
            .await
            .status(),
        StatusCode::CREATED
    );
    let notes = rec
        .get_json(&app, &format!("/api/v1/applications/{app_id}/notes"))
        .await;
    assert_eq!(notes[0]["assessment"]["recommendation"], "strong_yes");
    let pipeline = rec
        .get_json(&app, &format!("/api/v1/requisitions/{req}/applications"))
        .await;
    assert_eq!(pipeline[0]["stage"], "placed");
}

#[tokio::test]
async fn a_hiring_manager_sees_only_what_was_sent_to_them() {
    let app = TestApp::spawn().await;
    let admin = app.browser("admin@mercy.test", Role::Admin).await;
    let hm = app.browser("hm@mercy.test", Role::HiringManager).await;
    let mine = created_id(
        admin
            .post(
                &app,
                "/api/v1/requisitions",
                requisition_json(&app.client.to_string(), "Beaker analyst"),
            )
            .await,
    )
    .await;
    let other_client = created_id(
        admin
            .post(&app, "/api/v1/clients", new_client("Summit Health"))
            .await,
    )
    .await;
    let theirs = created_id(
        admin
            .post(
                &app,
                "/api/v1/requisitions",
                requisition_json(&other_client, "Willow analyst"),
            )
            .await,
    )
    .await;
    let sent = created_id(
        admin
            .post(
                &app,
                "/api/v1/candidates",
                candidate_json("Sent Person", "sent@example.org"),
            )
            .await,
    )
    .await;
    let held = created_id(
        admin
            .post(
                &app,
                "/api/v1/candidates",
                candidate_json("Held Person", "held@example.org"),
            )
            .await,
    )
    .await;
    let open = |c: &str| json!({"candidate_id": c, "requisition_id": mine});
    let sent_app = created_id(admin.post(&app, "/api/v1/applications", open(&sent)).await).await;
    let held_app = created_id(admin.post(&app, "/api/v1/applications", open(&held)).await).await;
    for stage in ["screening", "submitted"] {
        admin
            .post(
                &app,
                &format!("/api/v1/applications/{sent_app}/moves"),
                json!({"to": stage}),
            )
            .await;
    }
    admin
        .post(
            &app,
            &format!("/api/v1/applications/{held_app}/moves"),
            json!({"to": "screening"}),
        )
        .await;
    admin
        .post(
            &app,
            &format!("/api/v1/applications/{sent_app}/notes"),
            json!({"body": "internal: rate is negotiable", "internal": true}),
        )
        .await;
    admin
        .post(
            &app,
            &format!("/api/v1/applications/{sent_app}/notes"),
            json!({"body": "Submitted with Beaker CP certificate", "internal": false}),
        )
        .await;

    let reqs = hm.get_json(&app, "/api/v1/requisitions").await;
    let ids: Vec<&str> = reqs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [mine.as_str()], "only their client's requisitions");
    assert!(reqs["items"][0]["pay"].is_null(), "no budgets");
    assert!(
        reqs["items"][0]["owner_id"].is_null(),
        "who at the firm owns it is the firm's business"
    );
    assert_eq!(
        hm.get(&app, &format!("/api/v1/requisitions/{theirs}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let people = hm.get_json(&app, "/api/v1/candidates").await;
    let items = people["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "only submitted candidates");
    assert_eq!(items[0]["name"], "Sent Person");
    for hidden in ["email", "phone", "desired_pay", "npi"] {
        assert!(items[0][hidden].is_null(), "{hidden} is withheld");
    }
    assert_eq!(items[0]["tags"], json!([]));
    assert_eq!(
        hm.get(&app, &format!("/api/v1/candidates/{held}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        hm.get(&app, &format!("/api/v1/applications/{held_app}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let pipeline = hm
        .get_json(&app, &format!("/api/v1/requisitions/{mine}/applications"))
        .await;
    assert_eq!(pipeline.as_array().unwrap().len(), 1);
    let notes = hm
        .get_json(&app, &format!("/api/v1/applications/{sent_app}/notes"))
        .await;
    let bodies: Vec<&str> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        ["Submitted with Beaker CP certificate"],
        "never internal notes"
    );

    // The client's decisions are theirs to record; nothing else is.
    let moves = format!("/api/v1/applications/{sent_app}/moves");
    assert_eq!(
        hm.post(
            &app,
            &moves,
            json!({"to": "client_interview", "note": "Tuesday at ten with the lab director"})
        )
        .await
        .status(),
        StatusCode::OK
    );
    // The history as the client sees it: from submittal on, with their own note, without the
    // firm's sourcing and screening, its people or the stage it submitted from (one rule with
    // the pages).
    let history = hm
        .get_json(&app, &format!("/api/v1/applications/{sent_app}/history"))
        .await;
    let history = history.as_array().unwrap();
    let stages: Vec<&str> = history.iter().map(|c| c["to"].as_str().unwrap()).collect();
    assert_eq!(stages, ["submitted", "client_interview"], "{history:?}");
    assert!(
        history[0]["from"].is_null(),
        "not 'moved from Screening': {history:?}"
    );
    assert!(history.iter().all(|c| c["by"].is_null()), "{history:?}");
    assert_eq!(
        history[1]["note"], "Tuesday at ten with the lab director",
        "their own interview note is theirs to see"
    );
    let firm = admin
        .get_json(&app, &format!("/api/v1/applications/{sent_app}/history"))
        .await;
    assert_eq!(firm.as_array().unwrap().len(), 4, "the firm sees all: {firm}");
    let (status, _) = problem(
        hm.post(
            &app,
            &format!("/api/v1/applications/{held_app}/moves"),
            json!({"to": "submitted"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = problem(hm.post(&app, "/api/v1/applications", open(&held)).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = problem(
        hm.post(&app, "/api/v1/candidates", candidate_json("X Y", "x@example.org"))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn lists_page_by_cursor_and_filters_say_what_is_wrong() {
    let app = TestApp::spawn().await;
    let rec = app.browser("rec@mercy.test", Role::Recruiter).await;
    for i in 0..7 {
        created_id(
            rec.post(
                &app,
                "/api/v1/candidates",
                candidate_json(&format!("Person {i}"), &format!("p{i}@example.org")),
            )
            .await,
        )
        .await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/candidates?limit=3".to_string();
    loop {
        let page = rec.get_json(&app, &path).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/candidates?limit=3&after={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    assert_eq!(seen[0], "Person 6", "newest first");
    let by_name = rec.get_json(&app, "/api/v1/candidates?name=person%203").await;
    assert_eq!(by_name["items"].as_array().unwrap().len(), 1);
    let by_state = rec
        .get_json(&app, "/api/v1/candidates?state=Texas&skill=epic.beaker_cp")
        .await;
    assert_eq!(by_state["items"].as_array().unwrap().len(), 7);
    // A broader skill finds those who hold one of its parts, as search does.
    for family in ["epic.beaker", "epic"] {
        let parent = rec
            .get_json(&app, &format!("/api/v1/candidates?state=Texas&skill={family}"))
            .await;
        assert_eq!(parent["items"].as_array().unwrap().len(), 7, "{family}");
    }
    let (status, body) = problem(rec.get(&app, "/api/v1/candidates?state=Narnia").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["detail"].as_str().unwrap().starts_with("state: "), "{body}");
    let (status, _) = problem(rec.get(&app, "/api/v1/candidates?limit=many").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = problem(rec.get(&app, "/api/v1/requisitions?priority=whenever").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["detail"].as_str().unwrap().starts_with("priority: "),
        "{body}"
    );
    let (status, body) = problem(rec.get(&app, "/api/v1/requisitions?status=closed").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["detail"].as_str().unwrap().contains("on_hold"),
        "lists the accepted values: {body}"
    );
}

/// Every endpoint against every role: allowed exactly when the role matrix (and, for a hiring
/// manager, the client scope) says so; 401 for everyone without a session; never a server error.
#[tokio::test]
async fn every_endpoint_and_page_against_every_role() {
    use hitstaff_domain::{Access, Action, ApplicationId, CandidateId, RequisitionId, Scope, UserId};
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let admin = app.browser("setup@mercy.test", Role::Admin).await;
    let req = created_id(
        admin
            .post(
                &app,
                "/api/v1/requisitions",
                requisition_json(&app.client.to_string(), "Beaker analyst"),
            )
            .await,
    )
    .await;
    let (client, cand, appl, user) = (
        app.client,
        CandidateId::new(),
        ApplicationId::new(),
        UserId::new(),
    );
    let (ghost_req, ghost_client) = (RequisitionId::new(), ClientId::new());
    let ghost_resume = hitstaff_domain::ResumeId::new();
    // (method, path, body, the actions it needs; none = any signed-in user)
    let endpoints: Vec<(Method, String, Value, &[Action])> = vec![
        (Method::GET, "/api/v1/session".into(), Value::Null, &[]),
        (Method::GET, "/api/v1/skills?q=beaker".into(), Value::Null, &[]),
        (
            Method::GET,
            "/api/v1/skills/epic.beaker_cp".into(),
            Value::Null,
            &[],
        ),
        (
            Method::GET,
            "/api/v1/clients".into(),
            Value::Null,
            &[Action::ReadClients],
        ),
        (
            Method::POST,
            "/api/v1/clients".into(),
            new_client("Matrix Clinic"),
            &[Action::WriteClients],
        ),
        (
            Method::GET,
            format!("/api/v1/clients/{client}"),
            Value::Null,
            &[Action::ReadClients],
        ),
        (
            Method::PUT,
            format!("/api/v1/clients/{ghost_client}"),
            new_client("Renamed"),
            &[Action::WriteClients],
        ),
        (
            Method::DELETE,
            format!("/api/v1/clients/{ghost_client}"),
            Value::Null,
            &[Action::WriteClients],
        ),
        (
            Method::GET,
            "/api/v1/requisitions".into(),
            Value::Null,
            &[Action::ReadRequisitions],
        ),
        (
            Method::POST,
            "/api/v1/requisitions".into(),
            requisition_json(&client.to_string(), "Matrix role"),
            &[Action::WriteRequisitions],
        ),
        (
            Method::GET,
            format!("/api/v1/requisitions/{req}"),
            Value::Null,
            &[Action::ReadRequisitions],
        ),
        (
            Method::PUT,
            format!("/api/v1/requisitions/{ghost_req}"),
            requisition_json(&client.to_string(), "X"),
            &[Action::WriteRequisitions],
        ),
        (
            Method::POST,
            format!("/api/v1/requisitions/{ghost_req}/status"),
            json!({"status": "on_hold"}),
            &[Action::WriteRequisitions],
        ),
        (
            Method::DELETE,
            format!("/api/v1/requisitions/{ghost_req}"),
            Value::Null,
            &[Action::WriteRequisitions],
        ),
        (
            Method::GET,
            format!("/api/v1/requisitions/{req}/posting"),
            Value::Null,
            &[Action::ReadRequisitions],
        ),
        (
            Method::PUT,
            format!("/api/v1/requisitions/{ghost_req}/posting"),
            json!({"title": "Matrix posting"}),
            &[Action::WriteRequisitions],
        ),
        (
            Method::POST,
            format!("/api/v1/requisitions/{ghost_req}/posting/status"),
            json!({"status": "published"}),
            &[Action::WriteRequisitions],
        ),
        (
            Method::GET,
            format!("/api/v1/requisitions/{req}/applications"),
            Value::Null,
            &[Action::ReadPipeline],
        ),
        (
            Method::GET,
            "/api/v1/candidates".into(),
            Value::Null,
            &[Action::ReadCandidates],
        ),
        (
            Method::POST,
            "/api/v1/candidates".into(),
            candidate_json("Matrix Person", "matrix@example.org"),
            &[Action::WriteCandidates],
        ),
        (
            Method::GET,
            format!("/api/v1/candidates/{cand}"),
            Value::Null,
            &[Action::ReadCandidates],
        ),
        (
            Method::PUT,
            format!("/api/v1/candidates/{cand}"),
            candidate_json("X Y", "xy@example.org"),
            &[Action::WriteCandidates],
        ),
        (
            Method::DELETE,
            format!("/api/v1/candidates/{cand}"),
            Value::Null,
            &[Action::WriteCandidates],
        ),
        (
            Method::GET,
            format!("/api/v1/candidates/{cand}/notes"),
            Value::Null,
            &[Action::ReadCandidates],
        ),
        (
            Method::POST,
            format!("/api/v1/candidates/{cand}/notes"),
            json!({"body": "x", "internal": true}),
            &[Action::WriteNotes],
        ),
        (
            Method::POST,
            "/api/v1/applications".into(),
            json!({"candidate_id": cand, "requisition_id": req}),
            &[Action::OpenApplications],
        ),
        (
            Method::GET,
            format!("/api/v1/applications/{appl}"),
            Value::Null,
            &[Action::ReadPipeline],
        ),
        (
            Method::POST,
            format!("/api/v1/applications/{appl}/moves"),
            json!({"to": "screening"}),
            &[Action::MovePipeline],
        ),
        (
            Method::GET,
            format!("/api/v1/applications/{appl}/history"),
            Value::Null,
            &[Action::ReadPipeline],
        ),
        (
            Method::GET,
            format!("/api/v1/applications/{appl}/notes"),
            Value::Null,
            &[Action::ReadPipeline],
        ),
        (
            Method::POST,
            format!("/api/v1/applications/{appl}/notes"),
            json!({"body": "x", "internal": true}),
            &[Action::WriteNotes],
        ),
        (
            Method::GET,
            "/api/v1/users".into(),
            Value::Null,
            &[Action::ReadUsers],
        ),
        (
            Method::POST,
            "/api/v1/users".into(),
            json!({"email": "new@mercy.test", "name": "New Person", "role": "auditor"}),
            &[Action::ManageUsers],
        ),
        (
            Method::PATCH,
            format!("/api/v1/users/{user}"),
            json!({"active": false}),
            &[Action::ManageUsers],
        ),
        (
            Method::GET,
            "/api/v1/tokens".into(),
            Value::Null,
            &[Action::ManageTokens],
        ),
        (
            Method::POST,
            "/api/v1/tokens".into(),
            json!({"name": "matrix", "scopes": ["clients:read"]}),
            &[Action::ManageTokens],
        ),
        (
            Method::DELETE,
            format!("/api/v1/tokens/{}", hitstaff_domain::ApiTokenId::new()),
            Value::Null,
            &[Action::ManageTokens],
        ),
        // Matching: the firm's staff only; the weights are the administrators'.
        (
            Method::GET,
            "/api/v1/settings/matching".into(),
            Value::Null,
            &[Action::RankCandidates],
        ),
        (
            Method::PUT,
            "/api/v1/settings/matching".into(),
            json!({"required_skills": 50}),
            &[Action::ManageSettings],
        ),
        (
            Method::DELETE,
            "/api/v1/settings/matching".into(),
            Value::Null,
            &[Action::ManageSettings],
        ),
        (
            Method::GET,
            format!("/api/v1/requisitions/{req}/matches"),
            Value::Null,
            &[Action::RankCandidates, Action::ReadRequisitions],
        ),
        (
            Method::GET,
            "/api/v1/search?q=beaker&state=TX".into(),
            Value::Null,
            &[Action::SearchCandidates],
        ),
        (
            Method::GET,
            "/api/v1/searches".into(),
            Value::Null,
            &[Action::SearchCandidates],
        ),
        (
            Method::POST,
            "/api/v1/searches".into(),
            json!({"name": "Beaker in TX", "search": {"q": "beaker", "state": "TX"}}),
            &[Action::SearchCandidates],
        ),
        (
            Method::DELETE,
            "/api/v1/searches/Beaker%20in%20TX".into(),
            Value::Null,
            &[Action::SearchCandidates],
        ),
        (
            Method::GET,
            format!("/api/v1/candidates/{cand}/matches"),
            Value::Null,
            &[Action::RankCandidates, Action::ReadRequisitions],
        ),
        // Resumes: the firm's staff only (a JSON body where a file upload belongs is a 400 for
        // those allowed, a 403 for the others).
        (
            Method::POST,
            "/api/v1/resumes".into(),
            json!({}),
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        (
            Method::GET,
            format!("/api/v1/candidates/{cand}/resumes"),
            Value::Null,
            &[Action::ReadCandidates, Action::ReadResumes],
        ),
        (
            Method::POST,
            format!("/api/v1/candidates/{cand}/resumes"),
            json!({}),
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        (
            Method::GET,
            format!("/api/v1/resumes/{ghost_resume}"),
            Value::Null,
            &[Action::ReadCandidates, Action::ReadResumes],
        ),
        (
            Method::GET,
            format!("/api/v1/resumes/{ghost_resume}/file"),
            Value::Null,
            &[Action::ReadCandidates, Action::ReadResumes],
        ),
        (
            Method::POST,
            format!("/api/v1/resumes/{ghost_resume}/reparse"),
            Value::Null,
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        (
            Method::GET,
            format!("/api/v1/candidates/{cand}/corrections"),
            Value::Null,
            &[Action::ReadCandidates, Action::ReadResumes],
        ),
        (
            Method::POST,
            format!("/api/v1/candidates/{cand}/corrections"),
            json!({"field": "name", "value": "Pat Matrix"}),
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        (
            Method::DELETE,
            format!("/api/v1/candidates/{cand}/corrections/name"),
            Value::Null,
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
    ];
    let anonymous = reqwest::Client::new();
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (method, path, body, _) in &endpoints {
        let resp = anonymous
            .request(method.clone(), app.url(path))
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.status(),
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
    for role in Role::ALL {
        let b = app.browser(&format!("{}@matrix.test", role.code()), *role).await;
        let access = Access::session(&app.user_named(&format!("{}@matrix.test", role.code())).await);
        for (method, path, body, actions) in &endpoints {
            let allowed = actions.iter().all(|a| access.can(*a));
            let mut request = b
                .http
                .request(method.clone(), app.url(path))
                .header("x-csrf-token", &b.csrf);
            if !body.is_null() {
                request = request.json(body);
            }
            let status = request.send().await.unwrap().status();
            assert_policy(status, allowed, &format!("{role:?} {method} {path}"));
        }
    }
    // Every scope alone, on an administrator's token: allowed exactly when the policy says so
    // (a scope covers the action and the owner's role allows it; administration never).
    let owner = app.user_named("setup@mercy.test").await;
    for scope in Scope::ALL {
        let token = app.token(&owner, &[*scope]).await;
        let access = Access::token(&owner, vec![*scope]);
        for (method, path, body, actions) in &endpoints {
            let allowed = actions.iter().all(|a| access.can(*a));
            let mut request = anonymous
                .request(method.clone(), app.url(path))
                .bearer_auth(&token);
            if !body.is_null() {
                request = request.json(body);
            }
            let status = request.send().await.unwrap().status();
            assert_policy(status, allowed, &format!("{scope:?} {method} {path}"));
        }
        // Tokens are for the API: the pages answer them as they answer anyone not signed in.
        let resp = no_redirects
            .get(app.url("/admin/users"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{scope:?} token on a page");
    }
    // The web pages: the same rules, with HTML answers. Forms carry the session's CSRF token.
    let ghost_token = hitstaff_domain::ApiTokenId::new();
    let ghost_invitation = hitstaff_domain::InvitationId::new();
    let get = |path: String, actions: &'static [Action]| (Method::GET, path, vec![], actions);
    let post = |path: String, form: Vec<(&'static str, &'static str)>, actions: &'static [Action]| {
        (Method::POST, path, form, actions)
    };
    /// (method, path, form fields, the actions it needs; none = any signed-in user)
    type PageCase = (
        Method,
        String,
        Vec<(&'static str, &'static str)>,
        &'static [Action],
    );
    let pages: Vec<PageCase> = vec![
        get("/admin/matching".into(), &[Action::ManageSettings]),
        post(
            "/admin/matching".into(),
            vec![("required_skills", "40"), ("pay", "oops")],
            &[Action::ManageSettings],
        ),
        post("/admin/matching/reset".into(), vec![], &[Action::ManageSettings]),
        get("/search?q=beaker".into(), &[Action::SearchCandidates]),
        post(
            "/search/saved".into(),
            vec![("name", "Beaker"), ("query", "q=beaker")],
            &[Action::SearchCandidates],
        ),
        post(
            "/search/saved/delete".into(),
            vec![("name", "Beaker")],
            &[Action::SearchCandidates],
        ),
        get(
            "/candidates/upload".into(),
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        post(
            "/candidates/upload".into(),
            vec![],
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        post(
            "/candidates/upload/gone".into(),
            vec![("choice", "new")],
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        post(
            format!("/candidates/{cand}/resumes"),
            vec![],
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        get(
            format!("/resumes/{ghost_resume}"),
            &[Action::ReadCandidates, Action::ReadResumes],
        ),
        get(
            format!("/resumes/{ghost_resume}/file"),
            &[Action::ReadCandidates, Action::ReadResumes],
        ),
        post(
            format!("/resumes/{ghost_resume}/reparse"),
            vec![],
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        post(
            format!("/candidates/{cand}/corrections"),
            vec![("field", "name"), ("value", "Pat Matrix")],
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        post(
            format!("/candidates/{cand}/corrections/remove"),
            vec![("key", "name")],
            &[Action::WriteCandidates, Action::ReadResumes],
        ),
        get("/".into(), &[]),
        get("/account/password".into(), &[]),
        get("/skills?q=cerner".into(), &[]),
        get("/ui/skills?skill_q=epic&kind=requisition".into(), &[]),
        get("/ui/skills/row?id=epic&kind=candidate".into(), &[]),
        get("/clients".into(), &[Action::ReadClients]),
        get("/clients/new".into(), &[Action::WriteClients]),
        get(format!("/clients/{client}"), &[Action::ReadClients]),
        get(format!("/clients/{client}/edit"), &[Action::WriteClients]),
        get(format!("/clients/{ghost_client}/delete"), &[Action::WriteClients]),
        post(
            "/clients".into(),
            vec![("name", "Matrix Clinic"), ("kind", "clinic")],
            &[Action::WriteClients],
        ),
        post(
            format!("/clients/{ghost_client}"),
            vec![("name", "X"), ("kind", "clinic")],
            &[Action::WriteClients],
        ),
        post(
            format!("/clients/{ghost_client}/delete"),
            vec![],
            &[Action::WriteClients],
        ),
        get("/requisitions".into(), &[Action::ReadRequisitions]),
        get("/requisitions/new".into(), &[Action::WriteRequisitions]),
        get(format!("/requisitions/{req}"), &[Action::ReadRequisitions]),
        get(format!("/requisitions/{req}/edit"), &[Action::WriteRequisitions]),
        get(
            format!("/requisitions/{req}/delete"),
            &[Action::WriteRequisitions],
        ),
        get(format!("/requisitions/{req}/pipeline"), &[Action::ReadPipeline]),
        get(
            format!("/requisitions/{req}/posting"),
            &[Action::WriteRequisitions],
        ),
        post(
            format!("/requisitions/{ghost_req}/posting"),
            vec![("title", "X")],
            &[Action::WriteRequisitions],
        ),
        get(
            format!("/requisitions/{req}/posting/preview"),
            &[Action::ReadRequisitions],
        ),
        post(
            format!("/requisitions/{ghost_req}/posting/status"),
            vec![("to", "published")],
            &[Action::WriteRequisitions],
        ),
        post(
            format!("/requisitions/{req}/pipeline/moves"),
            vec![("app", "nonsense"), ("to", "screening"), ("intent", "move")],
            &[Action::MovePipeline],
        ),
        post(
            format!("/requisitions/{req}/pipeline/moves"),
            vec![("intent", "compare")],
            &[
                Action::ReadPipeline,
                Action::RankCandidates,
                Action::ReadRequisitions,
            ],
        ),
        get(
            format!("/requisitions/{req}/compare?candidate={cand}&candidate={cand}"),
            &[
                Action::ReadPipeline,
                Action::RankCandidates,
                Action::ReadRequisitions,
            ],
        ),
        post(
            "/requisitions".into(),
            vec![("title", "Matrix role")],
            &[Action::WriteRequisitions],
        ),
        post(
            format!("/requisitions/{ghost_req}"),
            vec![("title", "X")],
            &[Action::WriteRequisitions],
        ),
        post(
            format!("/requisitions/{ghost_req}/status"),
            vec![("status", "on_hold")],
            &[Action::WriteRequisitions],
        ),
        post(
            format!("/requisitions/{ghost_req}/delete"),
            vec![],
            &[Action::WriteRequisitions],
        ),
        get("/candidates".into(), &[Action::ReadCandidates]),
        get("/candidates/new".into(), &[Action::WriteCandidates]),
        get(format!("/candidates/{cand}"), &[Action::ReadCandidates]),
        get(format!("/candidates/{cand}/edit"), &[Action::WriteCandidates]),
        post(
            "/candidates".into(),
            vec![("name", "")],
            &[Action::WriteCandidates],
        ),
        post(
            format!("/candidates/{cand}"),
            vec![("name", "X Y")],
            &[Action::WriteCandidates],
        ),
        post(
            format!("/candidates/{cand}/applications"),
            vec![("requisition_id", "")],
            &[Action::OpenApplications],
        ),
        post(
            format!("/candidates/{cand}/notes"),
            vec![("body", "x")],
            &[Action::WriteNotes],
        ),
        get(format!("/applications/{appl}"), &[Action::ReadPipeline]),
        post(
            format!("/applications/{appl}/move"),
            vec![("to", "screening")],
            &[Action::MovePipeline],
        ),
        post(
            format!("/applications/{appl}/notes"),
            vec![("body", "x")],
            &[Action::WriteNotes],
        ),
        get("/admin/users".into(), &[Action::ManageUsers]),
        get(format!("/admin/users/{user}"), &[Action::ManageUsers]),
        get(format!("/admin/users/{user}/deactivate"), &[Action::ManageUsers]),
        get("/admin/tokens".into(), &[Action::ManageTokens]),
        get(
            format!("/admin/tokens/{ghost_token}/revoke"),
            &[Action::ManageTokens],
        ),
        post(
            "/admin/users".into(),
            vec![("email", ""), ("role", "auditor")],
            &[Action::ManageUsers],
        ),
        post(
            format!("/admin/users/{user}"),
            vec![("name", "X")],
            &[Action::ManageUsers],
        ),
        post(
            format!("/admin/users/{user}/invite"),
            vec![],
            &[Action::ManageUsers],
        ),
        post(
            format!("/admin/users/{user}/deactivate"),
            vec![],
            &[Action::ManageUsers],
        ),
        post(
            format!("/admin/invitations/{ghost_invitation}/revoke"),
            vec![],
            &[Action::ManageUsers],
        ),
        post(
            "/admin/tokens".into(),
            vec![("name", "matrix")],
            &[Action::ManageTokens],
        ),
        post(
            format!("/admin/tokens/{ghost_token}/revoke"),
            vec![],
            &[Action::ManageTokens],
        ),
    ];
    for (method, path, form, _) in &pages {
        let resp = no_redirects
            .request(method.clone(), app.url(path))
            .form(form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "anonymous {method} {path}");
        let to = resp.headers()["location"].to_str().unwrap();
        assert!(
            to == "/sign-in" || to.starts_with("/sign-in?"),
            "anonymous {method} {path} goes to sign in, not {to}"
        );
    }
    for role in Role::ALL {
        let b = app.browser(&format!("{}@pages.test", role.code()), *role).await;
        let access = Access::session(&app.user_named(&format!("{}@pages.test", role.code())).await);
        for (method, path, form, actions) in &pages {
            let allowed = actions.iter().all(|a| access.can(*a));
            let mut fields = form.clone();
            fields.push(("_csrf", b.csrf.as_str()));
            let resp = b
                .http
                .request(method.clone(), app.url(path))
                .form(&fields)
                .send()
                .await
                .unwrap();
            let status = resp.status();
            assert!(!status.is_server_error(), "{role:?} {method} {path}: {status}");
            assert!(
                resp.url().path() != "/sign-in",
                "{role:?} {method} {path} was sent to sign in"
            );
            let html = resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html");
            assert!(
                html || path.starts_with("/ui/"),
                "{role:?} {method} {path} answers a page"
            );
            assert_policy(status, allowed, &format!("{role:?} {method} {path}"));
        }
        // A form without the session's token is refused, whatever the role.
        let resp = b
            .http
            .post(app.url("/requisitions"))
            .form(&[("title", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.status(),
            StatusCode::FORBIDDEN,
            "{role:?} form without CSRF token"
        );
    }
}

/// A signed-in caller the policy allows is never refused (403); one it refuses always is; neither
/// is answered as anonymous (401) or with a server error.
fn assert_policy(status: StatusCode, allowed: bool, who: &str) {
    assert!(!status.is_server_error(), "{who}: {status}");
    assert_ne!(
        status,
        StatusCode::UNAUTHORIZED,
        "{who} was answered as anonymous"
    );
    if allowed {
        assert_ne!(status, StatusCode::FORBIDDEN, "{who} should be allowed");
    } else {
        assert_eq!(status, StatusCode::FORBIDDEN, "{who} should be refused");
    }
}

#[tokio::test]
async fn administrators_manage_users_and_tokens_without_locking_themselves_out() {
    let app = TestApp::spawn().await;
    let admin = app.browser("ada@mercy.test", Role::Admin).await;
    let made = admin
        .post(
            &app,
            "/api/v1/users",
            json!({"email": "rita@mercy.test", "name": "Rita Recruiter", "role": "recruiter"}),
        )
        .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.unwrap();
    let password = made["secret"].as_str().unwrap();
    let signed = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "rita@mercy.test", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::OK, "the shown password works");
    let hm_without_client = admin
        .post(
            &app,
            "/api/v1/users",
            json!({"email": "hm@mercy.test", "name": "Hana Manager", "role": "hiring_manager"}),
        )
        .await;
    let (status, body) = problem(hm_without_client).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("client"))
    );
    let me: Value = admin.get_json(&app, "/api/v1/session").await;
    let myself = format!("/api/v1/users/{}", me["id"].as_str().unwrap());
    let patch = |path: &str, body: Value| {
        admin
            .http
            .patch(app.url(path))
            .header("x-csrf-token", &admin.csrf)
            .json(&body)
            .send()
    };
    let (status, body) = problem(patch(&myself, json!({"active": false})).await.unwrap()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["detail"].as_str().unwrap().contains("another administrator"));
    let rita = format!("/api/v1/users/{}", made["id"].as_str().unwrap());
    let deactivated: Value = patch(&rita, json!({"active": false}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(deactivated["active"], false);
    // Demoting oneself is refused by the same rule as on the pages, naming the field.
    let (status, body) = problem(patch(&myself, json!({"role": "recruiter"})).await.unwrap()).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("role"))
    );
    // A role changed through the API ends the person's sessions, as from the pages.
    let sam = app.browser("sam@mercy.test", Role::Recruiter).await;
    let sam_id = sam.get_json(&app, "/api/v1/session").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let changed = patch(&format!("/api/v1/users/{sam_id}"), json!({"role": "auditor"}))
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    let after = sam.http.get(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(
        after.status(),
        StatusCode::UNAUTHORIZED,
        "signed out by the role change"
    );
    // A token whose expiry has already passed is refused, not made.
    let (status, body) = problem(
        admin
            .post(
                &app,
                "/api/v1/tokens",
                json!({"name": "stale", "scopes": ["requisitions:read"], "expires_at": "2020-01-01T00:00:00Z"}),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("expires_at"))
    );
    let (status, body) = problem(
        admin
            .post(&app, "/api/v1/tokens", json!({"name": "nothing", "scopes": []}))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("scopes"))
    );

    let token = admin.post(&app, "/api/v1/tokens", json!({"name": "VMS feed", "scopes": ["requisitions:read"], "expires_at": "2099-01-01T00:00:00Z"})).await;
    assert_eq!(token.status(), StatusCode::CREATED);
    let token: Value = token.json().await.unwrap();
    let secret = token["secret"].as_str().unwrap();
    assert!(secret.starts_with("hst_"));
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(app.url("/api/v1/requisitions"))
            .bearer_auth(secret)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let listed = admin.get_json(&app, "/api/v1/tokens").await;
    assert!(
        listed[0].get("secret").is_none() && listed[0].get("token_hash").is_none(),
        "the secret is never shown again"
    );
    let (status, _) = problem(
        http.post(app.url("/api/v1/tokens"))
            .bearer_auth(secret)
            .json(&json!({"name": "x", "scopes": ["clients:read"]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a token cannot mint tokens");
    let revoke = admin
        .http
        .delete(app.url(&format!("/api/v1/tokens/{}", token["id"].as_str().unwrap())))
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), StatusCode::OK);
    assert_eq!(
        http.get(app.url("/api/v1/requisitions"))
            .bearer_auth(secret)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_skills_taxonomy_is_listed_and_searchable() {
    let app = TestApp::spawn().await;
    let b = app.browser("rec@mercy.test", Role::Recruiter).await;
    let all: Value = b
        .http
        .get(app.url("/api/v1/skills"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(all.as_array().unwrap().len() >= 150);
    let found: Value = b
        .http
        .get(app.url("/api/v1/skills?q=PathNet"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found[0]["id"], "oracle_health.pathnet", "the exact alias first");
    let cp: Value = b
        .http
        .get(app.url("/api/v1/skills/epic.beaker_cp"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (cp["parent"].as_str(), cp["area"].as_str()),
        (Some("epic.beaker"), Some("laboratory systems"))
    );
    assert!(
        cp["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "oracle_health.pathnet")
    );
    let (status, body) = problem(
        b.http
            .get(app.url("/api/v1/skills/no.such"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["detail"].as_str()),
        (StatusCode::NOT_FOUND, Some("no such skill"))
    );
    let page = b
        .http
        .get(app.url("/skills?q=beaker"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Epic Beaker Clinical Pathology") && page.contains("Epic context"));
    assert!(!page.contains("Oracle Health PowerChart"), "only what matches");
}

/// NUL was stored on SQLite (and would fail on PostgreSQL) and U+202E reversed how a name shows:
/// both are refused at the edge, by field, on every backend, and nothing is stored.
#[tokio::test]
async fn text_with_nul_or_direction_overrides_is_refused_by_field() {
    let app = TestApp::spawn().await;
    let rec = app.browser("rec@mercy.test", Role::Recruiter).await;
    for (name, field_value) in [
        ("name", json!("Ana\u{202E}zepoL")),
        ("name", json!("Ana Lopez\u{0}")),
        ("headline", json!("Beaker\u{7} analyst")),
    ] {
        let mut body = candidate_json("Ana Lopez", "ana@example.org");
        body[name] = field_value;
        let (status, body) = problem(rec.post(&app, "/api/v1/candidates", body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], name, "{body}");
        assert!(
            body["errors"][0]["problem"]
                .as_str()
                .unwrap()
                .contains("remove it"),
            "{body}"
        );
    }
    let mut nested = candidate_json("Ana Lopez", "ana@example.org");
    nested["location"]["city"] = json!("Aus\u{0}tin");
    let (status, body) = problem(rec.post(&app, "/api/v1/candidates", nested).await).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("location.city"))
    );
    let (status, _) = problem(rec.get(&app, "/api/v1/candidates?name=A%00na").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "query strings too");
    let listed = rec.get_json(&app, "/api/v1/candidates").await;
    assert_eq!(listed["items"], json!([]), "nothing was stored");
    // Accents are text like any other, and a note keeps its paragraphs.
    let jose = created_id(
        rec.post(
            &app,
            "/api/v1/candidates",
            candidate_json("José Núñez", "jose@example.org"),
        )
        .await,
    )
    .await;
    let note = rec
        .post(
            &app,
            &format!("/api/v1/candidates/{jose}/notes"),
            json!({"body": "Called.\n\nAvailable from March.", "internal": true}),
        )
        .await;
    assert_eq!(note.status(), StatusCode::CREATED);
    // The pages refuse the same, saying why.
    let resp = rec
        .http
        .post(app.url("/candidates"))
        .form(&[("_csrf", rec.csrf.as_str()), ("name", "Bad\u{202E}Name")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.text().await.unwrap().contains("reverses the direction"));
}

/// A requisition's owner: whoever opens it unless another is named; only someone who may change
/// requisitions can own one; a change that does not name the owner keeps it; the list filters by
/// owner.
#[tokio::test]
async fn requisitions_have_an_owner_who_works_them() {
    let app = TestApp::spawn().await;
    let client = app.client.to_string();
    let rec = app.browser("rita@mercy.test", Role::Recruiter).await;
    let rita = app.user_named("rita@mercy.test").await;
    let hm = app.user("hank@mercy.test", Role::HiringManager).await;
    let auditor = app.user("aude@mercy.test", Role::Auditor).await;
    let mine = created_id(
        rec.post(
            &app,
            "/api/v1/requisitions",
            requisition_json(&client, "Beaker analyst"),
        )
        .await,
    )
    .await;
    let shown = rec.get_json(&app, &format!("/api/v1/requisitions/{mine}")).await;
    assert_eq!(
        shown["owner_id"],
        json!(rita.id.to_string()),
        "the creator owns it"
    );
    // Neither a client's hiring manager nor an auditor can own one; an unknown user neither.
    for (who, expected) in [
        (hm.id.to_string(), "cannot own requisitions"),
        (auditor.id.to_string(), "cannot own requisitions"),
        (hitstaff_domain::UserId::new().to_string(), "no such user"),
    ] {
        let mut body = requisition_json(&client, "Owned by the wrong person");
        body["owner_id"] = json!(who);
        let resp = rec.post(&app, "/api/v1/requisitions", body).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = resp.json().await.unwrap();
        let text = problem.to_string();
        assert!(text.contains("owner_id") && text.contains(expected), "{text}");
    }
    // Another recruiter as owner; a later change without the field keeps them.
    let other = app.user("oscar@mercy.test", Role::AccountManager).await;
    let mut body = requisition_json(&client, "Cadence analyst");
    body["owner_id"] = json!(other.id.to_string());
    let theirs = created_id(rec.post(&app, "/api/v1/requisitions", body).await).await;
    let changed = rec
        .put(
            &app,
            &format!("/api/v1/requisitions/{theirs}"),
            requisition_json(&client, "Cadence analyst, renamed"),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(changed["owner_id"], json!(other.id.to_string()));
    // Filtered by owner; a malformed owner says what is wrong.
    let listed = rec
        .get_json(&app, &format!("/api/v1/requisitions?owner={}", other.id))
        .await;
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [theirs.as_str()]);
    let bad = rec.get(&app, "/api/v1/requisitions?owner=nobody").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains("owner"));
}

/// A posting over the API: written as a draft (fields checked by name), published only while the
/// requisition is open, closed when the requisition is filled; a hiring manager reads it but
/// cannot change it.
#[tokio::test]
async fn a_requisition_gets_a_posting_that_is_published_paused_and_closed() {
    let app = TestApp::spawn().await;
    let client = app.client.to_string();
    let rec = app.browser("rita@mercy.test", Role::Recruiter).await;
    let req = created_id(
        rec.post(
            &app,
            "/api/v1/requisitions",
            requisition_json(&client, "Beaker analyst"),
        )
        .await,
    )
    .await;
    let path = format!("/api/v1/requisitions/{req}/posting");
    assert_eq!(rec.get(&app, &path).await.status(), StatusCode::NOT_FOUND);
    let bad = rec
        .put(
            &app,
            &path,
            json!({"title": "", "description": "short", "questions": [
                {"prompt": "Years of Beaker?", "kind": "number", "knockout": ["1"]}
            ]}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = bad.text().await.unwrap();
    for field in ["title", "description", "questions[0].knockout"] {
        assert!(text.contains(field), "{field}: {text}");
    }
    let posting = json!({
        "title": "Epic Beaker Clinical Pathology Analyst",
        "description": "## The work\n\nBuild and support **Epic Beaker CP** for a ten-hospital system: specimen collection, result routing and instrument interfaces.",
        "show_pay": true,
        "questions": [{"prompt": "Years of Beaker build?", "kind": "number", "required": true, "min": 2}]
    });
    let saved = rec.put(&app, &path, posting).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["status"], "draft");
    let status_path = format!("{path}/status");
    let published: Value = rec
        .post(&app, &status_path, json!({"status": "published"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["status"], "published");
    assert!(published["published_at"].is_string());
    let refused = rec.post(&app, &status_path, json!({"status": "draft"})).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The hiring manager reads it and cannot change it.
    let hm = app.browser("hank@mercy.test", Role::HiringManager).await;
    assert_eq!(hm.get_json(&app, &path).await["status"], "published");
    let denied = hm.post(&app, &status_path, json!({"status": "closed"})).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    // Filling the requisition closes the posting.
    let filled = rec
        .post(
            &app,
            &format!("/api/v1/requisitions/{req}/status"),
            json!({"status": "filled"}),
        )
        .await;
    assert_eq!(filled.status(), StatusCode::OK);
    assert_eq!(rec.get_json(&app, &path).await["status"], "closed");
}
