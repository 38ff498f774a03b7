//! National Provider Identifier: ten digits whose last is a Luhn check digit computed with the
//! prefix 80840 (the NPI standard, 45 CFR 162.406). Exclusion screening matches on it.

use crate::error::InvalidValue;

parsed_string! {
    /// A valid NPI (ten digits, correct check digit).
    pub struct Npi; schema: "A National Provider Identifier: ten digits with a valid check digit.", Some("1234567893"),
        crate::openapi::Shape { pattern: Some("^[0-9]{10}$"), min_length: None, max_length: None }
}

impl Npi {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let s: String = input.trim().chars().filter(|c| *c != ' ' && *c != '-').collect();
        if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidValue::new("NPI", "an NPI is exactly ten digits"));
        }
        if !matches!(s.as_bytes()[0], b'1' | b'2') {
            return Err(InvalidValue::new("NPI", "an NPI starts with 1 or 2"));
        }
        if check_digit(&s[..9]) != s.as_bytes()[9] - b'0' {
            return Err(InvalidValue::new(
                "NPI",
                "the NPI's check digit is wrong; look for a mistyped digit",
            ));
        }
        Ok(Self(s))
    }
}

/// Luhn check digit for the first nine digits, with the constant 24 that stands for the prefix 80840.
fn check_digit(first9: &str) -> u8 {
    let mut sum = 24u32;
    for (i, b) in first9.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    ((10 - sum % 10) % 10) as u8
}

/// Completes nine digits into a valid NPI; for generating test and demo data.
pub fn complete(first9: &str) -> Option<Npi> {
    (first9.len() == 9
        && first9.bytes().all(|b| b.is_ascii_digit())
        && matches!(first9.as_bytes()[0], b'1' | b'2'))
    .then(|| Npi(format!("{first9}{}", check_digit(first9))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_npi() {
        // The worked example in the CMS NPI check-digit document.
        assert_eq!(Npi::parse("1234567893").unwrap().as_str(), "1234567893");
        assert_eq!(Npi::parse("123 456 7893").unwrap().as_str(), "1234567893");
    }

    #[test]
    fn rejects() {
        assert!(
            Npi::parse("1234567890")
                .unwrap_err()
                .problem
                .contains("check digit")
        );
        assert!(
            Npi::parse("123456789")
                .unwrap_err()
                .problem
                .contains("ten digits")
        );
        assert!(
            Npi::parse("3234567893")
                .unwrap_err()
                .problem
                .contains("starts with")
        );
        assert!(Npi::parse("12345678a3").is_err());
    }

    proptest::proptest! {
        #[test]
        fn completed_numbers_validate(n in 100_000_000u32..300_000_000) {
            let s = n.to_string();
            if let Some(npi) = complete(&s) {
                proptest::prop_assert_eq!(Npi::parse(npi.as_str()).unwrap(), npi);
            }
        }
    }
}
