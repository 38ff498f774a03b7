//! hitstaff's application layer: the use cases, each written once and called alike by the JSON
//! API, the pages and the CLI. A use case checks the access policy (`hitstaff_domain::Access`),
//! applies the rules that belong to it and writes through the store; the callers translate their
//! input into a use case's and its answer (or [`Error`]) back into theirs.
//!
//! Here: administration (users and API tokens), what a caller may see ([`visibility`]) and
//! ranking ([`ranking`]).

pub mod account;
pub mod admin;
pub mod candidates;
pub mod clients;
pub mod dashboard;
pub mod markdown;
pub mod pipeline;
pub mod postings;
pub mod ranking;
pub mod requisitions;
pub mod resumes;
pub mod search;
pub mod secrets;
pub mod visibility;

use hitstaff_domain::{Access, Action, Denied, FieldError, User, ValidationErrors};
use hitstaff_store::StoreError;

/// An optional parameter's value, parsed (blank is none); a bad one names the parameter and says
/// what it takes, as [`Error::BadRequest`].
pub fn opt<T, E: std::fmt::Display>(
    name: &str,
    raw: &Option<String>,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, Error> {
    raw.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| parse(v).map_err(|e| Error::BadRequest(format!("{name}: {e}"))))
        .transpose()
}

/// Who is acting: the signed-in user (or a token's owner) and what the policy lets them do.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub user: &'a User,
    pub access: &'a Access,
}

impl<'a> Actor<'a> {
    pub fn new(user: &'a User, access: &'a Access) -> Self {
        Self { user, access }
    }

    /// Refuses, with the policy's reason, unless the caller may do `action`.
    pub fn require(&self, action: Action) -> Result<(), Error> {
        self.access.check(action).map_err(Error::Denied)
    }
}

/// Why a use case did not happen; each caller says it in its own way (a problem+json status, a
/// page with the field marked, a CLI message).
#[derive(Debug)]
pub enum Error {
    /// The access policy refuses it.
    Denied(Denied),
    /// A refusal that is not the policy's (a token where only a signed-in person may act).
    Forbidden(String),
    /// The caller did not prove who they are (a wrong email address or password).
    Unauthenticated(String),
    /// Too many tries: wait `retry_after` seconds (the detail says why and for how long).
    Throttled { detail: String, retry_after: u64 },
    /// Some input is wrong; each field says what to change.
    Invalid(ValidationErrors),
    /// The request itself cannot be read (a parameter of the wrong form); says which and how.
    BadRequest(String),
    /// What was asked for is not there (the message names it).
    NotFound(String),
    /// What was sent is larger than allowed (the message says the limit and what to do).
    TooLarge(String),
    /// A rule of the use case refuses it (the message says which, and what to do).
    Refused(String),
    /// The store refused or failed.
    Store(StoreError),
    /// Something needed is not ready yet (the candidate index loading after a restart).
    Unavailable(String),
    /// Something that should not happen (no randomness, a hashing failure).
    Internal(String),
}

impl Error {
    /// A single field's problem.
    pub fn field(field: &str, problem: impl Into<String>) -> Self {
        Error::Invalid(FieldError::new(field, problem.into()).into())
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(errors) => Error::Invalid(errors),
            other => Error::Store(other),
        }
    }
}

/// A secret could not be drawn (the system has no randomness to give): nothing to fix but the host.
impl From<getrandom::Error> for Error {
    fn from(e: getrandom::Error) -> Self {
        Error::Internal(format!("no randomness: {e}"))
    }
}

/// Runs CPU work or a child process on a blocking thread, so that the async workers go on
/// answering sign-ins and pages meanwhile; `what` names the work if its thread dies.
pub(crate) async fn off_thread<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(format!("{what} stopped: {e}")))
}

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Invalid(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Denied(d) => write!(f, "{d}"),
            Error::Invalid(v) => write!(f, "{v}"),
            Error::Refused(m)
            | Error::Internal(m)
            | Error::Unavailable(m)
            | Error::BadRequest(m)
            | Error::NotFound(m)
            | Error::TooLarge(m)
            | Error::Forbidden(m)
            | Error::Unauthenticated(m)
            | Error::Throttled { detail: m, .. } => f.write_str(m),
            Error::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}
