//! How many long-lived connections (WebSockets and event streams) are open, per client address,
//! per agent and overall, so one client cannot hold the server open. Each open connection holds
//! a [`Slot`]; dropping it (the connection ends) gives the place back. Over a limit the
//! handshake is refused with `429` and `Retry-After` (the client may retry as others close).
//!
//! Defaults never hurt a real contact centre: a customer has a socket per open tab, an agent a
//! socket per live view and an event stream per console tab. Customers behind a balancer count
//! as themselves once it is a `--trusted-proxy`; behind a shared NAT, the per-address limit is
//! what many customers share, so it is generous.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// The limits (flags `--max-connections`, `--max-connections-per-address`,
/// `--max-event-streams-per-agent`).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub overall: usize,
    pub per_address: usize,
    pub streams_per_agent: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            overall: 20_000,
            per_address: 200,
            streams_per_agent: 16,
        }
    }
}

/// Open connections, counted per key with a ceiling per key and overall.
struct Counter<K: Hash + Eq> {
    per_key: usize,
    overall: usize,
    /// Open connections per key, and their total; one lock, held only to count.
    open: Mutex<(HashMap<K, usize>, usize)>,
    /// Woken whenever a place is given back (a draining node waits for the last one).
    given_back: tokio::sync::Notify,
}

impl<K: Hash + Eq + Clone + Send + Sync + 'static> Counter<K> {
    fn new(per_key: usize, overall: usize) -> Arc<Counter<K>> {
        Arc::new(Counter {
            per_key: per_key.max(1),
            overall: overall.max(1),
            open: Mutex::new((HashMap::new(), 0)),
            given_back: tokio::sync::Notify::new(),
        })
    }

    fn take(self: &Arc<Self>, key: K) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.0.get(&key).copied().unwrap_or(0);
        if n >= self.per_key || open.1 >= self.overall {
            return None;
        }
        open.0.insert(key.clone(), n + 1);
        open.1 += 1;
        let counter = self.clone();
        Some(Slot(Some(Box::new(move || counter.give_back(&key)))))
    }

    fn give_back(&self, key: &K) {
        {
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            open.1 = open.1.saturating_sub(1);
            if let Some(n) = open.0.get_mut(key) {
                *n -= 1;
                if *n == 0 {
                    open.0.remove(key);
                }
            }
        }
        self.given_back.notify_waiters();
    }

    fn total(&self) -> usize {
        self.open.lock().unwrap_or_else(|p| p.into_inner()).1
    }

    async fn all_given_back(&self) {
        loop {
            let given_back = self.given_back.notified();
            tokio::pin!(given_back);
            // Registered before counting, so a place given back in between still wakes us.
            given_back.as_mut().enable();
            if self.total() == 0 {
                return;
            }
            given_back.await;
        }
    }
}

/// One open connection's place; given back on drop.
pub struct Slot(Option<Box<dyn FnOnce() + Send + Sync>>);

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(give_back) = self.0.take() {
            give_back();
        }
    }
}

/// The server's open connections: by client address (all kinds) and event streams by agent.
#[derive(Clone)]
pub struct Connections {
    by_address: Arc<Counter<IpAddr>>,
    streams_by_agent: Arc<Counter<String>>,
}

impl Connections {
    pub fn new(limits: ConnectionLimits) -> Connections {
        Connections {
            by_address: Counter::new(limits.per_address, limits.overall),
            streams_by_agent: Counter::new(limits.streams_per_agent, usize::MAX),
        }
    }

    /// A place for a connection from this client (its limit key: the address, or IPv6 /64).
    pub fn open(&self, client: IpAddr) -> Option<Slot> {
        self.by_address.take(client)
    }

    /// Completes when no WebSocket or event stream is open any more (a draining node exits).
    pub async fn all_closed(&self) {
        self.by_address.all_given_back().await;
    }

    /// A place for an agent's event stream (besides its address's place).
    pub fn open_stream(&self, agent_id: &str) -> Option<Slot> {
        self.streams_by_agent.take(agent_id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_per_address_and_overall_and_given_back() {
        let c = Connections::new(ConnectionLimits {
            overall: 3,
            per_address: 2,
            streams_per_agent: 1,
        });
        let (a, b, d): (IpAddr, IpAddr, IpAddr) = (
            "10.0.0.1".parse().unwrap(),
            "10.0.0.2".parse().unwrap(),
            "10.0.0.3".parse().unwrap(),
        );
        let a1 = c.open(a).unwrap();
        let _a2 = c.open(a).unwrap();
        assert!(c.open(a).is_none(), "per address");
        let _b1 = c.open(b).unwrap();
        assert!(c.open(d).is_none(), "overall");
        drop(a1);
        assert!(c.open(d).is_some(), "given back on drop");
        let s = c.open_stream("agent").unwrap();
        assert!(c.open_stream("agent").is_none());
        drop(s);
        assert!(c.open_stream("agent").is_some());
    }
}
