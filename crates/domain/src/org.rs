//! Organisations (tenants), users and roles.

use crate::contact::{Email, PersonName};
use crate::error::{FieldError, ValidationErrors};
use crate::ids::{ClientId, OrgId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The tenant: a staffing firm, or a health system's IT recruiting team. Every other record belongs to
/// exactly one organisation and is invisible to all others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    /// Short, URL-safe name, unique across the installation (used by the careers site later).
    pub slug: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganization {
    pub name: String,
    pub slug: String,
}

impl NewOrganization {
    pub fn parse(name: &str, slug: &str) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            errors.push(FieldError::new(
                "name",
                "the organisation name must be 1 to 200 characters",
            ));
        }
        let slug = slug.trim().to_ascii_lowercase();
        let slug_ok = (2..=63).contains(&slug.len())
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-');
        if !slug_ok {
            errors.push(FieldError::new(
                "slug",
                "the short name must be 2 to 63 letters, digits or hyphens, as mercy-it-staffing",
            ));
        }
        errors.finish(|| Self {
            name: name.to_string(),
            slug,
        })
    }
}

code_enum! {
    /// What a user may do. Checked on every route (issue 3); the store only records it.
    pub enum Role as "role" {
        /// Everything, including users and settings.
        Admin = ("admin", "Administrator"),
        /// Candidates, requisitions and pipelines.
        Recruiter = ("recruiter", "Recruiter"),
        /// Clients and their requisitions; reads candidates.
        AccountManager = ("account_manager", "Account manager"),
        /// Compliance data (credentials, screening); reads the rest.
        ComplianceOfficer = ("compliance_officer", "Compliance officer"),
        /// One client's requisitions and the candidates submitted to them, nothing internal.
        HiringManager = ("hiring_manager", "Hiring manager"),
        /// Reads everything, changes nothing.
        Auditor = ("auditor", "Auditor"),
    }
}

impl Role {
    /// Whether users of this role must be tied to one client.
    pub const fn is_client_scoped(self) -> bool {
        matches!(self, Role::HiringManager)
    }
}

/// A person who signs in. Hiring managers carry the one client they may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    pub id: UserId,
    pub org_id: OrgId,
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    pub client_id: Option<ClientId>,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A user to create. `password_hash` is a PHC string made by the web layer (argon2id); the domain
/// never sees a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    pub client_id: Option<ClientId>,
    pub password_hash: Option<String>,
}

impl NewUser {
    /// Checks that a hiring manager names their client and that nobody else does.
    pub fn new(
        email: Email,
        name: PersonName,
        role: Role,
        client_id: Option<ClientId>,
        password_hash: Option<String>,
    ) -> Result<Self, FieldError> {
        match (role.is_client_scoped(), client_id) {
            (true, None) => Err(FieldError::new(
                "client",
                "a hiring manager must be tied to one client; choose it",
            )),
            (false, Some(_)) => Err(FieldError::new(
                "client",
                format!(
                    "only hiring managers are tied to a client, not a {}",
                    role.label().to_lowercase()
                ),
            )),
            _ => Ok(Self {
                email,
                name,
                role,
                client_id,
                password_hash,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_slugs() {
        assert_eq!(
            NewOrganization::parse(" Mercy IT ", "Mercy-IT").unwrap().slug,
            "mercy-it"
        );
        let err = NewOrganization::parse("", "-x").unwrap_err();
        assert_eq!(err.errors.len(), 2);
        assert_eq!(err.errors[0].field, "name");
        assert_eq!(err.errors[1].field, "slug");
    }

    #[test]
    fn roles_parse_codes_and_labels() {
        assert_eq!(Role::parse("hiring-manager").unwrap(), Role::HiringManager);
        assert_eq!(Role::parse("Account manager").unwrap(), Role::AccountManager);
        assert!(
            Role::parse("boss")
                .unwrap_err()
                .problem
                .contains("admin, recruiter")
        );
    }

    #[test]
    fn hiring_managers_need_a_client() {
        let email = Email::parse("hm@client.org").unwrap();
        let name = PersonName::parse("Hana Manager").unwrap();
        let hm = NewUser::new(email.clone(), name.clone(), Role::HiringManager, None, None);
        assert_eq!(hm.unwrap_err().field, "client");
        let rec = NewUser::new(
            email.clone(),
            name.clone(),
            Role::Recruiter,
            Some(ClientId::new()),
            None,
        );
        assert!(rec.unwrap_err().problem.contains("only hiring managers"));
        assert!(NewUser::new(email, name, Role::HiringManager, Some(ClientId::new()), None).is_ok());
    }
}
