//! Contact details: email addresses, phone numbers, personal names.

use crate::error::InvalidValue;

parsed_string! {
    /// An email address, trimmed and lower-cased (hitstaff treats addresses as case-insensitive, so
    /// `Jane.Doe@Example.org` and `jane.doe@example.org` are one person).
    pub struct Email; schema: "An email address (stored lower-case).", Some("pat@example.org"),
        crate::openapi::Shape { pattern: Some("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$"), min_length: Some(6), max_length: Some(254) }
}

impl Email {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let bad = |problem: &str| InvalidValue::new("email address", problem.to_string());
        let s = input.trim();
        if s.is_empty() {
            return Err(bad(
                "the email address is empty; enter an address such as name@example.org",
            ));
        }
        if s.len() > 254 {
            return Err(bad("the email address is longer than 254 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad(
                "the email address contains a space or an invisible character; remove it",
            ));
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err(bad(
                "the email address has no @; it should look like name@example.org",
            ));
        };
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return Err(bad(
                "the part before the @ must be 1 to 64 characters with no second @",
            ));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(bad(
                "the part before the @ cannot start or end with a dot or hold two dots in a row",
            ));
        }
        if local.chars().any(|c| "()<>[]\\,;:\"".contains(c)) {
            return Err(bad(
                "the part before the @ contains a character addresses cannot use, such as , ; or <",
            ));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return Err(bad("the domain after the @ needs a dot, as in example.org"));
        }
        for label in &labels {
            let ok = !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-');
            if !ok {
                return Err(bad("the domain after the @ is not a valid host name"));
            }
        }
        if labels
            .last()
            .is_some_and(|tld| tld.len() < 2 || tld.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(bad(
                "the domain after the @ must end in a name such as .org or .com",
            ));
        }
        Ok(Self(s.to_lowercase()))
    }

    /// The domain part, e.g. `example.org`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
    }
}

parsed_string! {
    /// A phone number in E.164 form (`+15551234567`). US and Canadian numbers may be written in any
    /// usual way; other countries need a leading `+` and the country code.
    pub struct Phone; schema: "A phone number in E.164 form; US numbers may be sent as typed.", Some("+12025550143"),
        crate::openapi::Shape { pattern: Some("^[+(]?[0-9][0-9 ().-]{5,24}( ?(x|ext\\.?|#) ?[0-9]{1,6})?$"), min_length: None, max_length: Some(40) }
}

impl Phone {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let bad = |problem: String| InvalidValue::new("phone number", problem);
        let s = input.trim();
        if s.is_empty() {
            return Err(bad(
                "the phone number is empty; enter it as (555) 201-4477 or +44 20 7946 0958".into(),
            ));
        }
        // Drop an extension ("x204", "ext. 204"): hitstaff stores the line, not the desk.
        let lower = s.to_ascii_lowercase();
        let cut = ["ext", "x", "#"]
            .iter()
            .filter_map(|m| lower.find(m))
            .min()
            .unwrap_or(lower.len());
        let main = &lower[..cut];
        if let Some(c) = main
            .chars()
            .find(|c| !(c.is_ascii_digit() || " -.()+/".contains(*c)))
        {
            return Err(bad(format!(
                "the phone number contains {c:?}; use only digits, spaces, + - . ( )"
            )));
        }
        let international = main.trim_start().starts_with('+');
        let digits: String = main.chars().filter(char::is_ascii_digit).collect();
        if international && !digits.starts_with('1') {
            if !(8..=15).contains(&digits.len()) {
                return Err(bad(format!(
                    "the phone number has {} digits after the +; international numbers have 8 to 15",
                    digits.len()
                )));
            }
            return Ok(Self(format!("+{digits}")));
        }
        // North American Numbering Plan: optional leading 1, then area code and number (10 digits).
        let national = match digits.len() {
            10 => digits.as_str(),
            11 if digits.starts_with('1') => &digits[1..],
            n => {
                return Err(bad(format!(
                    "the phone number has {n} digits; a US number has 10 (area code and number), \
                     other countries need a leading + and the country code"
                )));
            }
        };
        let b = national.as_bytes();
        if b[0] < b'2' || b[3] < b'2' {
            return Err(bad(
                "the area code and the exchange (first and fourth digits) cannot start with 0 or 1".into(),
            ));
        }
        Ok(Self(format!("+1{national}")))
    }

    /// `(555) 201-4477` for North American numbers, the E.164 form otherwise.
    pub fn display_national(&self) -> String {
        match self.0.strip_prefix("+1") {
            Some(n) if n.len() == 10 => format!("({}) {}-{}", &n[..3], &n[3..6], &n[6..]),
            _ => self.0.clone(),
        }
    }
}

parsed_string! {
    /// A person's name as they write it: trimmed, inner runs of spaces folded, 1 to 200 characters,
    /// with at least one letter and no control characters. Any script is welcome.
    pub struct PersonName; schema: "A person's name as they write it.", Some("Ana Lopez"),
        crate::openapi::Shape { pattern: None, min_length: Some(1), max_length: Some(200) }
}

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let bad = |problem: &str| InvalidValue::new("name", problem.to_string());
        let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            return Err(bad("the name is empty"));
        }
        if folded.chars().count() > 200 {
            return Err(bad("the name is longer than 200 characters"));
        }
        if folded.chars().any(char::is_control) {
            return Err(bad("the name contains an invisible control character; remove it"));
        }
        if !folded.chars().any(char::is_alphabetic) {
            return Err(bad("the name has no letters"));
        }
        Ok(Self(folded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_accepted_and_normalised() {
        for (input, want) in [
            ("jane.doe@example.org", "jane.doe@example.org"),
            ("  Jane.Doe@Example.ORG ", "jane.doe@example.org"),
            ("j+epic@mercy-health.co.uk", "j+epic@mercy-health.co.uk"),
            ("o'brien@hospital.net", "o'brien@hospital.net"),
        ] {
            assert_eq!(Email::parse(input).unwrap().as_str(), want, "{input}");
        }
    }

    #[test]
    fn emails_rejected_with_a_reason() {
        for (input, says) in [
            ("", "empty"),
            ("jane.doe", "no @"),
            ("jane doe@example.org", "space"),
            ("@example.org", "before the @"),
            ("jane@localhost", "needs a dot"),
            ("jane@exa_mple.org", "not a valid host"),
            ("jane@example.c", "must end"),
            ("jane..doe@example.org", "two dots"),
            ("jane@@example.org", "second @"),
            ("a,b@example.org", "character"),
        ] {
            let err = Email::parse(input).expect_err(input);
            assert!(err.problem.contains(says), "{input:?}: {err}");
            assert_eq!(err.what, "email address");
        }
    }

    #[test]
    fn phones_normalise_to_e164() {
        for (input, want) in [
            ("(555) 201-4477", "+15552014477"),
            ("555.201.4477", "+15552014477"),
            ("1-555-201-4477", "+15552014477"),
            ("+1 555 201 4477 x204", "+15552014477"),
            ("555-201-4477 ext. 9", "+15552014477"),
            ("+44 20 7946 0958", "+442079460958"),
        ] {
            assert_eq!(Phone::parse(input).unwrap().as_str(), want, "{input}");
        }
        assert_eq!(
            Phone::parse("5552014477").unwrap().display_national(),
            "(555) 201-4477"
        );
    }

    #[test]
    fn phones_rejected_with_a_reason() {
        for (input, says) in [
            ("", "empty"),
            ("555-2014", "7 digits"),
            ("055-201-4477", "cannot start with 0 or 1"),
            ("555-101-4477", "cannot start with 0 or 1"),
            ("call me", "contains"),
            ("+44 12", "8 to 15"),
        ] {
            let err = Phone::parse(input).expect_err(input);
            assert!(err.problem.contains(says), "{input:?}: {err}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(
            PersonName::parse("  María   José\tO'Neil ").unwrap().as_str(),
            "María José O'Neil"
        );
        assert_eq!(PersonName::parse("李小龍").unwrap().as_str(), "李小龍");
        assert!(PersonName::parse("   ").unwrap_err().problem.contains("empty"));
        assert!(
            PersonName::parse("1234")
                .unwrap_err()
                .problem
                .contains("no letters")
        );
        assert!(
            PersonName::parse(&"a".repeat(201))
                .unwrap_err()
                .problem
                .contains("200")
        );
    }

    #[test]
    fn deserialising_reparses() {
        let ok: Email = serde_json::from_str("\"A@Example.org\"").unwrap();
        assert_eq!(ok.as_str(), "a@example.org");
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(s in ".{0,300}") {
            let _ = Email::parse(&s);
            let _ = Phone::parse(&s);
            let _ = PersonName::parse(&s);
        }

        #[test]
        fn a_parsed_email_parses_again_to_itself(local in "[a-z0-9._%+-]{1,20}", host in "[a-z0-9]{1,10}") {
            if let Ok(e) = Email::parse(&format!("{local}@{host}.org")) {
                proptest::prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e);
            }
        }
    }
}
