//! Where users reach hitstaff: the public address every link in a message or feed is built from.

use crate::InvalidValue;

/// The public address of a hitstaff installation, such as `https://jobs.example.org` or
/// `https://example.org/hitstaff`: a scheme (http or https), a host and an optional path, with no
/// query, fragment or trailing slash. Links in invitations are built from it, never from a
/// request's `Host` header, which anyone can write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let bad = |problem: &str| InvalidValue::new("public URL", problem.to_string());
        let s = input.trim();
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
        {
            return Err(bad(
                "the public URL holds a space, a backslash or an invisible character",
            ));
        }
        let Some((scheme, rest)) = s.split_once("://") else {
            return Err(bad(
                "the public URL needs its scheme: write it as https://jobs.example.org",
            ));
        };
        if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
            return Err(bad(
                "the public URL must start with https:// (or http:// on a private network)",
            ));
        }
        let rest = rest.trim_end_matches('/');
        let host = rest.split('/').next().unwrap_or("");
        let host_ok = !host.is_empty()
            && !host.contains('@')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return Err(bad(
                "the public URL needs a host name such as jobs.example.org (no user name, no unusual characters)",
            ));
        }
        if rest.contains(['?', '#']) {
            return Err(bad("the public URL cannot hold a query (?) or a fragment (#)"));
        }
        Ok(Self(format!("{}://{rest}", scheme.to_ascii_lowercase())))
    }

    /// The address of `path` (which starts with `/`) on this site.
    pub fn join(&self, path: &str) -> String {
        debug_assert!(path.starts_with('/'));
        format!("{}{path}", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the site is served over HTTPS.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_are_a_scheme_a_host_and_a_path() {
        let u = PublicUrl::parse(" https://Jobs.example.org/ ").unwrap();
        assert_eq!(
            u.join("/invitations/abc"),
            "https://Jobs.example.org/invitations/abc"
        );
        assert!(u.is_https());
        assert_eq!(
            PublicUrl::parse("HTTP://127.0.0.1:8080/hitstaff")
                .unwrap()
                .join("/x"),
            "http://127.0.0.1:8080/hitstaff/x"
        );
        assert!(PublicUrl::parse("http://[::1]:3000").is_ok());
        for (bad, says) in [
            ("jobs.example.org", "scheme"),
            ("ftp://jobs.example.org", "https://"),
            ("https://", "host name"),
            ("https://user@evil.example", "host name"),
            ("https://a.example/?next=x", "query"),
            ("https://a.example/x#y", "fragment"),
            ("https://a.example\t/x", "space"),
        ] {
            let e = PublicUrl::parse(bad).unwrap_err();
            assert!(e.problem.contains(says), "{bad}: {}", e.problem);
        }
    }
}
