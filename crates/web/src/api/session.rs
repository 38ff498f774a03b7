//! Signing in and out, and changing one's password.

use super::Body;
use crate::AppState;
use crate::api::routes::{ApiRoutes, routes};
use crate::error::AppError;
use crate::session::{Caller, Credential, clear_cookie, session_cookie};
use crate::throttle::ClientAddress;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hitstaff_app::account::{self, SignInRequest};
use hitstaff_domain::{OrgId, Role, UserId};
use hitstaff_store::Store;
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
    let address = peer.to_string();
    let request = SignInRequest {
        email: &form.email,
        password: &form.password,
        organization: form.organization.as_deref(),
        address: &address,
    };
    let signed = account::sign_in(&state.store, &state.auth.rules(), request).await?;
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
/// 204 No Content, with the session cookie cleared.
fn signed_off() -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, clear_cookie());
    (StatusCode::NO_CONTENT, headers).into_response()
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
    account::sign_out(&state.store, &caller.user, Some(token_hash), &peer.to_string()).await?;
    Ok(signed_off())
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
    let address = peer.to_string();
    account::change_password(
        &state.store,
        caller.actor(),
        form.current_password,
        form.new_password,
        &address,
    )
    .await?;
    Ok(signed_off())
}
