//! Settings: command-line flags over `HITSTAFF_*` environment variables over `hitstaff.toml` over
//! defaults.

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where the data lives when nothing else is said: a SQLite file in the current folder.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://hitstaff.sqlite";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DATABASE`.
    pub database_url: String,
    /// Minutes without activity after which a browser session ends (automatic logoff).
    pub session_idle_minutes: u64,
    /// Hours after which a session ends however active it is.
    pub session_max_hours: u64,
    /// Mark cookies Secure: set this when users reach hitstaff over HTTPS (directly or via a proxy).
    pub secure_cookies: bool,
    /// The folder of the search index (a cache of the database). Default: beside a SQLite
    /// database (`hitstaff.sqlite.search`), else `hitstaff-search` in the current folder.
    pub search_dir: Option<String>,
    /// The address users reach hitstaff at, such as `https://jobs.example.org`: invitation links
    /// are built from it. Default: the address the server listens on.
    pub public_url: Option<String>,
    /// Reverse proxies (addresses or CIDR ranges, comma-separated) whose `X-Forwarded-For` header
    /// names the client, for slowing down sign-in failures per client. Default: none.
    pub trusted_proxies: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: DEFAULT_DATABASE_URL.into(),
            session_idle_minutes: 15,
            session_max_hours: 12,
            secure_cookies: false,
            search_dir: None,
            public_url: None,
            trusted_proxies: String::new(),
        }
    }
}

/// Where the search index of a database lives unless a folder is named.
pub fn default_search_dir(database_url: &str) -> std::path::PathBuf {
    match Scheme::of(database_url) {
        Ok(Scheme::Sqlite) => hitstaff_store_sqlite::path_from_url(database_url)
            .map(|p| std::path::PathBuf::from(format!("{p}.search")))
            .unwrap_or_else(|_| "hitstaff-search".into()),
        _ => "hitstaff-search".into(),
    }
}

/// Where the candidate index keeps its snapshot: beside the search index's folder
/// (`hitstaff.sqlite.search` and `hitstaff.sqlite.candidates`), a cache like it.
pub fn index_snapshot(search_dir: &Path) -> std::path::PathBuf {
    search_dir.with_extension("candidates")
}

impl Settings {
    /// The folder of the search index.
    pub fn search_dir(&self) -> std::path::PathBuf {
        self.search_dir
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map_or_else(
                || default_search_dir(&self.database_url),
                std::path::PathBuf::from,
            )
    }

    /// The web layer's session rules, checked for sense.
    pub fn auth(&self) -> anyhow::Result<hitstaff_web::session::AuthSettings> {
        if !(1..=24 * 60).contains(&self.session_idle_minutes) {
            bail!(
                "session_idle_minutes must be between 1 and 1440 (it is {})",
                self.session_idle_minutes
            );
        }
        if !(1..=24 * 30).contains(&self.session_max_hours) {
            bail!(
                "session_max_hours must be between 1 and 720 (it is {})",
                self.session_max_hours
            );
        }
        let public_url = match self.public_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => Some(
                hitstaff_domain::PublicUrl::parse(url)
                    .map_err(|e| anyhow::anyhow!("public_url: {}", e.problem))?,
            ),
        };
        let trusted_proxies = hitstaff_web::throttle::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(|e| anyhow::anyhow!("trusted_proxies: {e}"))?;
        Ok(hitstaff_web::session::AuthSettings {
            idle_timeout: std::time::Duration::from_secs(self.session_idle_minutes * 60),
            absolute_lifetime: std::time::Duration::from_secs(self.session_max_hours * 3600),
            // A site on HTTPS has secure cookies, whether or not the setting says so.
            secure_cookies: self.secure_cookies || public_url.as_ref().is_some_and(|u| u.is_https()),
            trusted_proxies,
            public_url,
            ..Default::default()
        })
    }
}

/// What the command line said; `None` defers to the layers below.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Settings {
    /// Loads settings. `config` is an explicit `--config` file (which must exist); without it,
    /// `hitstaff.toml` in the current folder is read when present.
    pub fn load(config: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match config {
            Some(path) if !path.is_file() => {
                bail!(
                    "the config file {} does not exist; check the --config path",
                    path.display()
                )
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => figment = figment.merge(Toml::file("hitstaff.toml")),
        }
        figment
            .merge(Env::prefixed("HITSTAFF_").only(&[
                "database_url",
                "session_idle_minutes",
                "session_max_hours",
                "secure_cookies",
                "search_dir",
                "public_url",
                "trusted_proxies",
            ]))
            .merge(Serialized::defaults(overrides))
            .extract()
            .context("the settings could not be read (check hitstaff.toml and the HITSTAFF_ variables)")
    }
}

/// The database backends, named by URL scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Sqlite,
    Postgres,
}

impl Scheme {
    /// Reads the scheme, naming only the scheme in errors (the rest may hold a password).
    pub fn of(url: &str) -> anyhow::Result<Self> {
        let scheme = url.split_once(':').map_or("", |(s, _)| s);
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            "" => bail!(
                "the database URL has no scheme; use sqlite://PATH or postgres://USER:PASSWORD@HOST/DATABASE"
            ),
            other => bail!(
                "the database URL scheme {other:?} is not supported; use sqlite://PATH or postgres://USER:PASSWORD@HOST/DATABASE"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(Scheme::of("sqlite://x.db").unwrap(), Scheme::Sqlite);
        assert_eq!(Scheme::of("postgresql://u:p@h/d").unwrap(), Scheme::Postgres);
        let err = Scheme::of("mysql://root:secret@h/d").unwrap_err().to_string();
        assert!(err.contains("\"mysql\"") && !err.contains("secret"), "{err}");
        assert!(
            Scheme::of("hitstaff.db")
                .unwrap_err()
                .to_string()
                .contains("no scheme")
        );
    }

    #[test]
    fn session_settings_come_from_the_file_and_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("h.toml");
        std::fs::write(&file, "session_idle_minutes = 30\nsecure_cookies = true\n").unwrap();
        let auth = Settings::load(Some(&file), &Overrides::default())
            .unwrap()
            .auth()
            .unwrap();
        assert_eq!((auth.idle_timeout.as_secs(), auth.secure_cookies), (1800, true));
        std::fs::write(&file, "session_idle_minutes = 0\n").unwrap();
        let err = Settings::load(Some(&file), &Overrides::default())
            .unwrap()
            .auth()
            .unwrap_err();
        assert!(err.to_string().contains("between 1 and 1440"), "{err}");
        std::fs::write(&file, "session_idle_minutes = \"soon\"\n").unwrap();
        assert!(Settings::load(Some(&file), &Overrides::default()).is_err());
    }

    #[test]
    fn flags_override_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("h.toml");
        std::fs::write(&file, "database_url = \"sqlite://from-file.sqlite\"\n").unwrap();
        assert_eq!(
            Settings::load(Some(&file), &Overrides::default())
                .unwrap()
                .database_url,
            "sqlite://from-file.sqlite"
        );
        let flag = Overrides {
            database_url: Some("sqlite://from-flag.sqlite".into()),
        };
        assert_eq!(
            Settings::load(Some(&file), &flag).unwrap().database_url,
            "sqlite://from-flag.sqlite"
        );
        let missing = Settings::load(Some(&dir.path().join("nope.toml")), &Overrides::default());
        assert!(missing.unwrap_err().to_string().contains("does not exist"));
    }
}
