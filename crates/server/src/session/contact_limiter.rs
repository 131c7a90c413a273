//! How fast web contacts (chat, callback requests from the SDK) may be created: per visitor and
//! per client address, so one page cannot fill the agents' queues and the store. A real visitor
//! opens a chat or asks for a callback a few times an hour; a shared address (an office NAT, a
//! balancer not named as `--trusted-proxy`) gets room for many.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Web contacts per hour (`--web-contacts-per-visitor-per-hour`, `--web-contacts-per-address-per-hour`).
#[derive(Debug, Clone, Copy)]
pub struct WebContactLimits {
    pub per_visitor_per_hour: u32,
    pub per_address_per_hour: u32,
}

impl Default for WebContactLimits {
    fn default() -> Self {
        WebContactLimits {
            per_visitor_per_hour: 10,
            per_address_per_hour: 120,
        }
    }
}

pub struct WebContactLimiter {
    per_visitor: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

/// Keys remembered before old ones are swept.
const MAX_TRACKED: usize = 100_000;

impl WebContactLimiter {
    pub fn new(limits: WebContactLimits) -> WebContactLimiter {
        let quota = |n: u32| Quota::per_hour(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        WebContactLimiter {
            per_visitor: RateLimiter::keyed(quota(limits.per_visitor_per_hour)),
            per_address: RateLimiter::keyed(quota(limits.per_address_per_hour)),
        }
    }

    /// Takes one creation for this visitor at this address (its limit key); false when over.
    pub fn allow(&self, visitor: &str, address: IpAddr) -> bool {
        if self.per_visitor.len() > MAX_TRACKED {
            self.per_visitor.retain_recent();
        }
        if self.per_address.len() > MAX_TRACKED {
            self.per_address.retain_recent();
        }
        self.per_visitor.check_key(&visitor.to_string()).is_ok()
            && self.per_address.check_key(&address).is_ok()
    }
}
