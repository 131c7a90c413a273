//! Abuse from one client, measured on the real `tandem` binary with its default limits:
//! The server runs with its default limits, except codes per client address (the bench
//! prepares its sessions from one address):
//! 1. latency of a healthy session (one customer page relaying small DOM frames to its agent,
//!    paced) alone, then while one other client floods it with each kind of bad input: malformed
//!    frames, huge frames, connection churn, code guessing, sign-in guessing, and all at once.
//!    The flooder is a process of its own connecting from another loopback address
//!    (127.0.0.2), so it is a different client to the server, as a real attacker would be;
//! 2. memory while unshared pages push 31 MiB frames (each from its own address, so connection
//!    limits per address do not hide it): the server's resident memory, peak and after;
//! 3. memory kept after big snapshots: sessions each relay one large snapshot, then idle.
//!
//! Load generator and server share this machine's cores; the load average is printed with the
//! results, because the machine may be shared.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::net::TcpSocket;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::stats::{micros, percentile};
use crate::target::{Target, Ws};

/// The healthy session's pace: DOM frames per second.
const RATE: f64 = 500.0;
/// Bytes of a huge frame: just under the server's largest DOM frame.
const HUGE: usize = 31 * 1024 * 1024;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    BadFrames,
    HugeFrames,
    Churn,
    CodeGuessing,
    SignInGuessing,
}

const KINDS: [Kind; 5] = [
    Kind::BadFrames,
    Kind::HugeFrames,
    Kind::Churn,
    Kind::CodeGuessing,
    Kind::SignInGuessing,
];

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::BadFrames => "malformed frames (bad JSON, unknown kinds, bad DOM envelopes)",
            Kind::HugeFrames => "31 MiB frames from pages not sharing",
            Kind::Churn => "connection churn (open, close)",
            Kind::CodeGuessing => "one-time code guessing",
            Kind::SignInGuessing => "sign-in guessing (wrong passwords)",
        }
    }
}

pub async fn run(
    bin: &str,
    sections: &str,
    seconds: f64,
    parked: usize,
    snapshots: usize,
    snapshot_kb: usize,
) {
    // Default limits, except codes per client: the bench prepares all its sessions from one
    // address. The overall code budget and its lanes stay as they ship.
    let target = Target::tandem_with(bin, &["--redeem-per-client-per-minute", "1000000"]).await;
    let addr: SocketAddr = target
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("a loopback address");
    println!("load average at start: {}", load());

    if sections.contains("latency") {
        latency_table(&target, addr, seconds).await;
    }
    if sections.contains("parked") {
        eprintln!("flood: parked frames …");
        let (base, peak, after) = parked_memory(&target, addr, parked).await;
        println!(
            "\n{parked} pages in no session, each from its own address, pushing 31 MiB frames for 3 s: server RSS {} MiB before, peak {} MiB (+{}), {} MiB 2 s after they stop (+{})",
            base / 1024,
            peak / 1024,
            peak.saturating_sub(base) / 1024,
            after / 1024,
            after.saturating_sub(base) / 1024
        );
    }
    if sections.contains("snapshots") {
        eprintln!("flood: snapshots …");
        let (base, sent, idle) = snapshot_memory(&target, snapshots, snapshot_kb).await;
        println!(
            "\n{snapshots} shared sessions, each relaying one {snapshot_kb} KiB snapshot then idling: server RSS {} MiB before, {} MiB just after (+{}), {} MiB after 2 s idle (+{} MiB, {} KiB per session kept)",
            base / 1024,
            sent / 1024,
            sent.saturating_sub(base) / 1024,
            idle / 1024,
            idle.saturating_sub(base) / 1024,
            idle.saturating_sub(base) / snapshots.max(1) as u64
        );
    }
    println!("load average at end: {}", load());
}

async fn latency_table(target: &Target, addr: SocketAddr, seconds: f64) {
    eprintln!("flood: latency …");
    let mut rows = vec![("alone".to_string(), 0u64, healthy(target, seconds).await)];
    for kinds in KINDS.iter().map(|k| vec![*k]).chain([KINDS.to_vec()]) {
        let label = if kinds.len() == 1 {
            kinds[0].describe().to_string()
        } else {
            "all of the above at once".to_string()
        };
        eprintln!("flood: latency under {label} …");
        // The flooder runs in a process of its own: building and masking its frames must not
        // hold up the healthy client's runtime (they still share the machine's cores).
        let names: Vec<String> = kinds.iter().map(|k| format!("{k:?}")).collect();
        let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "flooder",
                "--server",
                &addr.to_string(),
                "--kinds",
                &names.join(","),
            ])
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the flooder");
        let ops = Arc::new(AtomicU64::new(0));
        let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(
            child.stdout.take().unwrap(),
        ));
        let counted = ops.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(n) = line.trim().parse() {
                    counted.store(n, Ordering::Relaxed);
                }
            }
        });
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let started = ops.load(Ordering::Relaxed);
        let t = Instant::now();
        let lat = healthy(target, seconds).await;
        let rate = (ops.load(Ordering::Relaxed) - started) as f64 / t.elapsed().as_secs_f64();
        let _ = child.kill().await;
        rows.push((label, rate as u64, lat));
    }
    println!(
        "\n| healthy session, {RATE:.0} DOM frames/s, while one other client sends … | attempts/s | p50 | p99 | frames lost |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (label, rate, (p50, p99, lost)) in &rows {
        println!(
            "| {label} | {} | {} | {} | {lost} |",
            if *rate == 0 {
                "–".into()
            } else {
                rate.to_string()
            },
            micros(*p50),
            micros(*p99)
        );
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The healthy session: a fresh pair relays small frames at [`RATE`] for `seconds`; latency
/// percentiles from send to receipt, and frames that never arrived.
async fn healthy(target: &Target, seconds: f64) -> (u64, u64, usize) {
    let (customer, mut agent) = target.tandem_pair(target.token.as_deref().unwrap()).await;
    let frames = (RATE * seconds) as usize;
    let gap = Duration::from_secs_f64(1.0 / RATE);
    let base = Instant::now();
    let sender = tokio::spawn(async move {
        let (mut tx, rx) = customer.split();
        tokio::spawn(rx.for_each(|_| async {}));
        let mut buf = vec![0u8; 128];
        let mut next = tokio::time::Instant::now();
        for _ in 0..frames {
            tokio::time::sleep_until(next).await;
            next += gap;
            let ns = base.elapsed().as_nanos() as u64;
            buf[1..9].copy_from_slice(&ns.to_le_bytes());
            if tx.send(Message::Binary(buf.clone().into())).await.is_err() {
                break;
            }
        }
        tx
    });
    let mut lat = Vec::with_capacity(frames);
    let deadline = tokio::time::Instant::now() + Duration::from_secs_f64(seconds + 10.0);
    while lat.len() < frames {
        match tokio::time::timeout_at(deadline, agent.next()).await {
            Ok(Some(Ok(Message::Binary(b)))) if b.len() >= 9 => {
                let sent = u64::from_le_bytes(b[1..9].try_into().unwrap());
                lat.push((base.elapsed().as_nanos() as u64).saturating_sub(sent));
            }
            Ok(Some(Ok(_))) => continue,
            _ => break,
        }
    }
    let _ = sender.await.map(|mut tx| async move { tx.close().await });
    lat.sort_unstable();
    (
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        frames - lat.len(),
    )
}

/// The flooder process (`tandem-bench flooder`): four tasks per kind of abuse against the
/// server at `addr`, from 127.0.0.2, until killed; prints its attempt count every 100 ms.
pub async fn flooder(addr: SocketAddr, kinds: &str) {
    let stop = Arc::new(AtomicBool::new(false));
    let ops = Arc::new(AtomicU64::new(0));
    for name in kinds.split(',') {
        let kind = *KINDS
            .iter()
            .find(|k| format!("{k:?}") == name)
            .expect("a kind of flood");
        for _ in 0..4 {
            tokio::spawn(flood(kind, addr, stop.clone(), ops.clone()));
        }
    }
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        println!("{}", ops.load(Ordering::Relaxed));
    }
}

/// A customer socket from `from` (a loopback address of its own).
async fn customer_from(addr: SocketAddr, from: Ipv4Addr) -> Option<Ws> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind(SocketAddr::new(IpAddr::V4(from), 0)).ok()?;
    let stream = socket.connect(addr).await.ok()?;
    let mut req = format!("ws://{addr}/ws/customer")
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("origin", "http://localhost".parse().unwrap());
    let (ws, _) =
        tokio_tungstenite::client_async(req, tokio_tungstenite::MaybeTlsStream::Plain(stream))
            .await
            .ok()?;
    Some(ws)
}

const FLOODER: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);

/// One flooding task: does its kind of abuse until stopped, counting attempts.
async fn flood(kind: Kind, addr: SocketAddr, stop: Arc<AtomicBool>, ops: Arc<AtomicU64>) {
    let http = reqwest::Client::builder()
        .local_address(IpAddr::V4(FLOODER))
        .build()
        .unwrap();
    let huge = bytes_of(HUGE);
    let mut n: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        ops.fetch_add(1, Ordering::Relaxed);
        match kind {
            Kind::SignInGuessing => {
                let _ = http
                    .post(format!("http://{addr}/api/login"))
                    .json(&json!({"username": "demo", "password": format!("guess{n}")}))
                    .send()
                    .await;
                continue;
            }
            Kind::Churn => {
                drop(customer_from(addr, FLOODER).await);
                continue;
            }
            _ => {}
        }
        let Some(mut ws) = customer_from(addr, FLOODER).await else {
            tokio::time::sleep(Duration::from_millis(10)).await; // refused: over a limit
            continue;
        };
        match kind {
            Kind::BadFrames => {
                let bad = [
                    Message::Text("{not json".into()),
                    Message::Text(r#"{"t":"no_such_kind"}"#.into()),
                    Message::Binary(vec![9u8, 1, 2, 3].into()),
                ];
                let _ = ws.send(bad[(n % 3) as usize].clone()).await;
            }
            Kind::HugeFrames => {
                let _ = ws.send(Message::Binary(huge.clone())).await;
            }
            Kind::CodeGuessing => {
                for i in 0..20u64 {
                    let code = format!("{:06}", (n * 7919 + i * 104_729) % 1_000_000);
                    if ws
                        .send(Message::Text(
                            json!({"t": "redeem", "code": code}).to_string().into(),
                        ))
                        .await
                        .is_err()
                    {
                        break;
                    }
                    ops.fetch_add(1, Ordering::Relaxed);
                    let _ = tokio::time::timeout(Duration::from_millis(200), ws.next()).await;
                }
            }
            Kind::Churn | Kind::SignInGuessing => unreachable!(),
        }
        // Read until the server closes (or give up), so the next attempt starts afresh.
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(_)) = ws.next().await {}
        })
        .await;
    }
}

fn bytes_of(n: usize) -> tokio_tungstenite::tungstenite::Bytes {
    let mut v = vec![b'x'; n];
    v[0] = 0;
    v.into()
}

/// `n` pages in no session, each from its own loopback address, push huge frames (again and
/// again, reconnecting) for 3 s; the server's RSS before, at its peak, and 2 s after.
async fn parked_memory(target: &Target, addr: SocketAddr, n: usize) -> (u64, u64, u64) {
    let base = target.rss_kb();
    let stop = Arc::new(AtomicBool::new(false));
    let huge = bytes_of(HUGE);
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (stop, huge) = (stop.clone(), huge.clone());
            let from = Ipv4Addr::new(127, 0, 1, 1 + i as u8);
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let Some(mut ws) = customer_from(addr, from).await else {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    };
                    let _ = ws.send(Message::Binary(huge.clone())).await;
                    while let Some(Ok(_)) = ws.next().await {}
                }
            })
        })
        .collect();
    let mut peak = base;
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        peak = peak.max(target.rss_kb());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.abort();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    (base, peak, target.rss_kb())
}

/// `n` shared sessions each relay one snapshot of `kb` KiB to their agent, then idle; the
/// server's RSS before, just after, and after 2 s of idling (sockets still open).
async fn snapshot_memory(target: &Target, n: usize, kb: usize) -> (u64, u64, u64) {
    let token = target.token.clone().unwrap();
    let mut pairs = Vec::with_capacity(n);
    for _ in 0..n {
        pairs.push(target.tandem_pair(&token).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let base = target.rss_kb();
    let snapshot = bytes_of(kb * 1024);
    for (customer, agent) in &mut pairs {
        customer
            .send(Message::Binary(snapshot.clone()))
            .await
            .unwrap();
        while let Some(Ok(m)) = agent.next().await {
            if matches!(m, Message::Binary(_)) {
                break;
            }
        }
    }
    let sent = target.rss_kb();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = target.rss_kb();
    drop(pairs);
    (base, sent, idle)
}
