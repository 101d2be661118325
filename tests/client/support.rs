//! A mock CXone tenant on httpmock, a binary runner with an isolated home, and an in-process client.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use httpmock::Mock;
use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::unix_now;
pub use crate::common::{Home, Tenant, acd, codes, report, subject};

use cxone_diag::config::HttpSettings;
use cxone_diag::config::profile::{ResolvedProfile, sandbox_profile};
use cxone_diag::cxone::secret::{Credentials, Secret};
use cxone_diag::cxone::token::unsigned_jwt;
use cxone_diag::cxone::{Client, ClientOptions};

/// Distinctive values, so a leak is easy to spot.
pub const CLIENT_ID: &str = "app@vendor-CLIENTID";
pub const CLIENT_SECRET: &str = "CS-zq9x&secret=1";
pub const KEY_ID: &str = "AKID-77";
pub const KEY_SECRET: &str = "AKSECRET-p4ss+w0rd/=";
pub const ACCESS_TOKEN: &str = "ACCESSTOKEN-a1b2c3d4e5";
pub const REFRESH_TOKEN: &str = "REFRESHTOKEN-f6g7h8";
pub const TENANT: &str = "11eb-tenant-42";

/// The claims of the mock's id_token, issued by `iss` now.
pub fn claims(iss: &str) -> Value {
    let now = unix_now();
    json!({
        "iss": iss, "tenantId": TENANT, "icBUId": 4600123, "icClusterId": "C57",
        "area": "na1", "sub": "user:11ee-9", "iat": now, "exp": now + 3600
    })
}

/// A token response body.
pub fn token_body(iss: &str, expires_in: u64, access: &str) -> Value {
    json!({
        "access_token": access,
        "refresh_token": REFRESH_TOKEN,
        "id_token": unsigned_jwt(&claims(iss)),
        "token_type": "Bearer",
        "expires_in": expires_in
    })
}

/// The client tests' endpoints of the shared mock tenant: discovery, token and
/// cxone-configuration on one server.
impl Tenant {
    /// OIDC discovery pointing at `/auth/token`.
    pub fn discovery(&self) -> Mock<'_> {
        self.oidc_discovery()
    }

    /// The password grant with the expected credentials.
    pub fn token(&self, expires_in: u64) -> Mock<'_> {
        let body = token_body(&self.base(), expires_in, ACCESS_TOKEN);
        self.password_grant(KEY_ID, KEY_SECRET, body)
    }

    /// cxone-configuration: the API on this server.
    pub fn configuration(&self) -> Mock<'_> {
        self.cxone_configuration(TENANT)
    }

    /// `GET /apiversion` answering 200 for the expected bearer token.
    pub fn apiversion(&self) -> Mock<'_> {
        self.server.mock(|when, then| {
            when.method(GET)
                .path(acd("/apiversion"))
                .header("authorization", format!("Bearer {ACCESS_TOKEN}"))
                .header("accept", "application/json");
            then.status(200)
                .json_body(json!({"apiInfo":[{"uri":"/skills","version":"v30.0","verb":"GET"}]}));
        })
    }

    /// The reads of `auth check`'s permission matrix, each answering 200 (one per family).
    pub fn permissions(&self) {
        for (path, body) in [
            (acd("/skills"), json!({"skills": [], "totalRecords": 0})),
            (acd("/agents/states"), json!({"agentStates": []})),
            (acd("/skills/activity"), json!({"skillActivity": []})),
            (acd("/contacts/completed"), json!({"completedContacts": []})),
            ("/dfo/3.0/channels".to_string(), json!([])),
        ] {
            self.server.mock(|when, then| {
                when.method(GET)
                    .path(path)
                    .header("authorization", format!("Bearer {ACCESS_TOKEN}"));
                then.status(200).json_body(body);
            });
        }
    }

    /// The whole happy path of `auth check` (the permission reads too); returns (discovery,
    /// token, configuration, read).
    pub fn healthy(&self) -> [Mock<'_>; 4] {
        self.permissions();
        [
            self.discovery(),
            self.token(3600),
            self.configuration(),
            self.apiversion(),
        ]
    }
}

/// The client tests' use of the shared home: config, cache and working directory of one run.
impl Home {
    /// A fresh, empty home.
    pub fn new() -> Home {
        Home::temp()
    }

    /// The token cache directory the binary uses under this home.
    pub fn cache_dir(&self) -> PathBuf {
        self.path().join("cache").join("cxone-diag")
    }

    /// The binary with an empty environment except an isolated home and the credentials.
    pub fn cmd(&self, issuer: &str) -> Command {
        let mut cmd = self.isolated();
        cmd.env("CXONE_ISSUER", issuer)
            .env("CXONE_DFO_BASE", issuer)
            .env("CXONE_CLIENT_ID", CLIENT_ID)
            .env("CXONE_CLIENT_SECRET", CLIENT_SECRET)
            .env("CXONE_ACCESS_KEY_ID", KEY_ID)
            .env("CXONE_ACCESS_KEY_SECRET", KEY_SECRET);
        cmd
    }

    /// Write a config file and return its path.
    pub fn config(&self, text: &str) -> PathBuf {
        self.write("cxone-diag.yaml", text)
    }
}

/// The credentials the mock accepts.
pub fn credentials() -> Credentials {
    Credentials {
        client_id: Secret::new(CLIENT_ID),
        client_secret: Secret::new(CLIENT_SECRET),
        access_key_id: Secret::new(KEY_ID),
        access_key_secret: Secret::new(KEY_SECRET),
    }
}

/// Fast limits for tests: short waits, few attempts.
pub fn fast_http() -> HttpSettings {
    HttpSettings {
        connect_timeout_s: 2,
        timeout_s: 5,
        max_attempts: 3,
        max_retry_wait_s: 0,
        concurrency: 8,
        run_timeout_s: 0,
        ..HttpSettings::default()
    }
}

/// A profile for the mock: full discovery, DFO on the same server.
pub fn profile(base: &str) -> ResolvedProfile {
    sandbox_profile("test", base)
}

/// The trace written by an in-process client.
#[derive(Clone, Default)]
pub struct Trace(pub Arc<Mutex<Vec<u8>>>);

impl Trace {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// An in-process client on the mock tenant.
pub fn client_with(base: &str, http: HttpSettings, verbosity: u8, trace: &Trace) -> Client {
    Client::new(ClientOptions {
        profile: profile(base),
        http,
        credentials: credentials(),
        verbosity,
        token_cache_dir: None,
        deadline: None,
        trace_sink: Some(trace.0.clone()),
    })
    .unwrap()
}

/// An in-process client with fast limits and no trace.
pub fn client(base: &str) -> Client {
    client_with(base, fast_http(), 0, &Trace::default())
}
