//! A scenario file served as a CXone tenant on loopback.
//!
//! Interface contract (the client and commands rely on it): one server on
//! `http://127.0.0.1:PORT` serves OIDC discovery, `/auth/token`, cxone-configuration (whose
//! `api_endpoint` is the same base URL), the ACD API under `/inContactAPI/services/{version}/...`
//! and the Digital API under `/dfo/3.0/...`. Tests read what it received with
//! [`Sandbox::received`] and [`Sandbox::signals`] (or `GET /_sandbox/requests`), and add faults
//! at run time with [`Sandbox::add_fault`]. The format is documented in `examples/scenarios/README.md`.

pub mod acd_agents;
pub mod acd_contacts;
pub mod acd_skills;
pub mod auth;
pub mod bots;
pub mod builtin;
pub mod clock;
pub mod crm;
pub mod debug;
pub mod dfo;
pub mod dynamics;
pub mod faults;
pub mod front;
pub mod generate;
pub mod http;
pub mod interactions;
pub mod live;
pub mod paging;
pub mod record;
pub mod reltime;
pub mod routes;
pub mod scenario;
pub mod server;
pub mod shape;
pub mod spec_acd;
pub mod spec_digital;
pub mod state;
pub mod strict;
pub mod validate;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use anyhow::anyhow;

pub use clock::{Clock, Event, EventKind};
pub use faults::{ApiFamily, FaultMatch, FaultRule, RetryAfter};
pub use record::{Received, SignalRecord};
pub use scenario::Scenario;

use crate::error::usage;
use server::Shared;
use state::{ContactRt, Hist, State};

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

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct Options {
    /// Print one line per request to stderr (`sandbox serve` does).
    pub access_log: bool,
    /// Worker threads answering requests in parallel (injected latency sleeps in a worker, so
    /// this caps how many delayed requests overlap).
    pub workers: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            access_log: false,
            workers: 32,
        }
    }
}

/// A running sandbox tenant; stops when dropped.
pub struct Sandbox {
    base_url: String,
    credentials: Credentials,
    name: String,
    description: Option<String>,
    origin: String,
    tenant_id: String,
    shared: Arc<Shared>,
    server: Option<Arc<tiny_http::Server>>,
    workers: Vec<JoinHandle<()>>,
    front: Option<front::Front>,
    /// The private directory of the inner server's socket (removed on drop).
    _socket_dir: Option<tempfile::TempDir>,
}

/// The inner HTTP server: on a Unix socket in a new 0700 directory (unix), else on a free
/// loopback port.
fn inner_server() -> anyhow::Result<(tiny_http::Server, front::Inner, Option<tempfile::TempDir>)> {
    #[cfg(unix)]
    {
        let dir = tempfile::Builder::new()
            .prefix("cxone-diag-sandbox-")
            .tempdir()?;
        let path = dir.path().join("http.sock");
        let server = tiny_http::Server::http_unix(&path).map_err(|e| {
            anyhow!(
                "cannot listen on the sandbox socket {}: {e}",
                path.display()
            )
        })?;
        Ok((server, front::Inner::Unix(path), Some(dir)))
    }
    #[cfg(not(unix))]
    {
        let server = tiny_http::Server::http(("127.0.0.1", 0))
            .map_err(|e| usage(format!("cannot listen on 127.0.0.1: {e}")))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| anyhow!("the sandbox is not listening on an IP address"))?;
        Ok((server, front::Inner::Tcp(addr), None))
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .field("scenario", &self.name)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Start `scenario` (a file path or a built-in name) on 127.0.0.1:`port` (0: any free port).
    pub fn start(scenario: &str, port: u16) -> anyhow::Result<Sandbox> {
        Sandbox::start_with(scenario, port, Options::default())
    }

    /// [`Sandbox::start`] with options.
    pub fn start_with(scenario: &str, port: u16, options: Options) -> anyhow::Result<Sandbox> {
        let loaded = scenario::load(scenario)?;
        Sandbox::from_scenario(loaded.scenario, &loaded.origin, port, options)
    }

    /// Start a scenario given as YAML text (tests); `origin` names it in errors.
    pub fn from_yaml(yaml: &str, origin: &str, port: u16) -> anyhow::Result<Sandbox> {
        let scenario = scenario::parse(yaml, origin, "inline")?;
        Sandbox::from_scenario(scenario, origin, port, Options::default())
    }

    /// Start a scenario value (from [`scenario::parse`] or built in code); it is checked first.
    pub fn from_scenario(
        mut scenario: Scenario,
        origin: &str,
        port: u16,
        options: Options,
    ) -> anyhow::Result<Sandbox> {
        scenario::prepare(&mut scenario).map_err(|e| usage(format!("scenario {origin}: {e}")))?;
        // the HTTP server listens where only the front door reaches it; clients go through it
        let (server, inner, socket_dir) = inner_server()?;
        let front = front::Front::start(port, inner, server::MAX_BODY as u64).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                usage(format!(
                    "port {port} on 127.0.0.1 is already in use\n  pick another with --port N, or --port 0 for any free port"
                ))
            } else {
                usage(format!("cannot listen on 127.0.0.1:{port}: {e}"))
            }
        })?;
        let base_url = format!("http://127.0.0.1:{}", front.port());
        let c = &scenario.credentials;
        let credentials = Credentials {
            client_id: c.client_id.clone(),
            client_secret: c.client_secret.clone(),
            access_key_id: c.access_key_id.clone(),
            access_key_secret: c.access_key_secret.clone(),
        };
        let name = scenario.name.clone().unwrap_or_else(|| "inline".into());
        let description = scenario.description.clone();
        let tenant_id = scenario.tenant.id.clone();
        let clock = Clock::system();
        let shared = Arc::new(Shared {
            state: std::sync::Mutex::new(State::new(scenario, clock.now())),
            base: base_url.clone(),
            access_log: options.access_log,
            stopping: AtomicBool::new(false),
            clock,
            events: clock::Events::default(),
        });
        let server = Arc::new(server);
        let workers = server::spawn_workers(
            Arc::clone(&server),
            Arc::clone(&shared),
            options.workers.max(1),
        );
        Ok(Sandbox {
            base_url,
            credentials,
            name,
            description,
            origin: origin.to_string(),
            tenant_id,
            shared,
            server: Some(server),
            workers,
            front: Some(front),
            _socket_dir: socket_dir,
        })
    }

    /// `http://127.0.0.1:PORT`: issuer, API base and DFO base at once.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.base_url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// The credentials this tenant accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The tenant id (`tenantId` claim).
    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The scenario's description.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// Where the scenario came from: a file path or `built-in scenario NAME`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Every request received so far (not `/_sandbox/`), oldest first, secrets redacted.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().received.iter().cloned().collect()
    }

    /// Forget the received requests and signals.
    pub fn clear_received(&self) {
        let mut s = self.shared.lock();
        s.received.clear();
        s.signals.clear();
    }

    /// The sandbox's clock: advance it instead of sleeping (routing delays, token lifetimes,
    /// injected latency all run on it).
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// Wait (at most `limit`) until `count` events match `what`: the matching events, or a
    /// message saying what was awaited and what happened instead.
    pub fn wait_for(
        &self,
        what: impl Fn(&Event) -> bool,
        count: usize,
        limit: std::time::Duration,
    ) -> Result<Vec<Event>, String> {
        self.shared.events.wait_for(what, count, limit)
    }

    /// Every event kept so far, oldest first.
    pub fn events(&self) -> Vec<Event> {
        self.shared.events.all()
    }

    /// The most API requests that were being answered at once (a gauge over the whole run).
    pub fn peak_in_flight(&self) -> usize {
        self.shared.events.peak_in_flight()
    }

    /// Every Signal API call that reached the handler, oldest first.
    pub fn signals(&self) -> Vec<SignalRecord> {
        self.shared.lock().signals.clone()
    }

    /// Add a fault rule after the scenario's ones.
    pub fn add_fault(&self, rule: FaultRule) -> anyhow::Result<()> {
        rule.check()
            .map_err(|e| usage(format!("fault rule: {e}")))?;
        self.shared
            .lock()
            .faults
            .push(faults::ActiveFault { rule, used: 0 });
        Ok(())
    }

    /// Remove every fault rule, the scenario's included.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Make every access token issued so far expired (the next API call gets 401).
    pub fn expire_tokens(&self) {
        let past = self.shared.clock.now() - chrono::Duration::seconds(1);
        self.shared
            .lock()
            .tokens
            .values_mut()
            .for_each(|t| *t = past);
    }

    /// Milliseconds between queueing and an Available agent taking the contact, from now on.
    pub fn set_routing_delay(&self, ms: u64) {
        self.shared.lock().routing_delay_ms = ms;
    }

    /// Restore skills, agents, contacts and cases to the scenario (tokens, faults and records stay).
    pub fn reset(&self) {
        self.shared.lock().reset();
    }

    /// Contact `id` as `GET /contacts/{id}` would serve it now.
    pub fn contact(&self, id: u64) -> Option<crate::cxone::models::Contact> {
        let now = self.shared.clock.now();
        let mut s = self.shared.lock();
        dynamics::tick(&mut s, now);
        let c = s.contacts.get(&id)?;
        serde_json::from_value(acd_contacts::contact_json(&s, c, now)).ok()
    }

    /// Copy the active bot pair of spawned contact `spawned` (and its master) into a fresh pair that
    /// starts now, so rehearsals can escalate again; returns `(master, spawned)` ids.
    pub fn clone_bot_pair(&self, spawned: u64) -> anyhow::Result<(u64, u64)> {
        let now = self.shared.clock.now();
        let mut s = self.shared.lock();
        let template = s
            .contacts
            .get(&spawned)
            .ok_or_else(|| usage(format!("contact {spawned} is not in the scenario")))?;
        let master_id = template.master.filter(|m| *m != spawned).ok_or_else(|| {
            usage(format!(
                "contact {spawned} is not a spawned contact (no master)"
            ))
        })?;
        let master = s
            .contacts
            .get(&master_id)
            .ok_or_else(|| usage(format!("master contact {master_id} is not in the scenario")))?;
        let specs = s.scenario.contacts.clone();
        let fresh = |c: &ContactRt, id: u64, master: Option<u64>| {
            let first = specs.iter().find(|x| x.id == c.id);
            let state = first
                .and_then(|x| x.history.last())
                .map_or_else(|| c.state_name().to_string(), |h| h.state.clone());
            let mut copy = c.clone();
            copy.id = id;
            copy.master = master;
            copy.active = true;
            copy.agent = None;
            copy.end = None;
            copy.end_reason = None;
            copy.route_at = None;
            copy.case = None;
            copy.start = now;
            copy.updated = now;
            copy.skill = first.and_then(|x| x.skill).or(c.skill);
            copy.history = vec![Hist {
                state,
                start: now,
                seconds: None,
                skill: copy.skill,
                agent: None,
            }];
            copy
        };
        let (template, master) = (template.clone(), master.clone());
        let new_master = s.new_contact_id();
        let new_spawned = s.new_contact_id();
        let m = fresh(&master, new_master, None);
        let c = fresh(&template, new_spawned, Some(new_master));
        s.contacts.insert(new_master, m);
        s.contacts.insert(new_spawned, c);
        Ok((new_master, new_spawned))
    }

    /// Shell lines that point the tool at this sandbox (the credentials are fake sandbox values).
    pub fn env_snippet(&self) -> String {
        let c = &self.credentials;
        format!(
            "export CXONE_ISSUER={base}\nexport CXONE_DFO_BASE={base}\nexport CXONE_CLIENT_ID={}\nexport CXONE_CLIENT_SECRET={}\nexport CXONE_ACCESS_KEY_ID={}\nexport CXONE_ACCESS_KEY_SECRET={}\n",
            c.client_id,
            c.client_secret,
            c.access_key_id,
            c.access_key_secret,
            base = self.base_url
        )
    }

    /// A config-file profile for this sandbox.
    pub fn profile_snippet(&self) -> String {
        format!(
            "default_profile: sandbox-local\nprofiles:\n  sandbox-local:\n    issuer: {base}\n    dfo_base: {base}\n    api_version: v30.0\n    allow_writes: true\n    production: false\n",
            base = self.base_url
        )
    }
}

/// How long dropping a sandbox waits for its workers to finish the requests in hand.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

impl Drop for Sandbox {
    /// Stop the workers, close the listener, and wait (up to a second) until the port is free again.
    ///
    /// A worker waiting out an injected latency stops within a few milliseconds; one still busy
    /// after [`STOP_GRACE`] (a client sending its body very slowly) is left to finish on its own
    /// instead of holding up the run.
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        drop(self.front.take());
        if let Some(server) = &self.server {
            for _ in 0..self.workers.len() {
                server.unblock();
            }
        }
        let until = std::time::Instant::now() + STOP_GRACE;
        while self.workers.iter().any(|w| !w.is_finished()) && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        for w in self.workers.drain(..) {
            if w.is_finished() {
                let _ = w.join();
            }
        }
        // tiny_http closes its listener on its own accept thread, just after the server drops.
        drop(self.server.take());
        let port = self.port();
        let until = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while std::net::TcpListener::bind(("127.0.0.1", port)).is_err()
            && std::time::Instant::now() < until
        {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send_sync<T: Send + Sync>() {}

    #[test]
    fn a_sandbox_can_be_shared_across_threads() {
        send_sync::<Sandbox>();
    }

    #[test]
    fn dropping_frees_the_port() {
        let sb = Sandbox::from_yaml("skills: [{id: 1, name: One}]", "t", 0).unwrap();
        let port = sb.port();
        assert!(port > 0);
        assert!(sb.base_url().ends_with(&port.to_string()));
        drop(sb);
        let again = Sandbox::from_yaml("skills: [{id: 1, name: One}]", "t", port).unwrap();
        assert_eq!(again.port(), port);
    }

    #[test]
    fn snippets_point_at_the_base_url() {
        let sb = Sandbox::start("demo", 0).unwrap();
        assert!(
            sb.env_snippet()
                .contains(&format!("CXONE_ISSUER={}", sb.base_url()))
        );
        assert!(
            sb.profile_snippet()
                .contains(&format!("dfo_base: {}", sb.base_url()))
        );
        assert_eq!(sb.origin(), "built-in scenario demo");
        assert!(sb.description().unwrap().contains("broken skills"));
    }
}
