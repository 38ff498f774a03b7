//! Passwords, secrets and their digests.
//!
//! Passwords are hashed with argon2id (random salt, PHC string). Session cookies and API tokens are
//! random secrets from the operating system; the store keeps only their SHA-256, so a copy of the
//! database cannot be used to sign in.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Hashes a password for storage.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    Ok(Argon2::default().hash_password(password.as_bytes())?.to_string())
}

/// Whether `password` matches the stored hash. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// The shortest password accepted (NIST SP 800-63B asks for at least 8; healthcare systems commonly
/// ask for 12).
pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 256;

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalise)
        .collect()
});

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Checks a new password: long enough, not a common password, not mostly one character, and not
/// built from the person's own name or email (`personal`). The error says what to change.
pub fn check_password(password: &str, personal: &[&str]) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "the password has {chars} characters; use at least {MIN_PASSWORD_CHARS} (a few unrelated words work well)"
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!(
            "the password is longer than {MAX_PASSWORD_CHARS} characters"
        ));
    }
    let plain = normalise(password);
    if COMMON.contains(&plain) {
        return Err("this password is on the list of commonly used passwords; choose another".into());
    }
    let distinct: HashSet<char> = plain.chars().collect();
    if distinct.len() < 4 {
        return Err("the password repeats too few different characters; choose another".into());
    }
    for part in personal
        .iter()
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
    {
        let part = part.to_lowercase();
        if part.chars().count() >= 4 && plain.contains(&part) {
            return Err("the password contains your name or email address; choose another".into());
        }
    }
    Ok(())
}

/// A fresh random secret: 32 bytes from the operating system, as 64 hexadecimal digits.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(to_hex(&bytes))
}

/// API tokens start with this, so that secret scanners and people can recognise a leaked one.
pub const API_TOKEN_PREFIX: &str = "hst_";

/// A fresh API token (shown once to the person who makes it).
pub fn new_api_token() -> Result<String, getrandom::Error> {
    Ok(format!("{API_TOKEN_PREFIX}{}", new_secret()?))
}

/// A random password that passes [`check_password`]: five groups of five letters and digits.
pub fn new_password() -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789"; // no look-alikes (l, o, 0, 1)
    let mut bytes = [0u8; 25];
    getrandom::fill(&mut bytes)?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b % 32)] as char)
        .collect();
    Ok(chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// SHA-256 of `value`, as hexadecimal: what the store keeps of secrets, and of the email a sign-in
/// names (for counting failures without keeping the address).
pub fn digest(value: &str) -> String {
    to_hex(&Sha256::digest(value.as_bytes()))
}

/// Bytes as lower-case hexadecimal.
pub fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("correct horse battery staple").unwrap();
        let b = hash_password("correct horse battery staple").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify_password("correct horse battery staple", &a));
        assert!(!verify_password("correct horse battery stapler", &a));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn password_policy() {
        let me = ["grace.okafor@example.org", "Grace Okafor"];
        assert!(check_password("amber-lantern-river-7", &me).is_ok());
        for (pw, says) in [
            ("short1!", "at least 12"),
            ("Password1234", "commonly used"),
            ("pass word 1234", "commonly used"),
            ("aaaaaaaaaaaaaaaa", "too few different"),
            ("okafor-rules-2026", "your name or email"),
            ("Grace1234567890", "your name or email"),
        ] {
            let err = check_password(pw, &me).expect_err(pw);
            assert!(err.contains(says), "{pw}: {err}");
        }
        assert!(
            check_password(&"x".repeat(300), &[])
                .unwrap_err()
                .contains("longer")
        );
    }

    #[test]
    fn every_listed_password_is_refused() {
        for line in include_str!("../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            assert!(check_password(line, &[]).is_err(), "{line} should be refused");
        }
    }

    #[test]
    fn generated_secrets() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(new_api_token().unwrap().starts_with("hst_"));
        let pw = new_password().unwrap();
        assert_eq!(pw.len(), 29);
        assert!(check_password(&pw, &[]).is_ok(), "{pw}");
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
