//! Parse errors that say what was wrong and what to do.

use std::fmt;

/// A value that failed to parse: what kind of value it was meant to be, and why it is not one.
///
/// The message never repeats a whole personal value back (an email address, a phone number): it says
/// what is wrong with it, so it is safe to log and to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct InvalidValue {
    /// The kind of value, e.g. "email address".
    pub what: &'static str,
    /// What is wrong, phrased so that the user knows what to change.
    pub problem: String,
}

impl InvalidValue {
    pub fn new(what: &'static str, problem: impl Into<String>) -> Self {
        Self {
            what,
            problem: problem.into(),
        }
    }

    /// Attaches the name of the input field the value came from.
    pub fn for_field(self, field: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            problem: self.problem,
        }
    }
}

/// A problem with one named input field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error, utoipa::ToSchema)]
#[error("{field}: {problem}")]
pub struct FieldError {
    pub field: String,
    pub problem: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Every problem found in one input, so that a form or an import row can report them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Runs a parse and records its error under `field`, returning the value when it parsed.
    pub fn check<T>(&mut self, field: &str, result: Result<T, InvalidValue>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e.for_field(field));
                None
            }
        }
    }

    /// `Ok(value)` when nothing was recorded, otherwise all the errors.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.errors.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl From<FieldError> for ValidationErrors {
    fn from(e: FieldError) -> Self {
        Self { errors: vec![e] }
    }
}
