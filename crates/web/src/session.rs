//! Who is calling: a browser with a session cookie, or another system with an API token.
//!
//! Sessions end after `idle_timeout` without activity and after `absolute_lifetime` in any case
//! (HIPAA 164.312(a)(2)(iii), automatic logoff). Browser requests that change something must carry
//! the session's CSRF token in the `X-CSRF-Token` header; token requests carry no ambient
//! credentials and need none.

use crate::AppState;
use crate::auth::digest;
use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use hitstaff_domain::{Access, Action, AuthEventKind, Scope, User};
use hitstaff_store::{AuthEvent, Store, now};
use std::time::Duration;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "hitstaff_session";
/// The header that carries the CSRF token on browser writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How sessions and sign-ins behave.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
    /// Mark cookies Secure: on whenever hitstaff is reached over HTTPS (directly or via a proxy).
    pub secure_cookies: bool,
    /// How repeated sign-in failures are slowed down.
    pub limits: crate::throttle::SignInLimits,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::throttle::TrustedProxies,
    /// The address users reach hitstaff at (`https://jobs.example.org`): invitation and
    /// password links are built from it, never from a request's `Host` header.
    pub public_url: Option<hitstaff_domain::PublicUrl>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(15 * 60),
            absolute_lifetime: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
            limits: Default::default(),
            trusted_proxies: Default::default(),
            public_url: None,
        }
    }
}

impl AuthSettings {
    /// What the application layer needs to open sessions.
    pub fn rules(&self) -> hitstaff_app::account::SessionRules {
        hitstaff_app::account::SessionRules {
            absolute_lifetime: self.absolute_lifetime,
            limits: self.limits.clone(),
        }
    }
}

/// The `Set-Cookie` value that gives the browser its session.
pub fn session_cookie<S: Store>(state: &AppState<S>, token: &str) -> String {
    let max_age = state.auth.absolute_lifetime.as_secs();
    let secure = if state.auth.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The `Set-Cookie` value that makes the browser forget its session.
pub fn clear_cookie() -> axum::http::HeaderValue {
    axum::http::HeaderValue::from_static("hitstaff_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    Session { token_hash: String, csrf_token: String },
    Token { scopes: Vec<Scope> },
}

/// The signed-in user (or the user who made the API token in use), with what the access policy
/// lets them do and see.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub credential: Credential,
    pub access: Access,
}

impl Caller {
    fn new(user: User, credential: Credential) -> Self {
        let access = match &credential {
            Credential::Session { .. } => Access::session(&user),
            Credential::Token { scopes } => Access::token(&user, scopes.clone()),
        };
        Caller {
            user,
            credential,
            access,
        }
    }

    /// Allows `action` if the access policy does (the role, and for a token its scopes).
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        self.access.check(action).map_err(AppError::from)
    }

    /// The caller, as the application layer's use cases take them.
    pub fn actor(&self) -> hitstaff_app::Actor<'_> {
        hitstaff_app::Actor::new(&self.user, &self.access)
    }

    /// Whether the access policy allows `action`.
    pub fn can(&self, action: Action) -> bool {
        self.access.can(action)
    }

    pub fn org(&self) -> hitstaff_domain::OrgId {
        self.user.org_id
    }
}

/// The value of one cookie in the request.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

impl<S: Store> FromRequestParts<AppState<S>> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, AppError> {
        // Already found for this request (by the idempotency middleware); clients cannot set
        // request extensions.
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let at = now();
        if let Some(token) = bearer(parts) {
            let unknown = || AppError::Unauthenticated("the API token is unknown, revoked or expired".into());
            let found = state
                .store
                .api_token(&digest(token), at)
                .await?
                .ok_or_else(unknown)?;
            let user = state.store.get_user(found.org_id, found.created_by).await?;
            if !user.active {
                return Err(AppError::Unauthenticated(
                    "the API token's owner has been deactivated".into(),
                ));
            }
            return Ok(Caller::new(user, Credential::Token { scopes: found.scopes }));
        }
        let caller = session_caller(parts, state).await?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !csrf_header_matches(parts, &caller) {
            return Err(AppError::Forbidden(
                "the request lacks this session's CSRF token (send it in the X-CSRF-Token header)".into(),
            ));
        }
        Ok(caller)
    }
}

/// Whether the request's `X-CSRF-Token` header carries the caller's session CSRF token.
pub fn csrf_header_matches(parts: &Parts, caller: &Caller) -> bool {
    let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    matches!(&caller.credential, Credential::Session { csrf_token, .. } if sent == Some(csrf_token.as_str()))
}

/// The caller signed in with the session cookie, without any CSRF check: the caller of this must
/// check the token itself (in a header or a form field) before changing anything.
pub async fn session_caller<S: Store>(parts: &Parts, state: &AppState<S>) -> Result<Caller, AppError> {
    let at = now();
    let Some(token) = cookie(parts, SESSION_COOKIE) else {
        return Err(AppError::Unauthenticated("sign in first".into()));
    };
    let token_hash = digest(token);
    let session = state
        .store
        .session(&token_hash, at)
        .await?
        .ok_or_else(|| AppError::Unauthenticated("your session has ended; sign in again".into()))?;
    let idle = state.auth.idle_timeout;
    if at - session.last_seen_at > idle {
        state.store.end_session(&token_hash).await?;
        state
            .store
            .record_auth_event(&AuthEvent {
                org: Some(session.user.org_id),
                user: Some(session.user.id),
                kind: AuthEventKind::SessionExpired,
                subject_hash: None,
                address: None,
                at,
            })
            .await?;
        return Err(AppError::Unauthenticated(format!(
            "your session ended after {} minutes without activity; sign in again",
            idle.as_secs() / 60
        )));
    }
    // Record activity at most once a second (a page and its htmx requests are one write, so
    // reads do not queue behind the single SQLite writer), so that the idle clock runs from the
    // last activity to within a second, never ending a session early by more.
    let touch_every = (idle / 10).min(Duration::from_secs(1));
    if at - session.last_seen_at >= touch_every {
        state.store.touch_session(&token_hash, at).await?;
    }
    Ok(Caller::new(
        session.user,
        Credential::Session {
            token_hash,
            csrf_token: session.csrf_token,
        },
    ))
}
