//! What forms share: the problems found, shown beside the fields they belong to.

use crate::error::AppError;
use hitstaff_domain::{FieldError, ValidationErrors};

/// Problems with a submitted form, by field name.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    errors: Vec<FieldError>,
}

impl Problems {
    pub fn none() -> Self {
        Self::default()
    }

    /// The problem with `field`, or with any value inside it (`skills[2].level` belongs to `skills`).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| {
                e.field == field
                    || e.field
                        .strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
            })
            .map(|e| e.problem.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every problem, for the summary at the top of the form.
    pub fn all(&self) -> &[FieldError] {
        &self.errors
    }

    /// One problem with one field.
    pub fn from_message(field: &str, problem: impl Into<String>) -> Self {
        let mut p = Self::none();
        p.add(field, problem);
        p
    }

    pub fn add(&mut self, field: &str, problem: impl Into<String>) {
        self.errors.push(FieldError::new(field, problem));
    }
}

impl From<ValidationErrors> for Problems {
    fn from(e: ValidationErrors) -> Self {
        Problems { errors: e.errors }
    }
}

/// Splits a store or validation failure into problems to show on the form (invalid values, clashes)
/// and failures that need an error page.
pub fn problems_or(e: AppError, conflict_field: &str) -> Result<Problems, AppError> {
    match e {
        AppError::Invalid(errors) => Ok(errors.into()),
        AppError::Conflict(message) => {
            let mut p = Problems::none();
            p.add(conflict_field, message);
            Ok(p)
        }
        other => Err(other),
    }
}

/// The non-empty trimmed lines of a textarea.
pub fn split_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// `None` for a blank input, the trimmed text otherwise.
pub fn blank_none(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// A list's skill filter as posted: words typed in the picker and not picked (as without
/// JavaScript) stand for the skill, over a chip picked before.
pub fn take_typed_skill(skill: &mut String, typed: &mut String) {
    if !typed.trim().is_empty() {
        *skill = std::mem::take(typed);
    }
}
