//! The OpenAPI 3.1 document, generated from the handlers' annotations, at `/api/v1/openapi.json`,
//! and the interactive docs (Swagger UI, its assets vendored in the binary) at `/api/v1/docs/`.

use crate::AppState;
use hitstaff_domain::FieldError;
use hitstaff_store::Store;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// An RFC 9457 problem, as every error is answered.
#[derive(utoipa::ToSchema)]
#[allow(dead_code, reason = "describes the JSON that error.rs writes")]
pub struct Problem {
    /// Always "about:blank": the status and title say what kind of problem it is.
    #[schema(rename = "type")]
    kind: String,
    title: String,
    status: u16,
    /// What was wrong and what to do about it.
    detail: String,
    /// For invalid input: each field and what is wrong with it.
    errors: Option<Vec<FieldError>>,
}

/// The errors any endpoint may answer with, as problem+json.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "describes responses for the document only")]
pub enum Problems {
    #[response(
        status = 400,
        description = "The request is malformed (not JSON, a bad query parameter); `detail` says what to fix",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(
        status = 401,
        description = "No valid session or API token",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
    #[response(
        status = 403,
        description = "The role or the token's scopes do not allow this, or the CSRF token is missing",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "No such thing in the caller's organisation (or visible to them)",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 409,
        description = "It clashes with what is stored (a duplicate, a stage move the rules refuse)",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    #[response(
        status = 422,
        description = "Some fields are invalid; `errors` names each one and what is wrong",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 413,
        description = "The body is over the size limit (256 KiB; a resume upload, 10 MiB plus 64 KiB)",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
    #[response(
        status = 503,
        description = "The database cannot be reached or the candidate index is still loading; \
                       try again after the seconds in `Retry-After`",
        content_type = "application/problem+json",
        headers(("Retry-After" = u32, description = "Seconds to wait before trying again"))
    )]
    Unavailable(Problem),
}

/// Sign-in's own answer to repeated failures.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "describes responses for the document only")]
pub enum SignInProblems {
    #[response(
        status = 429,
        description = "Too many failed sign-ins for this account from this address, or from this \
                       address; wait the seconds in `Retry-After` (the account itself is never locked)",
        content_type = "application/problem+json",
        headers(("Retry-After" = u32, description = "Seconds to wait before trying again"))
    )]
    TooManyAttempts(Problem),
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (hst_...) made by an administrator; it acts as its maker within its scopes.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::session::SESSION_COOKIE,
                "The browser session from POST /api/v1/session. Requests that change something must \
                 also send the session's CSRF token in the X-CSRF-Token header.",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "hitstaff API",
        description = "Clients, requisitions, candidates and their pipelines, for other systems (an HR \
                       system, a vendor management system, scripts). Lists page by cursor: pass a page's \
                       `next_cursor` back as `after`. Errors are RFC 9457 problem+json.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    servers((url = "/", description = "This server")),
    security(("token" = []), ("session" = [])),
    modifiers(&Security),
    components(schemas(Problem)),
    tags(
        (name = "session", description = "Signing in and out from a browser"),
        (name = "clients", description = "The facilities requisitions are for"),
        (name = "requisitions", description = "What clients need"),
        (name = "postings", description = "How a requisition is advertised: its posting and whether it is public"),
        (name = "candidates", description = "People"),
        (name = "pipeline", description = "Candidates moving through a requisition's stages"),
        (name = "notes", description = "Notes and structured assessments"),
        (name = "administration", description = "Users and API tokens (administrators)"),
        (name = "skills", description = "The healthcare-IT skills taxonomy"),
        (name = "resumes", description = "Resume uploads, what was read from them, and corrections"),
        (name = "matching", description = "Ranked, explained matches between candidates and requisitions"),
        (name = "search", description = "Full-text search over candidates, and saved searches"),
    )
)]
pub struct ApiDoc;

/// The document as served: the info, security and tags above, and the operations and schemas of
/// the routes as they are routed.
pub fn document(
    paths: utoipa::openapi::path::Paths,
    schemas: super::routes::Schemas,
) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.paths.paths.extend(paths.paths);
    doc.components
        .get_or_insert_with(Default::default)
        .schemas
        .extend(schemas);
    doc
}

pub fn router<S: Store>(document: utoipa::openapi::OpenApi) -> axum::Router<AppState<S>> {
    utoipa_swagger_ui::SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi.json", document)
        .into()
}
