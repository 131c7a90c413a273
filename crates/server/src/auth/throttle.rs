//! Sign-in throttling: failed sign-ins are counted per account (the name typed) and per client
//! address (IPv6 by /64), each in a token bucket that refills with time. While either bucket is
//! empty, sign-in answers `429` with `Retry-After` before any password is checked — also for
//! the right password, or the throttle would tell a guesser when it hit. Buckets refill, so a
//! real user is held back for a minute or so, never locked out for good. Successful sign-ins
//! cost nothing. Time comes from the server's [`Clock`], so tests move it instead of sleeping.
//!
//! Numbers: an account takes 5 failures at once, then one more a minute; an address takes 20 at
//! once, then one every 6 seconds (10 a minute).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::clock::Clock;

/// Buckets kept per kind; past this, full (idle) buckets are dropped first, and if every bucket
/// is still in use the oldest-looking half is dropped. Failures are throttled per address, so
/// filling this takes many addresses.
const MAX_BUCKETS: usize = 100_000;
/// Account names longer than this are counted by their first bytes (names are at most 64).
const MAX_NAME: usize = 64;

#[derive(Clone, Copy, Debug)]
pub struct Rate {
    /// Failures taken at once.
    pub burst: u32,
    /// Time for one failure to be forgiven.
    pub refill: Duration,
}

pub const PER_ACCOUNT: Rate = Rate {
    burst: 5,
    refill: Duration::from_secs(60),
};
pub const PER_ADDRESS: Rate = Rate {
    burst: 20,
    refill: Duration::from_secs(6),
};

/// Failure buckets for one kind of key. `level` is the failures not yet forgiven.
struct Buckets<K> {
    rate: Rate,
    /// Locked for one lookup or update, never across an await.
    map: Mutex<HashMap<K, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    level: f64,
    at_ms: i64,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    fn new(rate: Rate) -> Self {
        Buckets {
            rate,
            map: Mutex::default(),
        }
    }

    fn drained(&self, b: Bucket, now_ms: i64) -> f64 {
        let forgiven =
            (now_ms - b.at_ms).max(0) as f64 / self.rate.refill.as_millis().max(1) as f64;
        (b.level - forgiven).max(0.0)
    }

    /// How long until `key` may try again, when it may not now.
    fn wait(&self, key: &K, now_ms: i64) -> Option<Duration> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let level = self.drained(*map.get(key)?, now_ms);
        let over = level + 1.0 - self.rate.burst as f64;
        (over > 0.0).then(|| {
            Duration::from_millis((over * self.rate.refill.as_millis() as f64).ceil() as u64)
        })
    }

    fn fail(&self, key: K, now_ms: i64) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_BUCKETS && !map.contains_key(&key) {
            map.retain(|_, b| self.drained(*b, now_ms) > 0.0);
            if map.len() >= MAX_BUCKETS {
                let drop: Vec<K> = map.keys().take(MAX_BUCKETS / 2).cloned().collect();
                for k in drop {
                    map.remove(&k);
                }
            }
        }
        let level = map
            .get(&key)
            .map(|b| self.drained(*b, now_ms))
            .unwrap_or(0.0);
        map.insert(
            key,
            Bucket {
                level: (level + 1.0).min(self.rate.burst as f64),
                at_ms: now_ms,
            },
        );
    }
}

/// The server's sign-in throttle; cheap to clone.
#[derive(Clone)]
pub struct SignInThrottle {
    accounts: Arc<Buckets<String>>,
    addresses: Arc<Buckets<IpAddr>>,
    clock: Clock,
}

impl SignInThrottle {
    pub fn new(clock: Clock) -> SignInThrottle {
        SignInThrottle {
            accounts: Arc::new(Buckets::new(PER_ACCOUNT)),
            addresses: Arc::new(Buckets::new(PER_ADDRESS)),
            clock,
        }
    }

    fn account(username: &str) -> String {
        let mut end = username.len().min(MAX_NAME);
        while !username.is_char_boundary(end) {
            end -= 1;
        }
        username[..end].to_lowercase()
    }

    /// How long this sign-in must wait, if it must; `address` is the client's limit key.
    pub fn wait(&self, username: &str, address: IpAddr) -> Option<Duration> {
        let now = self.clock.now_ms();
        let a = self.accounts.wait(&Self::account(username), now);
        let b = self.addresses.wait(&address, now);
        a.max(b)
    }

    /// A sign-in with this name from this address failed.
    pub fn failed(&self, username: &str, address: IpAddr) {
        let now = self.clock.now_ms();
        self.accounts.fail(Self::account(username), now);
        self.addresses.fail(address, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_held_back_after_its_burst_and_forgiven_with_time() {
        let clock = Clock::system();
        let t = SignInThrottle::new(clock.clone());
        let from: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..PER_ACCOUNT.burst {
            assert_eq!(t.wait("Ann", from), None);
            t.failed("ann", from);
        }
        let wait = t.wait("ANN", from).expect("held back");
        assert!(
            wait > Duration::from_secs(50) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert_eq!(t.wait("bo", "192.0.2.2".parse().unwrap()), None);
        clock.advance(Duration::from_secs(61));
        assert_eq!(
            t.wait("ann", from),
            None,
            "one failure is forgiven a minute later"
        );
    }

    #[test]
    fn an_address_is_held_back_across_accounts() {
        let t = SignInThrottle::new(Clock::system());
        let from: IpAddr = "192.0.2.1".parse().unwrap();
        for i in 0..PER_ADDRESS.burst {
            t.failed(&format!("user{i}"), from);
        }
        assert!(t.wait("someone-else", from).is_some());
        assert_eq!(t.wait("someone-else", "192.0.2.9".parse().unwrap()), None);
    }
}
