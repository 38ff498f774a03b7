/// Declares a closed set of named values stored and exchanged as stable lower-case codes.
///
/// Each variant gets a code (what the database and the API hold) and a label (what a person reads).
/// The generated `parse` names every accepted code when it fails, so the error tells the user what to do.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = ($code:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stable code stored in the database and used by the API.
            pub const fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            /// The label shown to people.
            pub const fn label(self) -> &'static str {
                match self { $( $name::$variant => $label ),+ }
            }

            /// Parses a code (case-insensitive, `-` and space accepted for `_`) or a label.
            pub fn parse(input: &str) -> Result<Self, $crate::error::InvalidValue> {
                let wanted = input.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $(
                    if wanted == $code || input.trim().eq_ignore_ascii_case($label) {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::error::InvalidValue::new(
                    $what,
                    format!(
                        "{:?} is not a known {}; use one of: {}",
                        input,
                        $what,
                        [$($code),+].join(", ")
                    ),
                ))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::InvalidValue;
            fn try_from(s: String) -> Result<Self, Self::Error> { Self::parse(&s) }
        }

        impl $crate::Coded for $name {
            const ALL: &'static [Self] = $name::ALL;
            fn code(self) -> &'static str { $name::code(self) }
            fn label(self) -> &'static str { $name::label(self) }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                let labels = [$(concat!("`", $code, "`: ", $label)),+].join("; ");
                $crate::openapi::string(
                    &format!("A {}, one of these codes: {labels}.", $what),
                    None,
                    Some(&[$($code),+]),
                    None,
                )
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> { std::borrow::Cow::Borrowed(stringify!($name)) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Declares a string newtype that can only be built through its `parse` function and serialises as
/// the plain string (deserialising re-runs `parse`, so JSON cannot smuggle in an invalid value).
macro_rules! parsed_string {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        parsed_string!($(#[$meta])* $vis struct $name; schema: stringify!($name), None);
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident; schema: $describe:expr, $example:expr) => {
        parsed_string!($(#[$meta])* $vis struct $name; schema: $describe, $example, $crate::openapi::Shape::ANY);
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident; schema: $describe:expr, $example:expr, $shape:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(String);

        impl $name {
            /// The value as text.
            pub fn as_str(&self) -> &str { &self.0 }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str { &self.0 }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.0) }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::InvalidValue;
            fn try_from(s: String) -> Result<Self, Self::Error> { Self::parse(&s) }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String { v.0 }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                $crate::openapi::shaped_string($describe, $example, $shape)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> { std::borrow::Cow::Borrowed(stringify!($name)) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(&self.0) }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
