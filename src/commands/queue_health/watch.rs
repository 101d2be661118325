//! `queue-health --watch N`: redraw the skills table every N seconds until Ctrl-C.
//!
//! Each frame is one [`check`](super::check) pass sharing one [`Poll`], so activity and agent
//! states are delta-polled with `updatedSince` (a 304 reuses what was seen) while configuration
//! (skills, agent assignments) is read again, so a fix made while watching shows up. The screen
//! is cleared with plain ANSI before each frame. Ctrl-C ends the loop cleanly: the last frame
//! stays on screen and its exit code is the run's.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use super::{Options, Poll, check};
use crate::commands::Outcome;
use crate::context::Ctx;
use crate::cxone::client::Client;
use crate::interrupt;
use crate::report::human::Style;
use crate::report::sink::print as print_stdout;
use crate::report::{self, Format, Report, output};

/// Cursor home, then clear the screen.
pub const CLEAR: &str = "\x1b[H\x1b[2J";

/// Redraw until Ctrl-C; the outcome is the last frame's exit code.
pub fn run(
    ctx: &Ctx,
    client: &Client,
    opts: &Options,
    period: Duration,
) -> anyhow::Result<Outcome> {
    let mut poll = Poll::default();
    let mut frame = 0u64;
    loop {
        let started = Instant::now();
        let mut report = check(client, opts, &ctx.config.rules.queue, &mut poll)?;
        frame += 1;
        ctx.overrides.apply(&mut report);
        report.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let code = report::exit_code(&report, ctx.fail_on);
        print_stdout(&frame_text(&report, ctx.style, frame, period));
        if interrupt::requested() || interrupt::sleep(pause_after(started, period)) {
            return Ok(Outcome::Done(code));
        }
    }
}

/// One screen: clear, a header line, the report as `queue-health` renders it.
pub fn frame_text(report: &Report, style: Style, frame: u64, period: Duration) -> String {
    let mut out = String::from(CLEAR);
    let _ = writeln!(
        out,
        "queue-health --watch {}s · frame {frame} · {} · Ctrl-C to stop\n",
        period.as_secs(),
        chrono::Local::now().format("%H:%M:%S"),
    );
    out.push_str(&output::render(report, Format::Human, style));
    out
}

/// Time to wait so frames start `period` apart (at least a moment, when a frame took longer).
pub fn pause_after(frame_started: Instant, period: Duration) -> Duration {
    period
        .saturating_sub(frame_started.elapsed())
        .max(Duration::from_millis(200))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_start_a_period_apart() {
        let started = Instant::now() - Duration::from_millis(1500);
        let wait = pause_after(started, Duration::from_secs(5));
        assert!(wait <= Duration::from_millis(3500) && wait > Duration::from_secs(3));
        let late = Instant::now() - Duration::from_secs(9);
        assert_eq!(
            pause_after(late, Duration::from_secs(5)),
            Duration::from_millis(200)
        );
    }

    #[test]
    fn a_frame_clears_the_screen_then_shows_the_report() {
        let report = Report::new("queue-health");
        let text = frame_text(&report, Style::plain(), 3, Duration::from_secs(5));
        assert!(text.starts_with(CLEAR));
        assert!(text.contains("--watch 5s · frame 3 ·"), "{text}");
        assert!(text.contains("0 subjects"), "{text}");
    }
}
