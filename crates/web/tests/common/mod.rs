//! The real server on port 0 with a fresh database, for the API and browser tests.
//!
//! The backend is SQLite unless `HITSTAFF_TEST_BACKEND=postgres` (scripts/test runs these tests once
//! for each): then a fresh PostgreSQL database per test on `HITSTAFF_TEST_POSTGRES_URL`.

#![allow(dead_code, reason = "each test binary uses part of this")]

use hitstaff_domain::{
    ApiTokenId, Client, ClientId, ClientKind, Email, NewClient, NewOrganization, NewUser, OrgId,
    Organization, PersonName, Role, User, UserId,
};
use hitstaff_domain::{
    Application, ApplicationId, Candidate, CandidateId, NewApplication, NewCandidate, NewNote,
    NewRequisition, Note, NoteSubject, Requisition, Stage, StageMove,
};
use hitstaff_store::prelude::*;
use hitstaff_store::{Actor, ApiToken, AuthEvent, NewApiToken, Session, SignInRecord, UserUpdate};
use hitstaff_store_postgres::PgStore;
use hitstaff_store_sqlite::SqliteStore;
use hitstaff_web::auth::hash_password;
use hitstaff_web::session::AuthSettings;
use hitstaff_web::{AppState, ServerInfo, serve};
use time::OffsetDateTime;

pub const PASSWORD: &str = "amber-lantern-river-7";

/// The database behind one test's server.
pub enum TestDb {
    Sqlite(SqliteStore, tempfile::TempDir),
    Postgres(PgStore),
}

/// The Store methods tests call directly, forwarded to whichever backend is in use.
macro_rules! forward {
    ($( fn $name:ident(&self $(, $arg:ident : $ty:ty)*) -> $ret:ty; )*) => {
        impl TestDb {
            $(
                pub async fn $name(&self $(, $arg: $ty)*) -> hitstaff_store::Result<$ret> {
                    match self {
                        TestDb::Sqlite(s, _) => s.$name($($arg),*).await,
                        TestDb::Postgres(s) => s.$name($($arg),*).await,
                    }
                }
            )*
        }
    };
}

forward! {
    fn create_organization(&self, new: &NewOrganization) -> Organization;
    fn create_client(&self, org: OrgId, new: &NewClient) -> Client;
    fn get_client(&self, org: OrgId, id: ClientId) -> Client;
    fn list_clients(&self, org: OrgId) -> Vec<Client>;
    fn create_user(&self, org: OrgId, new: &NewUser) -> User;
    fn update_user(&self, org: OrgId, id: UserId, update: &UserUpdate) -> User;
    fn session(&self, token_hash: &str, now: OffsetDateTime) -> Option<Session>;
    fn user_for_sign_in(&self, email: &Email) -> Vec<SignInRecord>;
    fn list_auth_events(&self, org: OrgId, user: Option<UserId>, limit: u32) -> Vec<AuthEvent>;
    fn create_api_token(&self, org: OrgId, new: &NewApiToken) -> ApiToken;
    fn revoke_api_token(&self, org: OrgId, id: ApiTokenId, at: OffsetDateTime) -> ApiToken;
    fn create_requisition(&self, org: OrgId, new: &NewRequisition) -> Requisition;
    fn get_posting(&self, org: OrgId, requisition: hitstaff_domain::RequisitionId) -> hitstaff_domain::Posting;
    fn create_candidate(&self, org: OrgId, new: &NewCandidate) -> Candidate;
    fn delete_candidate(&self, org: OrgId, id: CandidateId) -> ();
    fn count_candidates(&self, org: OrgId) -> u64;
    fn create_application(&self, org: OrgId, new: &NewApplication, by: Option<UserId>) -> Application;
    fn move_application(&self, org: OrgId, id: ApplicationId, to: Stage, actor: Actor, mv: &StageMove) -> Application;
    fn add_note(&self, org: OrgId, subject: NoteSubject, author: Option<UserId>, new: &NewNote) -> Note;
}

/// Which backend this run tests.
pub fn postgres_requested() -> bool {
    std::env::var("HITSTAFF_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

impl TestDb {
    /// A fresh, migrated database; `None` when PostgreSQL was asked for but is not configured
    /// (outside CI only: in CI that panics).
    pub async fn fresh() -> Option<TestDb> {
        if postgres_requested() {
            let (_admin, _name, url) = hitstaff_store_tests::postgres::new_database().await?;
            let store = PgStore::open_with(&url, 8).await.expect("open PostgreSQL");
            store.migrate().await.expect("migrate");
            Some(TestDb::Postgres(store))
        } else {
            let dir = tempfile::tempdir().unwrap();
            let store = SqliteStore::open_path(&dir.path().join("web.sqlite"))
                .await
                .unwrap();
            store.migrate().await.unwrap();
            Some(TestDb::Sqlite(store, dir))
        }
    }
}

/// A running server with one organisation and one client.
pub struct TestApp {
    pub base: String,
    pub store: TestDb,
    pub org: OrgId,
    pub client: ClientId,
    /// The server's candidate index (to watch it catch up).
    pub candidates: std::sync::Arc<hitstaff_matching::CandidateIndex>,
}

fn sandbox() -> hitstaff_ingest::extract::Sandbox {
    hitstaff_ingest::extract::Sandbox::new(TestApp::sandbox_program(), std::iter::empty::<&str>())
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(AuthSettings::default()).await
    }

    pub async fn spawn_with(mut auth: AuthSettings) -> Self {
        // Server-side errors are logged, not shown to callers: print them with the test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let Some(store) = TestDb::fresh().await else {
            panic!("HITSTAFF_TEST_BACKEND=postgres needs HITSTAFF_TEST_POSTGRES_URL (scripts/test sets it)")
        };
        let org = store
            .create_organization(&NewOrganization::parse("Mercy IT", "mercy-it").unwrap())
            .await
            .unwrap()
            .id;
        let client = NewClient {
            name: "Mercy General".into(),
            kind: ClientKind::Hospital,
            locations: vec![],
            ehr_systems: vec![],
            notes: String::new(),
        };
        let client = store.create_client(org, &client).await.unwrap().id;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        if auth.public_url.is_none() {
            auth.public_url = Some(hitstaff_domain::PublicUrl::parse(&base).unwrap());
        }
        let index = match &store {
            TestDb::Sqlite(s, _) => {
                let mut state =
                    AppState::new(s.clone(), ServerInfo::new(s.backend(), 3)).with_sandbox(sandbox());
                state.auth = auth;
                let index = state.candidates.clone();
                tokio::spawn(serve(state, listener, std::future::pending()));
                index
            }
            TestDb::Postgres(s) => {
                let mut state =
                    AppState::new(s.clone(), ServerInfo::new(s.backend(), 3)).with_sandbox(sandbox());
                state.auth = auth;
                let index = state.candidates.clone();
                tokio::spawn(serve(state, listener, std::future::pending()));
                index
            }
        };
        // The server loads its candidate index as it starts (a moment on an empty database).
        for _ in 0..500 {
            if index.is_ready() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(index.is_ready(), "the candidate index did not load within 5 s");
        TestApp {
            base,
            store,
            org,
            client,
            candidates: index,
        }
    }

    /// A user with the shared test password (a hiring manager at the test client).
    pub async fn user(&self, email: &str, role: Role) -> User {
        let client = role.is_client_scoped().then_some(self.client);
        let hash = hash_password(PASSWORD).unwrap();
        let name = PersonName::parse("Pat Example").unwrap();
        let new = NewUser::new(Email::parse(email).unwrap(), name, role, client, Some(hash)).unwrap();
        self.store.create_user(self.org, &new).await.unwrap()
    }

    /// A user already added, by email.
    pub async fn user_named(&self, email: &str) -> User {
        self.store
            .user_for_sign_in(&Email::parse(email).unwrap())
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.user.org_id == self.org)
            .expect("the user was added")
            .user
    }

    /// A fresh API token of `owner` with these scopes (its secret).
    pub async fn token(&self, owner: &User, scopes: &[hitstaff_domain::Scope]) -> String {
        let secret = hitstaff_web::auth::new_api_token().unwrap();
        let new = NewApiToken {
            name: format!("test {}", &secret[4..12]),
            token_hash: hitstaff_web::auth::digest(&secret),
            scopes: scopes.to_vec(),
            created_by: owner.id,
            expires_at: None,
        };
        self.store.create_api_token(self.org, &new).await.unwrap();
        secret
    }

    /// The worker that reads uploaded resumes in these tests.
    pub fn sandbox_program() -> &'static str {
        env!("CARGO_BIN_EXE_hitstaff-web-extract")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A browser signed in over the API: keeps its cookies, follows no redirects (tests look at
/// them), and holds the session's CSRF token.
pub struct Browser {
    pub http: reqwest::Client,
    pub csrf: String,
}

impl Browser {
    /// A page's HTML, as this browser sees it (whatever its status).
    pub async fn html(&self, app: &TestApp, path: &str) -> String {
        self.http
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

/// Adds a user with the shared password and signs them in.
pub async fn browser(app: &TestApp, email: &str, role: Role) -> Browser {
    app.user(email, role).await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = http
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), reqwest::StatusCode::OK, "sign in as {email}");
    let body: serde_json::Value = resp.json().await.unwrap();
    Browser {
        http,
        csrf: body["csrf_token"].as_str().unwrap().to_string(),
    }
}
