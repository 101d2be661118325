//! Load for the `listen` benchmark: C keep-alive clients POST one payload file to a URL, for
//! N requests in all, optionally paced to a total rate; prints requests/s and the latency
//! percentiles, and the listener's resident memory when given its pid.
//!
//! ```sh
//! cargo run --release --example listen_bench -- \
//!     http://127.0.0.1:8088/webhook/cognigy examples/bench/webhook-1k.json \
//!     --clients 32 --requests 100000 [--rate 5000] [--pid PID]
//! ```
//!
//! Plain HTTP/1.1 over `std::net`, one thread per client, so it measures the server and not
//! a client library; a non-2xx/4xx answer or a broken connection counts as an error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Args {
    host: String,
    path: String,
    body: Vec<u8>,
    clients: usize,
    requests: usize,
    rate: Option<f64>,
    pid: Option<u32>,
}

fn args() -> Args {
    let mut it = std::env::args().skip(1);
    let url = it.next().expect("URL");
    let file = it.next().expect("payload file");
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = match rest.find('/') {
        Some(at) => (rest[..at].to_string(), rest[at..].to_string()),
        None => (rest.to_string(), "/".to_string()),
    };
    let mut args = Args {
        host,
        path,
        body: std::fs::read(&file).expect("reads the payload"),
        clients: 32,
        requests: 100_000,
        rate: None,
        pid: None,
    };
    while let Some(flag) = it.next() {
        let value = it.next().expect("a value after the flag");
        match flag.as_str() {
            "--clients" => args.clients = value.parse().expect("--clients N"),
            "--requests" => args.requests = value.parse().expect("--requests N"),
            "--rate" => args.rate = Some(value.parse().expect("--rate R")),
            "--pid" => args.pid = Some(value.parse().expect("--pid PID")),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

/// Resident set size of `pid` in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// One client: `n` requests on one connection; returns the latencies and the error count.
fn client(args: &Args, n: usize, interval: Option<Duration>) -> (Vec<Duration>, usize) {
    let request = [
        format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            args.path,
            args.host,
            args.body.len()
        )
        .into_bytes(),
        args.body.clone(),
    ]
    .concat();
    let connect = || {
        let stream = TcpStream::connect(&args.host).expect("connects");
        stream.set_nodelay(true).expect("nodelay");
        BufReader::new(stream)
    };
    let mut conn = connect();
    let mut latencies = Vec::with_capacity(n);
    let mut errors = 0;
    let start = Instant::now();
    let mut body = Vec::new();
    for i in 0..n {
        if let Some(every) = interval {
            let due = start + every * u32::try_from(i).unwrap_or(u32::MAX);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        let sent = Instant::now();
        let ok = (|| -> std::io::Result<bool> {
            conn.get_mut().write_all(&request)?;
            let mut line = String::new();
            conn.read_line(&mut line)?;
            let status: u16 = line
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let mut length = 0usize;
            loop {
                line.clear();
                conn.read_line(&mut line)?;
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            body.resize(length, 0);
            conn.read_exact(&mut body)?;
            Ok((200..500).contains(&status))
        })();
        match ok {
            Ok(true) => latencies.push(sent.elapsed()),
            Ok(false) => errors += 1,
            Err(_) => {
                errors += 1;
                conn = connect();
            }
        }
    }
    (latencies, errors)
}

fn main() {
    let args = args();
    let per_client = args.requests / args.clients;
    let interval = args
        .rate
        .map(|r| Duration::from_secs_f64(args.clients as f64 / r));
    let rss_before = args.pid.and_then(rss_kib);
    let start = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..args.clients)
            .map(|_| s.spawn(|| client(&args, per_client, interval)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client"))
            .collect()
    });
    let wall = start.elapsed();
    let mut all: Vec<Duration> = results
        .iter()
        .flat_map(|(l, _)| l.iter().copied())
        .collect();
    let errors: usize = results.iter().map(|(_, e)| e).sum();
    all.sort();
    let pct = |p: f64| {
        let i = ((all.len() as f64 * p).ceil() as usize).clamp(1, all.len().max(1)) - 1;
        all.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    println!(
        "{} requests ({} errors) from {} clients in {:.2} s: {:.0} requests/s",
        all.len(),
        errors,
        args.clients,
        wall.as_secs_f64(),
        all.len() as f64 / wall.as_secs_f64()
    );
    println!(
        "latency ms: p50 {:.3}  p90 {:.3}  p99 {:.3}  max {:.3}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    if let Some(pid) = args.pid {
        println!(
            "listener RSS: {} KiB before, {} KiB after",
            rss_before.map_or("?".into(), |v| v.to_string()),
            rss_kib(pid).map_or("?".into(), |v| v.to_string())
        );
    }
}
