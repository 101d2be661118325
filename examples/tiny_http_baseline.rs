//! Baseline for the `listen` benchmark: the same judging (parse, validate, findings as JSON,
//! 200/422) served by `tiny_http` with one thread per core, to compare servers before choosing
//! one (docs/commands/listen.md, "Why hyper").
//!
//! ```sh
//! cargo run --release --example tiny_http_baseline -- 8091 examples/bench/listen.yaml
//! ```

use std::io::Read;
use std::sync::Arc;

use cxone_diag::config::Config;
use cxone_diag::payload::parse::{self, Syntax};
use cxone_diag::payload::{Checker, Inputs};

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().expect("PORT").parse().expect("a port");
    let config: Config = match args.next() {
        Some(path) => {
            serde_yaml::from_str(&std::fs::read_to_string(path).expect("reads")).expect("a config")
        }
        None => Config::default(),
    };
    let checker = Arc::new(Checker::new(&config.rules, Inputs::default()));
    let server = Arc::new(tiny_http::Server::http(("127.0.0.1", port)).expect("binds"));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads: Vec<_> = (0..workers)
        .map(|_| {
            let server = Arc::clone(&server);
            let checker = Arc::clone(&checker);
            std::thread::spawn(move || {
                for mut request in server.incoming_requests() {
                    let mut body = Vec::new();
                    let _ = request
                        .as_reader()
                        .take(2 * 1024 * 1024)
                        .read_to_end(&mut body);
                    let (status, findings) =
                        match parse::document_scanned(&body, Syntax::Json, 1, &checker) {
                            Err(finding) => (400, vec![finding]),
                            Ok(scanned) => {
                                let validated = checker.validate_scanned(&scanned, None);
                                let failed = validated
                                    .findings
                                    .iter()
                                    .any(|f| f.severity == cxone_diag::report::Severity::Fail);
                                (if failed { 422 } else { 200 }, validated.findings)
                            }
                        };
                    let text = serde_json::json!({ "findings": findings }).to_string();
                    let _ = request
                        .respond(tiny_http::Response::from_string(text).with_status_code(status));
                }
            })
        })
        .collect();
    for thread in threads {
        let _ = thread.join();
    }
}
