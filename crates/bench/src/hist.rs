//! A latency histogram many tasks record into at once: one counter per microsecond up to
//! 200 ms, the rarer slower samples kept exactly.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

const SPAN_US: usize = 200_000;

pub struct Hist {
    counts: Vec<AtomicU64>,
    slow: Mutex<Vec<u64>>,
}

impl Hist {
    pub fn new() -> Hist {
        Hist {
            counts: (0..SPAN_US).map(|_| AtomicU64::new(0)).collect(),
            slow: Mutex::default(),
        }
    }

    pub fn record(&self, ns: u64) {
        let us = (ns / 1000) as usize;
        match self.counts.get(us) {
            Some(c) => {
                c.fetch_add(1, Ordering::Relaxed);
            }
            None => self.slow.lock().unwrap().push(us as u64),
        }
    }

    pub fn len(&self) -> u64 {
        self.counts
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .sum::<u64>()
            + self.slow.lock().unwrap().len() as u64
    }

    /// The `p` quantile (0..1), in µs.
    pub fn quantile(&self, p: f64) -> u64 {
        let n = self.len();
        if n == 0 {
            return 0;
        }
        let rank = ((n as f64 - 1.0) * p).round() as u64;
        let mut seen = 0;
        for (us, c) in self.counts.iter().enumerate() {
            seen += c.load(Ordering::Relaxed);
            if seen > rank {
                return us as u64;
            }
        }
        let mut slow = self.slow.lock().unwrap().clone();
        slow.sort_unstable();
        slow[((rank - seen) as usize).min(slow.len() - 1)]
    }
}

/// µs as the tables print them.
pub fn ms(us: u64) -> String {
    if us < 1000 {
        format!("{us} µs")
    } else {
        format!("{:.1} ms", us as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_over_the_fine_range_and_the_slow_tail() {
        let h = Hist::new();
        for us in 1..=1000u64 {
            h.record(us * 1000 + 999);
        }
        h.record(5_000_000_000); // 5 s, past the fine range
        assert_eq!(h.len(), 1001);
        assert_eq!(h.quantile(0.5), 501);
        assert_eq!(h.quantile(0.99), 991);
        assert_eq!(h.quantile(1.0), 5_000_000);
        assert_eq!(Hist::new().quantile(0.99), 0);
    }
}
