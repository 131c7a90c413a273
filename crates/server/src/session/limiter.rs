//! Rate limits on code redemption, so guessing a code stays impractical while a customer with a
//! valid code still gets in during a flood of guesses (README, §One-time codes).
//!
//! Every attempt counts against its client's budget (per address, IPv6 by /64). The overall
//! budget is split in two lanes: addresses that already typed wrong codes recently ("suspects")
//! share a small lane, and everyone else (a customer typing their code, perhaps after one typo)
//! uses the other. A flood from a few dozen addresses therefore fills only the suspects' lane;
//! to fill the fresh lane too an attacker needs thousands of fresh addresses, and even then the
//! two lanes together cap the guesses per code lifetime, which is what sets the odds.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::client_addr::limit_key;

/// Wrong codes an address may type before it counts as a suspect: one typo is not guessing.
const FRESH_FAILURES: u32 = 2;
/// How long wrong codes are remembered: as long as a code lives by default.
const FAILURE_MEMORY: Duration = Duration::from_secs(10 * 60);
/// Addresses whose failures are remembered at once. Failures come only from attempts that passed
/// the overall budget (at most 20/s × 10 min by default), so this is never reached in practice;
/// past it, unknown addresses are treated as suspects.
const MAX_TRACKED: usize = 100_000;

pub struct RedeemLimiter {
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    fresh: DefaultDirectRateLimiter,
    suspects: DefaultDirectRateLimiter,
    /// Recent wrong codes per limit key; locked for a lookup or an update, never across an await.
    failures: Mutex<HashMap<IpAddr, Failures>>,
}

struct Failures {
    count: u32,
    since: Instant,
}

#[derive(Debug, Clone, Copy)]
pub struct RedeemLimits {
    /// Attempts one client address (IPv6: one /64) may make per minute.
    pub per_client_per_minute: u32,
    /// Attempts all clients together may make per second: both lanes.
    pub overall_per_second: u32,
    /// The part of `overall_per_second` that addresses which already typed wrong codes share.
    pub suspect_per_second: u32,
}

impl Default for RedeemLimits {
    fn default() -> Self {
        RedeemLimits {
            per_client_per_minute: 10,
            overall_per_second: 20,
            suspect_per_second: 5,
        }
    }
}

fn per_second(n: u32) -> Quota {
    Quota::per_second(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RedeemLimiter {
    pub fn new(limits: RedeemLimits) -> RedeemLimiter {
        let per_client =
            NonZeroU32::new(limits.per_client_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let suspects = limits
            .suspect_per_second
            .clamp(1, limits.overall_per_second.max(1));
        RedeemLimiter {
            per_client: RateLimiter::keyed(Quota::per_minute(per_client)),
            fresh: RateLimiter::direct(per_second(
                limits.overall_per_second.saturating_sub(suspects),
            )),
            suspects: RateLimiter::direct(per_second(suspects)),
            failures: Mutex::default(),
        }
    }

    /// Takes one attempt for `client`; false when over its own budget or its lane's.
    pub fn allow(&self, client: IpAddr) -> bool {
        let key = limit_key(client);
        if self.per_client.check_key(&key).is_err() {
            return false;
        }
        if self.per_client.len() > MAX_TRACKED {
            self.per_client.retain_recent();
        }
        let lane = if self.is_suspect(key) {
            &self.suspects
        } else {
            &self.fresh
        };
        lane.check().is_ok()
    }

    /// `client` typed a code that was not valid.
    pub fn failed(&self, client: IpAddr) {
        let key = limit_key(client);
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() >= MAX_TRACKED && !failures.contains_key(&key) {
            failures.retain(|_, f| now.duration_since(f.since) < FAILURE_MEMORY);
        }
        if failures.len() >= MAX_TRACKED && !failures.contains_key(&key) {
            return;
        }
        let f = failures.entry(key).or_insert(Failures {
            count: 0,
            since: now,
        });
        if now.duration_since(f.since) >= FAILURE_MEMORY {
            *f = Failures {
                count: 0,
                since: now,
            };
        }
        f.count += 1;
    }

    fn is_suspect(&self, key: IpAddr) -> bool {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match failures.get(&key) {
            Some(f) => f.count >= FRESH_FAILURES && f.since.elapsed() < FAILURE_MEMORY,
            None => failures.len() >= MAX_TRACKED,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(
        per_client_per_minute: u32,
        overall_per_second: u32,
        suspect_per_second: u32,
    ) -> RedeemLimits {
        RedeemLimits {
            per_client_per_minute,
            overall_per_second,
            suspect_per_second,
        }
    }

    #[test]
    fn a_client_is_throttled_after_its_quota_others_are_not() {
        let limiter = RedeemLimiter::new(limits(3, 100, 10));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!((0..3).all(|_| limiter.allow(a)));
        assert!(!limiter.allow(a));
        assert!(limiter.allow(b));
    }

    #[test]
    fn the_overall_limit_holds_across_clients() {
        let limiter = RedeemLimiter::new(limits(100, 5, 1));
        let allowed = (0..50u8)
            .filter(|i| limiter.allow(IpAddr::from([10, 0, 1, *i])))
            .count();
        assert_eq!(
            allowed, 4,
            "fresh clients share the fresh lane: overall minus the suspects' part"
        );
    }

    #[test]
    fn guessers_fill_only_their_own_lane() {
        let limiter = RedeemLimiter::new(limits(100, 10, 2));
        let guessers: Vec<IpAddr> = (0..40u8).map(|i| IpAddr::from([10, 0, 2, i])).collect();
        for g in &guessers {
            for _ in 0..FRESH_FAILURES {
                limiter.failed(*g);
            }
        }
        let allowed = guessers
            .iter()
            .cycle()
            .take(200)
            .filter(|g| limiter.allow(**g))
            .count();
        assert_eq!(allowed, 2, "suspects share two attempts a second");
        assert!(
            limiter.allow("192.0.2.1".parse().unwrap()),
            "a fresh customer still has a lane"
        );
    }

    #[test]
    fn one_typo_keeps_a_customer_in_the_fresh_lane() {
        let limiter = RedeemLimiter::new(limits(100, 10, 2));
        let customer: IpAddr = "192.0.2.7".parse().unwrap();
        limiter.failed(customer);
        assert!(!limiter.is_suspect(limit_key(customer)));
        limiter.failed(customer);
        assert!(limiter.is_suspect(limit_key(customer)));
    }
}
