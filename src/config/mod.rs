//! The configuration file: profiles, HTTP settings and rules, with defaults for every key.
//!
//! Lookup order for the file: `--config FILE`, `$CXONE_DIAG_CONFIG`, `./cxone-diag.yaml`,
//! then `<user config dir>/cxone-diag/config.yaml`. No file at all is fine: defaults apply.

pub mod environment;
pub mod files;
pub mod listen;
pub mod positions;
pub mod profile;
pub mod rules;
pub mod url;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::error::usage;
pub use rules::Rules;

/// The whole configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Profile used when neither `--profile` nor `$CXONE_DIAG_PROFILE` names one.
    pub default_profile: Option<String>,
    /// Named tenant profiles.
    pub profiles: BTreeMap<String, Profile>,
    /// HTTP client settings.
    pub http: HttpSettings,
    /// Thresholds, lists and severity overrides used by the checks.
    pub rules: Rules,
    /// Cache tokens on disk between runs (`--no-token-cache` turns it off for one run).
    pub token_cache: bool,
    /// `listen` settings.
    pub listen: listen::ListenSettings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_profile: None,
            profiles: BTreeMap::new(),
            http: HttpSettings::default(),
            rules: Rules::default(),
            token_cache: true,
            listen: listen::ListenSettings::default(),
        }
    }
}

/// One tenant: where it is, how to authenticate, and what the tool may do there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// OIDC issuer; the token endpoint is discovered from it.
    pub issuer: String,
    /// Token endpoint; set it to skip OIDC discovery.
    pub token_url: Option<String>,
    /// ACD API host (e.g. `https://api-na1.niceincontact.com`); set it to skip cxone-configuration discovery.
    pub api_base: Option<String>,
    /// Digital Engagement host; default `https://api-de-{area}.{domain}`.
    pub dfo_base: Option<String>,
    /// ACD REST API version path segment.
    pub api_version: String,
    /// How to authenticate.
    pub auth: AuthSettings,
    /// `simulate-handoff --live` is refused unless true.
    pub allow_writes: bool,
    /// A production profile refuses every write.
    pub production: bool,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            issuer: "https://cxone.niceincontact.com".into(),
            token_url: None,
            api_base: None,
            dfo_base: None,
            api_version: "v30.0".into(),
            auth: AuthSettings::default(),
            allow_writes: false,
            production: true,
        }
    }
}

/// The OAuth grant sent to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grant {
    /// `grant_type=password` with the access key id and secret (the CXone default).
    AccessKey,
    /// `grant_type=client_credentials` (for gateways that use it; CXone itself does not).
    ClientCredentials,
}

/// How the client id/secret are sent to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuthMethod {
    /// `Authorization: Basic base64(id:secret)` (the CXone default).
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
}

/// Where the secrets come from: names of environment variables, or a secret file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSettings {
    /// Grant type.
    pub grant: Grant,
    /// How the client credentials are sent.
    pub client_auth: ClientAuthMethod,
    /// Variable holding the client id.
    pub client_id_env: String,
    /// Variable holding the client secret.
    pub client_secret_env: String,
    /// Variable holding the access key id.
    pub access_key_id_env: String,
    /// Variable holding the access key secret.
    pub access_key_secret_env: String,
    /// Optional YAML file (mode 0600) with `client_id`, `client_secret`, `access_key_id`, `access_key_secret`.
    pub secret_file: Option<PathBuf>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            grant: Grant::AccessKey,
            client_auth: ClientAuthMethod::ClientSecretBasic,
            client_id_env: profile::env::CLIENT_ID.into(),
            client_secret_env: profile::env::CLIENT_SECRET.into(),
            access_key_id_env: profile::env::ACCESS_KEY_ID.into(),
            access_key_secret_env: profile::env::ACCESS_KEY_SECRET.into(),
            secret_file: None,
        }
    }
}

/// HTTP client limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpSettings {
    /// Seconds to establish a connection.
    pub connect_timeout_s: u64,
    /// Seconds for one whole request.
    pub timeout_s: u64,
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// Longest wait between attempts, whatever `Retry-After` says.
    pub max_retry_wait_s: u64,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Seconds for the whole run (0: no limit).
    pub run_timeout_s: u64,
    /// Largest response body read, in bytes; a larger one is an error naming the endpoint.
    pub max_body_bytes: u64,
    /// Rows asked per page of a list read (`top`, DFO `size`); the server may send fewer.
    pub page_size: u32,
    /// Pages read at most from one list; a longer list is reported as incomplete.
    pub max_pages: u32,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout_s: 5,
            timeout_s: 15,
            max_attempts: 4,
            max_retry_wait_s: 30,
            concurrency: 8,
            run_timeout_s: 0,
            max_body_bytes: 32 * 1024 * 1024,
            page_size: 100,
            max_pages: 1000,
        }
    }
}

/// Where a configuration came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// No file: built-in defaults.
    Defaults,
    /// Read from this file.
    File(PathBuf),
}

/// The environment variable naming the configuration file (after `--config`).
pub const CONFIG_ENV: &str = "CXONE_DIAG_CONFIG";

/// The file looked for in the working directory.
pub const LOCAL_FILE: &str = "cxone-diag.yaml";

/// The file looked for in the user config directory, as `<dir>/cxone-diag/config.yaml`.
pub const USER_FILE: [&str; 2] = ["cxone-diag", "config.yaml"];

/// One place the configuration file is looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Where the place comes from: `--config`, `CXONE_DIAG_CONFIG`, `working directory`,
    /// `user config directory`.
    pub origin: &'static str,
    /// The path, when this place names one (`--config` given, the variable set, a config dir).
    pub path: Option<PathBuf>,
    /// Named by the user: a missing file is an error, not a reason to look further.
    pub explicit: bool,
}

impl Candidate {
    /// This place decides: named by the user, or an existing file.
    pub fn applies(&self) -> bool {
        self.path
            .as_deref()
            .is_some_and(|p| self.explicit || p.is_file())
    }
}

/// The places the configuration file is looked for, in lookup order. `env` is the captured
/// environment.
pub fn candidates(flag: Option<&Path>, env: &HashMap<String, String>) -> Vec<Candidate> {
    vec![
        Candidate {
            origin: "--config",
            path: flag.map(Path::to_path_buf),
            explicit: true,
        },
        Candidate {
            origin: CONFIG_ENV,
            path: env
                .get(CONFIG_ENV)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            explicit: true,
        },
        Candidate {
            origin: "working directory",
            path: Some(PathBuf::from(LOCAL_FILE)),
            explicit: false,
        },
        Candidate {
            origin: "user config directory",
            path: dirs::config_dir().map(|d| d.join(USER_FILE[0]).join(USER_FILE[1])),
            explicit: false,
        },
    ]
}

/// The file to read, following the lookup order, and whether the user named it.
pub fn locate(flag: Option<&Path>, env: &HashMap<String, String>) -> Option<(PathBuf, bool)> {
    candidates(flag, env)
        .into_iter()
        .find(Candidate::applies)
        .and_then(|c| Some((c.path?, c.explicit)))
}

/// Parse a configuration document; `origin` names it in errors.
///
/// A key given twice in one mapping is refused (a profile defined twice would otherwise
/// silently take its last definition, `production: false` after `production: true`).
pub fn parse(text: &str, origin: &str) -> anyhow::Result<Config> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    refuse_duplicate_keys(text, origin)?;
    serde_yaml::from_str(text).map_err(|e| {
        let message = without_values(&e.to_string());
        let close = crate::suggest::for_serde_message(&message)
            .map(|hint| format!("\n  {hint}"))
            .unwrap_or_default();
        usage(format!(
            "config {origin} is not valid: {message}{close}\n  see config.example.yaml for every key and its meaning"
        ))
    })
}

/// A parser message with the values it quotes left out (`invalid type: string "…"` becomes
/// `invalid type: a string`): the line and column say where, and a value put under the wrong
/// key may be a secret.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let next = [
            ("string \"", "a string"),
            ("integer `", "an integer"),
            ("floating point `", "a number"),
        ]
        .into_iter()
        .filter_map(|(start, shown)| rest.find(start).map(|at| (at, start, shown)))
        .min_by_key(|(at, ..)| *at);
        let Some((at, start, shown)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let value = &rest[at + start.len()..];
        let close = start.chars().last().unwrap_or('"');
        // a quoted string is Debug-escaped: skip `\"`; a number ends at its backtick
        let mut escaped = false;
        let end = value.char_indices().find(|&(_, c)| {
            let done = !escaped && c == close;
            escaped = !escaped && c == '\\' && close == '"';
            done
        });
        match end {
            Some((i, c)) => {
                out.push_str(shown);
                rest = &value[i + c.len_utf8()..];
            }
            None => {
                out.push_str(shown);
                return out;
            }
        }
    }
}

/// A key defined twice anywhere in the document is a usage error naming it; a duplicate
/// profile name gets its own message.
fn refuse_duplicate_keys(text: &str, origin: &str) -> anyhow::Result<()> {
    let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Ok(());
    };
    let message = e.to_string();
    let Some((at, rest)) = message.split_once("duplicate entry with key ") else {
        return Ok(()); // other syntax errors are reported by the typed parse, with their line
    };
    let key = rest.split(" at line").next().unwrap_or(rest);
    // the parser's location is the mapping's; the event walk knows both lines of the key
    let parent = at.trim_end().trim_end_matches(':');
    let wanted = match (parent, key.trim_matches('"')) {
        ("", key) => key.to_string(),
        (parent, key) => format!("{parent}.{key}"),
    };
    let location = positions::duplicate_keys(text)
        .into_iter()
        .find(|d| d.path == wanted)
        .map(|d| format!(" (lines {} and {})", d.first, d.again))
        .or_else(|| e.location().map(|l| format!(" (line {})", l.line())))
        .unwrap_or_default();
    if at.trim_end().trim_end_matches(':') == "profiles" {
        return Err(usage(format!(
            "config {origin}: profile {key} is defined twice{location}\n  each profile name may appear once; rename or delete one of them (the tool never guesses which one is meant)"
        )));
    }
    let at = at.trim_end().trim_end_matches(':');
    let at = if at.is_empty() {
        "the top level".to_string()
    } else {
        at.to_string()
    };
    Err(usage(format!(
        "config {origin}: key {key} is given twice under {at}{location}\n  keep one of them"
    )))
}

/// Load the configuration following the lookup order; a named file that is missing is an error.
pub fn load(
    flag: Option<&Path>,
    env: &HashMap<String, String>,
) -> anyhow::Result<(Config, Source)> {
    let Some((path, explicit)) = locate(flag, env) else {
        return Ok((Config::default(), Source::Defaults));
    };
    let text = match files::read_text(&path, files::MAX_CONFIG_BYTES) {
        Ok(text) => text,
        Err(e @ (files::ReadError::NotRegular | files::ReadError::TooLarge(_))) => {
            return Err(usage(format!(
                "cannot read config file {}: {e}\n  pass an ordinary YAML file of at most {} bytes with --config",
                path.display(),
                files::MAX_CONFIG_BYTES
            )));
        }
        Err(e) if explicit => {
            return Err(usage(format!(
                "cannot read config file {}: {e}\n  pass an existing file with --config, or unset CXONE_DIAG_CONFIG",
                path.display()
            )));
        }
        Err(e) => {
            return Err(anyhow::anyhow!("{e}"))
                .with_context(|| format!("reading {}", path.display()));
        }
    };
    let config = parse(&text, &path.display().to_string())?;
    Ok((config, Source::File(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses_and_matches_defaults_where_it_should() {
        let text = include_str!("../../config.example.yaml");
        let config = parse(text, "config.example.yaml").expect("example config parses");
        assert!(config.profiles.contains_key("sandbox"));
        assert_eq!(config.http, HttpSettings::default());
        assert_eq!(config.rules.handoff.min_confidence, 0.75);
    }

    /// Every key path of a YAML mapping tree, e.g. `profiles.*.auth.grant` (profile names as `*`).
    fn key_paths(value: &serde_yaml::Value, prefix: &str, out: &mut Vec<String>) {
        if let serde_yaml::Value::Mapping(map) = value {
            for (k, v) in map {
                let key = k.as_str().unwrap_or_default();
                let key = if prefix == "profiles" { "*" } else { key };
                let path = if prefix.is_empty() {
                    key.to_string()
                } else {
                    format!("{prefix}.{key}")
                };
                out.push(path.clone());
                // rule maps keyed by the user's own names (codes, intents) have no fixed keys
                if path != "rules.severity" && path != "rules.routing" {
                    key_paths(v, &path, out);
                }
            }
        }
    }

    #[test]
    fn the_example_config_shows_every_key_the_code_reads() {
        let mut config = Config::default();
        config.profiles.insert("sandbox".into(), Profile::default());
        let defaults = serde_yaml::to_value(&config).unwrap();
        let example: serde_yaml::Value =
            serde_yaml::from_str(include_str!("../../config.example.yaml")).unwrap();
        let (mut want, mut have) = (Vec::new(), Vec::new());
        key_paths(&defaults, "", &mut want);
        key_paths(&example, "", &mut have);
        let missing: Vec<&String> = want.iter().filter(|k| !have.contains(k)).collect();
        assert!(missing.is_empty(), "config.example.yaml lacks {missing:?}");
    }

    #[test]
    fn type_errors_never_quote_the_value() {
        for text in [
            "token_cache: \"s3cr\\\"et-VALUE\"\n",
            "http:\n  timeout_s: s3cr3t-VALUE\n",
            "http:\n  concurrency: -987654321987\n",
            "profiles:\n  lab:\n    production: 1.2345678\n",
        ] {
            let text = format!("{:#}", parse(text, "x.yaml").unwrap_err());
            for leaked in ["s3cr", "VALUE", "987654321987", "2345678"] {
                assert!(!text.contains(leaked), "{text}");
            }
            assert!(text.contains(": a") || text.contains(": an"), "{text}");
            assert!(text.contains("line "), "the place is still named: {text}");
        }
        assert_eq!(
            without_values("x: invalid value: string \"a\\\"b\", expected c, got string \"d\""),
            "x: invalid value: a string, expected c, got a string"
        );
    }

    #[test]
    fn unknown_keys_are_refused_with_a_pointer_to_the_example() {
        let err = parse("htp:\n  timeout_s: 3\n", "x.yaml").unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("unknown field `htp`"), "{text}");
        assert!(text.contains("config.example.yaml"), "{text}");
    }

    #[test]
    fn a_profile_defined_twice_is_refused_naming_it() {
        let text = "profiles:\n  lab:\n    production: true\n  lab:\n    production: false\n";
        let err = parse(text, "c.yaml").unwrap_err();
        assert!(crate::error::is_usage(&err));
        let text = format!("{err:#}");
        assert!(text.contains("profile \"lab\" is defined twice"), "{text}");
        let err = parse("http:\n  timeout_s: 1\n  timeout_s: 2\n", "c.yaml").unwrap_err();
        assert!(
            format!("{err:#}").contains("\"timeout_s\" is given twice"),
            "{err:#}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let config = parse("\u{feff}token_cache: false\n", "bom.yaml").unwrap();
        assert!(!config.token_cache);
        assert_eq!(parse("\u{feff}", "bom.yaml").unwrap(), Config::default());
    }

    #[test]
    fn empty_file_means_defaults() {
        assert_eq!(parse("\n", "e").unwrap(), Config::default());
    }

    #[test]
    fn explicit_missing_file_is_a_usage_error() {
        let env = HashMap::new();
        let err = load(Some(Path::new("/nonexistent/cxone.yaml")), &env).unwrap_err();
        assert!(crate::error::is_usage(&err));
    }
}
