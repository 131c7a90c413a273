//! Is this node alive, and can it serve? `/healthz` answers as long as the process does;
//! `/readyz` asks the store for a row and sends a message round the bus, each within
//! [`CHECK_TIMEOUT`], and says which of them failed (a balancer then sends no new customers
//! here). While the node serves, the same probes run every [`PROBE_EVERY`] in the background
//! and feed the metrics: store latency, bus lag, and whether each is up.

use std::time::{Duration, Instant};

use futures_util::StreamExt;

use crate::bus::{Delivery, Envelope, topic};
use crate::metrics::Metrics;
use crate::session::Sessions;

/// How long a check may take before the part counts as down.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(2);
/// How often the background probe runs.
pub const PROBE_EVERY: Duration = Duration::from_secs(5);

/// What a readiness check found, part by part.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Readiness {
    pub store: Result<(), String>,
    pub bus: Result<(), String>,
}

impl Readiness {
    pub fn ready(&self) -> bool {
        self.store.is_ok() && self.bus.is_ok()
    }
}

/// Checks the store and the bus at once; records what it measured.
pub async fn check(sessions: &Sessions, metrics: &Metrics) -> Readiness {
    let (store, bus) = tokio::join!(check_store(sessions), check_bus(sessions));
    if let Ok(took) = &store {
        metrics.store_latency(*took);
    }
    if let Ok(took) = &bus {
        metrics.bus_lag(*took);
    }
    metrics.up("store", store.is_ok());
    metrics.up("bus", bus.is_ok());
    Readiness {
        store: store.map(|_| ()),
        bus: bus.map(|_| ()),
    }
}

/// One small read of the store: how long it took.
async fn check_store(sessions: &Sessions) -> Result<Duration, String> {
    let started = Instant::now();
    match tokio::time::timeout(CHECK_TIMEOUT, sessions.store().setting("readiness-probe")).await {
        Ok(Ok(_)) => Ok(started.elapsed()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {CHECK_TIMEOUT:?}")),
    }
}

/// A message published on a topic of the probe's own and received back: the bus's round trip.
async fn check_bus(sessions: &Sessions) -> Result<Duration, String> {
    let bus = sessions.bus();
    bus.ready().map_err(|e| e.to_string())?;
    let nonce = crate::secret::id();
    let topic = topic::probe(&nonce);
    let round_trip = async {
        let mut sub = bus.subscribe(&topic).await.map_err(|e| e.to_string())?;
        let started = Instant::now();
        bus.publish(
            &topic,
            Envelope::Probe {
                nonce: nonce.clone(),
            },
        )
        .await
        .map_err(|e| e.to_string())?;
        while let Some(delivery) = sub.next().await {
            if let Delivery::Message(Envelope::Probe { nonce: n }) = delivery
                && n == nonce
            {
                return Ok(started.elapsed());
            }
        }
        Err("the probe's subscription ended".to_string())
    };
    tokio::time::timeout(CHECK_TIMEOUT, round_trip)
        .await
        .unwrap_or_else(|_| Err(format!("no round trip within {CHECK_TIMEOUT:?}")))
}

/// Runs the probes every [`PROBE_EVERY`] until dropped.
pub struct Probes(tokio::task::JoinHandle<()>);

impl Drop for Probes {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub fn spawn_probes(sessions: Sessions, metrics: Metrics) -> Probes {
    Probes(tokio::spawn(async move {
        let mut every = tokio::time::interval(PROBE_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let readiness = check(&sessions, &metrics).await;
            if !readiness.ready() {
                tracing::warn!(store = ?readiness.store, bus = ?readiness.bus, "not ready");
            }
        }
    }))
}
