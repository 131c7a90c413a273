//! The relay workload, identical for both targets (the peer first, then Tandem), with the load
//! generator (this process) pinned to its own CPU and each relay to another:
//! 1. peak: every customer keeps up to `WINDOW` frames in flight (sent, not yet received by its
//!    agent) for `seconds`; the rate is the frames received per second after a warm-up. The
//!    window stays below the relays' 1,024-frame lag limit, so what is measured is sustained
//!    forwarding, not a burst that overflows;
//! 2. latency at 25, 50 and 90 % of the peer's peak, offered open-loop and evenly spread over
//!    the pairs for `seconds` each: p50 / p99 / p99.9 from the generator's write of a frame to its
//!    read of it on the agent socket (the relay's time plus both loopback hops);
//! 3. memory per idle socket: resident memory growth of a fresh relay process (no load run
//!    before) over `idle` open customer sockets.
//!
//! Every row is printed with the machine's load average when it was measured.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::Message;

use crate::hist::{Hist, ms};
use crate::target::{Target, Ws};

/// Frames a customer may have in flight during the peak run (below the 1,024-frame lag limit).
const WINDOW: u64 = 256;
/// Seconds of each run before measuring starts.
const WARM_UP: f64 = 2.0;
/// The offered loads, as parts of the peer's peak.
const LEVELS: [f64; 3] = [0.25, 0.5, 0.9];

pub struct Options {
    pub bin: String,
    pub sessions: usize,
    pub size: usize,
    pub seconds: f64,
    pub idle: usize,
}

struct Peak {
    rate: f64,
    lagged: u64,
    load: String,
}

struct Paced {
    offered: f64,
    delivered: f64,
    p50: u64,
    p99: u64,
    p999: u64,
    lagged: u64,
    load: String,
}

pub async fn run(o: Options) {
    let header = crate::sys::machine();
    let names = ["bare forwarder (peer)", "Tandem"];
    let mut peaks = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let target = start(i, &o.bin).await;
        eprintln!("bench: {name} peak over {} s …", o.seconds);
        peaks.push(peak(&target, &o).await);
    }
    let peer_peak = peaks[0].rate;
    let mut paced: Vec<Vec<Paced>> = vec![Vec::new(), Vec::new()];
    for level in LEVELS {
        // Alternate which relay goes first, so a change of the machine's load hits both alike.
        let order = if level == 0.5 { [1, 0] } else { [0, 1] };
        for i in order {
            let target = start(i, &o.bin).await;
            eprintln!(
                "bench: {} at {:.0} % of the peer's peak …",
                names[i],
                level * 100.0
            );
            paced[i].push(latency(&target, &o, level * peer_peak).await);
        }
    }
    let mut idle = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let target = start(i, &o.bin).await;
        eprintln!("bench: {name} idle sockets (fresh process) …");
        idle.push(idle_memory(&target, o.idle).await);
    }

    println!(
        "Relay, {} sessions, {}-byte frames, {} s per run; {header}.\n",
        o.sessions, o.size, o.seconds
    );
    println!(
        "| relay | sustained peak msg/s (load) | lagged | at 25 % p50 / p99 / p99.9 | at 50 % | at 90 % | memory per idle socket ({} sockets) |",
        o.idle
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for i in 0..2 {
        let p = &peaks[i];
        let cells: Vec<String> = paced[i]
            .iter()
            .map(|r| {
                format!(
                    "{} / {} / {} ({:.0} of {:.0} msg/s{}; load {})",
                    ms(r.p50),
                    ms(r.p99),
                    ms(r.p999),
                    r.delivered,
                    r.offered,
                    if r.lagged > 0 {
                        format!(", {} lagged", r.lagged)
                    } else {
                        String::new()
                    },
                    r.load
                )
            })
            .collect();
        println!(
            "| {} | {:.0} (load {}) | {} | {} | {:.1} KB |",
            names[i],
            p.rate,
            p.load,
            p.lagged,
            cells.join(" | "),
            idle[i]
        );
    }
    println!(
        "\nTandem's sustained peak is {:.0} % of the peer's.",
        100.0 * peaks[1].rate / peaks[0].rate
    );
}

async fn start(i: usize, bin: &str) -> Target {
    if i == 0 {
        Target::forwarder().await
    } else {
        Target::tandem(bin).await
    }
}

fn stamp(buf: &mut [u8], base: Instant) {
    let ns = base.elapsed().as_nanos() as u64;
    buf[1..9].copy_from_slice(&ns.to_le_bytes());
}

/// What one pair's receiving side counts.
#[derive(Default)]
struct Counters {
    received: AtomicU64,
    lagged: AtomicU64,
}

async fn peak(target: &Target, o: &Options) -> Peak {
    let pairs = target.pairs(o.sessions).await;
    let start = Instant::now();
    let from = start + Duration::from_secs_f64(WARM_UP);
    let until = from + Duration::from_secs_f64(o.seconds);
    let stop = Arc::new(AtomicBool::new(false));
    let measured = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for (customer, agent) in pairs {
        let counters = Arc::new(Counters::default());
        let space = Arc::new(Notify::new());
        let sent = Arc::new(AtomicU64::new(u64::MAX));
        {
            let (counters, space, sent, measured) = (
                counters.clone(),
                space.clone(),
                sent.clone(),
                measured.clone(),
            );
            tasks.push(tokio::spawn(async move {
                receive(agent, &counters, &sent, |_, at| {
                    space.notify_one();
                    if at >= from && at < until {
                        measured.fetch_add(1, Ordering::Relaxed);
                    }
                })
                .await;
                counters.lagged.load(Ordering::Relaxed)
            }));
        }
        let size = o.size;
        let stop = stop.clone();
        tokio::spawn(async move {
            let (mut tx, rx) = customer.split();
            tokio::spawn(rx.for_each(|_| async {}));
            let mut buf = vec![0u8; size];
            let mut n = 0u64;
            while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                if n - counters.received.load(Ordering::Relaxed) < WINDOW {
                    stamp(&mut buf, start);
                    if tx.feed(Message::Binary(buf.clone().into())).await.is_err() {
                        break;
                    }
                    n += 1;
                } else {
                    if tx.flush().await.is_err() {
                        break;
                    }
                    let _ = tokio::time::timeout(Duration::from_secs(1), space.notified()).await;
                }
            }
            let _ = tx.flush().await;
            sent.store(n, Ordering::Release);
            // Keep the socket open until the agent has everything (or gives up).
            tokio::time::sleep(Duration::from_secs(15)).await;
            drop(tx);
        });
    }
    let mut lagged = 0;
    let mut load = String::new();
    for t in tasks {
        lagged += t.await.unwrap();
        if load.is_empty() {
            load = crate::sys::load();
        }
    }
    stop.store(true, Ordering::Relaxed);
    Peak {
        rate: measured.load(Ordering::Relaxed) as f64 / o.seconds,
        lagged,
        load,
    }
}

async fn latency(target: &Target, o: &Options, rate: f64) -> Paced {
    let pairs = target.pairs(o.sessions).await;
    let per_pair = rate / o.sessions as f64;
    let gap = Duration::from_secs_f64(1.0 / per_pair.max(0.01));
    let start = Instant::now();
    let from = start + Duration::from_secs_f64(WARM_UP);
    let until = from + Duration::from_secs_f64(o.seconds);
    let hist = Arc::new(Hist::new());
    let delivered = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    let sessions = o.sessions;
    for (i, (customer, agent)) in pairs.into_iter().enumerate() {
        let counters = Arc::new(Counters::default());
        let sent = Arc::new(AtomicU64::new(u64::MAX));
        {
            let (counters, sent, hist, delivered) = (
                counters.clone(),
                sent.clone(),
                hist.clone(),
                delivered.clone(),
            );
            tasks.push(tokio::spawn(async move {
                receive(agent, &counters, &sent, |stamp, at| {
                    if at >= from && at < until {
                        delivered.fetch_add(1, Ordering::Relaxed);
                        let now = (at - start).as_nanos() as u64;
                        hist.record(now.saturating_sub(stamp));
                    }
                })
                .await;
                counters.lagged.load(Ordering::Relaxed)
            }));
        }
        let size = o.size;
        tokio::spawn(async move {
            let (mut tx, rx) = customer.split();
            tokio::spawn(rx.for_each(|_| async {}));
            let mut buf = vec![0u8; size];
            // Spread the pairs' sends over the gap so the load is even.
            let mut next = start + gap.mul_f64(i as f64 / sessions as f64);
            let mut n = 0u64;
            'run: while next < until {
                tokio::time::sleep_until(next.into()).await;
                // Every frame due by now goes out (the timer's granularity is 1 ms), then one flush.
                let now = Instant::now();
                while next <= now && next < until {
                    stamp(&mut buf, start);
                    if tx.feed(Message::Binary(buf.clone().into())).await.is_err() {
                        break 'run;
                    }
                    n += 1;
                    next += gap;
                }
                if tx.flush().await.is_err() {
                    break;
                }
            }
            sent.store(n, Ordering::Release);
            tokio::time::sleep(Duration::from_secs(15)).await;
            drop(tx);
        });
    }
    let mut lagged = 0;
    let mut load = String::new();
    for t in tasks {
        lagged += t.await.unwrap();
        if load.is_empty() {
            load = crate::sys::load();
        }
    }
    Paced {
        offered: rate,
        delivered: delivered.load(Ordering::Relaxed) as f64 / o.seconds,
        p50: hist.quantile(0.5),
        p99: hist.quantile(0.99),
        p999: hist.quantile(0.999),
        lagged,
        load,
    }
}

/// Reads the agent socket until it has every frame its customer sent (`sent`, once known), or
/// nothing came for 10 s; calls `each` with every frame's send stamp and arrival time. A text
/// message saying `lagged` is counted.
async fn receive(
    mut agent: Ws,
    counters: &Counters,
    sent: &AtomicU64,
    mut each: impl FnMut(u64, Instant),
) {
    loop {
        let done = sent.load(Ordering::Acquire);
        if done != u64::MAX && counters.received.load(Ordering::Relaxed) >= done {
            return;
        }
        let next = tokio::time::timeout(Duration::from_secs(10), agent.next()).await;
        let Ok(Some(Ok(m))) = next else { return };
        match m {
            Message::Binary(b) if b.len() >= 9 => {
                let at = Instant::now();
                counters.received.fetch_add(1, Ordering::Relaxed);
                each(u64::from_le_bytes(b[1..9].try_into().unwrap()), at);
            }
            Message::Text(t) if t.contains("lagged") => {
                counters.lagged.fetch_add(1, Ordering::Relaxed);
            }
            _ => {}
        }
    }
}

async fn idle_memory(target: &Target, n: usize) -> f64 {
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = target.rss_kb();
    let mut sockets = Vec::with_capacity(n);
    for i in 0..n {
        sockets.push(target.idle_socket(i).await);
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let after = target.rss_kb();
    drop(sockets);
    (after.saturating_sub(before)) as f64 / n as f64
}
