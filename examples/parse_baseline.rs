//! Benchmark baseline: parse every line of an NDJSON file with serde_json and nothing else,
//! to compare `validate-payload`'s throughput with parsing alone.
//!
//! ```sh
//! cargo run --release --example parse_baseline -- target/big.ndjson
//! ```

use std::io::BufRead;
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_baseline FILE.ndjson");
        std::process::exit(2);
    };
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let mut reader = std::io::BufReader::with_capacity(256 * 1024, file);
    let mut line = Vec::with_capacity(64 * 1024);
    let (mut bytes, mut lines, mut ok) = (0u64, 0u64, 0u64);
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(n) => bytes += n as u64,
            Err(e) => {
                eprintln!("error: {path}: {e}");
                std::process::exit(2);
            }
        }
        lines += 1;
        if serde_json::from_slice::<serde_json::Value>(&line).is_ok() {
            ok += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{lines} lines ({ok} valid JSON), {:.1} MB in {secs:.3} s: {:.1} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}
