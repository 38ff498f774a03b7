//! The one error type below the web layer.

use hitstaff_domain::{TransitionError, ValidationErrors};

/// What can go wrong in a [`crate::Store`] call. `Display` is written for the person who caused it;
/// the full cause stays in `source()` for the logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist in this organisation (it may exist in another: that is not said).
    #[error("no such {entity}")]
    NotFound { entity: &'static str },

    /// A uniqueness or reference rule refused the write. `constraint` is the name both backends use.
    #[error("{}", conflict_message(constraint))]
    Conflict { constraint: String },

    /// The input broke a domain rule checked at write time.
    #[error("{0}")]
    Invalid(ValidationErrors),

    /// The pipeline rules refused a stage move.
    #[error("{0}")]
    Transition(#[from] TransitionError),

    /// The database was written by a newer hitstaff; this one must not touch it.
    #[error(
        "the database schema is at version {database}, newer than this hitstaff understands (up to {binary}); \
         run a hitstaff release at least as new as the one that last migrated it"
    )]
    SchemaTooNew { database: i64, binary: i64 },

    /// The database cannot be reached or opened. `message` is complete and says what to do; the
    /// driver's error is kept for the logs (`{:?}`) but not chained, so that a person reads one line.
    #[error("{message}")]
    Unavailable {
        message: String,
        cause: Option<sqlx::Error>,
    },

    /// A stored row no longer parses into the domain (edited by hand, or a bug).
    #[error("a stored {entity} could not be read: {problem}")]
    Corrupt { entity: &'static str, problem: String },

    /// Anything else from the database.
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

impl StoreError {
    pub fn not_found(entity: &'static str) -> Self {
        Self::NotFound { entity }
    }

    pub fn corrupt(entity: &'static str, problem: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            entity,
            problem: problem.to_string(),
        }
    }

    /// The constraint name, when this is a Conflict.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            Self::Conflict { constraint } => Some(constraint),
            _ => None,
        }
    }
}

/// Classifies the errors every backend shares: connection trouble becomes `Unavailable` with a
/// message a person can act on; anything else stays a `Database` error (details for the logs only).
pub fn common_sqlx_error(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::PoolTimedOut => StoreError::Unavailable {
            message: "timed out waiting for a database connection; the database is overloaded or unreachable"
                .into(),
            cause: Some(e),
        },
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolClosed => StoreError::Unavailable {
            message: format!("lost the connection to the database: {e}"),
            cause: Some(e),
        },
        other => StoreError::Database(other),
    }
}

impl From<ValidationErrors> for StoreError {
    fn from(e: ValidationErrors) -> Self {
        Self::Invalid(e)
    }
}

/// What a constraint violation means, in words. Names are shared by both backends' migrations.
pub fn conflict_message(constraint: &str) -> String {
    match constraint {
        "organizations_slug_key" => "an organisation with this short name already exists; choose another".into(),
        "users_email_key" => "a user with this email address already exists".into(),
        "clients_org_name_key" => "a client with this name already exists".into(),
        "candidates_org_email_key" => {
            "a candidate with this email address already exists; open that candidate instead of adding a new one".into()
        }
        "requisitions_org_reference_key" => "a requisition with this reference already exists".into(),
        "applications_candidate_requisition_key" => "this candidate is already in this requisition's pipeline".into(),
        "requisitions_client_fkey" => "the client does not exist".into(),
        "clients_in_use" => "the client still has requisitions or users; move or close them first".into(),
        "api_tokens_org_name_key" => "an API token with this name already exists; name it after what uses it".into(),
        "requisitions_in_use" => {
            "candidates are in this requisition's pipeline; cancel the requisition instead of deleting it".into()
        }
        "requisitions_changed_meanwhile" => "someone else changed this requisition meanwhile; reload it and try again".into(),
        "applications_stage_changed" => "someone else moved this application meanwhile; reload it and try again".into(),
        other => format!("the change conflicts with existing data ({other})"),
    }
}
