//! Signing in and out, and changing one's password.

use super::Body;
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::auth::{check_password, digest, hash_password, new_secret, verify_password};
use crate::error::AppError;
use crate::session::{Caller, Credential, SESSION_COOKIE};
use crate::throttle::ClientAddress;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hitstaff_domain::{AuthEventKind, Email, OrgId, Role, UserId};
use hitstaff_store::{AuthEvent, AuthEventKey, NewSession, Store, now};
use serde::{Deserialize, Serialize};

pub fn routes<S: Store>() -> ApiRoutes<S> {
    routes!(sign_in::<S>, me, sign_out::<S>, change_password::<S>)
}

#[derive(Deserialize, utoipa::ToSchema)]
struct SignIn {
    email: String,
    password: String,
    /// Only needed when the address and password open accounts in more than one organisation:
    /// the short name of the one to sign in to.
    #[serde(default)]
    organization: Option<String>,
}

/// The signed-in user as the API shows them.
#[derive(Serialize, utoipa::ToSchema)]
struct Me {
    id: UserId,
    org_id: OrgId,
    email: String,
    name: String,
    role: Role,
    client_id: Option<hitstaff_domain::ClientId>,
}

impl From<&hitstaff_domain::User> for Me {
    fn from(u: &hitstaff_domain::User) -> Self {
        Me {
            id: u.id,
            org_id: u.org_id,
            email: u.email.to_string(),
            name: u.name.to_string(),
            role: u.role,
            client_id: u.client_id,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
struct Signed {
    user: Me,
    /// Send this in the X-CSRF-Token header on every request that changes something.
    csrf_token: String,
    expires_at: String,
    idle_timeout_seconds: u64,
}

/// The accounts one sign-in tries the password against (each try costs tens of milliseconds); a
/// person with more accounts under one address names the organisation.
const MAX_ACCOUNTS_PER_ADDRESS: usize = 8;

const WRONG: &str = "the email address or the password is wrong";

/// A hash of a password nobody has (same parameters as real ones), verified when the account does
/// not exist so that a failed sign-in takes as long whether or not the address is known.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let secret = new_secret().unwrap_or_else(|_| "no randomness: the hash still costs the same".into());
    hash_password(&secret).unwrap_or_default()
});

fn event(
    kind: AuthEventKind,
    org: Option<OrgId>,
    user: Option<UserId>,
    subject: Option<String>,
    address: &str,
) -> AuthEvent {
    AuthEvent {
        org,
        user,
        kind,
        subject_hash: subject,
        address: Some(address.to_string()),
        at: now(),
    }
}

/// A new session for a user who proved who they are.
pub(crate) struct SignedIn {
    /// The cookie value; only its hash is stored.
    pub token: String,
    pub session: hitstaff_domain::User,
    pub csrf_token: String,
    pub expires_at: time::OffsetDateTime,
}

/// Checks an email address and password and opens a session. Repeated failures of one account
/// from one address make each further try wait longer, and an address that fails on many
/// accounts waits out the window; no account is ever locked (see [`crate::throttle`]). Every
/// outcome is recorded in the account events.
#[tracing::instrument(skip_all)]
pub(crate) async fn authenticate<S: Store>(
    state: &AppState<S>,
    email: &str,
    password: String,
    organization: Option<&str>,
    address: &str,
) -> Result<SignedIn, AppError> {
    let email = Email::parse(email).map_err(|e| AppError::Invalid(e.for_field("email").into()))?;
    let subject = digest(email.as_str());
    let limits = &state.auth.limits;
    let at = now();
    let window_start = at - limits.window;
    let failed = AuthEventKind::SignInFailed;
    let by_address = state
        .store
        .tally_auth_events(failed, &AuthEventKey::Address(address.to_string()), window_start)
        .await?;
    if by_address.count >= limits.max_failures_per_address {
        let minutes = limits.window.as_secs().div_ceil(60);
        return Err(AppError::TooManyRequests {
            detail: format!(
                "too many failed sign-ins from your network address; wait up to {minutes} minutes and try again, or ask an administrator"
            ),
            retry_after: limits.window.as_secs(),
        });
    }
    let pair = AuthEventKey::Pair {
        subject: subject.clone(),
        address: address.to_string(),
    };
    let by_pair = state.store.tally_auth_events(failed, &pair, window_start).await?;
    let since_last = by_pair
        .last
        .map_or(limits.window, |last| (at - last).try_into().unwrap_or_default());
    if let Some(wait) = limits.pair_wait(by_pair.count, since_last) {
        let seconds = wait.as_secs_f64().ceil() as u64;
        return Err(AppError::TooManyRequests {
            detail: format!(
                "several wrong passwords in a row; wait {seconds} seconds and try again (or ask an administrator for a new link)"
            ),
            retry_after: seconds,
        });
    }
    // An address is unique only within an organisation, so it may open accounts in several: the
    // password is tried against each active one (or only the chosen organisation's).
    let chosen = organization
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase);
    let mut records = Vec::new();
    for r in state.store.user_for_sign_in(&email).await? {
        if !r.user.active {
            continue;
        }
        if let Some(slug) = &chosen
            && state.store.get_organization(r.user.org_id).await?.slug.as_str() != slug
        {
            continue;
        }
        records.push(r);
        if records.len() == MAX_ACCOUNTS_PER_ADDRESS {
            break;
        }
    }
    let hashes: Vec<String> = records
        .iter()
        .map(|r| r.password_hash.clone().unwrap_or_else(|| DUMMY_HASH.clone()))
        .collect();
    // Hashing takes tens of milliseconds of CPU: off the async threads. With no account, the dummy
    // hash takes the same time, so a failure does not tell whether the address is known.
    let matches = tokio::task::spawn_blocking(move || {
        if hashes.is_empty() {
            verify_password(&password, &DUMMY_HASH);
            return Vec::new();
        }
        hashes
            .iter()
            .map(|h| verify_password(&password, h))
            .collect::<Vec<bool>>()
    })
    .await
    .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?;
    let opened: Vec<&hitstaff_domain::User> = records
        .iter()
        .zip(&matches)
        .filter(|(_, ok)| **ok)
        .map(|(r, _)| &r.user)
        .collect();
    let user = match opened.as_slice() {
        [user] => *user,
        [] => {
            let failed_accounts: Vec<(Option<OrgId>, Option<UserId>)> = if records.is_empty() {
                vec![(None, None)]
            } else {
                records
                    .iter()
                    .map(|r| (Some(r.user.org_id), Some(r.user.id)))
                    .collect()
            };
            for (org, uid) in failed_accounts {
                state
                    .store
                    .record_auth_event(&event(
                        AuthEventKind::SignInFailed,
                        org,
                        uid,
                        Some(subject.clone()),
                        address,
                    ))
                    .await?;
            }
            return Err(AppError::Unauthenticated(WRONG.into()));
        }
        several => {
            // Only someone who knows the password learns the organisations' names.
            let mut names = Vec::new();
            for u in several {
                let o = state.store.get_organization(u.org_id).await?;
                names.push(format!("{} ({})", o.slug.as_str(), o.name.as_str()));
            }
            return Err(AppError::Invalid(
                hitstaff_domain::FieldError::new(
                    "organization",
                    format!(
                        "this email address and password open accounts in more than one organisation; enter the short name of the one to sign in to: {}",
                        names.join(", ")
                    ),
                )
                .into(),
            ));
        }
    };
    let token = new_secret().map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let csrf = new_secret().map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let expires_at = now() + state.auth.absolute_lifetime;
    let session = state
        .store
        .create_session(&NewSession {
            token_hash: digest(&token),
            org: user.org_id,
            user: user.id,
            csrf_token: csrf.clone(),
            expires_at,
        })
        .await?;
    state
        .store
        .record_auth_event(&event(
            AuthEventKind::SignedIn,
            Some(user.org_id),
            Some(user.id),
            Some(subject),
            address,
        ))
        .await?;
    Ok(SignedIn {
        token,
        session: session.user,
        csrf_token: csrf,
        expires_at,
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    summary = "Sign in: sets the session cookie and returns the CSRF token",
    request_body = SignIn,
    responses(
        (status = 200, description = "Signed in", body = Signed),
        crate::api::docs::Problems,
        crate::api::docs::SignInProblems
    ),
    security(())
)]
async fn sign_in<S: Store>(
    State(state): State<AppState<S>>,
    peer: ClientAddress,
    Body(form): Body<SignIn>,
) -> Result<Response, AppError> {
    let signed = authenticate(
        &state,
        &form.email,
        form.password,
        form.organization.as_deref(),
        &peer.to_string(),
    )
    .await?;
    let cookie = session_cookie(&state, &signed.token);
    let body = Signed {
        user: Me::from(&signed.session),
        csrf_token: signed.csrf_token,
        expires_at: signed.expires_at.to_string(),
        idle_timeout_seconds: state.auth.idle_timeout.as_secs(),
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// The Set-Cookie value that gives the browser its session.
pub(crate) fn session_cookie<S: Store>(state: &AppState<S>, token: &str) -> String {
    let max_age = state.auth.absolute_lifetime.as_secs();
    let secure = if state.auth.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Records why a user's session ended.
pub(crate) async fn record_sign_off<S: Store>(
    state: &AppState<S>,
    u: &hitstaff_domain::User,
    kind: AuthEventKind,
    peer: ClientAddress,
) -> Result<(), AppError> {
    state
        .store
        .record_auth_event(&event(kind, Some(u.org_id), Some(u.id), None, &peer.to_string()))
        .await?;
    Ok(())
}

/// Records why the caller's sessions ended and clears the browser's cookie: 204 No Content.
async fn signed_off<S: Store>(
    state: &AppState<S>,
    u: &hitstaff_domain::User,
    kind: AuthEventKind,
    peer: ClientAddress,
) -> Result<Response, AppError> {
    record_sign_off(state, u, kind, peer).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, clear_cookie());
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

pub(crate) fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("hitstaff_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[utoipa::path(
    get,
    path = "/api/v1/session",
    tag = "session",
    summary = "Who is signed in",
    responses((status = 200, description = "The signed-in user", body = Me), crate::api::docs::Problems)
)]
async fn me(caller: Caller) -> Json<Me> {
    Json(Me::from(&caller.user))
}

#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    summary = "Sign out: ends this session",
    responses((status = 204, description = "Signed out; the cookie is cleared"), crate::api::docs::Problems)
)]
#[tracing::instrument(skip_all)]
async fn sign_out<S: Store>(
    State(state): State<AppState<S>>,
    peer: ClientAddress,
    caller: Caller,
) -> Result<Response, AppError> {
    let Credential::Session { token_hash, .. } = &caller.credential else {
        return Err(AppError::BadRequest(
            "API tokens are not sessions; revoke a token instead of signing out".into(),
        ));
    };
    state.store.end_session(token_hash).await?;
    let u = &caller.user;
    signed_off(&state, u, AuthEventKind::SignedOut, peer).await
}

#[derive(Deserialize, utoipa::ToSchema)]
struct ChangePassword {
    current_password: String,
    new_password: String,
}

/// Changes the caller's password and ends all their sessions, this one included.
#[utoipa::path(
    post,
    path = "/api/v1/session/password",
    tag = "session",
    summary = "Change one's password; every session of the user ends",
    request_body = ChangePassword,
    responses((status = 204, description = "Changed; sign in again"), crate::api::docs::Problems)
)]
async fn change_password<S: Store>(
    State(state): State<AppState<S>>,
    peer: ClientAddress,
    caller: Caller,
    Body(form): Body<ChangePassword>,
) -> Result<Response, AppError> {
    replace_password(&state, &caller, form.current_password, form.new_password).await?;
    signed_off(&state, &caller.user, AuthEventKind::PasswordChanged, peer).await
}

/// Checks the current password and the new one against the policy, stores the new hash and ends
/// every session of the user. Errors name the field to fix.
#[tracing::instrument(skip_all)]
pub(crate) async fn replace_password<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    current: String,
    new: String,
) -> Result<(), AppError> {
    if !matches!(caller.credential, Credential::Session { .. }) {
        return Err(AppError::Forbidden(
            "passwords are changed by signing in, not with an API token".into(),
        ));
    }
    let u = &caller.user;
    check_password(&new, &[u.email.as_str(), u.name.as_str()])
        .map_err(|p| AppError::Invalid(hitstaff_domain::FieldError::new("new_password", p).into()))?;
    let stored = state
        .store
        .user_for_sign_in(&u.email)
        .await?
        .into_iter()
        .find(|r| r.user.id == u.id)
        .and_then(|r| r.password_hash)
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let hashed =
        tokio::task::spawn_blocking(move || verify_password(&current, &stored).then(|| hash_password(&new)))
            .await
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))?;
    let hash = match hashed {
        None => {
            return Err(AppError::Invalid(
                hitstaff_domain::FieldError::new("current_password", "the current password is wrong").into(),
            ));
        }
        Some(Err(e)) => return Err(AppError::Internal(format!("password hashing failed: {e}"))),
        Some(Ok(h)) => h,
    };
    state.store.set_password_hash(u.org_id, u.id, &hash).await?;
    state.store.end_user_sessions(u.org_id, u.id).await?;
    Ok(())
}
