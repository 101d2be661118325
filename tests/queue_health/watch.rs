//! `--watch`: refused off a terminal; on a terminal (a pty from util-linux `script`) it redraws,
//! delta-polls with `updatedSince`, and ends cleanly on Ctrl-C with the last frame's exit code.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
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

/// True when util-linux `script` (which gives a command a pty) is installed. On Linux a missing
/// `script` fails the tests that need it, rather than letting them pass unseen.
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
/// the exit code and everything the terminal showed (stderr included). Waits on what the
/// terminal shows (a channel fed by a reader thread), never on time.
fn watch_on_a_pty(args: &[&str], frames: u32) -> (Option<i32>, String) {
    assert!(
        have_script(),
        "these tests need a pty from util-linux `script` (Debian: apt-get install util-linux)"
    );
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
    let mut stdout = child.stdout.take().unwrap();
    let (chunks, shown) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            if chunks
                .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                .is_err()
            {
                break;
            }
        }
        // the channel closes here: the pty is gone, so the program has ended
    });
    let mut seen = String::new();
    let wanted = format!("frame {frames} ");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !seen.contains(&wanted) {
        match shown.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(chunk) => seen.push_str(&chunk),
            Err(e) => {
                let _ = child.kill();
                panic!("no {wanted} ({e}):\n{seen}");
            }
        }
    }
    // Ctrl-C through the pty: the terminal sends SIGINT to the foreground process.
    child.stdin.as_mut().unwrap().write_all(b"\x03").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match shown.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(chunk) => seen.push_str(&chunk),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!("watch did not stop on Ctrl-C:\n{seen}");
            }
        }
    }
    let status = child.wait().unwrap();
    (status.code(), seen)
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

#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs a pty from util-linux `script`, which only Linux has"
)]
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
    let (code, out) = watch_on_a_pty(&args, 3);
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

#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs a pty from util-linux `script`, which only Linux has"
)]
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
    let (code, out) = watch_on_a_pty(&args, 2);
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
