//! Typed identifiers. Every id is a UUIDv7: unique without coordination, and ordered by creation time,
//! which makes keyset paging by id also paging by age.

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self { Self(uuid::Uuid::now_v7()) }

            pub const fn from_uuid(u: uuid::Uuid) -> Self { Self(u) }

            pub const fn as_uuid(&self) -> uuid::Uuid { self.0 }

            /// Parses the usual hyphenated text form.
            pub fn parse(s: &str) -> Result<Self, $crate::error::InvalidValue> {
                uuid::Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
                    $crate::error::InvalidValue::new(
                        "id",
                        format!("{:?} is not an id; ids look like 0190f2a4-7c3e-7d41-9a0b-3f6c2e1d4b5a", s),
                    )
                })
            }
        }

        impl Default for $name {
            fn default() -> Self { Self::new() }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                $crate::openapi::string(
                    concat!("A ", stringify!($name), ": a UUIDv7, ordered by creation time."),
                    Some(utoipa::openapi::schema::KnownFormat::Uuid),
                    None,
                    Some("0190f2a4-7c3e-7d41-9a0b-3f6c2e1d4b5a"),
                )
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> { std::borrow::Cow::Borrowed(stringify!($name)) }
        }

        impl From<uuid::Uuid> for $name {
            fn from(u: uuid::Uuid) -> Self { Self(u) }
        }

        impl From<$name> for uuid::Uuid {
            fn from(id: $name) -> uuid::Uuid { id.0 }
        }
    )+};
}

id_type!(
    /// An organisation: the tenant.
    OrgId,
    UserId,
    ClientId,
    RequisitionId,
    CandidateId,
    ApplicationId,
    NoteId,
    ApiTokenId,
    InvitationId,
    ResumeId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered() {
        let a = CandidateId::new();
        let b = CandidateId::new();
        assert!(a < b, "UUIDv7 ids created later must sort later");
        assert_eq!(a.0.get_version_num(), 7);
    }

    #[test]
    fn parse_round_trips_and_rejects_junk() {
        let id = ClientId::new();
        assert_eq!(ClientId::parse(&id.to_string()).unwrap(), id);
        let err = ClientId::parse("client-42").unwrap_err();
        assert!(err.problem.contains("is not an id"), "{err}");
    }
}
