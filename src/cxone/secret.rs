//! Secrets: a [`Secret`] type that never prints, and the credentials loaded from the environment or a 0600 file.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{AuthSettings, Grant};
use crate::error::usage;

/// A value that must never reach output: `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wrap a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What the token endpoint needs. Ids are wrapped too: they are never printed in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// OAuth client id from the CXone application registration.
    pub client_id: Secret,
    /// OAuth client secret.
    pub client_secret: Secret,
    /// Access key id (the `username` of the password grant); empty for client-credentials.
    pub access_key_id: Secret,
    /// Access key secret (the `password` of the password grant); empty for client-credentials.
    pub access_key_secret: Secret,
}

impl Credentials {
    /// Values a trace or an error must never show: the secrets (not the ids), and the value of
    /// the Basic header, `base64(client_id:client_secret)`, which a server may echo without its
    /// `Basic ` prefix.
    pub fn secret_values(&self) -> Vec<String> {
        use base64::Engine;
        let mut out: Vec<String> = [&self.client_secret, &self.access_key_secret]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.expose().to_string())
            .collect();
        if !self.client_secret.is_empty() {
            out.push(base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                self.client_id.expose(),
                self.client_secret.expose()
            )));
        }
        out
    }
}

/// The secret file: YAML with any of these keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretFile {
    client_id: Option<String>,
    client_secret: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    /// Secret values of the CRM step's headers, by key (`rules.handoff.crm.headers[].secret`).
    #[serde(default)]
    crm_headers: std::collections::BTreeMap<String, String>,
}

/// Expand a leading `~/` to the home directory.
pub(crate) fn expand_home(path: &Path) -> PathBuf {
    match path.strip_prefix("~") {
        Ok(rest) => dirs::home_dir().map_or_else(|| path.to_path_buf(), |h| h.join(rest)),
        Err(_) => path.to_path_buf(),
    }
}

/// Refuse a secret file that group or others may read (unix only).
pub fn check_file_mode(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| {
            usage(format!(
                "cannot read the secret file {}: {e}\n  fix auth.secret_file in the profile, or use the environment variables",
                path.display()
            ))
        })?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(usage(format!(
                "the secret file {} is readable by others (mode {mode:03o}); refusing to use it\n  run: chmod 600 {}",
                path.display(),
                path.display()
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn read_secret_file(path: &Path) -> anyhow::Result<SecretFile> {
    let path = expand_home(path);
    check_file_mode(&path)?;
    let text = std::fs::read_to_string(&path).map_err(|e| {
        usage(format!(
            "cannot read the secret file {}: {e}\n  fix auth.secret_file in the profile, or use the environment variables",
            path.display()
        ))
    })?;
    // Never echo the parser's message: it may quote a line of the file.
    serde_yaml::from_str::<Option<SecretFile>>(&text)
        .map(Option::unwrap_or_default)
        .map_err(|_| {
            usage(format!(
                "the secret file {} is not valid: expected YAML with client_id, client_secret, access_key_id, access_key_secret (and crm_headers)",
                path.display()
            ))
        })
}

/// The value of key `key` of `crm_headers` in the secret file `path` (which must be 0600), if set.
pub fn crm_header(path: &Path, key: &str) -> anyhow::Result<Option<Secret>> {
    let mut file = read_secret_file(path)?;
    Ok(file
        .crm_headers
        .remove(key)
        .filter(|v| !v.is_empty())
        .map(Secret::new))
}

/// Load the credentials the profile's grant needs: environment variables named in `auth`
/// first, then `auth.secret_file`. Anything missing is a usage error naming the variable.
pub fn load(
    auth: &AuthSettings,
    env: &HashMap<String, String>,
    profile: &str,
) -> anyhow::Result<Credentials> {
    let file = match &auth.secret_file {
        Some(path) => read_secret_file(path)?,
        None => SecretFile::default(),
    };
    let mut missing = Vec::new();
    let mut take = |var: &str, from_file: Option<String>, what: &str, needed: bool| {
        let value = env
            .get(var)
            .filter(|v| !v.is_empty())
            .cloned()
            .or(from_file.filter(|v| !v.is_empty()));
        match value {
            Some(v) => Secret::new(v),
            None => {
                if needed {
                    missing.push(format!("{var} ({what})"));
                }
                Secret::default()
            }
        }
    };
    let key_needed = auth.grant == Grant::AccessKey;
    let creds = Credentials {
        client_id: take(
            &auth.client_id_env,
            file.client_id,
            "the client id of the CXone application registration",
            true,
        ),
        client_secret: take(
            &auth.client_secret_env,
            file.client_secret,
            "the client secret of the CXone application registration",
            true,
        ),
        access_key_id: take(
            &auth.access_key_id_env,
            file.access_key_id,
            "the access key id of the user the tool runs as",
            key_needed,
        ),
        access_key_secret: take(
            &auth.access_key_secret_env,
            file.access_key_secret,
            "the access key secret",
            key_needed,
        ),
    };
    if !missing.is_empty() {
        let file_note = match &auth.secret_file {
            Some(p) => format!(" or add it to the secret file {}", p.display()),
            None => " or name a 0600 secret file in auth.secret_file".to_string(),
        };
        return Err(usage(format!(
            "missing credentials for profile {profile:?}: set {}\n  export the variable{file_note}; no flag takes a secret",
            missing.join(", ")
        )));
    }
    Ok(creds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "***");
        let c = Credentials {
            client_id: Secret::new("cid"),
            client_secret: Secret::new("csecret"),
            access_key_id: Secret::new("kid"),
            access_key_secret: Secret::new("ksecret"),
        };
        let dbg = format!("{c:?}");
        assert!(
            !dbg.contains("csecret") && !dbg.contains("ksecret"),
            "{dbg}"
        );
        // the Basic header value is base64("cid:csecret")
        assert_eq!(
            c.secret_values(),
            vec!["csecret", "ksecret", "Y2lkOmNzZWNyZXQ="]
        );
    }

    #[test]
    fn loads_from_the_named_variables() {
        let auth = AuthSettings {
            access_key_secret_env: "MY_KEY_SECRET".into(),
            ..AuthSettings::default()
        };
        let e = env(&[
            ("CXONE_CLIENT_ID", "id"),
            ("CXONE_CLIENT_SECRET", "cs"),
            ("CXONE_ACCESS_KEY_ID", "kid"),
            ("MY_KEY_SECRET", "ks"),
        ]);
        let c = load(&auth, &e, "p").unwrap();
        assert_eq!(c.access_key_secret.expose(), "ks");
    }

    #[test]
    fn missing_secrets_name_every_variable() {
        let e = env(&[("CXONE_CLIENT_ID", "id")]);
        let err = load(&AuthSettings::default(), &e, "prod").unwrap_err();
        assert!(crate::error::is_usage(&err));
        let text = format!("{err:#}");
        for var in [
            "CXONE_CLIENT_SECRET",
            "CXONE_ACCESS_KEY_ID",
            "CXONE_ACCESS_KEY_SECRET",
        ] {
            assert!(text.contains(var), "{text}");
        }
        assert!(!text.contains("CXONE_CLIENT_ID ("), "{text}");
    }

    #[test]
    fn client_credentials_needs_no_access_key() {
        let auth = AuthSettings {
            grant: Grant::ClientCredentials,
            ..AuthSettings::default()
        };
        let e = env(&[("CXONE_CLIENT_ID", "id"), ("CXONE_CLIENT_SECRET", "cs")]);
        let c = load(&auth, &e, "p").unwrap();
        assert!(c.access_key_secret.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn secret_file_needs_0600_and_env_wins() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.yaml");
        std::fs::write(
            &path,
            "client_id: fid\nclient_secret: fcs\naccess_key_id: fkid\naccess_key_secret: fks\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let auth = AuthSettings {
            secret_file: Some(path.clone()),
            ..AuthSettings::default()
        };
        let err = load(&auth, &env(&[]), "p").unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("chmod 600"), "{text}");
        assert!(crate::error::is_usage(&err));

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let c = load(&auth, &env(&[("CXONE_CLIENT_ID", "envid")]), "p").unwrap();
        assert_eq!(c.client_id.expose(), "envid");
        assert_eq!(c.access_key_secret.expose(), "fks");
    }

    #[cfg(unix)]
    #[test]
    fn a_broken_secret_file_does_not_echo_its_content() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yaml");
        std::fs::write(&path, "client_secret: [unclosed TOPSECRETVALUE\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let auth = AuthSettings {
            secret_file: Some(path),
            ..AuthSettings::default()
        };
        let text = format!("{:#}", load(&auth, &env(&[]), "p").unwrap_err());
        assert!(!text.contains("TOPSECRETVALUE"), "{text}");
    }
}
