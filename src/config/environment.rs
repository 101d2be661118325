//! Every environment variable the tool reads, with what it means: the one list that `--help`,
//! the man page's ENVIRONMENT section and docs/configuration.md are written from.

use super::profile::env;

/// Turns colour off under `--color auto` when set to anything but the empty string.
pub const NO_COLOR: &str = "NO_COLOR";

/// The width human output is fitted to, before the terminal's own.
pub const COLUMNS: &str = "COLUMNS";

/// Set to `true` by GitHub Actions: human output then adds workflow annotations.
pub const GITHUB_ACTIONS: &str = "GITHUB_ACTIONS";

/// One environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Var {
    /// Its name.
    pub name: &'static str,
    /// What it does.
    pub meaning: &'static str,
}

/// Every variable the tool reads, in the order a person looks for them.
pub const VARS: &[Var] = &[
    Var {
        name: super::CONFIG_ENV,
        meaning: "The configuration file, when --config is not given.",
    },
    Var {
        name: env::PROFILE,
        meaning: "The profile, when --profile is not given (before default_profile).",
    },
    Var {
        name: env::ISSUER,
        meaning: "Overrides the profile's issuer.",
    },
    Var {
        name: env::TOKEN_URL,
        meaning: "Overrides the profile's token_url (skips OIDC discovery).",
    },
    Var {
        name: env::API_BASE,
        meaning: "Overrides the profile's api_base (skips cxone-configuration discovery).",
    },
    Var {
        name: env::DFO_BASE,
        meaning: "Overrides the profile's dfo_base.",
    },
    Var {
        name: env::API_VERSION,
        meaning: "Overrides the profile's api_version, e.g. v30.0.",
    },
    Var {
        name: env::CLIENT_ID,
        meaning: "OAuth client id (auth.client_id_env names another variable).",
    },
    Var {
        name: env::CLIENT_SECRET,
        meaning: "OAuth client secret (auth.client_secret_env names another variable).",
    },
    Var {
        name: env::ACCESS_KEY_ID,
        meaning: "Access key id (auth.access_key_id_env names another variable).",
    },
    Var {
        name: env::ACCESS_KEY_SECRET,
        meaning: "Access key secret (auth.access_key_secret_env names another variable).",
    },
    Var {
        name: super::listen::SECRET_ENV,
        meaning: "The value listen --require-header expects (listen.require_header_env names another variable).",
    },
    Var {
        name: NO_COLOR,
        meaning: "A non-empty value turns colour off under --color auto.",
    },
    Var {
        name: COLUMNS,
        meaning: "Columns human output fits its tables and text into (else the terminal's width, else 100; --wide turns fitting off).",
    },
    Var {
        name: GITHUB_ACTIONS,
        meaning: "When true, human output also prints ::error/::warning/::notice annotations for findings with a file location (--output github prints only those).",
    },
    Var {
        name: "HTTPS_PROXY",
        meaning: "Proxy for https:// requests (also https_proxy; NO_PROXY lists hosts to reach directly). Plain http:// goes only to loopback and is never proxied.",
    },
    Var {
        name: "ALL_PROXY",
        meaning: "Proxy for https:// requests when HTTPS_PROXY is unset (also all_proxy).",
    },
];

/// The secret variables, for `--help`: `CXONE_CLIENT_ID, CXONE_CLIENT_SECRET, ...`.
pub fn secret_names() -> String {
    [
        env::CLIENT_ID,
        env::CLIENT_SECRET,
        env::ACCESS_KEY_ID,
        env::ACCESS_KEY_SECRET,
    ]
    .join(", ")
}
