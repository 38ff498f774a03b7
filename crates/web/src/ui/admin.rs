//! Administration: users, roles, invitations, deactivation, API tokens; and the public page where an
//! invited person chooses their password.

use super::form::{Problems, blank_none, problems_or};
use super::requisitions::ConfirmPage;
use super::{Chrome, Page, PublicForm, UiError, UiForm, Viewer, answer, done, options, render, when};
use crate::AppState;

use crate::error::AppError;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use hitstaff_domain::{
    Action, ApiTokenId, ClientId, Email, FieldError, InvitationId, PersonName, Role, Scope, User, UserId,
};
use hitstaff_store::{Store, now};
use serde::Deserialize;

/// How long an invitation link works.
use hitstaff_app::admin::{self, AddUser, INVITATION_DAYS};

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/admin/users", get(users::<S>).post(create_user::<S>))
        .route("/admin/users/{id}", get(user_page::<S>).post(update_user::<S>))
        .route("/admin/users/{id}/invite", axum::routing::post(reinvite::<S>))
        .route(
            "/admin/users/{id}/deactivate",
            get(deactivate_page::<S>).post(deactivate::<S>),
        )
        .route(
            "/admin/invitations/{id}/revoke",
            axum::routing::post(revoke_invitation::<S>),
        )
        .route("/admin/tokens", get(tokens::<S>).post(create_token::<S>))
        .route("/admin/matching", get(matching::<S>).post(save_matching::<S>))
        .route("/admin/matching/reset", axum::routing::post(reset_matching::<S>))
        .route(
            "/admin/tokens/{id}/revoke",
            get(revoke_token_page::<S>).post(revoke_token::<S>),
        )
        .route("/invitations/{token}", get(accept_page::<S>).post(accept::<S>))
}

fn user_id(raw: &str) -> Result<UserId, UiError> {
    Ok(crate::edge::path_id(raw, "user", UserId::parse)?)
}

/// The address of an invitation link: on the configured public URL, never on whatever `Host` a
/// request claimed (a forged one would send the new user's secret to another site).
fn link<S: Store>(state: &AppState<S>, token: &str) -> Result<String, UiError> {
    let site = state.auth.public_url.as_ref().ok_or_else(|| {
        UiError::App(AppError::Unavailable(
            "invitation links need the server's public address: set public_url (HITSTAFF_PUBLIC_URL) and restart".into(),
        ))
    })?;
    Ok(site.join(&format!("/invitations/{token}")))
}

// ---- users

struct UserRow {
    id: String,
    name: String,
    email: String,
    role: String,
    client: String,
    active: bool,
    invited: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct UserForm {
    email: String,
    name: String,
    role: String,
    client_id: String,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    chrome: Chrome,
    rows: Vec<UserRow>,
    v: UserForm,
    problems: Problems,
    clients: Vec<(String, String, bool)>,
    link: Option<(String, String)>,
}

impl UsersPage {
    fn roles(&self) -> Vec<(String, String, bool)> {
        options::<Role>(&self.v.role)
    }
}

async fn users_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    v: UserForm,
    problems: Problems,
    link: Option<(String, String)>,
) -> Page {
    let org = viewer.org();
    let clients = state.store.list_clients(org).await?;
    let invitations = state.store.list_invitations(org).await?;
    let at = now();
    let mut users = state.store.list_users(org).await?;
    users.sort_by_key(|u| (!u.active, u.name.to_string()));
    let rows = users
        .into_iter()
        .map(|u| UserRow {
            id: u.id.to_string(),
            client: u
                .client_id
                .and_then(|c| clients.iter().find(|x| x.id == c))
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            invited: invitations
                .iter()
                .find(|i| i.user == u.id && i.is_pending(at))
                .map(|i| format!("link made, not yet used, works until {}", when(i.expires_at)))
                .unwrap_or_default(),
            name: u.name.to_string(),
            email: u.email.to_string(),
            role: u.role.label().to_string(),
            active: u.active,
        })
        .collect();
    let ok = problems.is_empty();
    let chrome = viewer.section("admin");
    answer(
        &UsersPage {
            chrome: chrome.clone(),
            rows,
            clients: clients
                .iter()
                .map(|c| (c.id.to_string(), c.name.clone(), c.id.to_string() == v.client_id))
                .collect(),
            v,
            problems,
            link,
        },
        &chrome,
        ok,
    )
}

async fn users<S: Store>(State(state): State<AppState<S>>, viewer: Viewer) -> Page {
    viewer.require(Action::ManageUsers)?;
    let v = UserForm {
        role: Role::Recruiter.code().into(),
        ..Default::default()
    };
    users_page(&state, &viewer, v, Problems::none(), None).await
}

/// Parses the role and, for a hiring manager, their client.
fn role_and_client(
    role: &str,
    client: &str,
    e: &mut hitstaff_domain::ValidationErrors,
) -> Option<(Role, Option<ClientId>)> {
    let role = e.check("role", Role::parse(role))?;
    let client = match (role.is_client_scoped(), blank_none(client)) {
        (true, None) => {
            e.push(FieldError::new(
                "client_id",
                "a hiring manager belongs to one client; choose it",
            ));
            return None;
        }
        (true, Some(c)) => Some(e.check("client_id", ClientId::parse(c))?),
        (false, _) => None,
    };
    Some((role, client))
}

async fn create_user<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, form }: UiForm<UserForm>,
) -> Page {
    viewer.require(Action::ManageUsers)?;
    let mut e = hitstaff_domain::ValidationErrors::new();
    let email = e.check("email", Email::parse(&form.email));
    let name = e.check("name", PersonName::parse(&form.name));
    let role = role_and_client(&form.role, &form.client_id, &mut e);
    let (Some(email), Some(name), Some((role, client))) = (email, name, role) else {
        return users_page(&state, &viewer, form, e.into(), None).await;
    };
    let add = AddUser {
        email,
        name,
        role,
        client_id: client,
    };
    let (user, token) = match admin::invite_user(&state.store, viewer.actor(), add).await {
        Ok(done) => done,
        Err(err) => {
            let problems = problems_or(err.into(), "email")?;
            return users_page(&state, &viewer, form, problems, None).await;
        }
    };
    let address = link(&state, &token.0)?;
    let message = format!(
        "{} was added. Send them this link to choose their password; it works once, for {INVITATION_DAYS} days:",
        user.name
    );
    users_page(
        &state,
        &viewer,
        UserForm::default(),
        Problems::none(),
        Some((message, address)),
    )
    .await
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    chrome: Chrome,
    u: User,
    v: UserForm,
    problems: Problems,
    clients: Vec<(String, String, bool)>,
    link: Option<String>,
    is_me: bool,
    /// A link made and not yet used: its id and until when it works.
    pending: Option<(String, String)>,
}

impl UserPage {
    fn roles(&self) -> Vec<(String, String, bool)> {
        options::<Role>(&self.v.role)
    }
}

async fn show_user<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    u: User,
    v: Option<UserForm>,
    problems: Problems,
    link: Option<String>,
) -> Page {
    let v = v.unwrap_or_else(|| UserForm {
        email: u.email.to_string(),
        name: u.name.to_string(),
        role: u.role.code().into(),
        client_id: u.client_id.map(|c| c.to_string()).unwrap_or_default(),
    });
    let clients = state
        .store
        .list_clients(viewer.org())
        .await?
        .into_iter()
        .map(|c| (c.id.to_string(), c.name, c.id.to_string() == v.client_id))
        .collect();
    let ok = problems.is_empty();
    let at = now();
    let pending = state
        .store
        .list_invitations(viewer.org())
        .await?
        .into_iter()
        .find(|i| i.user == u.id && i.is_pending(at))
        .map(|i| (i.id.to_string(), when(i.expires_at)));
    let chrome = viewer.section("admin");
    answer(
        &UserPage {
            chrome: chrome.clone(),
            pending,
            is_me: u.id == viewer.user().id,
            u,
            v,
            problems,
            clients,
            link,
        },
        &chrome,
        ok,
    )
}

async fn user_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::ManageUsers)?;
    let u = state.store.get_user(viewer.org(), user_id(&raw)?).await?;
    show_user(&state, &viewer, u, None, Problems::none(), None).await
}

async fn update_user<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<UserForm>,
) -> Page {
    viewer.require(Action::ManageUsers)?;
    let u = state.store.get_user(viewer.org(), user_id(&raw)?).await?;
    let mut e = hitstaff_domain::ValidationErrors::new();
    let name = e.check("name", PersonName::parse(&form.name));
    let role = role_and_client(&form.role, &form.client_id, &mut e);
    let (Some(name), Some(role)) = (name, role) else {
        return show_user(&state, &viewer, u, Some(form), e.into(), None).await;
    };
    let change = admin::ChangeUser {
        name: Some(name),
        role: Some(role),
        active: None,
    };
    match admin::change_user(&state.store, viewer.actor(), u.id, change).await {
        Ok(_) => done(&format!("/admin/users/{}", u.id), "user"),
        Err(err) => {
            let p = problems_or(err.into(), "name")?;
            show_user(&state, &viewer, u, Some(form), p, None).await
        }
    }
}

/// A new one-time link for an existing user: to finish an invitation that expired, or to reset a
/// forgotten password (their current password keeps working until the link is used).
async fn reinvite<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    let (u, token) = admin::reinvite(&state.store, viewer.actor(), user_id(&raw)?).await?;
    let address = link(&state, &token.0)?;
    show_user(&state, &viewer, u, None, Problems::none(), Some(address)).await
}

async fn deactivate_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::ManageUsers)?;
    let u = state.store.get_user(viewer.org(), user_id(&raw)?).await?;
    let chrome = viewer.section("admin");
    let (heading, consequence, button) = if u.active {
        (
            format!("Deactivate {}?", u.name),
            "They are signed out at once and can no longer sign in; their API tokens stop working. Their \
             records and history stay. You can reactivate them later."
                .to_string(),
            "Deactivate".to_string(),
        )
    } else {
        (
            format!("Reactivate {}?", u.name),
            "They can sign in again with their password (or send them a new link).".to_string(),
            "Reactivate".to_string(),
        )
    };
    render(
        &ConfirmPage {
            chrome: chrome.clone(),
            heading,
            consequence,
            action: format!("/admin/users/{}/deactivate", u.id),
            button,
            cancel: format!("/admin/users/{}", u.id),
        },
        &chrome,
    )
}

async fn deactivate<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    viewer.require(Action::ManageUsers)?;
    let u = state.store.get_user(viewer.org(), user_id(&raw)?).await?;
    let change = admin::ChangeUser {
        active: Some(!u.active),
        ..Default::default()
    };
    admin::change_user(&state.store, viewer.actor(), u.id, change).await?;
    done(&format!("/admin/users/{}", u.id), "user")
}

async fn revoke_invitation<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    let id = crate::edge::path_id(&raw, "invitation", InvitationId::parse)?;
    let invitation = admin::revoke_invitation(&state.store, viewer.actor(), id).await?;
    done(&format!("/admin/users/{}", invitation.user), "revoked")
}

// ---- API tokens

struct TokenRow {
    id: String,
    name: String,
    scopes: String,
    created: String,
    expires: String,
    last_used: String,
    live: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct TokenForm {
    name: String,
    scopes: Vec<String>,
    expires_days: String,
}

#[derive(Template)]
#[template(path = "admin_tokens.html")]
struct TokensPage {
    chrome: Chrome,
    rows: Vec<TokenRow>,
    v: TokenForm,
    problems: Problems,
    secret: Option<String>,
}

impl TokensPage {
    fn scopes(&self) -> Vec<(String, String, bool)> {
        Scope::ALL
            .iter()
            .map(|s| {
                (
                    s.code().to_string(),
                    s.label().to_string(),
                    self.v.scopes.iter().any(|v| v == s.code()),
                )
            })
            .collect()
    }
}

async fn tokens_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    v: TokenForm,
    problems: Problems,
    secret: Option<String>,
) -> Page {
    let at = now();
    let rows = state
        .store
        .list_api_tokens(viewer.org())
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            live: t.revoked_at.is_none() && t.expires_at.is_none_or(|e| e > at),
            name: t.name,
            scopes: t.scopes.iter().map(|s| s.code()).collect::<Vec<_>>().join(", "),
            created: when(t.created_at),
            expires: t.expires_at.map_or_else(|| "never".into(), when),
            last_used: t.last_used_at.map_or_else(|| "never".into(), when),
        })
        .collect();
    let ok = problems.is_empty();
    let chrome = viewer.section("admin");
    answer(
        &TokensPage {
            chrome: chrome.clone(),
            rows,
            v,
            problems,
            secret,
        },
        &chrome,
        ok,
    )
}

async fn tokens<S: Store>(State(state): State<AppState<S>>, viewer: Viewer) -> Page {
    viewer.require(Action::ManageTokens)?;
    let v = TokenForm {
        expires_days: "90".into(),
        ..Default::default()
    };
    tokens_page(&state, &viewer, v, Problems::none(), None).await
}

async fn create_token<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, form }: UiForm<TokenForm>,
) -> Page {
    viewer.require(Action::ManageTokens)?;
    let mut e = hitstaff_domain::ValidationErrors::new();
    let scopes: Vec<Scope> = form
        .scopes
        .iter()
        .filter_map(|s| e.check("scopes", Scope::parse(s)))
        .collect();
    let expires_at = match blank_none(&form.expires_days) {
        None => None,
        Some(d) => match d.parse::<u16>() {
            Ok(days) if (1..=730).contains(&days) => Some(now() + time::Duration::days(i64::from(days))),
            _ => {
                e.push(FieldError::new(
                    "expires_days",
                    "enter 1 to 730 days, or leave it empty for a token that lasts until revoked",
                ));
                None
            }
        },
    };
    if !e.is_empty() {
        return tokens_page(&state, &viewer, form, e.into(), None).await;
    }
    let make = admin::MakeToken {
        name: form.name.clone(),
        scopes,
        expires_at,
    };
    match admin::make_token(&state.store, viewer.actor(), make).await {
        Ok((_, secret)) => {
            tokens_page(
                &state,
                &viewer,
                TokenForm::default(),
                Problems::none(),
                Some(secret),
            )
            .await
        }
        Err(err) => {
            let p = problems_or(err.into(), "name")?;
            tokens_page(&state, &viewer, form, p, None).await
        }
    }
}

fn token_id(raw: &str) -> Result<ApiTokenId, UiError> {
    Ok(crate::edge::path_id(raw, "API token", ApiTokenId::parse)?)
}

async fn revoke_token_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::ManageTokens)?;
    let id = token_id(&raw)?;
    let token = state
        .store
        .list_api_tokens(viewer.org())
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| UiError::App(AppError::NotFound("no such API token".into())))?;
    let chrome = viewer.section("admin");
    render(
        &ConfirmPage {
            chrome: chrome.clone(),
            heading: format!("Revoke the token “{}”?", token.name),
            consequence:
                "Whatever uses it stops working at once. This cannot be undone; make a new token instead."
                    .into(),
            action: format!("/admin/tokens/{id}/revoke"),
            button: "Revoke token".into(),
            cancel: "/admin/tokens".into(),
        },
        &chrome,
    )
}

async fn revoke_token<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    admin::revoke_token(&state.store, viewer.actor(), token_id(&raw)?).await?;
    done("/admin/tokens", "revoked")
}

// ---- accepting an invitation (not signed in)

#[derive(Template)]
#[template(path = "accept.html")]
struct AcceptPage {
    name: String,
    email: String,
    action: String,
    problems: Problems,
}

async fn accept_page<S: Store>(State(state): State<AppState<S>>, Path(token): Path<String>) -> Page {
    let user = admin::invited(&state.store, &token).await?;
    let page = AcceptPage {
        name: user.name.to_string(),
        email: user.email.to_string(),
        action: format!("/invitations/{token}"),
        problems: Problems::none(),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AcceptForm {
    password: String,
    confirm: String,
}

async fn accept<S: Store>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    PublicForm(form): PublicForm<AcceptForm>,
) -> Page {
    let accepted = admin::accept_invitation(&state.store, &token, form.password, &form.confirm).await;
    match accepted {
        Ok(_) => {}
        Err(hitstaff_app::Error::Invalid(errors)) => {
            let user = admin::invited(&state.store, &token).await?;
            let page = AcceptPage {
                name: user.name.to_string(),
                email: user.email.to_string(),
                action: format!("/invitations/{token}"),
                problems: errors.into(),
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
        Err(e) => return Err(e.into()),
    }
    done("/sign-in", "password-set")
}

// ---- matching weights

#[derive(Template)]
#[template(path = "admin_matching.html")]
struct MatchingPage {
    chrome: Chrome,
    /// (field name, label, value as typed, hint)
    fields: Vec<(&'static str, &'static str, String, &'static str)>,
    problems: Problems,
    /// Open requisitions to preview on: (id, "REQ-0001 Title", chosen).
    requisitions: Vec<(String, String, bool)>,
    /// The preview: the requisition, and its best candidates under the weights typed.
    preview: Option<(String, Vec<PreviewRow>)>,
}

/// One candidate in a preview: their rank and score under the weights typed and now.
struct PreviewRow {
    name: String,
    rank: usize,
    score: u8,
    /// Rank and score under the weights in force (none: not in the top list now).
    now: Option<(usize, u8)>,
}

/// The weights form, field by field.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct WeightsForm {
    /// "preview" to see the effect on a requisition without saving.
    #[serde(default)]
    action: String,
    #[serde(default)]
    requisition_id: String,
    required_skills: String,
    preferred_skills: String,
    intent: String,
    recency: String,
    experience: String,
    location: String,
    availability: String,
    pay: String,
}

impl WeightsForm {
    fn of(w: &hitstaff_matching::Weights) -> Self {
        WeightsForm {
            action: String::new(),
            requisition_id: String::new(),
            required_skills: w.required_skills.to_string(),
            preferred_skills: w.preferred_skills.to_string(),
            intent: w.intent.to_string(),
            recency: w.recency.to_string(),
            experience: w.experience.to_string(),
            location: w.location.to_string(),
            availability: w.availability.to_string(),
            pay: w.pay.to_string(),
        }
    }

    fn fields(self) -> Vec<(&'static str, &'static str, String, &'static str)> {
        vec![
            (
                "required_skills",
                "Required skills",
                self.required_skills,
                "At the level and years asked; related skills count in part.",
            ),
            ("preferred_skills", "Preferred skills", self.preferred_skills, ""),
            (
                "intent",
                "Purpose",
                self.intent,
                "Depth on the product to maintain it; breadth and go-lives to implement one.",
            ),
            ("recency", "Recent use", self.recency, ""),
            ("experience", "Experience", self.experience, ""),
            (
                "location",
                "Location and work model",
                self.location,
                "Distance for onsite and hybrid roles; allowed states for remote ones.",
            ),
            (
                "availability",
                "Availability",
                self.availability,
                "Against the start date.",
            ),
            ("pay", "Pay", self.pay, "Desired pay against the budget."),
        ]
    }

    /// The weights, or each field's problem.
    fn parse(&self) -> Result<hitstaff_matching::Weights, hitstaff_domain::ValidationErrors> {
        let mut e = hitstaff_domain::ValidationErrors::new();
        let mut n = |field: &str, v: &str| match v.trim().parse::<u16>() {
            Ok(x) if x <= hitstaff_matching::MAX_WEIGHT => x,
            _ => {
                e.push(FieldError::new(field, "a whole number from 0 to 1,000"));
                0
            }
        };
        let w = hitstaff_matching::Weights {
            required_skills: n("required_skills", &self.required_skills),
            preferred_skills: n("preferred_skills", &self.preferred_skills),
            intent: n("intent", &self.intent),
            recency: n("recency", &self.recency),
            experience: n("experience", &self.experience),
            location: n("location", &self.location),
            availability: n("availability", &self.availability),
            pay: n("pay", &self.pay),
        };
        if e.is_empty()
            && let Err((field, problem)) = w.check()
        {
            let field = if field == "weights" {
                "required_skills"
            } else {
                field
            };
            e.push(FieldError::new(field, problem));
        }
        if e.is_empty() { Ok(w) } else { Err(e) }
    }
}

/// How many candidates a preview shows.
const PREVIEW_SIZE: usize = 10;

async fn open_requisitions<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    chosen: &str,
) -> Result<Vec<(String, String, bool)>, UiError> {
    let filter = hitstaff_store::RequisitionFilter {
        status: Some(hitstaff_domain::RequisitionStatus::Open),
        ..Default::default()
    };
    let page = hitstaff_store::PageRequest {
        after: None,
        limit: 200,
    };
    let open = state
        .store
        .list_requisitions(viewer.org(), &filter, &page)
        .await?;
    Ok(open
        .items
        .into_iter()
        .map(|r| {
            let id = r.id.to_string();
            let on = id == chosen;
            (id, format!("{} {}", r.reference, r.fields.title), on)
        })
        .collect())
}

async fn matching_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    form: WeightsForm,
    problems: Problems,
    preview: Option<(String, Vec<PreviewRow>)>,
) -> Page {
    let chrome = viewer.section("admin");
    let invalid = !problems.is_empty();
    let requisitions = open_requisitions(state, viewer, &form.requisition_id).await?;
    answer(
        &MatchingPage {
            chrome: chrome.clone(),
            fields: form.fields(),
            problems,
            requisitions,
            preview,
        },
        &chrome,
        !invalid,
    )
}

async fn matching<S: Store>(State(state): State<AppState<S>>, viewer: Viewer) -> Page {
    viewer.require(Action::ManageSettings)?;
    let w = hitstaff_app::ranking::weights(&state.store, viewer.org()).await?;
    matching_page(&state, &viewer, WeightsForm::of(&w), Problems::none(), None).await
}

/// The best candidates for a requisition under the weights typed, beside their place now.
async fn preview<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    raw: &str,
    typed: &hitstaff_matching::Weights,
) -> Result<(String, Vec<PreviewRow>), UiError> {
    viewer.require(Action::RankCandidates)?;
    let id = hitstaff_domain::RequisitionId::parse(raw).map_err(|_| {
        UiError::App(AppError::Invalid(
            FieldError::new("requisition_id", "choose a requisition to preview on").into(),
        ))
    })?;
    let r = state.store.get_requisition(viewer.org(), id).await?;
    let current = hitstaff_app::ranking::weights(&state.store, viewer.org()).await?;
    let now = hitstaff_app::ranking::candidates_weighed(
        &state.store,
        &state.candidates,
        viewer.caller.actor(),
        &r,
        PREVIEW_SIZE,
        &current,
    )
    .await?;
    let then = hitstaff_app::ranking::candidates_weighed(
        &state.store,
        &state.candidates,
        viewer.caller.actor(),
        &r,
        PREVIEW_SIZE,
        typed,
    )
    .await?;
    let rows = then
        .into_iter()
        .enumerate()
        .map(|(i, m)| PreviewRow {
            now: now
                .iter()
                .position(|n| n.candidate_id == m.candidate_id)
                .map(|j| (j + 1, now[j].result.score)),
            name: m.name,
            rank: i + 1,
            score: m.result.score,
        })
        .collect();
    Ok((format!("{} {}", r.reference, r.fields.title), rows))
}

async fn save_matching<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, form }: UiForm<WeightsForm>,
) -> Page {
    viewer.require(Action::ManageSettings)?;
    match form.parse() {
        Ok(w) if form.action == "preview" => match preview(&state, &viewer, &form.requisition_id, &w).await {
            Ok(shown) => matching_page(&state, &viewer, form, Problems::none(), Some(shown)).await,
            Err(UiError::App(AppError::Invalid(e))) => {
                matching_page(&state, &viewer, form, e.into(), None).await
            }
            Err(other) => Err(other),
        },
        Ok(w) => {
            hitstaff_app::ranking::set_weights(&state.store, viewer.caller.actor(), &w).await?;
            done("/admin/matching", "saved")
        }
        Err(errors) => matching_page(&state, &viewer, form, Problems::from(errors), None).await,
    }
}

/// Puts every factor back to hitstaff's default weight.
async fn reset_matching<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    let w = hitstaff_matching::Weights::default();
    hitstaff_app::ranking::set_weights(&state.store, viewer.caller.actor(), &w).await?;
    done("/admin/matching", "saved")
}
