//! US geography: states and territories, ZIP codes, and a place (city, state, ZIP).

use crate::error::InvalidValue;
use serde::{Deserialize, Serialize};

/// (code, name) for the 50 states, DC and the inhabited territories, where hospitals hire.
const STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

/// A US state, DC or territory, held as its two-letter USPS code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UsState(u8);

impl UsState {
    /// Parses a USPS code (`TX`, `tx`) or a full name (`Texas`).
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let s = input.trim().trim_end_matches('.');
        STATES
            .iter()
            .position(|(code, name)| code.eq_ignore_ascii_case(s) || name.eq_ignore_ascii_case(s))
            .map(|i| Self(i as u8))
            .ok_or_else(|| {
                InvalidValue::new(
                    "US state",
                    format!("{input:?} is not a US state; use the two-letter code (TX) or the name (Texas)"),
                )
            })
    }

    pub fn code(self) -> &'static str {
        STATES[self.0 as usize].0
    }

    pub fn name(self) -> &'static str {
        STATES[self.0 as usize].1
    }

    /// Every state, DC and territory, in alphabetical order of code as listed above.
    pub fn all() -> impl Iterator<Item = UsState> {
        (0..STATES.len() as u8).map(UsState)
    }
}

impl std::fmt::Display for UsState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for UsState {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for UsState {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl utoipa::PartialSchema for UsState {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        let codes: Vec<&str> = STATES.iter().map(|(code, _)| *code).collect();
        crate::openapi::string(
            "A US state, DC or territory, by its two-letter USPS code (full names are accepted on input).",
            None,
            Some(&codes),
            Some("WI"),
        )
    }
}

impl utoipa::ToSchema for UsState {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("UsState")
    }
}

impl Serialize for UsState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for UsState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

parsed_string! {
    /// A US ZIP code, five digits (a ZIP+4 is accepted and kept whole).
    pub struct PostalCode; schema: "A US ZIP code: five digits, or ZIP+4.", Some("53715"),
        crate::openapi::Shape { pattern: Some("^[0-9]{5}(-[0-9]{4})?$"), min_length: None, max_length: None }
}

impl PostalCode {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let s = input.trim();
        let (zip, plus4) = match s.split_once('-') {
            Some((z, p)) => (z, Some(p)),
            None => (s, None),
        };
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if digits(zip, 5) && plus4.is_none_or(|p| digits(p, 4)) {
            Ok(Self(s.to_string()))
        } else {
            Err(InvalidValue::new(
                "ZIP code",
                format!("{input:?} is not a ZIP code; use five digits, as 60611"),
            ))
        }
    }

    /// The five-digit ZIP.
    pub fn zip5(&self) -> &str {
        &self.0[..5]
    }
}

/// Where someone lives or a job is: a city with its state, and the ZIP when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Location {
    pub city: String,
    pub state: UsState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<PostalCode>,
}

impl Location {
    /// Parses `"Chicago, IL"`, `"Chicago, Illinois 60611"` or `"Chicago, IL, 60611"`.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let bad = || {
            InvalidValue::new(
                "location",
                format!(
                    "{input:?} is not a place; write the city and state, as \"Chicago, IL\" or \"Chicago, IL 60611\""
                ),
            )
        };
        let (city, rest) = input.split_once(',').ok_or_else(bad)?;
        let city = city.split_whitespace().collect::<Vec<_>>().join(" ");
        if city.is_empty() || city.chars().any(char::is_control) || city.len() > 100 {
            return Err(bad());
        }
        let rest = rest.replace(',', " ");
        let mut words: Vec<&str> = rest.split_whitespace().collect();
        let postal_code = match words.last() {
            Some(w) if w.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                let zip = PostalCode::parse(w)?;
                words.pop();
                Some(zip)
            }
            _ => None,
        };
        let state = UsState::parse(&words.join(" "))?;
        Ok(Self {
            city,
            state,
            postal_code,
        })
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}", self.city, self.state)?;
        if let Some(z) = &self.postal_code {
            write!(f, " {z}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_by_code_or_name() {
        assert_eq!(UsState::parse("tx").unwrap().code(), "TX");
        assert_eq!(UsState::parse(" Texas ").unwrap().code(), "TX");
        assert_eq!(UsState::parse("district of columbia").unwrap().code(), "DC");
        assert_eq!(UsState::parse("PR").unwrap().name(), "Puerto Rico");
        assert_eq!(UsState::all().count(), 56);
        let err = UsState::parse("XX").unwrap_err();
        assert!(err.problem.contains("not a US state"), "{err}");
        assert!(UsState::parse("").is_err());
    }

    #[test]
    fn zip_codes() {
        assert_eq!(PostalCode::parse("60611").unwrap().zip5(), "60611");
        assert_eq!(PostalCode::parse("60611-2345").unwrap().as_str(), "60611-2345");
        for bad in ["6061", "606111", "6061a", "60611-23", ""] {
            assert!(PostalCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn locations() {
        let l = Location::parse("Chicago, IL 60611").unwrap();
        assert_eq!(
            (l.city.as_str(), l.state.code(), l.postal_code.unwrap().as_str()),
            ("Chicago", "IL", "60611")
        );
        let l = Location::parse("St. Louis, Missouri").unwrap();
        assert_eq!((l.city.as_str(), l.state.code()), ("St. Louis", "MO"));
        assert_eq!(
            Location::parse("Salt Lake City, UT, 84101").unwrap().to_string(),
            "Salt Lake City, UT 84101"
        );
        assert!(
            Location::parse("Chicago")
                .unwrap_err()
                .problem
                .contains("city and state")
        );
        assert!(
            Location::parse("Chicago, Narnia")
                .unwrap_err()
                .problem
                .contains("not a US state")
        );
    }
}
