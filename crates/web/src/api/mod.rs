//! The JSON API under `/api/v1`. Errors are RFC 9457 problem+json; other systems authenticate with
//! `Authorization: Bearer hst_...`, browsers with the session cookie plus the CSRF header.

pub(crate) mod candidates;
mod clients;
pub(crate) mod docs;
pub(crate) mod matches;
pub(crate) mod pipeline;
mod postings;
pub(crate) mod requisitions;
pub(crate) mod resumes;
pub(crate) mod routes;
pub(crate) mod search;
pub(crate) mod session;
mod skills;
mod users;

use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use hitstaff_store::Store;
use routes::ApiRoutes;
use serde::de::DeserializeOwned;

/// Every API route with its documentation, declared once (see [`routes`]).
pub fn all_routes<S: Store>() -> ApiRoutes<S> {
    session::routes()
        .merge(clients::routes())
        .merge(requisitions::routes())
        .merge(postings::routes())
        .merge(candidates::routes())
        .merge(pipeline::routes())
        .merge(users::routes())
        .merge(skills::routes())
        .merge(resumes::routes())
        .merge(matches::routes())
        .merge(search::routes())
}

/// The API, and its document and interactive docs made from the same routes.
pub fn router<S: Store>() -> Router<AppState<S>> {
    let (router, paths, schemas) = all_routes::<S>().split();
    router.merge(docs::router(docs::document(paths, schemas)))
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
        // Read as JSON first, so that text no field may hold is refused by name whatever the
        // type; then into the type, whose problems name their field.
        let typed = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(value)) => {
                let mut errors = hitstaff_domain::ValidationErrors::default();
                check_json_text(&value, &mut String::new(), &mut errors);
                if !errors.errors.is_empty() {
                    return Err(AppError::Invalid(errors));
                }
                let bytes = serde_json::to_vec(&value)
                    .map_err(|e| AppError::Internal(format!("re-encoding a JSON body: {e}")))?;
                axum::Json::<T>::from_bytes(&bytes)
            }
            Err(e) => Err(e),
        };
        match typed {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest(
                "send the body as JSON with Content-Type: application/json".into(),
            )),
            Err(JsonRejection::JsonDataError(e)) => {
                Err(AppError::Invalid(field_error(&e.body_text()).into()))
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

/// Every string in a JSON body (keys too) that holds a character no text may hold, by its path
/// (`locations[0].city`).
fn check_json_text(
    value: &serde_json::Value,
    path: &mut String,
    errors: &mut hitstaff_domain::ValidationErrors,
) {
    use serde_json::Value;
    let field = |p: &str| {
        if p.is_empty() {
            "body".to_string()
        } else {
            p.to_string()
        }
    };
    match value {
        Value::String(s) => {
            if let Err(e) = hitstaff_domain::check_text(&field(path), s) {
                errors.errors.push(e);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_json_text(item, path, errors);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                if let Err(e) = hitstaff_domain::check_text(&field(path), key) {
                    errors.errors.push(e);
                }
                check_json_text(item, path, errors);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Query-string parameters whose problems become a 400 problem that says what to fix.
#[derive(Debug)]
pub struct Params<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Params<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        check_form_text(parts.uri.query().unwrap_or("").as_bytes())?;
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Params(q.0))
            .map_err(|e: QueryRejection| {
                AppError::BadRequest(format!("the query string is not right: {}", e.body_text()))
            })
    }
}

/// One page of a list, with the cursor for the next page (pass it back as `after`).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PageOut<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Parses an optional query value, naming the parameter when it is wrong (a 400).
pub fn opt<T, E: std::fmt::Display>(
    name: &str,
    raw: &Option<String>,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, AppError> {
    Ok(hitstaff_app::opt(name, raw, parse)?)
}

pub use crate::edge::{check_form_text, path_id};

/// Turns axum's "Failed to deserialize ...: start_date: invalid type ... at line 1 column 420" into
/// the field and the problem, without the parser's position.
fn field_error(text: &str) -> hitstaff_domain::FieldError {
    let detail = text.split_once("target type: ").map_or(text, |(_, d)| d);
    let detail = detail.rsplit_once(" at line ").map_or(detail, |(d, _)| d);
    match detail.split_once(": ") {
        Some((field, problem)) if !field.contains(' ') => hitstaff_domain::FieldError::new(field, problem),
        _ => hitstaff_domain::FieldError::new("body", detail),
    }
}

/// 201 Created, with the new resource's address and the resource itself.
pub fn created<T: serde::Serialize>(location: String, body: T) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::CREATED,
        [(axum::http::header::LOCATION, location)],
        axum::Json(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_errors_name_the_field() {
        let e = super::field_error(
            "Failed to deserialize the JSON body into the target type: locations[0].state: \"XX\" is not a US state at line 1 column 80",
        );
        assert_eq!(
            (e.field.as_str(), e.problem.as_str()),
            ("locations[0].state", "\"XX\" is not a US state")
        );
        let e = super::field_error(
            "Failed to deserialize the JSON body into the target type: missing field `name` at line 1 column 2",
        );
        assert_eq!(
            (e.field.as_str(), e.problem.as_str()),
            ("body", "missing field `name`")
        );
    }
}
