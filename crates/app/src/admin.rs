//! Administration: users, their invitation links and API tokens. The rules are written here once: an administrator
//! cannot remove their own administrator access, a changed role or a deactivation ends the
//! person's sessions at once, a token needs a scope and an expiry still to come.

use crate::secrets::{check_password, digest, hash_password, new_api_token, new_password, new_secret};
use crate::{Actor, Error, off_thread};
use hitstaff_domain::{
    Action, ApiTokenId, AuthEventKind, ClientId, Email, InvitationId, NewUser, PersonName, Role, Scope, User,
    UserId,
};
use hitstaff_store::{
    ApiToken, AuthEvent, Invitation, NewApiToken, NewInvitation, Store, StoreError, UserUpdate, now,
};
use time::OffsetDateTime;

/// A user to add.
#[derive(Debug, Clone)]
pub struct AddUser {
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    pub client_id: Option<ClientId>,
}

/// Adds a user with a generated first password, returned once for the administrator to pass on.
#[tracing::instrument(level = "debug", skip_all, fields(org = %actor.user.org_id))]
pub async fn add_user<S: Store>(store: &S, actor: Actor<'_>, add: AddUser) -> Result<(User, String), Error> {
    actor.require(Action::ManageUsers)?;
    let password = new_password()?;
    let user = create_with_password(store, actor.user.org_id, add, password.clone()).await?;
    Ok((user, password))
}

/// Creates a user whose password is `password` (hashed off the async threads).
async fn create_with_password<S: Store>(
    store: &S,
    org: hitstaff_domain::OrgId,
    add: AddUser,
    password: String,
) -> Result<User, Error> {
    let hash = hash_off_thread(password).await?;
    let new = NewUser::new(add.email, add.name, add.role, add.client_id, Some(hash))
        .map_err(|e| Error::Invalid(e.into()))?;
    Ok(store.create_user(org, &new).await?)
}

/// Hashes a password on a blocking thread (argon2 takes tens of milliseconds of CPU).
pub async fn hash_off_thread(password: String) -> Result<String, Error> {
    off_thread("password hashing", move || hash_password(&password))
        .await?
        .map_err(|e| Error::Internal(format!("hashing failed: {e}")))
}

/// What changes about a user; `None` leaves it as it is.
#[derive(Debug, Clone, Default)]
pub struct ChangeUser {
    pub name: Option<PersonName>,
    /// A new role, with the client a hiring manager is tied to.
    pub role: Option<(Role, Option<ClientId>)>,
    pub active: Option<bool>,
}

/// Renames, changes the role of, deactivates or reactivates a user. A new role or a
/// deactivation ends their sessions, so it takes effect on their next request whatever they had
/// open.
#[tracing::instrument(level = "debug", skip_all, fields(org = %actor.user.org_id))]
pub async fn change_user<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: UserId,
    change: ChangeUser,
) -> Result<User, Error> {
    actor.require(Action::ManageUsers)?;
    let org = actor.user.org_id;
    let before = store.get_user(org, id).await?;
    if id == actor.user.id {
        if change.active == Some(false) {
            return Err(Error::Refused(
                "you cannot deactivate yourself; ask another administrator".into(),
            ));
        }
        if change.role.is_some_and(|(role, _)| role != Role::Admin) {
            return Err(Error::field(
                "role",
                "you cannot remove your own administrator role; ask another administrator",
            ));
        }
    }
    let update = UserUpdate {
        name: change.name,
        role: change.role,
        active: change.active,
    };
    let after = store.update_user(org, id, &update).await?;
    let role_changed = after.role != before.role || after.client_id != before.client_id;
    let deactivated = before.active && !after.active;
    if role_changed || deactivated {
        store.end_user_sessions(org, id).await?;
    }
    Ok(after)
}

/// An API token to make.
#[derive(Debug, Clone)]
pub struct MakeToken {
    pub name: String,
    pub scopes: Vec<Scope>,
    /// None: until revoked.
    pub expires_at: Option<OffsetDateTime>,
}

fn token_event(actor: Actor<'_>, kind: AuthEventKind) -> AuthEvent {
    AuthEvent {
        org: Some(actor.user.org_id),
        user: Some(actor.user.id),
        kind,
        subject_hash: None,
        address: None,
        at: now(),
    }
}

/// Makes an API token acting as the administrator within its scopes; its secret is returned once.
#[tracing::instrument(level = "debug", skip_all, fields(org = %actor.user.org_id))]
pub async fn make_token<S: Store>(
    store: &S,
    actor: Actor<'_>,
    make: MakeToken,
) -> Result<(ApiToken, String), Error> {
    actor.require(Action::ManageTokens)?;
    let mut errors = hitstaff_domain::ValidationErrors::new();
    if make.scopes.is_empty() {
        errors.push(hitstaff_domain::FieldError::new(
            "scopes",
            "choose at least one scope: what the other system may do",
        ));
    }
    if let Some(at) = make.expires_at
        && at <= now()
    {
        errors.push(hitstaff_domain::FieldError::new(
            "expires_at",
            "the expiry has already passed; give a time still to come, or none for a token that lasts until revoked",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let secret = new_api_token()?;
    let new = NewApiToken {
        name: make.name,
        token_hash: digest(&secret),
        scopes: make.scopes,
        created_by: actor.user.id,
        expires_at: make.expires_at,
    };
    let token = store.create_api_token(actor.user.org_id, &new).await?;
    store
        .record_auth_event(&token_event(actor, AuthEventKind::TokenCreated))
        .await?;
    Ok((token, secret))
}

/// Revokes an API token at once.
#[tracing::instrument(level = "debug", skip_all, fields(org = %actor.user.org_id))]
pub async fn revoke_token<S: Store>(store: &S, actor: Actor<'_>, id: ApiTokenId) -> Result<ApiToken, Error> {
    actor.require(Action::ManageTokens)?;
    let token = store.revoke_api_token(actor.user.org_id, id, now()).await?;
    store
        .record_auth_event(&token_event(actor, AuthEventKind::TokenRevoked))
        .await?;
    Ok(token)
}

/// How long an invitation (or password) link works.
pub const INVITATION_DAYS: i64 = 7;

/// A one-time link's secret, shown once; only its hash is stored.
#[derive(Clone)]
pub struct LinkToken(pub String);

impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkToken(..)")
    }
}

/// Makes a one-time link for `user` to choose a password (an earlier one stops working).
async fn new_link<S: Store>(store: &S, actor: Actor<'_>, user: UserId) -> Result<LinkToken, Error> {
    let token = new_secret()?;
    store
        .create_invitation(
            actor.user.org_id,
            &NewInvitation {
                token_hash: digest(&token),
                user,
                created_by: actor.user.id,
                expires_at: now() + time::Duration::days(INVITATION_DAYS),
            },
        )
        .await?;
    Ok(LinkToken(token))
}

/// Adds a user without a password and makes their invitation link: they choose the password.
#[tracing::instrument(level = "debug", skip_all, fields(org = %actor.user.org_id))]
pub async fn invite_user<S: Store>(
    store: &S,
    actor: Actor<'_>,
    add: AddUser,
) -> Result<(User, LinkToken), Error> {
    actor.require(Action::ManageUsers)?;
    let new = NewUser::new(add.email, add.name, add.role, add.client_id, None)
        .map_err(|e| Error::field("role", e.to_string()))?;
    let user = store.create_user(actor.user.org_id, &new).await?;
    let token = new_link(store, actor, user.id).await?;
    Ok((user, token))
}

/// A new one-time link for a user on file: to finish an invitation that expired, or to reset a
/// forgotten password (the current password works until the link is used).
pub async fn reinvite<S: Store>(store: &S, actor: Actor<'_>, id: UserId) -> Result<(User, LinkToken), Error> {
    actor.require(Action::ManageUsers)?;
    let u = store.get_user(actor.user.org_id, id).await?;
    if !u.active {
        return Err(Error::Refused(
            "this user is deactivated; reactivate them first".into(),
        ));
    }
    let token = new_link(store, actor, u.id).await?;
    Ok((u, token))
}

/// Stops a link working before it is used.
pub async fn revoke_invitation<S: Store>(
    store: &S,
    actor: Actor<'_>,
    id: InvitationId,
) -> Result<Invitation, Error> {
    actor.require(Action::ManageUsers)?;
    Ok(store.revoke_invitation(actor.user.org_id, id, now()).await?)
}

fn link_gone() -> Error {
    Error::NotFound(
        "this link has expired, was replaced by a newer one, or was already used; ask your administrator for a new one"
            .into(),
    )
}

/// Whose a one-time link is, while it still works (anyone holding the link may ask).
pub async fn invited<S: Store>(store: &S, token: &str) -> Result<User, Error> {
    match store.invitation(&digest(token), now()).await? {
        Some((_, user)) => Ok(user),
        None => Err(link_gone()),
    }
}

/// Uses a one-time link: the password (typed twice) must pass the password rules. Every session
/// the old password opened ends, and the change is recorded.
pub async fn accept_invitation<S: Store>(
    store: &S,
    token: &str,
    password: String,
    confirm: &str,
) -> Result<User, Error> {
    let user = invited(store, token).await?;
    check_password(&password, &[user.email.as_str(), user.name.as_str()])
        .map_err(|p| Error::field("password", p))?;
    if password != confirm {
        return Err(Error::field(
            "confirm",
            "the two passwords differ; type the same one twice",
        ));
    }
    let hash = hash_off_thread(password).await?;
    let user = store
        .accept_invitation(&digest(token), &hash, now())
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => link_gone(),
            other => other.into(),
        })?;
    store.end_user_sessions(user.org_id, user.id).await?;
    store
        .record_auth_event(&AuthEvent {
            org: Some(user.org_id),
            user: Some(user.id),
            kind: AuthEventKind::PasswordChanged,
            subject_hash: None,
            address: None,
            at: now(),
        })
        .await?;
    Ok(user)
}

/// Adds a user for whoever runs hitstaff on its own machine (`hitstaff user add`, the first
/// administrator of a new installation): they hold the database itself, so no role applies. A
/// password given must pass the password rules; without one, a password is drawn and returned
/// once.
pub async fn add_user_as_operator<S: Store>(
    store: &S,
    org: hitstaff_domain::OrgId,
    add: AddUser,
    password: Option<String>,
) -> Result<(User, Option<String>), Error> {
    let (password, drawn) = match password {
        Some(p) => {
            check_password(&p, &[add.email.as_str(), add.name.as_str()])
                .map_err(|problem| Error::field("password", problem))?;
            (p, false)
        }
        None => (new_password()?, true),
    };
    let user = create_with_password(store, org, add, password.clone()).await?;
    Ok((user, drawn.then_some(password)))
}

/// Every user of the organisation.
pub async fn users<S: Store>(store: &S, actor: Actor<'_>) -> Result<Vec<User>, Error> {
    actor.require(Action::ReadUsers)?;
    Ok(store.list_users(actor.user.org_id).await?)
}

/// Every API token of the organisation (never their secrets).
pub async fn tokens<S: Store>(store: &S, actor: Actor<'_>) -> Result<Vec<ApiToken>, Error> {
    actor.require(Action::ManageTokens)?;
    Ok(store.list_api_tokens(actor.user.org_id).await?)
}
