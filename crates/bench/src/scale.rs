//! Many live sessions at once, each a real one made the way a contact centre makes it: the API
//! opens a contact and a cobrowse code, a customer socket redeems the code and consents, the
//! agent's socket joins. Each session then sends a realistic mix from the customer's page — a
//! snapshot burst at the start, mutation batches, the pointer at 30 Hz, scrolling — to its
//! agent, for a lifetime drawn around `lifetime` seconds; then the agent stops it and a new
//! session takes its place (churn). The load generator (this process) runs on its own CPU.
//!
//! Reported: sessions started and ended, frames sent and received (none may be lost: every
//! frame a customer sent must reach its agent), lag notices, send-to-receipt latency
//! p50/p99/p99.9 over the steady part, and the relay's resident memory and CPU over time, from
//! which the CPU per 1,000 sessions and the memory per session.
//!
//! With `--nodes 2` (and `--database`, `--nats`) the same runs across two Tandem processes
//! sharing PostgreSQL and NATS: customers on one node, agents on the other, so every frame
//! crosses NATS.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::hist::{Hist, ms};
use crate::target::{Target, Ws};

pub struct Options {
    pub bin: String,
    pub sessions: usize,
    pub seconds: f64,
    pub ramp: f64,
    pub lifetime: f64,
    pub snapshot_kb: usize,
    pub pointer_hz: f64,
    pub mutation_hz: f64,
    pub mutation_bytes: usize,
    pub scroll_hz: f64,
    pub nodes: usize,
    pub database: Option<String>,
    pub nats: Option<String>,
    pub sample: f64,
}

#[derive(Default)]
struct Totals {
    live: AtomicU64,
    started: AtomicU64,
    ended: AtomicU64,
    failed_to_start: AtomicU64,
    sent: AtomicU64,
    received: AtomicU64,
    lagged: AtomicU64,
    /// The server closed a customer socket while it was sending.
    customer_closed: AtomicU64,
    /// The agent's socket closed, or nothing reached it for 10 s, before every frame arrived.
    agent_short: AtomicU64,
}

/// How long an agent's socket may go without a frame, while frames are still owed to it, before
/// the rest count as lost (long: on a busy machine frames arrive seconds late, not never).
const SILENCE: Duration = Duration::from_secs(60);

struct Sample {
    t: f64,
    live: u64,
    rss_kb: Vec<u64>,
    cpu: Vec<f64>,
    load: String,
}

pub async fn run(o: Options) {
    let header = crate::sys::machine();
    let o = Arc::new(o);
    let nodes = start_nodes(&o).await;
    let token = nodes.last().unwrap().token.clone().unwrap();
    let api = nodes[0].base.clone();
    let customer_ws = nodes[0].ws_url("/ws/customer");
    let agent_base = nodes[nodes.len() - 1].ws_url("/ws/agent/");
    let pids: Vec<u32> = nodes.iter().map(Target::pid).collect();
    let rss0: Vec<u64> = pids.iter().map(|&p| crate::sys::rss_kb(p)).collect();

    let totals = Arc::new(Totals::default());
    let hist = Arc::new(Hist::new());
    let base = Instant::now();
    let end = base + Duration::from_secs_f64(o.ramp + o.seconds);
    let steady = base + Duration::from_secs_f64(o.ramp);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    // At most this many sessions being set up at once (each is two requests and two handshakes).
    let setup = Arc::new(tokio::sync::Semaphore::new(64));
    let mut slots = Vec::new();
    for i in 0..o.sessions {
        let ctx = Slot {
            o: o.clone(),
            totals: totals.clone(),
            hist: hist.clone(),
            http: http.clone(),
            api: api.clone(),
            token: token.clone(),
            customer_ws: customer_ws.clone(),
            agent_base: agent_base.clone(),
            setup: setup.clone(),
            base,
            steady,
            end,
            seed: (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        };
        let first = base + Duration::from_secs_f64(o.ramp * i as f64 / o.sessions as f64);
        slots.push(tokio::spawn(async move {
            tokio::time::sleep_until(first.into()).await;
            ctx.run().await
        }));
    }

    // Resident memory and CPU of the relay(s) over time.
    let mut samples = Vec::new();
    let mut cpu_prev: Vec<f64> = pids.iter().map(|&p| crate::sys::cpu_seconds(p)).collect();
    let mut t_prev = Instant::now();
    let mut steady_cpu = (0.0, 0.0, 0u64, 0u64); // cpu-seconds, wall seconds, live-sum, samples
    while Instant::now() < end {
        tokio::time::sleep(Duration::from_secs_f64(o.sample)).await;
        let now = Instant::now();
        let cpu_now: Vec<f64> = pids.iter().map(|&p| crate::sys::cpu_seconds(p)).collect();
        let dt = (now - t_prev).as_secs_f64();
        let cpu: Vec<f64> = cpu_now
            .iter()
            .zip(&cpu_prev)
            .map(|(a, b)| (a - b) / dt)
            .collect();
        let live = totals.live.load(Ordering::Relaxed);
        if now > steady + Duration::from_secs(5) {
            steady_cpu.0 += cpu_now
                .iter()
                .zip(&cpu_prev)
                .map(|(a, b)| a - b)
                .sum::<f64>();
            steady_cpu.1 += dt;
            steady_cpu.2 += live;
            steady_cpu.3 += 1;
        }
        let s = Sample {
            t: (now - base).as_secs_f64(),
            live,
            rss_kb: pids.iter().map(|&p| crate::sys::rss_kb(p)).collect(),
            cpu,
            load: crate::sys::load(),
        };
        eprintln!(
            "bench: t={:.0}s live={} rss={:?} MB cpu={:?} load={} sent={} received={}",
            s.t,
            s.live,
            s.rss_kb.iter().map(|k| k / 1024).collect::<Vec<_>>(),
            s.cpu
                .iter()
                .map(|c| format!("{:.0}%", c * 100.0))
                .collect::<Vec<_>>(),
            s.load,
            totals.sent.load(Ordering::Relaxed),
            totals.received.load(Ordering::Relaxed),
        );
        samples.push(s);
        cpu_prev = cpu_now;
        t_prev = now;
    }
    for s in slots {
        let _ = s.await;
    }
    // Once every session has ended: what the relay keeps.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let now = Instant::now();
    let cpu_now: Vec<f64> = pids.iter().map(|&p| crate::sys::cpu_seconds(p)).collect();
    let dt = (now - t_prev).as_secs_f64();
    samples.push(Sample {
        t: (now - base).as_secs_f64(),
        live: totals.live.load(Ordering::Relaxed),
        rss_kb: pids.iter().map(|&p| crate::sys::rss_kb(p)).collect(),
        cpu: cpu_now
            .iter()
            .zip(&cpu_prev)
            .map(|(a, b)| (a - b) / dt)
            .collect(),
        load: crate::sys::load(),
    });

    let t = &totals;
    let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let lost = get(&t.sent).saturating_sub(get(&t.received));
    println!(
        "Scale: {} concurrent sessions ({} sockets) on {} node(s){}, {:.0} s ramp then {:.0} s measured, lifetimes around {:.0} s; per session a {} KB snapshot, mutations {} B at {} Hz, pointer at {} Hz, scroll at {} Hz; {header}.\n",
        o.sessions,
        2 * o.sessions,
        o.nodes,
        if o.nodes > 1 {
            " (PostgreSQL + NATS; customers on node 1, agents on node 2)"
        } else {
            ""
        },
        o.ramp,
        o.seconds,
        o.lifetime,
        o.snapshot_kb,
        o.mutation_bytes,
        o.mutation_hz,
        o.pointer_hz,
        o.scroll_hz,
    );
    println!(
        "| sessions started | ended (churn) | could not start | frames sent | frames lost | lag notices | customer sockets closed by the server | agent sockets short (closed, or 60 s without a frame) | p50 / p99 / p99.9 send → receipt (steady) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} / {} / {} |\n",
        get(&t.started),
        get(&t.ended),
        get(&t.failed_to_start),
        get(&t.sent),
        lost,
        get(&t.lagged),
        get(&t.customer_closed),
        get(&t.agent_short),
        ms(hist.quantile(0.5)),
        ms(hist.quantile(0.99)),
        ms(hist.quantile(0.999)),
    );
    println!(
        "| t (s) | live sessions | relay RSS (MB; {} before the first session) | relay CPU (% of a core) | load |",
        rss0.iter()
            .map(|k| format!("{:.0}", *k as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(" + ")
    );
    println!("|---:|---:|---:|---:|---:|");
    for s in &samples {
        println!(
            "| {:.0} | {} | {} | {} | {} |",
            s.t,
            s.live,
            s.rss_kb
                .iter()
                .map(|k| format!("{:.0}", *k as f64 / 1024.0))
                .collect::<Vec<_>>()
                .join(" + "),
            s.cpu
                .iter()
                .map(|c| format!("{:.0}", c * 100.0))
                .collect::<Vec<_>>()
                .join(" + "),
            s.load
        );
    }
    if steady_cpu.3 > 0 && steady_cpu.1 > 0.0 {
        let live = steady_cpu.2 as f64 / steady_cpu.3 as f64;
        let cores = steady_cpu.0 / steady_cpu.1;
        let per_1000 = cores / (live / 1000.0);
        let rss_now: u64 = samples.last().map_or(0, |s| s.rss_kb.iter().sum());
        let per_session_kb = (rss_now.saturating_sub(rss0.iter().sum())) as f64 / live.max(1.0);
        println!(
            "\nSteady part: {live:.0} live sessions on average; the relay used {:.2} cores: **{:.1} % of a core per 1,000 sessions**; resident memory {:.1} KB per live session above the idle process.",
            cores,
            per_1000 * 100.0,
            per_session_kb
        );
    }
}

async fn start_nodes(o: &Options) -> Vec<Target> {
    let mut nodes = Vec::new();
    for _ in 0..o.nodes {
        let mut extra: Vec<String> = Vec::new();
        if let Some(db) = &o.database {
            extra.extend(["--database".into(), db.clone()]);
        }
        if let Some(nats) = &o.nats {
            extra.extend(["--nats".into(), nats.clone()]);
        }
        nodes.push(Target::tandem_extra(&o.bin, &extra).await);
    }
    nodes
}

struct Slot {
    o: Arc<Options>,
    totals: Arc<Totals>,
    hist: Arc<Hist>,
    http: reqwest::Client,
    api: String,
    token: String,
    customer_ws: String,
    agent_base: String,
    setup: Arc<tokio::sync::Semaphore>,
    base: Instant,
    steady: Instant,
    end: Instant,
    seed: u64,
}

impl Slot {
    /// Sessions one after another in this slot until the run ends.
    async fn run(mut self) {
        while Instant::now() < self.end {
            let session = {
                let _permit = self.setup.acquire().await.unwrap();
                self.open().await
            };
            let Some((id, customer, agent)) = session else {
                self.totals.failed_to_start.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            };
            self.totals.started.fetch_add(1, Ordering::Relaxed);
            self.totals.live.fetch_add(1, Ordering::Relaxed);
            // Lifetime: uniform in [0.5, 1.5] × lifetime, cut at the end of the run.
            let r = self.random();
            let life = Duration::from_secs_f64(self.o.lifetime * (0.5 + r));
            let until = (Instant::now() + life).min(self.end);
            let ended = self.live(id, customer, agent, until).await;
            self.totals.live.fetch_sub(1, Ordering::Relaxed);
            if ended {
                self.totals.ended.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn random(&mut self) -> f64 {
        // xorshift: reproducible per slot, no dependency.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        (self.seed >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A real session: contact, code, redeem, consent, the agent's socket joined.
    async fn open(&self) -> Option<(String, Ws, Ws)> {
        let contact: Value = self
            .http
            .post(format!("{}/api/contacts", self.api))
            .bearer_auth(&self.token)
            .json(&json!({"channel": "phone", "customer": "Bench"}))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let session: Value = self
            .http
            .post(format!(
                "{}/api/contacts/{}/cobrowse",
                self.api,
                contact["id"].as_str()?
            ))
            .bearer_auth(&self.token)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let id = session["id"].as_str()?.to_string();
        let mut req = self.customer_ws.as_str().into_client_request().ok()?;
        req.headers_mut()
            .insert("origin", "http://localhost".parse().unwrap());
        let mut customer = tokio_tungstenite::connect_async(req).await.ok()?.0;
        let redeem = json!({"t": "redeem", "code": session["code"]}).to_string();
        customer.send(Message::Text(redeem.into())).await.ok()?;
        until(&mut customer, "consent_request").await?;
        let consent = json!({"t": "consent", "accept": true}).to_string();
        customer.send(Message::Text(consent.into())).await.ok()?;
        until(&mut customer, "share").await?;
        let mut req = format!("{}{id}", self.agent_base)
            .into_client_request()
            .ok()?;
        req.headers_mut().insert(
            "authorization",
            format!("Bearer {}", self.token).parse().unwrap(),
        );
        let (mut agent, _) = tokio_tungstenite::connect_async(req).await.ok()?;
        let _state = agent.next().await;
        Some((id, customer, agent))
    }

    /// The session's traffic until `until`, then the agent stops it. True if it ended cleanly.
    async fn live(&self, _id: String, customer: Ws, agent: Ws, until: Instant) -> bool {
        let sent = Arc::new(AtomicU64::new(u64::MAX));
        let (mut agent_tx, agent_rx) = agent.split();
        // The agent's side: every frame counted and timed.
        let receiver = {
            let (sent, totals, hist, base, steady, end) = (
                sent.clone(),
                self.totals.clone(),
                self.hist.clone(),
                self.base,
                self.steady,
                self.end,
            );
            tokio::spawn(async move {
                let mut rx = agent_rx;
                let mut got = 0u64;
                loop {
                    let done = sent.load(Ordering::Acquire);
                    if done != u64::MAX && got >= done {
                        return (rx, true);
                    }
                    let next = tokio::time::timeout(SILENCE, rx.next()).await;
                    let Ok(Some(Ok(m))) = next else {
                        return (rx, false);
                    };
                    match m {
                        Message::Binary(b) if b.len() >= 9 => {
                            got += 1;
                            totals.received.fetch_add(1, Ordering::Relaxed);
                            let at = Instant::now();
                            if at >= steady && at < end {
                                let stamp = u64::from_le_bytes(b[1..9].try_into().unwrap());
                                let now = (at - base).as_nanos() as u64;
                                hist.record(now.saturating_sub(stamp));
                            }
                        }
                        Message::Text(t) if t.contains("\"lagged\"") => {
                            totals.lagged.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {}
                    }
                }
            })
        };
        let (mut tx, mut customer_rx) = customer.split();
        // The customer's page reads what the server sends it (snapshot requests and the like).
        let reader =
            tokio::spawn(async move { while let Some(Ok(_)) = customer_rx.next().await {} });
        let o = &self.o;
        let stamped = |size: usize, base: Instant| {
            let mut b = vec![0u8; size.max(9)];
            b[1..9].copy_from_slice(&(base.elapsed().as_nanos() as u64).to_le_bytes());
            Message::Binary(b.into())
        };
        let mut n = 0u64;
        let mut ok = tx
            .send(stamped(o.snapshot_kb * 1024, self.base))
            .await
            .is_ok();
        n += ok as u64;
        // One timer at the pointer's rate; mutations and scrolls ride on its ticks.
        let tick = Duration::from_secs_f64(1.0 / o.pointer_hz.max(0.1));
        let mut next = tokio::time::Instant::now() + tick;
        let (mut m_due, mut s_due) = (0.0f64, 0.0f64);
        while ok && Instant::now() < until {
            tokio::time::sleep_until(next).await;
            next += tick;
            let dt = tick.as_secs_f64();
            if o.pointer_hz > 0.0 {
                ok &= tx.feed(stamped(40, self.base)).await.is_ok();
                n += 1;
            }
            m_due += o.mutation_hz * dt;
            if m_due >= 1.0 {
                m_due -= 1.0;
                ok &= tx.feed(stamped(o.mutation_bytes, self.base)).await.is_ok();
                n += 1;
            }
            s_due += o.scroll_hz * dt;
            if s_due >= 1.0 {
                s_due -= 1.0;
                ok &= tx.feed(stamped(30, self.base)).await.is_ok();
                n += 1;
            }
            ok &= tx.flush().await.is_ok();
        }
        self.totals.sent.fetch_add(n, Ordering::Relaxed);
        sent.store(n, Ordering::Release);
        let (_rx, complete) = receiver.await.unwrap();
        if !ok {
            self.totals.customer_closed.fetch_add(1, Ordering::Relaxed);
        }
        if !complete {
            self.totals.agent_short.fetch_add(1, Ordering::Relaxed);
        }
        // The agent ends the session; both sides close.
        let stop = json!({"t": "stop_session"}).to_string();
        let stopped = agent_tx.send(Message::Text(stop.into())).await.is_ok();
        let _ = agent_tx.close().await;
        let _ = tx.close().await;
        reader.abort();
        ok && complete && stopped
    }
}

async fn until(ws: &mut Ws, t: &str) -> Option<()> {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(text) = m
            && serde_json::from_str::<Value>(&text).is_ok_and(|v| v["t"] == t)
        {
            return Some(());
        }
    }
}
