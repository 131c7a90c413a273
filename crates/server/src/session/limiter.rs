//! Rate limits on code redemption: per client address and overall. With a 6-digit code space,
//! a few live codes and these limits, guessing a code is not a practical attack (README, §Codes).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct RedeemLimiter {
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    overall: DefaultDirectRateLimiter,
}

#[derive(Debug, Clone, Copy)]
pub struct RedeemLimits {
    /// Attempts one client address may make per minute.
    pub per_client_per_minute: u32,
    /// Attempts all clients together may make per second.
    pub overall_per_second: u32,
}

impl Default for RedeemLimits {
    fn default() -> Self {
        RedeemLimits { per_client_per_minute: 10, overall_per_second: 20 }
    }
}

impl RedeemLimiter {
    pub fn new(limits: RedeemLimits) -> RedeemLimiter {
        let per_client = NonZeroU32::new(limits.per_client_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let overall = NonZeroU32::new(limits.overall_per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        RedeemLimiter {
            per_client: RateLimiter::keyed(Quota::per_minute(per_client)),
            overall: RateLimiter::direct(Quota::per_second(overall)),
        }
    }

    /// Takes one attempt for `client` (counted by its /64 when IPv6); false when over either limit.
    pub fn allow(&self, client: IpAddr) -> bool {
        if self.per_client.check_key(&crate::client_addr::limit_key(client)).is_err() {
            return false;
        }
        if self.per_client.len() > 100_000 {
            self.per_client.retain_recent();
        }
        self.overall.check().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_throttled_after_its_quota_others_are_not() {
        let limiter = RedeemLimiter::new(RedeemLimits { per_client_per_minute: 3, overall_per_second: 100 });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!((0..3).all(|_| limiter.allow(a)));
        assert!(!limiter.allow(a));
        assert!(limiter.allow(b));
    }

    #[test]
    fn the_overall_limit_holds_across_clients() {
        let limiter = RedeemLimiter::new(RedeemLimits { per_client_per_minute: 100, overall_per_second: 5 });
        let allowed = (0..50u8).filter(|i| limiter.allow(IpAddr::from([10, 0, 1, *i]))).count();
        assert_eq!(allowed, 5);
    }
}
