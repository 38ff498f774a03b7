//! The recruiter workspace: server-rendered HTML (askama) with htmx for partial updates.
//!
//! Every page works without JavaScript: htmx only saves round trips (the skills picker, the
//! pipeline board). Forms carry the session's CSRF token in a hidden `_csrf` field (htmx requests
//! also send it in the `X-CSRF-Token` header). Destructive actions go through a confirmation page.

mod account;
mod admin;
mod assets;
mod candidates;
mod clients;
mod dashboard;
mod form;
mod pipeline;
mod postings;
mod requisitions;
pub(crate) mod resumes;
mod search;
mod skills;

use crate::AppState;
use crate::error::AppError;
use crate::session::{Caller, Credential, csrf_header_matches, session_caller};
use askama::Template;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use hitstaff_domain::{Action, Role};
use hitstaff_store::{Store, StoreError};
use serde::de::DeserializeOwned;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .merge(assets::router())
        .merge(account::router())
        .merge(dashboard::router())
        .merge(clients::router())
        .merge(requisitions::router())
        .merge(candidates::router())
        .merge(pipeline::router())
        .merge(postings::router())
        .merge(skills::router())
        .merge(resumes::router())
        .merge(search::router())
        .merge(admin::router())
}

/// The page chrome: who is signed in, what the navigation offers, the CSRF token for forms.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub user_name: String,
    pub role: Role,
    pub csrf: String,
    /// Which navigation entry is current.
    pub section: &'static str,
    pub flash: Option<&'static str>,
}

impl Chrome {
    pub fn can(&self, action: Action) -> bool {
        self.role.can(action)
    }
}

/// Messages shown once after a redirect, carried by a short-lived cookie as a fixed code (never as
/// user-supplied text).
const FLASHES: &[(&str, &str)] = &[
    ("saved", "Saved."),
    ("created", "Created."),
    ("deleted", "Deleted."),
    ("moved", "Moved."),
    (
        "added",
        "Added to the pipeline, at Sourced. Add the next, or open the pipeline when you are done.",
    ),
    ("status", "Status changed."),
    ("posting", "Posting updated."),
    ("note", "Note added."),
    ("signed-out", "You are signed out."),
    ("password", "Password changed. Sign in with the new one."),
    (
        "invited",
        "Invitation created. Send the link to the person; it works once.",
    ),
    ("revoked", "Revoked."),
    ("user", "User updated."),
    ("password-set", "Your password is set. Sign in with it."),
    (
        "resume-new",
        "Resume read: a new candidate. Check what was read against the marked text.",
    ),
    (
        "resume-added",
        "Resume read and added to this candidate. Check what was read against the marked text.",
    ),
    ("resume-known", "This exact file is on file already: here it is."),
    ("resume-reread", "Read again. Your corrections still hold."),
    (
        "corrected",
        "Corrected. Reading the resume again will not undo it.",
    ),
    ("uncorrected", "Correction withdrawn."),
    ("search_saved", "Search saved."),
    ("search_forgotten", "Saved search deleted."),
];
const FLASH_COOKIE: &str = "hitstaff_flash";

fn flash_message(code: &str) -> Option<&'static str> {
    FLASHES.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

/// The message a redirect left for this request's page, if any.
fn flash(parts: &Parts) -> Option<&'static str> {
    crate::session::cookie(parts, FLASH_COOKIE).and_then(flash_message)
}

/// Clears the flash cookie once its message is on the page.
fn forget_flash(response: &mut Response) {
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("hitstaff_flash=; Path=/; Max-Age=0; SameSite=Lax"),
    );
}

/// A signed-in person using the web pages.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub caller: Caller,
    pub chrome: Chrome,
}

impl Viewer {
    pub fn require(&self, action: Action) -> Result<(), UiError> {
        self.caller.require(action).map_err(UiError::from)
    }

    pub fn user(&self) -> &hitstaff_domain::User {
        &self.caller.user
    }

    /// The viewer, as the application layer's use cases take them.
    pub fn actor(&self) -> hitstaff_app::Actor<'_> {
        self.caller.actor()
    }

    pub fn org(&self) -> hitstaff_domain::OrgId {
        self.caller.user.org_id
    }

    pub fn can(&self, action: Action) -> bool {
        self.caller.can(action)
    }

    /// What the access policy lets this person do and see.
    pub fn access(&self) -> &hitstaff_domain::Access {
        &self.caller.access
    }

    /// The chrome for a page in one navigation section.
    pub fn section(&self, section: &'static str) -> Chrome {
        Chrome {
            section,
            ..self.chrome.clone()
        }
    }
}

impl<S: Store> FromRequestParts<AppState<S>> for Viewer {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, UiError> {
        let caller = session_caller(parts, state).await.map_err(|e| match e {
            AppError::Unauthenticated(reason) => UiError::SignIn {
                next: parts.uri.path_and_query().map(|p| p.as_str().to_string()),
                reason,
            },
            other => UiError::App(other),
        })?;
        let csrf = match &caller.credential {
            Credential::Session { csrf_token, .. } => csrf_token.clone(),
            Credential::Token { .. } => String::new(),
        };
        let flash = flash(parts);
        Ok(Viewer {
            chrome: Chrome {
                user_name: caller.user.name.to_string(),
                role: caller.user.role,
                csrf,
                section: "",
                flash,
            },
            caller,
        })
    }
}

/// A form posted from one of our pages by a signed-in person, after the CSRF check.
#[derive(Debug)]
pub struct UiForm<T> {
    pub viewer: Viewer,
    pub form: T,
}

/// A form that carries nothing but its CSRF token (sign out, delete, revoke...).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

impl<S: Store, T: DeserializeOwned> FromRequest<AppState<S>> for UiForm<T> {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &AppState<S>) -> Result<Self, UiError> {
        let (mut parts, body) = req.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, crate::BODY_LIMIT).await.map_err(|_| {
            UiError::App(AppError::TooLarge(format!(
                "the form is over the {} KiB limit; send less at once",
                crate::BODY_LIMIT / 1024
            )))
        })?;
        let sent: CsrfField =
            serde_html_form::from_bytes(&bytes).unwrap_or(CsrfField { csrf: String::new() });
        if sent.csrf != viewer.chrome.csrf && !csrf_header_matches(&parts, &viewer.caller) {
            return Err(UiError::App(AppError::Forbidden(
                "this form came from an old or foreign page; reload the page and send it again".into(),
            )));
        }
        crate::edge::check_form_text(&bytes)?;
        let form = serde_html_form::from_bytes(&bytes).map_err(|e| {
            UiError::App(AppError::BadRequest(format!(
                "the form could not be read ({e}); reload the page and try again"
            )))
        })?;
        Ok(UiForm { viewer, form })
    }
}

/// Rejects a cross-site form post (sign-in, accepting an invitation) where no session exists yet
/// to hold a CSRF token: browsers send `Origin` on every POST.
pub fn same_origin(parts: &Parts) -> Result<(), UiError> {
    let Some(origin) = parts.headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
    if origin == "null" || origin_host != host {
        return Err(UiError::App(AppError::Forbidden(
            "this form was sent from another site; open hitstaff's own page and try again".into(),
        )));
    }
    Ok(())
}

/// Why a page could not be shown.
#[derive(Debug)]
pub enum UiError {
    /// Not signed in (or the session ended): go to the sign-in page and come back afterwards.
    SignIn {
        next: Option<String>,
        reason: String,
    },
    App(AppError),
}

impl From<AppError> for UiError {
    fn from(e: AppError) -> Self {
        UiError::App(e)
    }
}

impl From<hitstaff_app::Error> for UiError {
    fn from(e: hitstaff_app::Error) -> Self {
        UiError::App(e.into())
    }
}

impl From<StoreError> for UiError {
    fn from(e: StoreError) -> Self {
        UiError::App(AppError::from(e))
    }
}

impl From<askama::Error> for UiError {
    fn from(e: askama::Error) -> Self {
        UiError::App(AppError::Internal(format!("template: {e}")))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    detail: &'a str,
    help: &'a str,
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let e = match self {
            UiError::SignIn { next, reason } => {
                let mut to = String::from("/sign-in");
                let mut sep = '?';
                if let Some(code) = sign_in_reason(&reason) {
                    to.push_str("?reason=");
                    to.push_str(code);
                    sep = '&';
                }
                if let Some(next) = next.filter(|n| local_path(n) == n.as_str() && n != "/") {
                    to.push(sep);
                    to.push_str("next=");
                    to.push_str(&encode(&next));
                }
                return Redirect::to(&to).into_response();
            }
            UiError::App(e) => e,
        };
        let (status, title, help) = match &e {
            AppError::Forbidden(_) => (
                StatusCode::FORBIDDEN,
                "You do not have access to this",
                "Your role does not include this. If your work needs it, ask an administrator to change your role.",
            ),
            AppError::NotFound(_) => (
                StatusCode::NOT_FOUND,
                "Not found",
                "It may have been deleted, or the address is mistyped. Use the navigation or the lists to find it again.",
            ),
            AppError::Conflict(_) => (
                StatusCode::CONFLICT,
                "That clashes with what is stored",
                "Nothing was changed. Go back, adjust, and try again.",
            ),
            AppError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many attempts",
                "Wait a while and try again.",
            ),
            AppError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Not available for a moment",
                "Try again in a minute. If this persists, tell your administrator.",
            ),
            AppError::Internal(cause) => {
                tracing::error!(cause = %cause, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side",
                    "It has been logged. Try again; if it happens again, tell your administrator.",
                )
            }
            AppError::Unauthenticated(_) => (
                StatusCode::UNAUTHORIZED,
                "Sign-in required",
                "Sign in and try again.",
            ),
            AppError::BadRequest(_) | AppError::TooLarge(_) | AppError::Invalid(_) => (
                StatusCode::BAD_REQUEST,
                "That request could not be used",
                "Go back, check the form and send it again.",
            ),
        };
        let detail = match &e {
            AppError::Forbidden(d)
            | AppError::NotFound(d)
            | AppError::Conflict(d)
            | AppError::BadRequest(d)
            | AppError::TooLarge(d)
            | AppError::Unavailable(d)
            | AppError::Unauthenticated(d) => d.clone(),
            AppError::TooManyRequests { detail, .. } => detail.clone(),
            AppError::Invalid(errors) => errors.to_string(),
            AppError::Internal(_) => String::new(),
        };
        let page = ErrorPage {
            status: status.as_u16(),
            title,
            detail: &detail,
            help,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| "<!doctype html><title>Error</title><p>Something went wrong.</p>".into());
        (status, Html(body)).into_response()
    }
}

pub type Page = Result<Response, UiError>;

/// Renders a template as the page, clearing a flash message that has now been shown.
pub fn render<T: Template>(template: &T, chrome: &Chrome) -> Page {
    let mut response = Html(template.render()?).into_response();
    if chrome.flash.is_some() {
        forget_flash(&mut response);
    }
    Ok(response)
}

/// Renders a page that shows a form: 200, or 422 when it comes back with problems to fix.
pub fn answer<T: Template>(template: &T, chrome: &Chrome, ok: bool) -> Page {
    let mut response = render(template, chrome)?;
    if !ok {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// Redirects after a successful post (303, so a reload does not post again), with a message
/// shown once on the next page.
pub fn done(to: &str, flash: &'static str) -> Page {
    let mut response = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{FLASH_COOKIE}={flash}; Path=/; Max-Age=60; SameSite=Lax"
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "3 days", "5 hours", "12 minutes", "under a minute": how long ago something happened, for
/// people ("In this stage for under a minute", "moved … under a minute ago").
pub fn elapsed(since: time::OffsetDateTime) -> String {
    let d = hitstaff_store::now() - since;
    let (n, unit) = if d.whole_days() >= 1 {
        (d.whole_days(), "day")
    } else if d.whole_hours() >= 1 {
        (d.whole_hours(), "hour")
    } else if d.whole_minutes() >= 1 {
        (d.whole_minutes(), "minute")
    } else {
        return "under a minute".into();
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// A candidate's source as people read it: the codes the system writes ("resume_upload",
/// "job_board") in words ("Resume upload"); anything typed by a person as they typed it.
pub fn source_label(source: &str) -> String {
    let code = !source.is_empty() && source.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if !code {
        return source.to_string();
    }
    let words = source.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A date and time as people read it, in UTC.
pub fn when(at: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    at.format(&f).unwrap_or_default()
}

/// Options for a `<select>`: (value, label, selected).
pub fn options<T: hitstaff_domain::Coded>(selected: &str) -> Vec<(String, String, bool)> {
    options_of(T::ALL, selected)
}

/// Options for a `<select>` offering only some values.
pub fn options_of<T: hitstaff_domain::Coded>(values: &[T], selected: &str) -> Vec<(String, String, bool)> {
    values
        .iter()
        .map(|v| (v.code().to_string(), v.label().to_string(), v.code() == selected))
        .collect()
}

/// A form posted by someone not yet signed in (sign-in, accepting an invitation): checked to come
/// from our own pages, since there is no session yet to hold a CSRF token.
#[derive(Debug)]
pub struct PublicForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PublicForm<T> {
    type Rejection = UiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, UiError> {
        let (parts, body) = req.into_parts();
        same_origin(&parts)?;
        let bytes = axum::body::to_bytes(body, crate::BODY_LIMIT)
            .await
            .map_err(|_| UiError::App(AppError::TooLarge("the form is too large".into())))?;
        crate::edge::check_form_text(&bytes)?;
        serde_html_form::from_bytes(&bytes).map(PublicForm).map_err(|e| {
            UiError::App(AppError::BadRequest(format!(
                "the form could not be read ({e}); reload the page and try again"
            )))
        })
    }
}

/// A path to return to after signing in: only one of our own pages, else the dashboard.
///
/// Browsers drop tabs and newlines from addresses and read `\\` as `/`, so `/%09/evil.example`
/// or `/\\evil.example` would leave the site: any control character, white space or backslash
/// is refused, and what is left must parse as a path (with a query) that starts with one `/`;
/// it may end with a plain fragment (`#matches`: letters, digits and dashes) to land on a section.
pub fn local_path(next: &str) -> &str {
    let (path, fragment) = next.split_once('#').unwrap_or((next, ""));
    let clean = !path
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let local = path.starts_with('/') && !path.starts_with("//");
    let parses = path
        .parse::<axum::http::uri::PathAndQuery>()
        .is_ok_and(|p| p.as_str() == path);
    let plain_fragment = fragment
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if clean && local && parses && plain_fragment {
        next
    } else {
        "/"
    }
}

/// Why someone was sent to sign in, as a fixed code: the sign-in page shows only our own words,
/// never text from the address.
fn sign_in_reason(reason: &str) -> Option<&'static str> {
    if reason.contains("without activity") {
        Some("idle")
    } else if reason.contains("ended") {
        Some("ended")
    } else {
        None
    }
}

/// The notice the sign-in page shows for a reason code.
pub(crate) fn sign_in_notice(code: &str) -> Option<&'static str> {
    match code {
        "idle" => Some("Please sign in again: your session ended after a while without activity."),
        "ended" => Some("Please sign in again: your session has ended."),
        _ => None,
    }
}

#[cfg(test)]
mod local_path_tests {
    use super::local_path;

    #[test]
    fn only_our_own_pages_with_at_most_a_plain_section() {
        for ok in [
            "/",
            "/requisitions/abc",
            "/requisitions/abc?x=1#matches",
            "/candidates/c#best-open_2",
        ] {
            assert_eq!(local_path(ok), ok);
        }
        for bad in [
            "//evil.example/#x",
            "https://evil.example",
            "/a#<script>",
            "/a#b#c",
            "/\\evil.example#matches",
            "/a b#matches",
            "#matches",
        ] {
            assert_eq!(local_path(bad), "/", "{bad}");
        }
    }
}
