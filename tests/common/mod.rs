//! Helpers shared by the integration test crates: the built binary in an isolated home, a
//! finished run, look-ups in a JSON report, fixture paths and a mock tenant on httpmock.
//!
//! Each crate includes this file with `#[path = "../common/mod.rs"] mod common;` and uses only
//! part of it; area-specific helpers stay in the crate's own `support.rs`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use httpmock::{Mock, MockServer};
use serde_json::Value;
use tempfile::TempDir;

/// The path of the binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_cxone-diag")
}

/// The crate root.
pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the crate root (`examples/...`, `README.md`).
pub fn in_crate(rel: &str) -> PathBuf {
    crate_root().join(rel)
}

/// A fixture under `tests/fixtures/AREA/`.
pub fn fixture(area: &str, name: &str) -> PathBuf {
    in_crate("tests/fixtures").join(area).join(name)
}

/// Seconds since the Unix epoch, for token claims.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Clear `cmd`'s environment but for `home` as HOME, with the XDG cache and config dirs below
/// it (`cache`, `config`), and run it in `home`.
pub fn isolate<'c>(
    cmd: &'c mut std::process::Command,
    home: &Path,
) -> &'c mut std::process::Command {
    cmd.env_clear()
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
}

/// The binary isolated in `home` (see [`isolate`]), with `NO_COLOR=1`.
pub fn isolated(home: &Path) -> Command {
    let mut cmd = std::process::Command::new(bin());
    isolate(&mut cmd, home).env("NO_COLOR", "1");
    Command::from_std(cmd)
}

/// A temporary directory standing in for HOME: the binary's config, caches and working
/// directory. Each crate's `support.rs` adds its constructor (`Home::new`) and its commands.
pub struct Home {
    dir: TempDir,
}

impl Home {
    /// A fresh, empty home.
    pub fn temp() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A fresh home holding one file, `name` with `text` (a config file).
    pub fn with_file(name: &str, text: &str) -> Home {
        let home = Home::temp();
        home.write(name, text);
        home
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the home.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// (Re)write the file `name` in the home; its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The binary isolated in this home (see [`isolated`]).
    pub fn isolated(&self) -> Command {
        isolated(self.path())
    }
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    /// The exit code (-1 when a signal ended the process).
    pub code: i32,
    /// Stdout as text.
    pub stdout: String,
    /// Stderr as text.
    pub stderr: String,
}

impl Run {
    /// The run that gave `out`.
    pub fn of(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The JSON report on stdout.
    pub fn report(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}), exit {}:\n{}\nstderr:\n{}",
                self.code, self.stdout, self.stderr
            )
        })
    }
}

/// Run `cmd` to the end.
pub fn run(mut cmd: Command) -> Run {
    Run::of(cmd.output().unwrap())
}

/// The parsed JSON report on stdout.
pub fn report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a JSON report ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The (first) subject `id` of a JSON report.
pub fn subject<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no subject {id} in {report:#}"))
}

/// The finding codes of a subject.
pub fn codes(subject: &Value) -> Vec<String> {
    subject["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code").to_string())
        .collect()
}

/// The ACD path of `rest` (e.g. `/skills/42`).
pub fn acd(rest: &str) -> String {
    format!("/inContactAPI/services/v30.0{rest}")
}

/// A mock tenant on one httpmock server. Each crate's `support.rs` adds the endpoints its
/// tests need.
pub struct Tenant {
    /// The server.
    pub server: MockServer,
}

impl Tenant {
    /// A tenant on a fresh server.
    pub fn start() -> Tenant {
        Tenant {
            server: MockServer::start(),
        }
    }

    /// The server's base URL.
    pub fn base(&self) -> String {
        self.server.base_url()
    }

    /// `POST /auth/token`: the password grant for `username` and `password`, answered with
    /// `body`.
    pub fn password_grant(&self, username: &str, password: &str, body: Value) -> Mock<'_> {
        self.server.mock(|when, then| {
            when.method(httpmock::Method::POST)
                .path("/auth/token")
                .form_urlencoded_tuple("grant_type", "password")
                .form_urlencoded_tuple("username", username)
                .form_urlencoded_tuple("password", password);
            then.status(200).json_body(body);
        })
    }

    /// `GET /.well-known/openid-configuration` naming `/auth/token` on this server.
    pub fn oidc_discovery(&self) -> Mock<'_> {
        let base = self.base();
        self.server.mock(|when, then| {
            when.method(httpmock::Method::GET)
                .path("/.well-known/openid-configuration");
            then.status(200).json_body(serde_json::json!({
                "issuer": base,
                "token_endpoint": format!("{base}/auth/token"),
                "token_endpoint_auth_methods_supported": ["client_secret_basic"]
            }));
        })
    }

    /// `GET /.well-known/cxone-configuration?tenantId=TENANT_ID`: the API on this server.
    pub fn cxone_configuration(&self, tenant_id: &str) -> Mock<'_> {
        let base = self.base();
        self.server.mock(|when, then| {
            when.method(httpmock::Method::GET)
                .path("/.well-known/cxone-configuration")
                .query_param("tenantId", tenant_id);
            then.status(200).json_body(serde_json::json!({
                "private": false, "api_endpoint": base, "area": "na1",
                "domain": "niceincontact.com", "uhDomain": "nice-incontact.com"
            }));
        })
    }

    /// The whole access-key login on this server: discovery, the password grant for `key_id`
    /// answering `access_token` (and an id_token of tenant `tenant_id`), cxone-configuration.
    pub fn access_key_login(&self, key_id: &str, tenant_id: &str, access_token: &str) {
        let base = self.base();
        self.oidc_discovery();
        let now = unix_now();
        let claims = serde_json::json!({
            "iss": base, "tenantId": tenant_id, "icBUId": 4600123, "icClusterId": "C57",
            "area": "na1", "sub": "user:11ee-9", "iat": now, "exp": now + 3600
        });
        let token = serde_json::json!({
            "access_token": access_token, "refresh_token": "R", "token_type": "Bearer",
            "id_token": cxone_diag::cxone::token::unsigned_jwt(&claims), "expires_in": 3600
        });
        self.server.mock(|when, then| {
            when.method(httpmock::Method::POST)
                .path("/auth/token")
                .form_urlencoded_tuple("grant_type", "password")
                .form_urlencoded_tuple("username", key_id);
            then.status(200).json_body(token);
        });
        self.cxone_configuration(tenant_id);
    }
}
