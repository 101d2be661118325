//! Rehearsal statistics: nearest-rank percentiles and the numbers of the summary subject.

use serde_json::{Value, json};

/// The `p`-th percentile (0 < p <= 100) of `values` by the nearest-rank method: the smallest
/// value such that at least p % of the values are less than or equal to it. `None` when empty.
pub fn percentile(values: &[u64], p: f64) -> Option<u64> {
    if values.is_empty() || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// p50, p95 and max of one measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// Values measured.
    pub count: usize,
    /// Median (nearest rank).
    pub p50: u64,
    /// 95th percentile (nearest rank).
    pub p95: u64,
    /// Largest value.
    pub max: u64,
}

impl Spread {
    /// The spread of `values`; `None` when there are none.
    pub fn of(values: &[u64]) -> Option<Spread> {
        Some(Spread {
            count: values.len(),
            p50: percentile(values, 50.0)?,
            p95: percentile(values, 95.0)?,
            max: *values.iter().max()?,
        })
    }

    /// `{count, p50, p95, max}` for facts.
    pub fn to_json(self) -> Value {
        json!({"count": self.count, "p50": self.p50, "p95": self.p95, "max": self.max})
    }

    /// `p50 12 ms, p95 30 ms, max 31 ms` for messages.
    pub fn describe(self) -> String {
        format!(
            "p50 {} ms, p95 {} ms, max {} ms",
            self.p50, self.p95, self.max
        )
    }
}

/// Successful rehearsals as a percentage of all, rounded to one decimal.
pub fn rate(successes: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (successes as f64 * 1000.0 / total as f64).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let one_to_twenty: Vec<u64> = (1..=20).collect();
        assert_eq!(percentile(&one_to_twenty, 50.0), Some(10));
        assert_eq!(percentile(&one_to_twenty, 95.0), Some(19));
        assert_eq!(percentile(&one_to_twenty, 100.0), Some(20));
        assert_eq!(percentile(&one_to_twenty, 1.0), Some(1));
        // Order does not matter.
        assert_eq!(percentile(&[30, 10, 20], 50.0), Some(20));
        assert_eq!(percentile(&[7], 95.0), Some(7));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[1, 2], 0.0), None);
        assert_eq!(percentile(&[1, 2], f64::NAN), None);
        // Five values: p95 is the largest.
        assert_eq!(percentile(&[5, 1, 4, 2, 3], 95.0), Some(5));
        assert_eq!(percentile(&[5, 1, 4, 2, 3], 50.0), Some(3));
    }

    #[test]
    fn spread_and_rate() {
        let s = Spread::of(&[100, 3, 7, 9]).unwrap();
        assert_eq!(
            s,
            Spread {
                count: 4,
                p50: 7,
                p95: 100,
                max: 100
            }
        );
        assert_eq!(s.describe(), "p50 7 ms, p95 100 ms, max 100 ms");
        assert_eq!(s.to_json()["p95"], 100);
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(rate(2, 3), 66.7);
        assert_eq!(rate(5, 5), 100.0);
        assert_eq!(rate(0, 0), 0.0);
    }
}
