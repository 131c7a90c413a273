//! The relay workload, identical for both targets:
//! 1. peak: every customer sends its frames as fast as it can; forwarded frames per second;
//! 2. latency at half of that peak, paced evenly: p50 / p99 from send to receipt;
//! 3. memory per idle socket: resident memory growth over `idle` open customer sockets.
//! Load generator and relay share this machine's cores, for both targets alike.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use crate::stats::{micros, percentile};
use crate::target::{Target, Ws};

struct Result {
    name: &'static str,
    peak: f64,
    p50: u64,
    p99: u64,
    paced: f64,
    light: (u64, u64),
    idle_kb: f64,
}

/// A light load, where the relay's own latency shows rather than the shared cores' queueing.
const LIGHT_RATE: f64 = 5000.0;

pub async fn run(bin: &str, sessions: usize, frames: usize, size: usize, idle: usize) {
    let targets = [Target::forwarder().await, Target::tandem(bin).await];
    let mut peaks = Vec::new();
    for target in &targets {
        eprintln!("bench: {} peak …", target.name);
        peaks.push(throughput(target, sessions, frames, size).await);
    }
    // Latency for both at the same offered load: half of the lower peak, so neither is saturated.
    let rate = peaks.iter().cloned().fold(f64::INFINITY, f64::min) / 2.0;
    let mut results = Vec::new();
    for (target, peak) in targets.iter().zip(peaks) {
        eprintln!("bench: {} latency and memory …", target.name);
        let (p50, p99, paced) = latency(target, sessions, size, rate).await;
        let (l50, l99, _) = latency(target, sessions, size, LIGHT_RATE).await;
        let idle_kb = idle_memory(target, idle).await;
        results.push(Result {
            name: target.name,
            peak,
            p50,
            p99,
            paced,
            light: (l50, l99),
            idle_kb,
        });
    }
    println!(
        "| relay ({sessions} sessions, {size}-byte frames) | peak forwarded msg/s | p50 / p99 at {:.0} msg/s (half the lower peak) | p50 / p99 at {LIGHT_RATE:.0} msg/s | memory per idle socket |",
        results[0].paced
    );
    println!("|---|---:|---:|---:|---:|");
    for r in &results {
        println!(
            "| {} | {:.0} | {} / {} | {} / {} | {:.1} KB |",
            r.name,
            r.peak,
            micros(r.p50),
            micros(r.p99),
            micros(r.light.0),
            micros(r.light.1),
            r.idle_kb
        );
    }
    if let [peer, tandem] = &results[..] {
        println!(
            "\nAt {LIGHT_RATE:.0} msg/s Tandem adds {} at p99 over the bare forwarder (negative: {}); its peak is {:.0}% of the forwarder's.",
            micros(tandem.light.1.saturating_sub(peer.light.1)),
            micros(peer.light.1.saturating_sub(tandem.light.1)),
            100.0 * tandem.peak / peer.peak
        );
    }
}

fn stamp(buf: &mut [u8], base: Instant) {
    let ns = base.elapsed().as_nanos() as u64;
    buf[1..9].copy_from_slice(&ns.to_le_bytes());
}

async fn throughput(target: &Target, sessions: usize, frames: usize, size: usize) -> f64 {
    let pairs = target.pairs(sessions).await;
    // Senders keep their sockets open until every frame has arrived, then close them.
    let (finished, done) = tokio::sync::watch::channel(false);
    let start = Instant::now();
    let mut receivers = Vec::new();
    for (customer, agent) in pairs {
        receivers.push(tokio::spawn(receive(agent, frames, start, false)));
        let mut done = done.clone();
        tokio::spawn(async move {
            let (mut tx, rx) = customer.split();
            tokio::spawn(rx.for_each(|_| async {}));
            let mut buf = vec![0u8; size];
            for _ in 0..frames {
                stamp(&mut buf, start);
                if tx.feed(Message::Binary(buf.clone().into())).await.is_err() {
                    return;
                }
            }
            let _ = tx.flush().await;
            let _ = done.changed().await;
            let _ = tx.close().await;
        });
    }
    let mut got = 0;
    for r in receivers {
        got += r.await.unwrap().0;
    }
    let rate = got as f64 / start.elapsed().as_secs_f64();
    let _ = finished.send(true);
    rate
}

async fn latency(target: &Target, sessions: usize, size: usize, rate: f64) -> (u64, u64, f64) {
    let pairs = target.pairs(sessions).await;
    let per_pair = rate / sessions as f64;
    let seconds = 4.0;
    let frames = (per_pair * seconds).max(10.0) as usize;
    let gap = Duration::from_secs_f64(1.0 / per_pair.max(1.0));
    let (finished, done) = tokio::sync::watch::channel(false);
    let start = Instant::now();
    let mut receivers = Vec::new();
    for (i, (customer, agent)) in pairs.into_iter().enumerate() {
        receivers.push(tokio::spawn(receive(agent, frames, start, true)));
        let mut done = done.clone();
        tokio::spawn(async move {
            let (mut tx, rx) = customer.split();
            tokio::spawn(rx.for_each(|_| async {}));
            let mut buf = vec![0u8; size];
            // Spread the pairs' sends over the gap so the load is even.
            let mut next = tokio::time::Instant::now() + gap.mul_f64(i as f64 / sessions as f64);
            for _ in 0..frames {
                tokio::time::sleep_until(next).await;
                next += gap;
                stamp(&mut buf, start);
                if tx.send(Message::Binary(buf.clone().into())).await.is_err() {
                    return;
                }
            }
            let _ = done.changed().await;
            let _ = tx.close().await;
        });
    }
    let mut samples = Vec::new();
    for r in receivers {
        samples.extend(r.await.unwrap().1);
    }
    let _ = finished.send(true);
    samples.sort_unstable();
    (percentile(&samples, 0.5), percentile(&samples, 0.99), rate)
}

/// Receives `frames` binary frames (or gives up after 60 s); returns the count and, if asked,
/// each frame's latency in ns.
async fn receive(mut agent: Ws, frames: usize, base: Instant, sample: bool) -> (usize, Vec<u64>) {
    let mut got = 0;
    let mut lat = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while got < frames {
        let Ok(Some(Ok(m))) = tokio::time::timeout_at(deadline, agent.next()).await else {
            break;
        };
        if let Message::Binary(b) = m {
            got += 1;
            if sample && b.len() >= 9 {
                let sent = u64::from_le_bytes(b[1..9].try_into().unwrap());
                lat.push((base.elapsed().as_nanos() as u64).saturating_sub(sent));
            }
        }
    }
    (got, lat)
}

async fn idle_memory(target: &Target, n: usize) -> f64 {
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = target.rss_kb();
    let mut sockets = Vec::with_capacity(n);
    for i in 0..n {
        sockets.push(target.idle_socket(i).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = target.rss_kb();
    drop(sockets);
    (after.saturating_sub(before)) as f64 / n as f64
}
