//! The on-disk token cache: one 0600 JSON file per (issuer, token URL, client id, access key id),
//! named by a SHA-256 of those (never of the secret), written atomically; unreadable files are ignored.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::discovery::Hosts;
use super::secret::Secret;
use super::token::TokenSet;

/// Format version of a cache file; other versions are ignored.
const VERSION: u32 = 1;

/// A login: the token, where it came from, and the hosts it resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    /// The token.
    pub token: TokenSet,
    /// The token endpoint that issued it (used again to refresh).
    pub token_endpoint: String,
    /// The API hosts, once resolved.
    pub hosts: Option<Hosts>,
    /// Read from the disk cache rather than requested in this run.
    pub from_cache: bool,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    version: u32,
    access_token: String,
    refresh_token: Option<String>,
    id_token: Option<String>,
    token_type: Option<String>,
    expires_in: u64,
    obtained_at: u64,
    token_endpoint: String,
    hosts: Option<Hosts>,
}

/// The cache directory and the key of this profile's credentials.
#[derive(Debug, Clone)]
pub struct TokenCache {
    dir: PathBuf,
    key: String,
}

/// `<user cache dir>/cxone-diag`, when the platform has one.
pub fn default_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("cxone-diag"))
}

/// The cache key: hex SHA-256 of the non-secret identifiers of a login.
pub fn key(issuer: &str, token_url: Option<&str>, client_id: &str, access_key_id: &str) -> String {
    let mut h = Sha256::new();
    for part in [issuer, token_url.unwrap_or(""), client_id, access_key_id] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn private_enough(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

impl TokenCache {
    /// A cache in `dir` for the login identified by `key`.
    pub fn new(dir: PathBuf, key: String) -> Self {
        TokenCache { dir, key }
    }

    /// The file of this login.
    pub fn path(&self) -> PathBuf {
        self.dir.join(format!(
            "token-{}.json",
            &self.key[..32.min(self.key.len())]
        ))
    }

    /// The cached login, if a readable, private, current file exists (expired ones included:
    /// their refresh token may still work). Anything wrong means `None`, never an error.
    pub fn load(&self) -> Option<Login> {
        let path = self.path();
        if self.dir_is_link() || !private_enough(&path) {
            return None;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        let e: Entry = serde_json::from_str(&text).ok()?;
        if e.version != VERSION || e.access_token.is_empty() {
            return None;
        }
        Some(Login {
            token: TokenSet {
                access_token: Secret::new(e.access_token),
                refresh_token: e.refresh_token.map(Secret::new),
                id_token: e.id_token.map(Secret::new),
                token_type: e.token_type,
                expires_in: e.expires_in,
                obtained_at: e.obtained_at,
            },
            token_endpoint: e.token_endpoint,
            hosts: e.hosts,
            from_cache: true,
        })
    }

    /// Write `login` atomically with mode 0600 (directory 0700).
    ///
    /// A cache directory that is a symbolic link is neither written nor chmod-ed: its target
    /// could be any directory of the user's.
    pub fn store(&self, login: &Login) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        if self.dir_is_link() {
            return Err(std::io::Error::other(
                "the token cache directory is a symbolic link; no token is written through it",
            ));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
        }
        let t = &login.token;
        let entry = Entry {
            version: VERSION,
            access_token: t.access_token.expose().to_string(),
            refresh_token: t.refresh_token.as_ref().map(|s| s.expose().to_string()),
            id_token: t.id_token.as_ref().map(|s| s.expose().to_string()),
            token_type: t.token_type.clone(),
            expires_in: t.expires_in,
            obtained_at: t.obtained_at,
            token_endpoint: login.token_endpoint.clone(),
            hosts: login.hosts.clone(),
        };
        let text = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        // NamedTempFile is created 0600 on unix; persist renames it over the old file.
        crate::report::output::remove_stale_temp_files(&self.dir);
        let mut tmp = tempfile::Builder::new()
            .prefix(crate::report::output::TEMP_PREFIX)
            .tempfile_in(&self.dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        tmp.write_all(&text)?;
        tmp.as_file().sync_all()?;
        tmp.persist(self.path()).map_err(|e| e.error)?;
        Ok(())
    }

    /// True when the cache directory itself is a symbolic link.
    fn dir_is_link(&self) -> bool {
        std::fs::symlink_metadata(&self.dir).is_ok_and(|m| m.file_type().is_symlink())
    }

    /// Forget this login (after the API refused its token).
    pub fn remove(&self) {
        let _ = std::fs::remove_file(self.path());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::discovery::HostSource;

    fn login() -> Login {
        Login {
            token: TokenSet {
                access_token: Secret::new("AT"),
                refresh_token: Some(Secret::new("RT")),
                id_token: None,
                token_type: Some("Bearer".into()),
                expires_in: 3600,
                obtained_at: 1000,
            },
            token_endpoint: "https://cxone.niceincontact.com/auth/token".into(),
            hosts: Some(Hosts {
                api_base: "https://api-na1.niceincontact.com".into(),
                dfo_base: None,
                area: Some("na1".into()),
                domain: None,
                source: HostSource::Discovered,
            }),
            from_cache: false,
        }
    }

    #[test]
    fn key_depends_on_ids_only_and_is_hex() {
        let a = key("https://i", None, "cid", "kid");
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, key("https://i", None, "cid", "kid2"));
        assert_ne!(key("ab", None, "c", "d"), key("a", None, "bc", "d"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_cache_directory_is_neither_written_nor_chmod_ed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::fs::create_dir(&target).unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755)).unwrap();
        let link = dir.path().join("cxone-diag");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let cache = TokenCache::new(link, key("i", None, "c", "k"));
        assert!(cache.store(&login()).is_err());
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755, "the target keeps its mode");
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
        assert!(cache.load().is_none());
    }

    #[test]
    fn round_trip_with_private_mode() {
        let dir = tempfile::tempdir().unwrap();
        let cache = TokenCache::new(dir.path().join("cxone-diag"), key("i", None, "c", "k"));
        assert!(cache.load().is_none());
        cache.store(&login()).unwrap();
        let back = cache.load().unwrap();
        assert!(back.from_cache);
        assert_eq!(back.token, login().token);
        assert_eq!(back.hosts, login().hosts);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        cache.remove();
        assert!(cache.load().is_none());
    }

    #[test]
    fn corrupt_or_loose_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = TokenCache::new(dir.path().to_path_buf(), key("i", None, "c", "k"));
        cache.store(&login()).unwrap();
        std::fs::write(cache.path(), "{not json").unwrap();
        assert!(cache.load().is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            cache.store(&login()).unwrap();
            std::fs::set_permissions(cache.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(
                cache.load().is_none(),
                "a file others can read is not trusted"
            );
        }
    }
}
