//! Shared helpers: an isolated home, the binary, the JSON report, and the tenants a live run
//! talks to (an httpmock server, or a sandbox started in this process).

use std::path::PathBuf;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use assert_cmd::Command;
use httpmock::Mock;
use httpmock::prelude::*;
use serde_json::{Value, json};

use cxone_diag::cxone::token::unsigned_jwt;
use cxone_diag::sandbox::Sandbox;

use crate::common;
pub use crate::common::{Home, Tenant, acd, codes, report};

/// Distinctive secrets, so a leak is easy to spot.
pub const CLIENT_ID: &str = "sim-app@vendor-CLIENTID";
pub const CLIENT_SECRET: &str = "SIM-CS-zq9x-secret";
pub const KEY_ID: &str = "SIM-AKID-77";
pub const KEY_SECRET: &str = "SIM-AKSECRET-p4ssw0rd";
pub const ACCESS_TOKEN: &str = "SIM-ACCESSTOKEN-a1b2c3";

/// The config file the binary is pointed at.
const CONFIG: &str = "cxone-diag.yaml";

/// A fixture of `tests/fixtures/simulate`.
pub fn fixture(name: &str) -> PathBuf {
    common::fixture("simulate", name)
}

/// The simulate tests' use of the shared home: config file, caches, working directory of one
/// run.
impl Home {
    /// A fresh home whose config turns the token cache off.
    pub fn new() -> Home {
        Home::with_file(CONFIG, "token_cache: false\n")
    }

    /// (Re)write the config file the binary is pointed at.
    pub fn config(&self, text: &str) {
        self.write(CONFIG, text);
    }

    /// A config with one profile `lab` on `base` (token_url and api_base set on 127.0.0.1).
    pub fn lab_profile(&self, base: &str, allow_writes: bool, production: bool, extra: &str) {
        self.config(&format!(
            "token_cache: false\ndefault_profile: lab\nprofiles:\n  lab:\n    issuer: {base}\n    token_url: {base}/auth/token\n    api_base: {base}\n    dfo_base: {base}\n    allow_writes: {allow_writes}\n    production: {production}\n{extra}"
        ));
    }

    /// A config with one profile `lab` on a sandbox (full discovery against it).
    pub fn sandbox_profile(&self, sb: &Sandbox, extra: &str) {
        self.config(&format!(
            "token_cache: false\ndefault_profile: lab\nprofiles:\n  lab:\n    issuer: {base}\n    api_base: {base}\n    dfo_base: {base}\n    allow_writes: true\n    production: false\n{extra}",
            base = sb.base_url()
        ));
    }

    /// The binary: empty environment but the home, the config and the mock's secrets.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.isolated();
        cmd.env("CXONE_CLIENT_ID", CLIENT_ID)
            .env("CXONE_CLIENT_SECRET", CLIENT_SECRET)
            .env("CXONE_ACCESS_KEY_ID", KEY_ID)
            .env("CXONE_ACCESS_KEY_SECRET", KEY_SECRET)
            .arg("--config")
            .arg(self.join(CONFIG));
        cmd
    }

    /// The binary with a sandbox's (fake) credentials instead.
    pub fn cmd_for(&self, sb: &Sandbox) -> Command {
        let c = sb.credentials();
        let mut cmd = self.cmd();
        cmd.env("CXONE_CLIENT_ID", &c.client_id)
            .env("CXONE_CLIENT_SECRET", &c.client_secret)
            .env("CXONE_ACCESS_KEY_ID", &c.access_key_id)
            .env("CXONE_ACCESS_KEY_SECRET", &c.access_key_secret);
        cmd
    }

    /// Run `simulate-handoff ARGS --output json`.
    pub fn simulate(&self, args: &[&str]) -> Output {
        self.cmd()
            .args(["--output", "json", "simulate-handoff"])
            .args(args)
            .output()
            .unwrap()
    }
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every subject with id `id`, in order.
pub fn all<'a>(report: &'a Value, id: &str) -> Vec<&'a Value> {
    report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"] == id)
        .collect()
}

/// The one subject `id`.
pub fn subject<'a>(report: &'a Value, id: &str) -> &'a Value {
    let found = all(report, id);
    assert_eq!(found.len(), 1, "one subject {id} in {report:#}");
    found[0]
}

/// The writes a sandbox received: its POSTs but the token requests.
pub fn sandbox_writes(sb: &Sandbox) -> usize {
    sb.received()
        .iter()
        .filter(|r| r.method == "POST" && !r.path.ends_with("/auth/token"))
        .count()
}

/// True when the subject is a step that did not run.
pub fn skipped(subject: &Value) -> bool {
    subject["status"] == "skipped" && subject["facts"]["ran"] == false
}

/// The simulate tests' endpoints of the shared mock tenant: token endpoint and the reads of a
/// signal rehearsal.
impl Tenant {
    /// Every request, whatever it is (define it last: earlier mocks win).
    pub fn anything(&self) -> Mock<'_> {
        self.server.mock(|_, then| {
            then.status(599).body("unexpected request");
        })
    }

    /// The password grant with the test credentials.
    pub fn token(&self) -> Mock<'_> {
        let now = common::unix_now();
        let id_token = unsigned_jwt(&json!({
            "iss": self.base(), "tenantId": "tenant-sim", "icBUId": 4600123,
            "area": "na1", "sub": "user:sim", "iat": now, "exp": now + 3600
        }));
        let body = json!({
            "access_token": ACCESS_TOKEN, "refresh_token": "SIM-REFRESH",
            "id_token": id_token, "token_type": "Bearer", "expires_in": 3600
        });
        self.password_grant(KEY_ID, KEY_SECRET, body)
    }

    fn get(&self, path: String, body: Value) -> Mock<'_> {
        self.server.mock(|when, then| {
            when.method(GET).path(path);
            then.status(200).json_body(body);
        })
    }

    /// Bot contact `spawned` of live caller `master`, still with the bot (PreQueue) until the
    /// signal to `spawned` arrives; after it, agent 9001 has the caller on skill 4201.
    pub fn contacts(&self, spawned: &str, master: &str) {
        let signalled = Arc::new(AtomicBool::new(false));
        let (seen, signal) = (
            signalled.clone(),
            acd(&format!("/interactions/{spawned}/signal")),
        );
        // Never matches: only notes that the signal arrived (mocks are tried in order).
        self.server.mock(move |when, then| {
            when.is_true(move |req| {
                if req.method_str() == "POST" && req.uri().path() == signal {
                    seen.store(true, Ordering::SeqCst);
                }
                false
            });
            then.status(599);
        });
        self.get(
            acd(&format!("/contacts/{spawned}")),
            json!({"contactId": spawned, "masterContactId": master, "stateName": "Active"}),
        );
        for (id, row) in [
            (
                spawned,
                json!({"contactId": spawned, "masterContactId": master, "stateName": "Active"}),
            ),
            (
                master,
                json!({"contactId": master, "masterContactId": master, "skillId": 4201, "stateName": "PreQueue"}),
            ),
        ] {
            self.server.mock(|when, then| {
                when.method(GET)
                    .path(acd("/contacts/active"))
                    .query_param("contactId", id);
                then.status(200)
                    .json_body(json!({"totalRecords": 1, "activeContacts": [row]}));
            });
        }
        for after in [false, true] {
            let flag = signalled.clone();
            let body = if after {
                json!({"contactId": master, "masterContactId": master, "skillId": 4201,
                       "stateName": "Active", "agentId": 9001})
            } else {
                json!({"contactId": master, "masterContactId": master, "skillId": 4201,
                       "stateName": "PreQueue"})
            };
            self.server.mock(|when, then| {
                when.method(GET)
                    .path(acd(&format!("/contacts/{master}")))
                    .is_true(move |_| flag.load(Ordering::SeqCst) == after);
                then.status(200).json_body(body);
            });
        }
        self.get(
            acd(&format!("/contacts/{master}/state-history")),
            json!({"contactStateHistory": [
                {"contactStateName": "PreQueue"}, {"contactStateName": "Inqueue"},
                {"contactStateName": "Active", "agentId": 9001}]}),
        );
    }

    /// Skill 4201 with one Available agent.
    pub fn skill(&self) {
        self.get(
            acd("/skills/4201"),
            json!({"skillId": 4201, "skillName": "Billing Voice", "isActive": true, "mediaTypeId": 4}),
        );
        self.get(
            acd("/skills/4201/activity"),
            json!({"skillActivity": [{"skillId": "4201", "queueCount": 0, "agentsAvailable": 1,
                                      "agentsLoggedIn": 1, "serviceLevel": 100, "serviceLevelGoal": 80}]}),
        );
        self.get(
            acd("/skills/4201/agents"),
            json!({"agentSkillAssignments": [{"agentId": 9001, "isActive": true, "isSkillActive": true}]}),
        );
        self.get(
            acd("/agents/states"),
            json!({"agentStates": [{"agentId": 9001, "agentStateName": "Available"}]}),
        );
    }
}
