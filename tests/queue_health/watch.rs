//! `--watch`: refused off a terminal; on a terminal (a pty from util-linux `script`) it redraws,
//! delta-polls with `updatedSince`, and ends cleanly on Ctrl-C with the last frame's exit code.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Env, bin};

#[test]
fn watch_is_refused_when_stdout_is_not_a_terminal() {
    let run = Env::new().run(&["--sandbox", "demo", "queue-health", "4201", "--watch", "2"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"));
    assert!(run.stdout.is_empty());
    let json = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "4201",
        "--watch",
        "2",
    ]);
    assert_eq!(json.code, 2);
    assert!(json.stderr.contains("--output json"), "{}", json.stderr);
    let zero = Env::new().run(&["--sandbox", "demo", "queue-health", "4201", "--watch", "0"]);
    assert_eq!(zero.code, 2);
}

/// True when util-linux `script` (which gives a command a pty) is installed.
fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains("util-linux")
        })
}

/// Shell-quote one word.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// Run the binary with `args` on a pty until it has drawn `frames` frames, then press Ctrl-C;
/// the exit code and everything the terminal showed (stderr included). `None` without `script`.
fn watch_on_a_pty(args: &[&str], frames: u32) -> Option<(Option<i32>, String)> {
    if !have_script() {
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    }
    let env = Env::new();
    let mut words = vec![
        // `exec`: the binary replaces the shell `script` starts ($SHELL, /bin/sh without it),
        // so the exit code `script` reports is the binary's own. Without it dash, which got
        // the SIGINT too, ends itself with 130 after the binary exits cleanly.
        "stty cols 200 rows 60; exec".to_string(),
        quote(bin()),
        "--config".into(),
        quote(env.config().to_str().unwrap()),
    ];
    words.extend(args.iter().map(|a| quote(a)));
    let mut script = Command::new("script");
    env.prepare(&mut script);
    script.env("SHELL", "/bin/sh");
    let mut child = script
        .args(["-qfec", &words.join(" "), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = Arc::clone(&seen);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let wanted = format!("frame {frames} ");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !seen.lock().unwrap().contains(&wanted) {
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            panic!("no {wanted}:\n{}", seen.lock().unwrap());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Ctrl-C through the pty: the terminal sends SIGINT to the foreground process.
    child.stdin.as_mut().unwrap().write_all(b"\x03").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("watch did not stop on Ctrl-C:\n{}", seen.lock().unwrap());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    reader.join().unwrap();
    let out = seen.lock().unwrap().clone();
    Some((status.code(), out))
}

/// What was sent for the second frame (between the first two headers), and the second frame.
fn second_frame(out: &str) -> (&str, &str) {
    let first = out.find("frame 1 ").unwrap();
    let second = out.find("frame 2 ").unwrap();
    (&out[first..second], &out[second..])
}

/// The trace line of the request whose URL contains `part`.
fn poll_line<'a>(polls: &'a str, part: &str) -> &'a str {
    polls
        .lines()
        .find(|l| l.contains(part))
        .unwrap_or_else(|| panic!("no request with {part}:\n{polls}"))
}

#[test]
fn watch_redraws_with_delta_polls_until_ctrl_c() {
    let args = [
        "--sandbox",
        "demo",
        "--color",
        "never",
        "-v",
        "queue-health",
        "4201",
        "4203",
        "--watch",
        "1",
    ];
    let Some((code, out)) = watch_on_a_pty(&args, 3) else {
        return;
    };
    assert_eq!(
        code,
        Some(1),
        "the last frame failed (4203 has no agents):\n{out}"
    );
    assert!(
        out.matches("\x1b[H\x1b[2J").count() >= 3,
        "each frame clears the screen"
    );
    assert!(out.contains("│ 4203 "), "{out}");
    assert!(
        !out.contains("interrupted"),
        "a watch ended on purpose is not an interrupted run"
    );
    let (polls, second) = second_frame(&out);
    assert!(
        poll_line(polls, "/skills/4201/activity?updatedSince=").contains("-> 304"),
        "nothing changed: {polls}"
    );
    assert!(
        poll_line(polls, "/agents/states?top=100&skip=0&updatedSince=").contains("-> 304"),
        "{polls}"
    );
    assert!(
        second.contains("│ 4201 ") && second.contains("PASS"),
        "{second}"
    );
}

#[test]
fn watch_all_delta_polls_the_bulk_activity() {
    let names = crate::support::fixture("names.yaml");
    let args = [
        "--sandbox",
        &names,
        "--color",
        "never",
        "-v",
        "queue-health",
        "--all",
        "--watch",
        "1",
    ];
    let Some((code, out)) = watch_on_a_pty(&args, 2) else {
        return;
    };
    assert_eq!(code, Some(0), "{out}");
    let (polls, second) = second_frame(&out);
    assert!(
        poll_line(polls, "/skills/activity?top=100&skip=0&updatedSince=").contains("-> 304"),
        "{polls}"
    );
    assert!(
        !polls.contains("/skills/4601/activity"),
        "no per-skill activity: {polls}"
    );
    let row = second.lines().find(|l| l.starts_with("│ 4603 ")).unwrap();
    assert!(
        row.contains("PASS") && !row.contains('?'),
        "the reused activity is judged: {row}"
    );
}
