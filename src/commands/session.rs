//! The entry point for commands: resolve the profile, read the secrets, build the client
//! (or start the `--sandbox` tenant and point the client at it). It lives above `cxone` and
//! `sandbox` because it wires the two together from the run context.

use std::ops::Deref;
use std::time::Duration;

use crate::config::profile::{self, ProfileFlags, ResolvedProfile};
use crate::context::Ctx;
use crate::cxone::client::{Client, ClientOptions};
use crate::cxone::record::Exchange;
use crate::cxone::secret::{self, Credentials, Secret};
use crate::cxone::token_cache;
use crate::sandbox::Sandbox;

/// A connected run: the client, and the sandbox tenant it talks to when there is one.
#[derive(Debug)]
pub struct Session {
    /// The one client of the run.
    pub client: Client,
    sandbox: Option<Sandbox>,
}

impl Deref for Session {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Session {
    /// The sandbox tenant, when the session runs against one.
    pub fn sandbox(&self) -> Option<&Sandbox> {
        self.sandbox.as_ref()
    }
}

fn deadline(ctx: &Ctx) -> Option<std::time::Instant> {
    let secs = ctx.config.http.run_timeout_s;
    // a limit past what the clock can add is no limit (never an overflow)
    (secs > 0)
        .then(|| ctx.started.checked_add(Duration::from_secs(secs)))
        .flatten()
}

/// Client options for `profile` and `credentials` from the run context.
pub fn options(
    ctx: &Ctx,
    profile: ResolvedProfile,
    credentials: Credentials,
    disk_cache: bool,
) -> ClientOptions {
    ClientOptions {
        profile,
        http: ctx.config.http.clone(),
        credentials,
        verbosity: ctx.verbosity,
        token_cache_dir: if disk_cache {
            token_cache::default_dir()
        } else {
            None
        },
        deadline: deadline(ctx),
        trace_sink: None,
    }
}

/// Connect to the tenant of the run: the `--sandbox` tenant when given, else the resolved
/// profile with credentials from the environment or the secret file.
///
/// Usage errors (unknown profile, refused URL, missing secret) are exit 2; nothing is sent
/// before the first call.
pub fn connect(ctx: &Ctx) -> anyhow::Result<Session> {
    if let Some(scenario) = &ctx.sandbox {
        let sandbox = Sandbox::start(scenario, 0)
            .map_err(|e| e.context(format!("could not start the sandbox tenant {scenario:?}")))?;
        return connect_sandbox(ctx, sandbox, scenario);
    }
    let profile = profile::resolve(
        &ctx.config,
        &ctx.env,
        ProfileFlags {
            profile: ctx.profile_flag.as_deref(),
        },
    )?;
    let credentials = secret::load(&profile.auth, &ctx.env, &profile.name)?;
    let client = Client::new(options(ctx, profile, credentials, ctx.token_cache))?;
    Ok(Session {
        client,
        sandbox: None,
    })
}

/// Connect to a sandbox tenant that is already running (e.g. one a command started with
/// injected faults). The full discovery flow runs against it; the disk cache stays off.
pub fn connect_sandbox(ctx: &Ctx, sandbox: Sandbox, scenario: &str) -> anyhow::Result<Session> {
    let profile = profile::sandbox_profile(scenario, sandbox.base_url());
    let credentials = sandbox_credentials(sandbox.credentials());
    let client = Client::new(options(ctx, profile, credentials, false))?;
    Ok(Session {
        client,
        sandbox: Some(sandbox),
    })
}

/// The client's credentials for the built-in secrets of a sandbox tenant.
fn sandbox_credentials(c: &crate::sandbox::Credentials) -> Credentials {
    Credentials {
        client_id: Secret::new(&c.client_id),
        client_secret: Secret::new(&c.client_secret),
        access_key_id: Secret::new(&c.access_key_id),
        access_key_secret: Secret::new(&c.access_key_secret),
    }
}

/// A session that answers from recorded exchanges (a support bundle), with no network.
pub fn replay(ctx: &Ctx, exchanges: Vec<Exchange>) -> Session {
    let mut profile = profile::sandbox_profile("bundle", "https://bundle.invalid");
    profile.name = "bundle".into();
    profile.allow_writes = false;
    profile.production = true;
    Session {
        client: Client::replay(
            profile,
            ctx.config.http.clone(),
            exchanges,
            ctx.verbosity,
            None,
        ),
        sandbox: None,
    }
}
