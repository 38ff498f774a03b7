//! Signing in and out, and changing one's password.

use super::form::Problems;
use super::{Chrome, Page, PublicForm, UiForm, Viewer, done, local_path, render};
use crate::AppState;
use crate::session::{Credential, session_caller};
use crate::session::{clear_cookie, session_cookie};
use crate::throttle::ClientAddress;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::{get, post};
use hitstaff_app::account::{self, SignInRequest};
use hitstaff_store::Store;
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/sign-in", get(sign_in_page::<S>).post(sign_in::<S>))
        .route("/sign-out", post(sign_out::<S>))
        .route("/account/password", get(password_page).post(change_password::<S>))
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    email: String,
    /// Shown once the address and password open accounts in more than one organisation.
    organization: Option<String>,
    next: String,
    notice: Option<String>,
    problems: Problems,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignInQuery {
    next: String,
    reason: String,
}

async fn sign_in_page<S: Store>(State(state): State<AppState<S>>, request: axum::extract::Request) -> Page {
    let (parts, _) = request.into_parts();
    // Already signed in: straight to the workspace.
    if session_caller(&parts, &state).await.is_ok() {
        return Ok(Redirect::to("/").into_response());
    }
    let q: SignInQuery = serde_html_form::from_str(parts.uri.query().unwrap_or("")).unwrap_or_default();
    let notice = super::flash(&parts)
        .or_else(|| super::sign_in_notice(&q.reason))
        .map(str::to_string);
    let page = SignInPage {
        email: String::new(),
        organization: None,
        next: local_path(&q.next).to_string(),
        notice,
        problems: Problems::none(),
    };
    let mut response = Html(page.render()?).into_response();
    super::forget_flash(&mut response);
    Ok(response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignInForm {
    email: String,
    password: String,
    organization: String,
    next: String,
}

async fn sign_in<S: Store>(
    State(state): State<AppState<S>>,
    peer: ClientAddress,
    PublicForm(form): PublicForm<SignInForm>,
) -> Page {
    let mut problems = Problems::none();
    if form.email.trim().is_empty() {
        problems.add("email", "enter your email address");
    }
    if form.password.is_empty() {
        problems.add("password", "enter your password");
    }
    if problems.is_empty() {
        let address = peer.to_string();
        let request = SignInRequest {
            email: &form.email,
            password: &form.password,
            organization: Some(form.organization.as_str()),
            address: &address,
        };
        match account::sign_in(&state.store, &state.auth.rules(), request).await {
            Ok(signed) => {
                let mut response = Redirect::to(local_path(&form.next)).into_response();
                if let Ok(v) = session_cookie(&state, &signed.token).parse() {
                    response.headers_mut().insert(header::SET_COOKIE, v);
                }
                return Ok(response);
            }
            Err(hitstaff_app::Error::Invalid(e)) => problems = e.into(),
            Err(hitstaff_app::Error::Unauthenticated(m)) => problems.add("password", m),
            Err(hitstaff_app::Error::Throttled { detail, .. }) => problems.add("email", detail),
            Err(other) => return Err(other.into()),
        }
    }
    let choosing = !form.organization.trim().is_empty() || problems.get("organization").is_some();
    let page = SignInPage {
        email: form.email,
        organization: choosing.then_some(form.organization),
        next: form.next,
        notice: None,
        problems,
    };
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

async fn sign_out<S: Store>(
    State(state): State<AppState<S>>,
    peer: ClientAddress,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    let session = match &viewer.caller.credential {
        Credential::Session { token_hash, .. } => Some(token_hash.as_str()),
        Credential::Token { .. } => None,
    };
    account::sign_out(&state.store, viewer.user(), session, &peer.to_string()).await?;
    signed_out_to_sign_in("signed-out")
}

fn signed_out_to_sign_in(flash: &'static str) -> Page {
    let mut response = done("/sign-in", flash)?;
    response.headers_mut().append(header::SET_COOKIE, clear_cookie());
    Ok(response)
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    chrome: Chrome,
    problems: Problems,
}

async fn password_page(viewer: Viewer) -> Page {
    let chrome = viewer.chrome;
    render(
        &PasswordPage {
            chrome: chrome.clone(),
            problems: Problems::none(),
        },
        &chrome,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn change_password<S: Store>(
    State(state): State<AppState<S>>,
    peer: ClientAddress,
    UiForm { viewer, form }: UiForm<PasswordForm>,
) -> Page {
    let address = peer.to_string();
    let changed = account::change_password(
        &state.store,
        viewer.caller.actor(),
        form.current_password,
        form.new_password,
        &address,
    )
    .await;
    match changed {
        Ok(()) => signed_out_to_sign_in("password"),
        Err(hitstaff_app::Error::Invalid(e)) => {
            let page = PasswordPage {
                chrome: viewer.chrome.clone(),
                problems: e.into(),
            };
            let body = page.render()?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
