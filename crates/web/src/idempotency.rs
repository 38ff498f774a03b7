//! `Idempotency-Key` on the API's creating requests (POST): a client that retries after a lost
//! answer gets the first answer again instead of a second record. Keys are each user's own and
//! kept for a day.
//!
//! The key is claimed before the request runs and the answer kept after it, so a retry while the
//! first is still running (or after the server stopped in the middle) is told so (409) rather
//! than run twice: the one case where hitstaff cannot know whether the record exists.

use crate::AppState;
use crate::error::AppError;
use crate::session::Caller;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hitstaff_domain::{FieldError, ValidationErrors};
use hitstaff_store::{IdempotentStart, Store, StoredAnswer, now};
use sha2::{Digest, Sha256};

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// Set on an answer sent again for a retried key.
pub const REPLAYED: &str = "idempotent-replayed";
/// How long a key is remembered.
const KEPT_FOR: time::Duration = time::Duration::days(1);
/// Answers larger than this are not kept (the key is let go, and a retry runs afresh).
const MAX_KEPT_ANSWER: usize = 1024 * 1024;

/// Checks a key's form: 1 to 255 visible ASCII characters (a UUID is the usual choice).
pub fn check_key(raw: &HeaderValue) -> Result<&str, AppError> {
    let bad = || {
        AppError::BadRequest(
            "the Idempotency-Key header must be 1 to 255 visible ASCII characters; send a new UUID \
             for each new request and the same one when retrying it"
                .into(),
        )
    };
    let key = raw.to_str().map_err(|_| bad())?;
    let ok = !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic());
    if ok { Ok(key) } else { Err(bad()) }
}

/// The middleware: runs keyed POSTs under `/api/` at most once per key.
pub async fn idempotent<S: Store>(State(state): State<AppState<S>>, req: Request, next: Next) -> Response {
    let keyed = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req.headers().contains_key(HEADER);
    if !keyed {
        return next.run(req).await;
    }
    match run_once(&state, req, next).await {
        Ok(response) | Err(response) => response,
    }
}

async fn run_once<S: Store>(state: &AppState<S>, req: Request, next: Next) -> Result<Response, Response> {
    let (mut parts, body) = req.into_parts();
    let key = match parts.headers.get(HEADER).map(check_key) {
        Some(Ok(key)) => key.to_string(),
        Some(Err(e)) => return Err(e.into_response()),
        None => return Err(AppError::Internal("the key vanished".into()).into_response()),
    };
    // Who is asking decides whose key it is; a caller who is not signed in is answered by the
    // handler as any other.
    let caller = match Caller::from_request_parts(&mut parts, state).await {
        Ok(caller) => caller,
        Err(_) => return Ok(next.run(Request::from_parts(parts, body)).await),
    };
    // The handler takes the caller found here rather than looking the session up again.
    parts.extensions.insert(caller.clone());
    let bytes = axum::body::to_bytes(body, crate::UPLOAD_LIMIT)
        .await
        .map_err(|_| {
            AppError::TooLarge("the request body is over the size limit; send less at once".into())
                .into_response()
        })?;
    let fingerprint = {
        let mut h = Sha256::new();
        h.update(parts.method.as_str().as_bytes());
        h.update(b" ");
        h.update(parts.uri.path().as_bytes());
        h.update(b"?");
        h.update(parts.uri.query().unwrap_or_default().as_bytes());
        h.update(b"\n");
        h.update(&bytes);
        crate::auth::to_hex(&h.finalize())
    };
    let (org, user) = (caller.user.org_id, caller.user.id);
    let start = state
        .store
        .start_idempotent(org, user, &key, &fingerprint, now() - KEPT_FOR)
        .await
        .map_err(|e| AppError::from(e).into_response())?;
    match start {
        IdempotentStart::Fresh => {}
        IdempotentStart::Answered(answer) => return Ok(replay(answer)),
        IdempotentStart::OtherRequest => {
            return Err(AppError::Invalid(ValidationErrors {
                errors: vec![FieldError::new(
                    "Idempotency-Key",
                    "this key was already used for a different request; send a new key for a new request",
                )],
            })
            .into_response());
        }
        IdempotentStart::Unanswered { since } => {
            return Err(AppError::Conflict(format!(
                "a request with this Idempotency-Key, sent at {since}, has not been answered: it is still \
                 running or was cut off. Wait a moment and retry with the same key; if it keeps \
                 answering this, check whether the record was made before sending it again with a new key"
            ))
            .into_response());
        }
    }
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let status = response.status();
    // Refusals that a retry may get past (signed out, throttled, unavailable) and failures are
    // not kept: the key is let go and the retry runs afresh.
    let keep = (status.is_success() || status.is_client_error())
        && !matches!(
            status,
            StatusCode::UNAUTHORIZED
                | StatusCode::FORBIDDEN
                | StatusCode::REQUEST_TIMEOUT
                | StatusCode::CONFLICT
                | StatusCode::TOO_MANY_REQUESTS
        );
    if !keep {
        release(state, org, user, &key).await;
        return Ok(response);
    }
    let (head, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_KEPT_ANSWER).await else {
        release(state, org, user, &key).await;
        return Err(
            AppError::Internal("an answer too large to keep for its Idempotency-Key".into()).into_response(),
        );
    };
    let answer = StoredAnswer {
        status: head.status.as_u16(),
        content_type: head
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: bytes.to_vec(),
    };
    if let Err(e) = state.store.finish_idempotent(org, user, &key, &answer).await {
        tracing::warn!(error = %e, "keeping an answer for its idempotency key");
    }
    Ok(Response::from_parts(head, Body::from(bytes)))
}

async fn release<S: Store>(
    state: &AppState<S>,
    org: hitstaff_domain::OrgId,
    user: hitstaff_domain::UserId,
    key: &str,
) {
    if let Err(e) = state.store.release_idempotent(org, user, key).await {
        tracing::warn!(error = %e, "letting an idempotency key go");
    }
}

fn replay(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_TYPE);
    if let Some(v) = answer.content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}
