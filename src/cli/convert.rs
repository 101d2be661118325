//! Each command's arguments become its option struct here, one conversion per command (the
//! commands know nothing of clap's argument types), and the global and tenant options become
//! the plain values the run context is resolved from.

use std::time::Duration;

use super::{
    GlobalArgs, ListenArgs, QueueHealthArgs, SimulateHandoffArgs, TenantArgs,
    TraceConversationArgs, ValidatePayloadArgs,
};
use crate::commands::listen::options as listen;
use crate::commands::{queue_health, simulate_handoff, trace_conversation, validate_payload};
use crate::context::{Ctx, Globals, Tenant};
use crate::error::usage;
use crate::payload::Inputs;

impl From<&GlobalArgs> for Globals {
    fn from(args: &GlobalArgs) -> Globals {
        Globals {
            config: args.config.clone(),
            output: args.output,
            reports: args.reports.clone(),
            color: args.color,
            fail_on: args.fail_on,
            allow: args.allow.clone(),
            warn: args.warn.clone(),
            deny: args.deny.clone(),
            verbose: args.verbose,
            wide: args.wide,
        }
    }
}

impl From<&TenantArgs> for Tenant {
    fn from(args: &TenantArgs) -> Tenant {
        Tenant {
            profile: args.profile.clone(),
            sandbox: args.sandbox.clone(),
            no_token_cache: args.no_token_cache,
        }
    }
}

/// `listen`'s options, from its flags, the configuration and the environment; a bad value is a
/// usage error (exit 2) that says how to fix it.
pub fn listen_options(ctx: &Ctx, args: ListenArgs) -> anyhow::Result<listen::Options> {
    let forward_to = args
        .forward_to
        .as_deref()
        .map(listen::forward_url)
        .transpose()?;
    let config = &ctx.config.listen;
    let require = args
        .require_header
        .as_deref()
        .map(|name| listen::required(name, &config.require_header_env, &ctx.env))
        .transpose()?;
    let secret_headers = listen::secret_headers(&config.secret_headers, require.as_ref());
    if let Some(path) = &args.save {
        crate::commands::listen::save::check_path(ctx, path)?;
    }
    let http = &ctx.config.http;
    Ok(listen::Options {
        bind: args.bind,
        port: args.port,
        kind: args.kind,
        forward_to,
        max_body: args.max_body,
        max_requests: args.max_requests,
        duration: args.duration.map(|w| w.length),
        save: args.save,
        save_headers: args.save_headers,
        respond: args.respond,
        require,
        secret_headers,
        max_connections: args.max_connections,
        connect_timeout: listen::http_timeout(http.connect_timeout_s),
        upstream_timeout: listen::http_timeout(http.timeout_s),
        verbose: ctx.verbosity > 0,
    })
}

impl From<QueueHealthArgs> for queue_health::Options {
    fn from(args: QueueHealthArgs) -> queue_health::Options {
        queue_health::Options {
            skills: args.skills,
            all: args.all,
            media: args.media,
            watch: args.watch.map(Duration::from_secs),
            agents: args.agents,
        }
    }
}

impl From<ValidatePayloadArgs> for validate_payload::Options {
    fn from(args: ValidatePayloadArgs) -> validate_payload::Options {
        validate_payload::Options {
            paths: args.paths,
            kind: args.kind,
            schema: args.schema,
            inputs: Inputs {
                contact_id: args.contact_id,
                confidence: args.confidence,
                intent: args.intent,
            },
        }
    }
}

impl From<SimulateHandoffArgs> for simulate_handoff::options::Options {
    fn from(args: SimulateHandoffArgs) -> simulate_handoff::options::Options {
        simulate_handoff::options::Options {
            payload: args.payload,
            via: args.via,
            contact_id: args.contact_id.map(String::from),
            point_of_contact: args.point_of_contact,
            channel_id: args.channel_id,
            skill: args.skill.map(String::from),
            confidence: args.confidence,
            intent: args.intent,
            force: args.force,
            fallback_skill: args.fallback_skill.map(String::from),
            fallback_point_of_contact: args.fallback_point_of_contact,
            verify_timeout: Duration::from_secs(args.verify_timeout),
            keep: args.keep,
            live: args.live,
            yes: args.yes,
            dry_run: args.dry_run,
            inject: args.inject.map(|s| s.0).unwrap_or_default(),
            latency_ms: args.latency_ms,
            repeat: args.repeat,
            concurrency: args.concurrency,
            audit_log: args.audit_log,
        }
    }
}

impl TryFrom<TraceConversationArgs> for trace_conversation::Options {
    type Error = anyhow::Error;

    /// Resolve the flags (ids and `--since` are typed by clap); a flag of `--recent` without
    /// it, or nothing to trace, is a usage error (exit 2).
    fn try_from(args: TraceConversationArgs) -> anyhow::Result<trace_conversation::Options> {
        // clap's `requires` does not see a missing --recent (a flag always has a value)
        let recent_only = [
            ("--skill", "--skill 4201", args.skill.is_some()),
            ("--since", "--since 2h", args.since.is_some()),
            ("--abandoned-only", "--abandoned-only", args.abandoned_only),
        ];
        if let Some((flag, example, _)) = recent_only.iter().find(|f| f.2 && !args.recent) {
            return Err(usage(format!(
                "{flag} goes with --recent\n  hint: e.g. `cxone-diag trace-conversation --recent {example}`"
            )));
        }
        let source = if let Some(path) = args.bundle {
            trace_conversation::Source::Bundle(path)
        } else if let Some(id) = args.contact_id {
            trace_conversation::Source::Live(trace_conversation::Target::Contact {
                contact_id: id.into(),
            })
        } else if let Some(n) = args.digital {
            trace_conversation::Source::Live(trace_conversation::Target::Digital {
                case_number: n.into(),
            })
        } else if args.recent {
            trace_conversation::Source::Live(trace_conversation::Target::Recent {
                skill: args.skill.map(String::from),
                since: args
                    .since
                    .map_or_else(|| trace_conversation::DEFAULT_SINCE.to_string(), |w| w.text),
                abandoned_only: args.abandoned_only,
            })
        } else {
            return Err(usage(
                "say what to trace: a CONTACT_ID, --digital CASE_NUMBER, --recent, or --bundle FILE\n  hint: e.g. `cxone-diag trace-conversation 5823114`",
            ));
        };
        if let Some(path) = &args.save_bundle {
            trace_conversation::bundle::check_save_path(path)?;
        }
        Ok(trace_conversation::Options {
            source,
            save_bundle: args.save_bundle,
        })
    }
}
