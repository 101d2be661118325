//! `listen`: catch handover payloads live. Every request is judged with `validate-payload`'s
//! rules and config, shown on one live line, answered (or forwarded unchanged to
//! `--forward-to`), optionally saved, and becomes one subject of the report printed at the end.

pub mod codes;
pub mod exchange;
pub mod forward;
pub mod handle;
pub mod judge;
pub mod live;
pub mod options;
pub mod save;
pub mod server;
pub mod views;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

use anyhow::Context;
use tokio::sync::{mpsc, watch};

use crate::commands::Outcome;
use crate::context::Ctx;
use crate::cxone::redact::Redactor;
use crate::interrupt;
use crate::report::stream::{Finished, Stream};

use exchange::Exchange;
use options::Options;

/// Subjects kept for a batch report; past this many the report is streamed, so memory stays
/// flat however long the listener runs.
pub const BATCH_LIMIT: usize = 1000;

/// Exchanges waiting for the collector before handlers wait for it.
const QUEUE: usize = 4096;

/// Run the listener until `--max-requests`, `--duration` or Ctrl-C / SIGTERM, then report.
pub fn run(ctx: &Ctx, options: Options) -> anyhow::Result<Outcome> {
    let save = options.save.as_deref().map(save::open).transpose()?;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .context("could not start the listener's runtime")?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| {
            crate::error::usage(format!(
                "cannot listen on {addr}: {e}\n  hint: pick another --port (0 picks a free one), or stop what uses it"
            ))
        })?;
    let local = listener
        .local_addr()
        .context("reading the listening address")?;
    if let Some(url) = &options.forward_to
        && forwards_to_itself(url, local)
    {
        return Err(crate::error::usage(format!(
            "--forward-to {url} is this listener itself ({local}); every request would loop\n  hint: forward to your service's own port"
        )));
    }

    let redactor = options.require.as_ref().map(|required| {
        let redactor = Redactor::default();
        redactor.add(required.value.expose());
        redactor
    });
    let forwarder = options
        .forward_to
        .clone()
        .map(|url| {
            let _guard = runtime.enter();
            forward::Forwarder::new(url, options.connect_timeout, options.upstream_timeout)
        })
        .transpose()?;
    start_lines(&options, local, forwarder.as_ref());

    let (done_tx, done_rx) = mpsc::channel::<Exchange>(QUEUE);
    let (stop_tx, stop_rx) = watch::channel(false);
    let shared = Arc::new(handle::Shared {
        judge: judge::Judge::new(&ctx.config.rules, options.kind),
        overrides: ctx.overrides.clone(),
        forwarder,
        redactor: redactor.clone(),
        counter: AtomicU64::new(0),
        done: done_tx,
        stop: stop_rx.clone(),
        options: options.clone(),
    });

    let mut settings = crate::commands::stream::settings(ctx, "listen");
    settings.batch_limit = BATCH_LIMIT;
    let stream = Stream::new(settings);
    let collector = {
        let stop = stop_tx.clone();
        let max = options.max_requests;
        let verbose = options.verbose;
        std::thread::spawn(move || {
            collect(
                done_rx,
                stream,
                save,
                max,
                verbose,
                redactor.as_ref(),
                &stop,
            )
        })
    };

    // stop on Ctrl-C / SIGTERM and after --duration (the collector stops after --max-requests)
    let watcher = {
        let stop = stop_tx.clone();
        let until = options.duration.map(|d| Instant::now() + d);
        runtime.spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(50));
            loop {
                tick.tick().await;
                if interrupt::requested() || until.is_some_and(|u| Instant::now() >= u) {
                    let _ = stop.send(true);
                    return;
                }
                if *stop.borrow() {
                    return;
                }
            }
        })
    };
    runtime.block_on(server::serve(listener, shared, stop_rx));
    watcher.abort();
    drop(runtime);
    let (stream, count, problem) = collector
        .join()
        .map_err(|_| anyhow::anyhow!("the listener's collector stopped unexpectedly"))?;
    // Ctrl-C and SIGTERM are how a listener is meant to end: not an interruption.
    let signalled = interrupt::take();
    crate::scrubbed_eprintln!(
        "{} stopped{} after {count} request{}",
        server::clock(),
        if signalled { " (Ctrl-C / SIGTERM)" } else { "" },
        if count == 1 { "" } else { "s" }
    );
    if let Some(problem) = problem {
        return Err(problem);
    }
    Ok(match stream.finish() {
        Finished::Batch(report) => Outcome::Report(report),
        Finished::Streamed(code) => Outcome::Done(code),
    })
}

/// True when `url` names the listening socket (a loop): its port, on a loopback host, the
/// bound address, or `localhost`.
fn forwards_to_itself(url: &reqwest::Url, local: SocketAddr) -> bool {
    if url.port_or_known_default() != Some(local.port()) {
        return false;
    }
    let host = url.host_str().unwrap_or_default();
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == local.ip() || local.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// The start line (with `http://ADDR:PORT`) and, off loopback, the warning.
fn start_lines(options: &Options, local: SocketAddr, forwarder: Option<&forward::Forwarder>) {
    let target = match forwarder {
        Some(f) => format!("forwarding to {}", f.shown()),
        None => "answering with the findings".to_string(),
    };
    crate::report::sink::eprint(&start_text(options, local, &target));
}

/// The text of [`start_lines`].
fn start_text(options: &Options, local: SocketAddr, target: &str) -> String {
    let mut text =
        format!("listening on http://{local} ({target}); Ctrl-C to stop and print the report\n");
    if !local.ip().is_loopback() {
        let advice = match &options.require {
            Some(r) => format!("requests without the {} header get 401", r.name),
            None => "require a shared header with --require-header NAME (its value from the variable named by listen.require_header_env, CXONE_DIAG_LISTEN_SECRET by default)".to_string(),
        };
        text.push_str(&format!(
            "warning: {local} is reachable from other machines; {advice}\n"
        ));
    }
    text
}

/// The collector: live lines, the save file and the report, in the order requests finish.
/// Returns the stream, the number of requests and the first problem writing an output.
fn collect(
    mut done: mpsc::Receiver<Exchange>,
    mut stream: Stream,
    save: Option<std::fs::File>,
    max: Option<u64>,
    verbose: bool,
    redactor: Option<&Redactor>,
    stop: &watch::Sender<bool>,
) -> (Stream, u64, Option<anyhow::Error>) {
    let mut saver = save.map(save::Saver::new);
    let mut count = 0u64;
    let mut problem: Option<anyhow::Error> = None;
    let mut pending = Vec::new();
    while done.blocking_recv_many(&mut pending, 256) > 0 {
        let mut lines = String::new();
        for exchange in pending.drain(..) {
            count += 1;
            let line = live::line(&exchange, verbose);
            // only the required header's value is secret here (headers are never printed)
            match redactor {
                Some(redactor) => lines.push_str(&redactor.redact(&line)),
                None => lines.push_str(&line),
            }
            if let Some(saver) = &mut saver
                && let Err(e) = saver.append(&exchange)
                && problem.is_none()
            {
                problem = Some(anyhow::anyhow!("could not append to the --save file: {e}"));
                let _ = stop.send(true);
            }
            if let Err(e) = stream.push(exchange.subject)
                && problem.is_none()
            {
                problem = Some(e);
                let _ = stop.send(true);
            }
            if max.is_some_and(|max| count >= max) {
                let _ = stop.send(true);
            }
        }
        crate::report::sink::eprint(&lines);
        if let Some(saver) = &mut saver
            && let Err(e) = saver.flush()
            && problem.is_none()
        {
            problem = Some(anyhow::anyhow!("could not write the --save file: {e}"));
            let _ = stop.send(true);
        }
    }
    (stream, count, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options {
            bind: std::net::Ipv4Addr::LOCALHOST.into(),
            port: 0,
            kind: None,
            forward_to: None,
            max_body: 1,
            max_requests: None,
            duration: None,
            save: None,
            save_headers: false,
            respond: options::Respond::Findings,
            require: None,
            secret_headers: Vec::new(),
            max_connections: 1,
            connect_timeout: std::time::Duration::from_secs(1),
            upstream_timeout: std::time::Duration::from_secs(1),
            verbose: false,
        }
    }

    #[test]
    fn forwarding_to_the_listener_itself_is_a_loop() {
        let local: SocketAddr = "127.0.0.1:8088".parse().unwrap();
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        assert!(forwards_to_itself(&url("http://127.0.0.1:8088/x"), local));
        assert!(forwards_to_itself(&url("http://localhost:8088"), local));
        assert!(forwards_to_itself(&url("http://[::1]:8088"), local));
        assert!(!forwards_to_itself(&url("http://127.0.0.1:5000"), local));
        assert!(!forwards_to_itself(
            &url("http://router.example.com:8088"),
            local
        ));
        let any: SocketAddr = "0.0.0.0:80".parse().unwrap();
        assert!(forwards_to_itself(&url("http://10.1.2.3/"), any));
    }

    #[test]
    fn binding_beyond_loopback_warns() {
        let local: SocketAddr = "127.0.0.1:8088".parse().unwrap();
        let text = start_text(&options(), local, "answering");
        assert_eq!(
            text,
            "listening on http://127.0.0.1:8088 (answering); Ctrl-C to stop and print the report\n"
        );
        let open: SocketAddr = "0.0.0.0:8088".parse().unwrap();
        let text = start_text(&options(), open, "answering");
        assert!(
            text.contains("warning: 0.0.0.0:8088 is reachable from other machines; require a shared header with --require-header NAME"),
            "{text}"
        );
        let mut guarded = options();
        guarded.require = Some(options::Required {
            name: hyper::header::HeaderName::from_static("x-listen-token"),
            value: crate::cxone::secret::Secret::new("v"),
            env: "T".into(),
        });
        let text = start_text(&guarded, "[::]:9".parse().unwrap(), "answering");
        assert!(
            text.contains("requests without the x-listen-token header get 401"),
            "{text}"
        );
    }
}
