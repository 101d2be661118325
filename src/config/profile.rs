//! Profile resolution: built-in defaults < config file < environment < flags, as one pure function.
//!
//! The result is a plain [`ResolvedProfile`] that the client reads; nothing here touches the
//! network, the process environment or the disk (the environment is the map captured at start).

use std::collections::HashMap;

use super::{AuthSettings, Config, Profile};
use crate::error::usage;

/// Environment variables that override profile values (empty values are ignored).
pub mod env {
    /// Profile name (`--profile` wins).
    pub const PROFILE: &str = "CXONE_DIAG_PROFILE";
    /// OIDC issuer.
    pub const ISSUER: &str = "CXONE_ISSUER";
    /// Token endpoint (skips OIDC discovery).
    pub const TOKEN_URL: &str = "CXONE_TOKEN_URL";
    /// ACD API host (skips cxone-configuration discovery).
    pub const API_BASE: &str = "CXONE_API_BASE";
    /// Digital Engagement host.
    pub const DFO_BASE: &str = "CXONE_DFO_BASE";
    /// ACD REST version, e.g. `v30.0`.
    pub const API_VERSION: &str = "CXONE_API_VERSION";
    /// OAuth client id (the default of `auth.client_id_env`).
    pub const CLIENT_ID: &str = "CXONE_CLIENT_ID";
    /// OAuth client secret (the default of `auth.client_secret_env`).
    pub const CLIENT_SECRET: &str = "CXONE_CLIENT_SECRET";
    /// Access key id (the default of `auth.access_key_id_env`).
    pub const ACCESS_KEY_ID: &str = "CXONE_ACCESS_KEY_ID";
    /// Access key secret (the default of `auth.access_key_secret_env`).
    pub const ACCESS_KEY_SECRET: &str = "CXONE_ACCESS_KEY_SECRET";
}

/// The name a profile gets when the config file has none and none is named.
pub const BUILT_IN_PROFILE: &str = "default";

/// One tenant profile with every layer applied; what the client works from.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedProfile {
    /// Profile name (`default` when built in, `sandbox:NAME` for a sandbox tenant).
    pub name: String,
    /// OIDC issuer, without a trailing slash.
    pub issuer: String,
    /// Token endpoint; `None` means discover it from the issuer.
    pub token_url: Option<String>,
    /// ACD API host; `None` means discover it from the id_token and cxone-configuration.
    pub api_base: Option<String>,
    /// Digital Engagement host; `None` means `https://api-de-{area}.{domain}`.
    pub dfo_base: Option<String>,
    /// ACD REST version path segment, e.g. `v30.0`.
    pub api_version: String,
    /// Grant, client authentication and where the secrets come from.
    pub auth: AuthSettings,
    /// `simulate-handoff --live` is refused unless true.
    pub allow_writes: bool,
    /// A production profile refuses every write.
    pub production: bool,
}

impl ResolvedProfile {
    /// Writes (signal, work item, contact end) are allowed on this profile.
    pub fn writes_allowed(&self) -> bool {
        self.allow_writes && !self.production
    }
}

/// The profile flags of a run (only `--profile` today; kept as a struct so flags can grow).
#[derive(Debug, Clone, Copy, Default)]
pub struct ProfileFlags<'a> {
    /// `--profile NAME`.
    pub profile: Option<&'a str>,
}

fn non_empty<'a>(env: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    env.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Where a resolved value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built in (no configuration names it).
    Default,
    /// The configuration: the key at this dotted path when the file has it, else its default.
    Config(String),
    /// This environment variable.
    Env(&'static str),
    /// This flag.
    Flag(&'static str),
}

/// Where each value of a [`ResolvedProfile`] that can be overridden came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins {
    /// The profile's name.
    pub name: Origin,
    /// `issuer`.
    pub issuer: Origin,
    /// `token_url`.
    pub token_url: Origin,
    /// `api_base`.
    pub api_base: Origin,
    /// `dfo_base`.
    pub dfo_base: Origin,
    /// `api_version`.
    pub api_version: Origin,
}

/// Resolve the profile to use from the configuration, the captured environment and the flags.
///
/// A named profile that the file does not define is a usage error (exit 2) listing the known
/// ones. Every base URL is checked with [`super::url::check_base_url`].
pub fn resolve(
    config: &Config,
    env: &HashMap<String, String>,
    flags: ProfileFlags<'_>,
) -> anyhow::Result<ResolvedProfile> {
    resolve_traced(config, env, flags).map(|(profile, _)| profile)
}

/// [`resolve`], and where each value came from (for `config show`).
pub fn resolve_traced(
    config: &Config,
    env: &HashMap<String, String>,
    flags: ProfileFlags<'_>,
) -> anyhow::Result<(ResolvedProfile, Origins)> {
    let named = flags
        .profile
        .map(|p| (p.to_string(), "--profile", Origin::Flag("--profile")))
        .or_else(|| {
            non_empty(env, env::PROFILE)
                .map(|p| (p.to_string(), env::PROFILE, Origin::Env(env::PROFILE)))
        })
        .or_else(|| {
            config.default_profile.clone().map(|p| {
                (
                    p,
                    "default_profile in the config file",
                    Origin::Config("default_profile".into()),
                )
            })
        });
    let (name, base, name_origin) = match named {
        Some((name, origin, how)) => match config.profiles.get(&name) {
            Some(profile) => (name, profile.clone(), how),
            None => return Err(unknown_profile(config, &name, origin)),
        },
        None if config.profiles.len() == 1 => {
            let (name, profile) = config.profiles.iter().next().expect("one profile");
            let how = Origin::Config(format!("profiles.{name}"));
            (name.clone(), profile.clone(), how)
        }
        None if config.profiles.is_empty() => (
            BUILT_IN_PROFILE.to_string(),
            Profile::default(),
            Origin::Default,
        ),
        None => {
            return Err(usage(format!(
                "several profiles are defined ({}) and none is selected\n  pass --profile NAME, set {}, or set default_profile in the config file",
                known(config),
                env::PROFILE
            )));
        }
    };

    let pick = |key: &'static str, field: &str, file: Option<String>| -> (Option<String>, Origin) {
        match non_empty(env, key) {
            Some(v) => (Some(v.to_string()), Origin::Env(key)),
            None => (
                file.filter(|v| !v.trim().is_empty()),
                Origin::Config(format!("profiles.{name}.{field}")),
            ),
        }
    };
    let (issuer, issuer_origin) = pick(env::ISSUER, "issuer", Some(base.issuer.clone()));
    let issuer = issuer
        .ok_or_else(|| usage(format!("profile {name:?} has an empty issuer\n  set issuer: https://cxone.niceincontact.com (or your region's issuer) in the profile, or {}", env::ISSUER)))?;
    let (token_url, token_url_origin) = pick(env::TOKEN_URL, "token_url", base.token_url.clone());
    let (api_base, api_base_origin) = pick(env::API_BASE, "api_base", base.api_base.clone());
    let (dfo_base, dfo_base_origin) = pick(env::DFO_BASE, "dfo_base", base.dfo_base.clone());
    let (api_version, api_version_origin) = pick(
        env::API_VERSION,
        "api_version",
        Some(base.api_version.clone()),
    );
    let origins = Origins {
        name: name_origin,
        issuer: issuer_origin,
        token_url: token_url_origin,
        api_base: api_base_origin,
        dfo_base: dfo_base_origin,
        api_version: api_version_origin,
    };
    let resolved = ResolvedProfile {
        issuer: trim_url(&issuer),
        token_url: token_url.map(|u| trim_url(&u)),
        api_base: api_base.map(|u| trim_url(&u)),
        dfo_base: dfo_base.map(|u| trim_url(&u)),
        api_version: api_version.unwrap_or_else(|| Profile::default().api_version),
        auth: base.auth.clone(),
        allow_writes: base.allow_writes,
        production: base.production,
        name,
    };
    validate(&resolved)?;
    Ok((resolved, origins))
}

/// The profile of a sandbox tenant at `base_url`: the full discovery flow runs against it.
pub fn sandbox_profile(scenario: &str, base_url: &str) -> ResolvedProfile {
    ResolvedProfile {
        name: format!("sandbox:{scenario}"),
        issuer: trim_url(base_url),
        token_url: None,
        api_base: None,
        dfo_base: Some(trim_url(base_url)),
        api_version: Profile::default().api_version,
        auth: AuthSettings::default(),
        allow_writes: true,
        production: false,
    }
}

/// An environment variable name as shells write them: letters, digits and `_`, not starting
/// with a digit.
fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn trim_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_string()
}

fn known(config: &Config) -> String {
    if config.profiles.is_empty() {
        "none".to_string()
    } else {
        config
            .profiles
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn unknown_profile(config: &Config, name: &str, origin: &str) -> anyhow::Error {
    let how = if config.profiles.is_empty() {
        "  no configuration file defines profiles; create cxone-diag.yaml from config.example.yaml, or drop the profile name".to_string()
    } else {
        let close = crate::suggest::hint(name, config.profiles.keys().map(String::as_str))
            .map(|hint| format!("  {hint}\n"))
            .unwrap_or_default();
        format!(
            "{close}  known profiles: {}\n  pass one with --profile NAME",
            known(config)
        )
    };
    usage(format!("unknown profile {name:?} (from {origin})\n{how}"))
}

fn validate(p: &ResolvedProfile) -> anyhow::Result<()> {
    let checks = [
        ("issuer", Some(&p.issuer)),
        ("token_url", p.token_url.as_ref()),
        ("api_base", p.api_base.as_ref()),
        ("dfo_base", p.dfo_base.as_ref()),
    ];
    for (key, value) in checks {
        if let Some(value) = value {
            super::url::check_base_url(value).map_err(|why| {
                usage(format!(
                    "profile {:?}: {key} {:?} is refused: {why}",
                    p.name,
                    super::url::shown(value)
                ))
            })?;
        }
    }
    for (key, var, default) in [
        ("client_id_env", &p.auth.client_id_env, env::CLIENT_ID),
        (
            "client_secret_env",
            &p.auth.client_secret_env,
            env::CLIENT_SECRET,
        ),
        (
            "access_key_id_env",
            &p.auth.access_key_id_env,
            env::ACCESS_KEY_ID,
        ),
        (
            "access_key_secret_env",
            &p.auth.access_key_secret_env,
            env::ACCESS_KEY_SECRET,
        ),
    ] {
        // the value is never quoted: a value that is no variable name is often the secret itself
        if !is_variable_name(var) {
            return Err(usage(format!(
                "profile {:?}: auth.{key} is not the name of an environment variable (its value is not shown: it may be a secret pasted in)\n  put the NAME of the variable that holds the value there (letters, digits and _), e.g. {}; secrets never go in the config file",
                p.name, default
            )));
        }
    }
    let v = &p.api_version;
    let ok = v
        .strip_prefix('v')
        .and_then(|n| n.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.chars().all(|c| c.is_ascii_digit())
                && minor.chars().all(|c| c.is_ascii_digit())
        });
    if !ok {
        return Err(usage(format!(
            "profile {:?}: api_version {v:?} is not a CXone API version\n  use the form v30.0 (paths are /inContactAPI/services/v30.0/...)",
            p.name
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const FILE: &str = "
default_profile: staging
profiles:
  staging:
    issuer: https://cxone.niceincontact.com/
    api_version: v31.0
    allow_writes: true
    production: false
  prod:
    issuer: https://cxone-gov.niceincontact.com
    api_base: https://api-na2.nicecxone-gov.com
";

    #[test]
    fn no_config_means_the_built_in_profile() {
        let p = resolve(&Config::default(), &env(&[]), ProfileFlags::default()).unwrap();
        assert_eq!(p.name, "default");
        assert_eq!(p.issuer, "https://cxone.niceincontact.com");
        assert_eq!(p.api_version, "v30.0");
        assert_eq!(p.token_url, None);
        assert!(p.production && !p.writes_allowed());
    }

    #[test]
    fn file_beats_defaults_env_beats_file_flag_beats_env() {
        let config = parse(FILE, "t").unwrap();
        let p = resolve(&config, &env(&[]), ProfileFlags::default()).unwrap();
        assert_eq!(p.name, "staging");
        assert_eq!(
            p.issuer, "https://cxone.niceincontact.com",
            "trailing slash trimmed"
        );
        assert_eq!(p.api_version, "v31.0");
        assert!(p.writes_allowed());

        let e = env(&[
            ("CXONE_DIAG_PROFILE", "prod"),
            ("CXONE_API_VERSION", "v33.0"),
            (
                "CXONE_TOKEN_URL",
                "https://cxone.niceincontact.com/auth/token",
            ),
        ]);
        let p = resolve(&config, &e, ProfileFlags::default()).unwrap();
        assert_eq!(p.name, "prod");
        assert_eq!(p.api_version, "v33.0");
        assert_eq!(
            p.api_base.as_deref(),
            Some("https://api-na2.nicecxone-gov.com")
        );
        assert_eq!(
            p.token_url.as_deref(),
            Some("https://cxone.niceincontact.com/auth/token")
        );

        let p = resolve(
            &config,
            &e,
            ProfileFlags {
                profile: Some("staging"),
            },
        )
        .unwrap();
        assert_eq!(p.name, "staging", "--profile wins over CXONE_DIAG_PROFILE");
        assert_eq!(
            p.api_version, "v33.0",
            "env still overrides the file values"
        );
    }

    #[test]
    fn empty_env_values_are_ignored() {
        let config = parse(FILE, "t").unwrap();
        let e = env(&[("CXONE_ISSUER", ""), ("CXONE_DIAG_PROFILE", " ")]);
        let p = resolve(&config, &e, ProfileFlags::default()).unwrap();
        assert_eq!(p.name, "staging");
        assert_eq!(p.issuer, "https://cxone.niceincontact.com");
    }

    #[test]
    fn unknown_profile_is_a_usage_error_listing_known_ones() {
        let config = parse(FILE, "t").unwrap();
        let err = resolve(
            &config,
            &env(&[]),
            ProfileFlags {
                profile: Some("qa"),
            },
        )
        .unwrap_err();
        assert!(crate::error::is_usage(&err));
        let text = format!("{err:#}");
        assert!(text.contains("unknown profile \"qa\""), "{text}");
        assert!(text.contains("prod, staging"), "{text}");

        let err = resolve(
            &Config::default(),
            &env(&[("CXONE_DIAG_PROFILE", "qa")]),
            ProfileFlags::default(),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("CXONE_DIAG_PROFILE"));
    }

    #[test]
    fn several_profiles_and_no_choice_is_a_usage_error() {
        let mut config = parse(FILE, "t").unwrap();
        config.default_profile = None;
        let err = resolve(&config, &env(&[]), ProfileFlags::default()).unwrap_err();
        assert!(crate::error::is_usage(&err));
        config.profiles.remove("prod");
        let p = resolve(&config, &env(&[]), ProfileFlags::default()).unwrap();
        assert_eq!(p.name, "staging", "a single profile is used");
    }

    #[test]
    fn plain_http_is_refused_unless_loopback() {
        let e = env(&[("CXONE_API_BASE", "http://api-na1.niceincontact.com")]);
        let err = resolve(&Config::default(), &e, ProfileFlags::default()).unwrap_err();
        assert!(crate::error::is_usage(&err));
        let text = format!("{err:#}");
        assert!(text.contains("api_base"), "{text}");
        assert!(text.contains("loopback"), "{text}");

        let e = env(&[
            ("CXONE_ISSUER", "http://127.0.0.1:8089"),
            ("CXONE_DFO_BASE", "http://localhost:9000/"),
        ]);
        let p = resolve(&Config::default(), &e, ProfileFlags::default()).unwrap();
        assert_eq!(p.issuer, "http://127.0.0.1:8089");
        assert_eq!(p.dfo_base.as_deref(), Some("http://localhost:9000"));
    }

    #[test]
    fn api_version_must_look_like_one() {
        for bad in ["30.0", "v30", "vX.0", "v30.0/skills"] {
            let e = env(&[("CXONE_API_VERSION", bad)]);
            let err = resolve(&Config::default(), &e, ProfileFlags::default()).unwrap_err();
            assert!(format!("{err:#}").contains("v30.0"), "{bad}");
        }
    }

    #[test]
    fn sandbox_profile_runs_full_discovery() {
        let p = sandbox_profile("demo", "http://127.0.0.1:4000/");
        assert_eq!(p.issuer, "http://127.0.0.1:4000");
        assert_eq!(p.token_url, None);
        assert_eq!(p.api_base, None);
        assert!(p.writes_allowed());
        assert_eq!(p.name, "sandbox:demo");
    }
}
