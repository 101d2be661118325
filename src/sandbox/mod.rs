//! A scenario file served as a CXone tenant on loopback.
//!
//! Interface contract (implemented by the sandbox work; the client and commands rely on it):
//! one server on `http://127.0.0.1:PORT` serves OIDC discovery, `/auth/token`,
//! cxone-configuration (whose `api_endpoint` is the same base URL), the ACD API under
//! `/inContactAPI/services/{version}/...` and the Digital API under `/dfo/3.0/...`.

use anyhow::bail;

/// The fake credentials a scenario accepts (sandbox only; never real secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// OAuth client id.
    pub client_id: String,
    /// OAuth client secret.
    pub client_secret: String,
    /// Access key id.
    pub access_key_id: String,
    /// Access key secret.
    pub access_key_secret: String,
}

/// A running sandbox tenant; stops when dropped.
#[derive(Debug)]
pub struct Sandbox {
    base_url: String,
    credentials: Credentials,
}

impl Sandbox {
    /// Start `scenario` (a file path or a built-in name) on 127.0.0.1:`port` (0: any free port).
    pub fn start(scenario: &str, port: u16) -> anyhow::Result<Sandbox> {
        let _ = (scenario, port);
        bail!("the sandbox tenant is not built yet")
    }

    /// `http://127.0.0.1:PORT`: issuer, API base and DFO base at once.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The credentials this tenant accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}
