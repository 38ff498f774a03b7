//! The one error type below the web layer.

use hitstaff_domain::{TransitionError, ValidationErrors};

/// What can go wrong in a [`crate::Store`] call. `Display` is written for the person who caused it;
/// the full cause stays in `source()` for the logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist in this organisation (it may exist in another: that is not said).
    #[error("no such {entity}")]
    NotFound { entity: &'static str },

    /// A uniqueness or reference rule refused the write, named as both backends name it.
    #[error("{}", constraint.message())]
    Conflict { constraint: Constraint },

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

    /// The rule that refused the write, when this is a Conflict.
    pub fn constraint(&self) -> Option<&Constraint> {
        match self {
            Self::Conflict { constraint } => Some(constraint),
            _ => None,
        }
    }

    /// A conflict with `constraint`.
    pub fn conflict(constraint: Constraint) -> Self {
        Self::Conflict { constraint }
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

macro_rules! constraints {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal => $message:literal, )*) => {
        /// The rules the database enforces, named identically in the SQLite and PostgreSQL
        /// migrations (or by the shared store code), so that a conflict means the same on both.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Constraint {
            $( $(#[$doc])* $variant, )*
            /// A row refers to one that does not exist. SQLite does not say which reference, so
            /// neither backend does.
            ForeignKey,
            /// A rule this version does not know by name (a migration newer than the code).
            Other(String),
        }

        impl Constraint {
            /// The constraint as the database names it.
            pub fn from_name(name: &str) -> Self {
                match name {
                    $( $name => Self::$variant, )*
                    "foreign_key" => Self::ForeignKey,
                    other => Self::Other(other.to_string()),
                }
            }

            /// The name both backends use.
            pub fn name(&self) -> &str {
                match self {
                    $( Self::$variant => $name, )*
                    Self::ForeignKey => "foreign_key",
                    Self::Other(name) => name,
                }
            }

            /// What the conflict means, in words that say what to do.
            pub fn message(&self) -> &'static str {
                match self {
                    $( Self::$variant => $message, )*
                    Self::ForeignKey => "something this refers to does not exist (it may have just been deleted); reload the page and try again",
                    Self::Other(_) => "the change conflicts with data already stored; reload the page and try again",
                }
            }
        }
    };
}

constraints! {
    OrganizationsSlug = "organizations_slug_key" => "an organisation with this short name already exists; choose another",
    UsersOrgEmail = "users_org_email_key" => "a user with this email address already exists in this organisation; change that user instead",
    ClientsOrgName = "clients_org_name_key" => "a client with this name already exists",
    CandidatesOrgEmail = "candidates_org_email_key" => "a candidate with this email address already exists; open that candidate instead of adding a new one",
    RequisitionsOrgReference = "requisitions_org_reference_key" => "a requisition with this reference already exists",
    ApplicationsCandidateRequisition = "applications_candidate_requisition_key" => "this candidate is already in this requisition's pipeline",
    RequisitionsClient = "requisitions_client_fkey" => "the client does not exist",
    /// Deleting a client that requisitions or users still belong to.
    ClientsInUse = "clients_in_use" => "the client still has requisitions or users; move or close them first",
    ApiTokensOrgName = "api_tokens_org_name_key" => "an API token with this name already exists; name it after what uses it",
    /// Deleting a requisition with candidates in its pipeline.
    RequisitionsInUse = "requisitions_in_use" => "candidates are in this requisition's pipeline; cancel the requisition instead of deleting it",
    /// A version precondition failed: someone saved the requisition since it was read.
    RequisitionsChangedMeanwhile = "requisitions_changed_meanwhile" => "someone else changed this requisition meanwhile; reload it and try again",
    /// A stage precondition failed: someone moved the application since it was read.
    ApplicationsStageChanged = "applications_stage_changed" => "someone else moved this application meanwhile; reload it and try again",
    /// A version precondition failed: someone saved the candidate since it was read.
    CandidatesChangedMeanwhile = "candidates_changed_meanwhile" => "someone else changed this candidate meanwhile; compare the two versions and save again",
    ResumesOrgSha256 = "resumes_org_sha256_key" => "this resume was already uploaded for this organisation",
    /// An Idempotency-Key reused with a different request.
    IdempotencyKeyReused = "idempotency_keys_pkey" => "this Idempotency-Key was already used for a different request; use a new key for each new request",
}

impl std::fmt::Display for Constraint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
