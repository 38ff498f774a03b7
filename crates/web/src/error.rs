//! One error type for handlers, rendered as RFC 9457 problem+json. What a user did wrong is said
//! plainly; what went wrong inside is logged in full and shown as an opaque 500.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hitstaff_domain::{FieldError, ValidationErrors};
use hitstaff_store::StoreError;
use serde::Serialize;

#[derive(Debug)]
pub enum AppError {
    /// No (or no longer a) signed-in user or valid token.
    Unauthenticated(String),
    /// Signed in, but the role or token scope does not allow this.
    Forbidden(String),
    NotFound(String),
    /// The request itself is malformed (bad JSON, wrong content type).
    BadRequest(String),
    /// The body is over the size limit.
    TooLarge(String),
    /// Well-formed, but the values break the rules; each field says why.
    Invalid(ValidationErrors),
    Conflict(String),
    /// Throttled; try again after this many seconds.
    TooManyRequests {
        detail: String,
        retry_after: u64,
    },
    /// Something the request needs is not there for a moment (the database, the candidate index
    /// while it loads, an unset public address); the text says which and what to do.
    Unavailable(String),
    /// A bug or an unexpected failure; details go to the log only.
    Internal(String),
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
}

impl AppError {
    fn parts(&self) -> (StatusCode, &'static str, &str, &[FieldError]) {
        match self {
            AppError::Unauthenticated(d) => (StatusCode::UNAUTHORIZED, "Sign-in required", d, &[]),
            AppError::Forbidden(d) => (StatusCode::FORBIDDEN, "Not allowed", d, &[]),
            AppError::NotFound(d) => (StatusCode::NOT_FOUND, "Not Found", d, &[]),
            AppError::BadRequest(d) => (StatusCode::BAD_REQUEST, "Bad request", d, &[]),
            AppError::TooLarge(d) => (StatusCode::PAYLOAD_TOO_LARGE, "Too large", d, &[]),
            AppError::Invalid(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid input",
                "some fields need changing; see errors",
                &e.errors,
            ),
            AppError::Conflict(d) => (StatusCode::CONFLICT, "Conflict", d, &[]),
            AppError::TooManyRequests { detail, .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "Too many attempts", detail, &[])
            }
            AppError::Unavailable(d) => (StatusCode::SERVICE_UNAVAILABLE, "Unavailable", d, &[]),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error",
                "something went wrong on our side; it has been logged",
                &[],
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(cause) => tracing::error!(cause = %cause, "request failed"),
            AppError::Unavailable(detail) => tracing::warn!(detail = %detail, "unavailable"),
            _ => {}
        }
        let (status, title, detail, errors) = self.parts();
        let body = Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail,
            errors,
        };
        let json = serde_json::to_string(&body).unwrap_or_else(|_| String::from("{}"));
        let mut response = (status, json).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let AppError::TooManyRequests { retry_after, .. } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after.to_string())
        {
            headers.insert(header::RETRY_AFTER, v);
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"hitstaff\""),
            );
        }
        response
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { entity } => AppError::NotFound(format!("no such {entity}")),
            StoreError::Conflict { .. } => AppError::Conflict(e.to_string()),
            StoreError::Invalid(errors) => AppError::Invalid(errors),
            StoreError::Transition(t) => AppError::Conflict(t.to_string()),
            StoreError::Unavailable { .. } => {
                // The store's message may name hosts and paths: for the log, not the caller.
                tracing::error!(cause = %e, "the database is unavailable");
                AppError::Unavailable("the database is unavailable; try again shortly".into())
            }
            other => AppError::Internal(format!("{other:?}")),
        }
    }
}

impl From<hitstaff_app::Error> for AppError {
    fn from(e: hitstaff_app::Error) -> Self {
        match e {
            hitstaff_app::Error::Denied(d) => d.into(),
            hitstaff_app::Error::Invalid(v) => AppError::Invalid(v),
            hitstaff_app::Error::BadRequest(m) => AppError::BadRequest(m),
            hitstaff_app::Error::NotFound(m) => AppError::NotFound(m),
            hitstaff_app::Error::TooLarge(m) => AppError::TooLarge(m),
            hitstaff_app::Error::Forbidden(m) => AppError::Forbidden(m),
            hitstaff_app::Error::Unauthenticated(m) => AppError::Unauthenticated(m),
            hitstaff_app::Error::Throttled { detail, retry_after } => {
                AppError::TooManyRequests { detail, retry_after }
            }
            hitstaff_app::Error::Refused(m) => AppError::Conflict(m),
            hitstaff_app::Error::Store(e) => e.into(),
            hitstaff_app::Error::Internal(m) => AppError::Internal(m),
            hitstaff_app::Error::Unavailable(m) => AppError::Unavailable(m),
        }
    }
}

impl From<hitstaff_domain::Denied> for AppError {
    fn from(e: hitstaff_domain::Denied) -> Self {
        AppError::Forbidden(e.to_string())
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(e.into())
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e)
    }
}
