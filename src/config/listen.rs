//! The `listen:` section: the shared header a tunnelled listener requires, and which request
//! headers hold secrets.

use serde::{Deserialize, Serialize};

/// The default of `listen.require_header_env`.
pub const SECRET_ENV: &str = "CXONE_DIAG_LISTEN_SECRET";

/// Settings of `cxone-diag listen`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ListenSettings {
    /// Name of the environment variable holding the value `--require-header NAME` must carry.
    pub require_header_env: String,
    /// Request headers whose values are secrets (case-insensitive), besides `Authorization`,
    /// `Proxy-Authorization`, `Cookie` and the required header: masked in `--save-headers`
    /// and never printed.
    pub secret_headers: Vec<String>,
}

impl Default for ListenSettings {
    fn default() -> Self {
        ListenSettings {
            require_header_env: SECRET_ENV.into(),
            secret_headers: ["x-api-key", "x-auth-token", "x-cognigy-signature"]
                .map(String::from)
                .to_vec(),
        }
    }
}
