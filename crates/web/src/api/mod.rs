//! The JSON API under `/api/v1`. Errors are RFC 9457 problem+json; other systems authenticate with
//! `Authorization: Bearer hst_...`, browsers with the session cookie plus the CSRF header.

mod clients;
mod session;

use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use hitstaff_store::Store;
use serde::de::DeserializeOwned;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new().merge(session::router()).merge(clients::router())
}

/// A JSON body whose problems become a 400 or 422 problem that says what to fix.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T, S> FromRequest<S> for Body<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest(
                "send the body as JSON with Content-Type: application/json".into(),
            )),
            Err(JsonRejection::JsonDataError(e)) => {
                Err(AppError::Invalid(hitstaff_domain::ValidationErrors::from(
                    hitstaff_domain::FieldError::new("body", e.body_text()),
                )))
            }
            Err(JsonRejection::JsonSyntaxError(e)) => Err(AppError::BadRequest(format!(
                "the body is not valid JSON: {}",
                e.body_text()
            ))),
            Err(other) if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::TooLarge(format!(
                    "the request body is over the {} KiB limit; send less at once",
                    crate::BODY_LIMIT / 1024
                )))
            }
            Err(other) => Err(AppError::BadRequest(other.body_text())),
        }
    }
}
