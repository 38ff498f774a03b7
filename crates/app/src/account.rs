//! Accounts: signing in (with the slowing of repeated failures), signing off, changing one's
//! password. The API and the pages set and clear the session cookie; what a sign-in checks and
//! records is decided here, once.

use crate::secrets::{check_password, digest, hash_password, new_secret, verify_password};
use crate::{Actor, Error, off_thread};
use hitstaff_domain::{AuthEventKind, Email, OrgId, User, UserId};
use hitstaff_store::{AuthEvent, AuthEventKey, NewSession, Store, now};
use std::time::Duration;

/// How sign-in failures are slowed down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInLimits {
    /// Failures of one account from one address before each further try must wait.
    pub free_failures: u64,
    /// The longest wait between two tries of one account from one address.
    pub max_delay: Duration,
    /// Failures from one address (on any accounts) after which that address waits out the window.
    pub max_failures_per_address: u64,
    /// How far back failures count.
    pub window: Duration,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            free_failures: 3,
            max_delay: Duration::from_secs(15 * 60),
            max_failures_per_address: 100,
            window: Duration::from_secs(60 * 60),
        }
    }
}

impl SignInLimits {
    /// How long the next try of one account from one address must wait after `failures` recent
    /// failures, the last `since_last` ago: nothing for the first few, then 1, 2, 4... seconds,
    /// at most `max_delay`.
    pub fn pair_wait(&self, failures: u64, since_last: Duration) -> Option<Duration> {
        let over = failures.checked_sub(self.free_failures)?;
        let delay = Duration::from_secs(1u64 << over.min(30)).min(self.max_delay);
        delay.checked_sub(since_last).filter(|w| !w.is_zero())
    }
}

/// How sessions are opened: their lifetime and the slowing of failed sign-ins.
#[derive(Debug, Clone, Default)]
pub struct SessionRules {
    pub absolute_lifetime: Duration,
    pub limits: SignInLimits,
}

/// What a person typed to sign in, and the network address they came from.
#[derive(Clone, Copy)]
pub struct SignInRequest<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// The organisation's short name, when one password opens accounts in several.
    pub organization: Option<&'a str>,
    pub address: &'a str,
}

impl std::fmt::Debug for SignInRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the address or the password.
        f.debug_struct("SignInRequest").finish_non_exhaustive()
    }
}

/// Ends a session (its token's hash; `None` for an API token, which has none to end) and records
/// that the person signed out.
pub async fn sign_out<S: Store>(
    store: &S,
    u: &User,
    session: Option<&str>,
    address: &str,
) -> Result<(), Error> {
    if let Some(token_hash) = session {
        store.end_session(token_hash).await?;
    }
    record(store, u, AuthEventKind::SignedOut, address).await
}

async fn record<S: Store>(store: &S, u: &User, kind: AuthEventKind, address: &str) -> Result<(), Error> {
    store
        .record_auth_event(&event(kind, Some(u.org_id), Some(u.id), None, address))
        .await?;
    Ok(())
}

/// The accounts one sign-in tries the password against (each try costs tens of milliseconds); a
/// person with more accounts under one address names the organisation.
const MAX_ACCOUNTS_PER_ADDRESS: usize = 8;

const WRONG: &str = "the email address or the password is wrong";

/// A hash of a password nobody has (same parameters as real ones), verified when the account does
/// not exist so that a failed sign-in takes as long whether or not the address is known.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let secret = new_secret().unwrap_or_else(|_| "no randomness: the hash still costs the same".into());
    hash_password(&secret).unwrap_or_default()
});

fn event(
    kind: AuthEventKind,
    org: Option<OrgId>,
    user: Option<UserId>,
    subject: Option<String>,
    address: &str,
) -> AuthEvent {
    AuthEvent {
        org,
        user,
        kind,
        subject_hash: subject,
        address: Some(address.to_string()),
        at: now(),
    }
}

/// A new session for a user who proved who they are.
pub struct SignedIn {
    /// The cookie value; only its hash is stored.
    pub token: String,
    pub session: User,
    pub csrf_token: String,
    pub expires_at: time::OffsetDateTime,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token and the CSRF token are secrets.
        f.debug_struct("SignedIn")
            .field("user", &self.session.id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Checks an email address and password and opens a session. Repeated failures of one account
/// from one address make each further try wait longer, and an address that fails on many
/// accounts waits out the window; no account is ever locked (see [`SignInLimits`]). Every
/// outcome is recorded in the account events.
#[tracing::instrument(skip_all)]
pub async fn sign_in<S: Store>(
    store: &S,
    rules: &SessionRules,
    request: SignInRequest<'_>,
) -> Result<SignedIn, Error> {
    let SignInRequest {
        email,
        password,
        organization,
        address,
    } = request;
    let password = password.to_string();
    let email = Email::parse(email).map_err(|e| Error::Invalid(e.for_field("email").into()))?;
    let subject = digest(email.as_str());
    let limits = &rules.limits;
    let at = now();
    let window_start = at - limits.window;
    let failed = AuthEventKind::SignInFailed;
    let by_address = store
        .tally_auth_events(failed, &AuthEventKey::Address(address.to_string()), window_start)
        .await?;
    if by_address.count >= limits.max_failures_per_address {
        let minutes = limits.window.as_secs().div_ceil(60);
        return Err(Error::Throttled {
            detail: format!(
                "too many failed sign-ins from your network address; wait up to {minutes} minutes and try again, or ask an administrator"
            ),
            retry_after: limits.window.as_secs(),
        });
    }
    let pair = AuthEventKey::Pair {
        subject: subject.clone(),
        address: address.to_string(),
    };
    let by_pair = store.tally_auth_events(failed, &pair, window_start).await?;
    let since_last = by_pair
        .last
        .map_or(limits.window, |last| (at - last).try_into().unwrap_or_default());
    if let Some(wait) = limits.pair_wait(by_pair.count, since_last) {
        let seconds = wait.as_secs_f64().ceil() as u64;
        return Err(Error::Throttled {
            detail: format!(
                "several wrong passwords in a row; wait {seconds} seconds and try again (or ask an administrator for a new link)"
            ),
            retry_after: seconds,
        });
    }
    // An address is unique only within an organisation, so it may open accounts in several: the
    // password is tried against each active one (or only the chosen organisation's).
    let chosen = organization
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase);
    let mut records = Vec::new();
    for r in store.user_for_sign_in(&email).await? {
        if !r.user.active {
            continue;
        }
        if let Some(slug) = &chosen
            && store.get_organization(r.user.org_id).await?.slug.as_str() != slug
        {
            continue;
        }
        records.push(r);
        if records.len() == MAX_ACCOUNTS_PER_ADDRESS {
            break;
        }
    }
    let hashes: Vec<String> = records
        .iter()
        .map(|r| r.password_hash.clone().unwrap_or_else(|| DUMMY_HASH.clone()))
        .collect();
    // Hashing takes tens of milliseconds of CPU: off the async threads. With no account, the dummy
    // hash takes the same time, so a failure does not tell whether the address is known.
    let matches = off_thread("the password check", move || {
        if hashes.is_empty() {
            verify_password(&password, &DUMMY_HASH);
            return Vec::new();
        }
        hashes
            .iter()
            .map(|h| verify_password(&password, h))
            .collect::<Vec<bool>>()
    })
    .await?;
    let opened: Vec<&User> = records
        .iter()
        .zip(&matches)
        .filter(|(_, ok)| **ok)
        .map(|(r, _)| &r.user)
        .collect();
    let user = match opened.as_slice() {
        [user] => *user,
        [] => {
            let failed_accounts: Vec<(Option<OrgId>, Option<UserId>)> = if records.is_empty() {
                vec![(None, None)]
            } else {
                records
                    .iter()
                    .map(|r| (Some(r.user.org_id), Some(r.user.id)))
                    .collect()
            };
            for (org, uid) in failed_accounts {
                store
                    .record_auth_event(&event(
                        AuthEventKind::SignInFailed,
                        org,
                        uid,
                        Some(subject.clone()),
                        address,
                    ))
                    .await?;
            }
            return Err(Error::Unauthenticated(WRONG.into()));
        }
        several => {
            // Only someone who knows the password learns the organisations' names.
            let mut names = Vec::new();
            for u in several {
                let o = store.get_organization(u.org_id).await?;
                names.push(format!("{} ({})", o.slug.as_str(), o.name.as_str()));
            }
            return Err(Error::field(
                "organization",
                format!(
                    "this email address and password open accounts in more than one organisation; enter the short name of the one to sign in to: {}",
                    names.join(", ")
                ),
            ));
        }
    };
    let token = new_secret()?;
    let csrf = new_secret()?;
    let expires_at = now() + rules.absolute_lifetime;
    let session = store
        .create_session(&NewSession {
            token_hash: digest(&token),
            org: user.org_id,
            user: user.id,
            csrf_token: csrf.clone(),
            expires_at,
        })
        .await?;
    store
        .record_auth_event(&event(
            AuthEventKind::SignedIn,
            Some(user.org_id),
            Some(user.id),
            Some(subject),
            address,
        ))
        .await?;
    Ok(SignedIn {
        token,
        session: session.user,
        csrf_token: csrf,
        expires_at,
    })
}

/// Changes the signed-in person's own password (the current one proves it is them) and ends
/// every session of theirs.
#[tracing::instrument(skip_all)]
pub async fn change_password<S: Store>(
    store: &S,
    actor: Actor<'_>,
    current: String,
    new: String,
    address: &str,
) -> Result<(), Error> {
    if actor.access.is_token() {
        return Err(Error::Forbidden(
            "passwords are changed by signing in, not with an API token".into(),
        ));
    }
    let u = actor.user;
    check_password(&new, &[u.email.as_str(), u.name.as_str()])
        .map_err(|p| Error::field("new_password", p))?;
    let stored = store
        .user_for_sign_in(&u.email)
        .await?
        .into_iter()
        .find(|r| r.user.id == u.id)
        .and_then(|r| r.password_hash)
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let hashed = off_thread("password hashing", move || {
        verify_password(&current, &stored).then(|| hash_password(&new))
    })
    .await?;
    let hash = match hashed {
        None => {
            return Err(Error::field("current_password", "the current password is wrong"));
        }
        Some(Err(e)) => return Err(Error::Internal(format!("password hashing failed: {e}"))),
        Some(Ok(h)) => h,
    };
    store.set_password_hash(u.org_id, u.id, &hash).await?;
    store.end_user_sessions(u.org_id, u.id).await?;
    record(store, u, AuthEventKind::PasswordChanged, address).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_per_account_and_address_and_never_lock() {
        let limits = SignInLimits::default();
        let s = Duration::from_secs;
        assert_eq!(limits.pair_wait(0, s(0)), None);
        assert_eq!(limits.pair_wait(2, s(0)), None);
        assert_eq!(limits.pair_wait(3, s(0)), Some(s(1)));
        assert_eq!(limits.pair_wait(4, s(0)), Some(s(2)));
        assert_eq!(limits.pair_wait(4, s(1)), Some(s(1)));
        assert_eq!(limits.pair_wait(4, s(2)), None, "waited long enough");
        assert_eq!(limits.pair_wait(10_000, s(0)), Some(s(15 * 60)), "capped");
        assert_eq!(limits.pair_wait(10_000, s(15 * 60)), None);
    }
}
