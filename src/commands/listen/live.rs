//! The live line printed on stderr for every request (and, with `-v`, its findings).

use std::fmt::Write;

use crate::report::{Severity, Status};

use super::exchange::Exchange;
use super::views;

/// Milliseconds with one decimal.
fn ms(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// The verdict word, as on the human report's subject lines.
fn verdict(status: Status) -> &'static str {
    crate::report::human::status_word(status)
}

/// One line (ending in a newline) for an exchange; `verbose` adds one line per finding.
///
/// `12:01:07.412 #3 POST /webhook/cognigy cognigy-webhook FAIL webhook-route-missing
/// refund -> NO ROUTE 422 0.3 ms` (with `--forward-to`, `upstream 200 in 1.2 ms` before the latency).
pub fn line(exchange: &Exchange, verbose: bool) -> String {
    let subject = &exchange.subject;
    let mut out = String::with_capacity(160);
    let _ = write!(
        out,
        "{} #{} {} {} {} {}",
        exchange.time.format("%H:%M:%S%.3f"),
        exchange.n,
        exchange.method,
        exchange.path,
        subject.label.as_deref().unwrap_or("none"),
        verdict(subject.status)
    );
    if let Some(first) = subject
        .findings
        .iter()
        .find(|f| f.severity > Severity::Info)
    {
        let _ = write!(out, " {}", first.code);
    }
    if let Some(view) = exchange.judged.as_ref().and_then(|j| j.view.as_ref()) {
        let _ = write!(out, " | {}", views::line(view));
    }
    let _ = write!(out, " | {}", exchange.status);
    if let Some(up) = &exchange.upstream {
        match up.status {
            Some(status) => {
                let _ = write!(out, " upstream {status} in {}", ms(up.elapsed));
            }
            None => {
                let _ = write!(out, " upstream unreachable after {}", ms(up.elapsed));
            }
        }
    }
    let _ = writeln!(out, " | {}", ms(exchange.latency));
    if verbose {
        for f in &subject.findings {
            let _ = write!(out, "    {:<4} {}", f.severity.as_str(), f.code);
            if let Some(path) = f.path.as_deref().filter(|p| !p.is_empty()) {
                let _ = write!(out, " at {path}");
            }
            let _ = writeln!(out, ": {}", f.message);
        }
    }
    out
}
