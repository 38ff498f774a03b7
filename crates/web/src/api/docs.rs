//! The OpenAPI 3.1 document, generated from the handlers' annotations, at `/api/v1/openapi.json`,
//! and the interactive docs (Swagger UI, its assets vendored in the binary) at `/api/v1/docs/`.

use super::{candidates, clients, matches, pipeline, requisitions, resumes, search, session, skills, users};
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
    paths(
        session::sign_in, session::me, session::sign_out, session::change_password,
        clients::index, clients::show, clients::create, clients::update, clients::destroy,
        requisitions::index, requisitions::show, requisitions::create, requisitions::update,
        requisitions::set_status, requisitions::destroy,
        candidates::index, candidates::show, candidates::create, candidates::update, candidates::destroy,
        pipeline::for_requisition, pipeline::create, pipeline::show, pipeline::move_stage, pipeline::history,
        pipeline::application_notes, pipeline::add_application_note,
        pipeline::candidate_notes, pipeline::add_candidate_note,
        users::index, users::create, users::update, users::tokens, users::create_token, users::revoke_token,
        skills::index, skills::show,
        resumes::upload, resumes::upload_for, resumes::list, resumes::show, resumes::file,
        resumes::reparse, resumes::corrections, resumes::correct, resumes::uncorrect,
        matches::for_requisition, matches::for_candidate, matches::show_weights, matches::set_weights,
        search::search, search::saved, search::save, search::forget,
    ),
    components(schemas(Problem)),
    tags(
        (name = "session", description = "Signing in and out from a browser"),
        (name = "clients", description = "The facilities requisitions are for"),
        (name = "requisitions", description = "What clients need"),
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

/// The document as served.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub fn router<S: Store>() -> axum::Router<AppState<S>> {
    utoipa_swagger_ui::SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi.json", document())
        .into()
}
