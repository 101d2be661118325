//! Ctrl-C and SIGTERM: one process-wide flag that long runs poll, so they end with a partial report.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while this thread ends what the run created (see [`cleanup`]).
    static CLEANING_UP: Cell<bool> = const { Cell::new(false) };
}

/// Install the handler once, at start. A second signal while the first is being handled exits at once.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(crate::error::exit::INCOMPLETE);
        }
    });
}

/// True once Ctrl-C or SIGTERM was received.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Run `f` as clean-up: requests it makes are still sent after an interrupt, so a run can end
/// the contacts it created before it exits.
pub fn cleanup<T>(f: impl FnOnce() -> T) -> T {
    let before = CLEANING_UP.replace(true);
    let result = f();
    CLEANING_UP.set(before);
    result
}

/// True when no new request should start: interrupted, and not inside [`cleanup`].
pub fn stop_requests() -> bool {
    requested() && !CLEANING_UP.get()
}

/// Consume a Ctrl-C / SIGTERM that ended a foreground server as its normal stop (`listen`), so
/// the run is not reported as interrupted; true when there was one.
pub fn take() -> bool {
    INTERRUPTED.swap(false, Ordering::SeqCst)
}

/// Mark the run as interrupted (tests, and run deadlines that should end like an interrupt).
pub fn request() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Sleep up to `total`, waking early when interrupted; returns true when interrupted.
pub fn sleep(total: Duration) -> bool {
    sleep_unless(total, Duration::from_millis(50), || false)
}

/// Sleep up to `total` in naps of at most `step`, waking early when interrupted or when `stop`
/// turns true; returns true when woken early (or interrupted at the end).
pub fn sleep_unless(total: Duration, step: Duration, stop: impl Fn() -> bool) -> bool {
    // A deadline, so that naps overshooting their length do not add up.
    let until = std::time::Instant::now() + total;
    loop {
        if requested() || stop() {
            return true;
        }
        let left = until.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return false;
        }
        std::thread::sleep(left.min(step));
    }
}

/// Block until interrupted (for `sandbox serve` and other foreground servers).
pub fn wait() {
    while !sleep(Duration::from_secs(3600)) {}
}
