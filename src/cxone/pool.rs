//! Run independent calls concurrently on a small scoped thread pool (at most `limit` in flight).
//!
//! Threads borrow the one client (`&Client` is `Sync`): the token is still fetched once, because
//! the first thread that needs it holds the login lock while the others wait.

use std::sync::{Condvar, Mutex};

/// At most `limit` holders at once: bounds the requests in flight across nested pools (a
/// paged read inside a concurrent job still sends at most `http.concurrency` requests at once).
#[derive(Debug)]
pub struct Gate {
    limit: usize,
    held: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    /// A gate for `limit` holders (at least one).
    pub fn new(limit: usize) -> Gate {
        Gate {
            limit: limit.max(1),
            held: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Run `f` once a place is free.
    pub fn pass<R>(&self, f: impl FnOnce() -> R) -> R {
        {
            let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
            while *held >= self.limit {
                held = self.freed.wait(held).unwrap_or_else(|e| e.into_inner());
            }
            *held += 1;
        }
        struct Leave<'a>(&'a Gate);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                let mut held = self.0.held.lock().unwrap_or_else(|e| e.into_inner());
                *held -= 1;
                self.0.freed.notify_one();
            }
        }
        let _leave = Leave(self);
        f()
    }
}

/// Apply `f` to every item with at most `limit` running at once; results keep the input order.
/// A panic in `f` propagates to the caller once every thread has stopped.
pub fn map_concurrent<T, R, F>(limit: usize, items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let n = items.len();
    let workers = limit.max(1).min(n);
    if workers <= 1 {
        return items.into_iter().map(f).collect();
    }
    let queue = Mutex::new(items.into_iter().enumerate());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some((i, item)) = next else { break };
                    let r = f(item);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        // every item was processed (a worker's panic would have ended the scope)
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn keeps_order_and_bounds_concurrency() {
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let out = map_concurrent(3, (0..12).collect(), |i: u32| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(20));
            running.fetch_sub(1, Ordering::SeqCst);
            i * 2
        });
        assert_eq!(out, (0..12).map(|i| i * 2).collect::<Vec<_>>());
        let peak = peak.load(Ordering::SeqCst);
        assert!((2..=3).contains(&peak), "peak {peak}");
    }

    #[test]
    fn the_gate_bounds_nested_pools() {
        let gate = Gate::new(2);
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        map_concurrent(3, (0..3).collect(), |_: u32| {
            map_concurrent(3, (0..3).collect(), |_: u32| {
                gate.pass(|| {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(5));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
            })
        });
        assert!(peak.load(Ordering::SeqCst) <= 2);
    }

    #[test]
    fn small_inputs_and_zero_limit_run_inline() {
        assert_eq!(map_concurrent(0, vec![1, 2], |x| x + 1), vec![2, 3]);
        assert!(map_concurrent(8, Vec::<u8>::new(), |x| x).is_empty());
    }
}
