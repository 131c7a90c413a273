//! Percentiles of latency samples.

pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn micros(ns: u64) -> String {
    format!("{:.0} µs", ns as f64 / 1000.0)
}
