//! Sign-ins under way: what the server must remember between sending a browser to the OpenID
//! Provider and the browser coming back (the PKCE verifier, the nonce, the redirect URL, and a
//! hash of the secret the browser got in a cookie, so a callback URL made for someone else's
//! browser is refused). Kept here, never in the browser; each is used once and expires.
//!
//! Bounded: at most [`MAX_PER_ADDRESS`] per client address and [`MAX_PENDING`] in all; past
//! that a start is refused until some expire or finish. One lock, never held across an await.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use openidconnect::{Nonce, PkceCodeVerifier, RedirectUrl};

/// How long a person has to sign in at the provider.
pub const PENDING_TTL_MS: i64 = 10 * 60 * 1000;
/// Sign-ins under way at once, in all.
pub const MAX_PENDING: usize = 10_000;
/// Sign-ins under way at once from one client address (IPv6: its /64).
pub const MAX_PER_ADDRESS: usize = 20;

pub struct Pending {
    pub nonce: Nonce,
    pub verifier: PkceCodeVerifier,
    pub redirect: RedirectUrl,
    /// SHA-256 of the secret in the browser's `tandem_sso` cookie.
    pub browser_hash: String,
    pub client: IpAddr,
    pub expires_at: i64,
}

#[derive(Clone, Default)]
pub struct PendingSignIns {
    /// By `state` (the random value the provider hands back).
    inner: Arc<Mutex<HashMap<String, Pending>>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Full {
    Address,
    Overall,
}

impl PendingSignIns {
    /// Remembers a sign-in under `state`, unless its address or the server has too many.
    pub fn add(&self, state: String, pending: Pending, now: i64) -> Result<(), Full> {
        let mut map = self.inner.lock().expect("pending sign-ins lock poisoned");
        let from_address = map.values().filter(|p| p.client == pending.client).count();
        if from_address >= MAX_PER_ADDRESS || map.len() >= MAX_PENDING {
            map.retain(|_, p| p.expires_at > now);
            if map.values().filter(|p| p.client == pending.client).count() >= MAX_PER_ADDRESS {
                return Err(Full::Address);
            }
            if map.len() >= MAX_PENDING {
                return Err(Full::Overall);
            }
        }
        map.insert(state, pending);
        Ok(())
    }

    /// Takes the sign-in that `state` names (once): None if unknown or expired.
    pub fn take(&self, state: &str, now: i64) -> Option<Pending> {
        let mut map = self.inner.lock().expect("pending sign-ins lock poisoned");
        map.remove(state).filter(|p| p.expires_at > now)
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .expect("pending sign-ins lock poisoned")
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(client: &str, expires_at: i64) -> Pending {
        Pending {
            nonce: Nonce::new("n".into()),
            verifier: PkceCodeVerifier::new("v".into()),
            redirect: RedirectUrl::new("http://127.0.0.1/api/sso/callback".into()).unwrap(),
            browser_hash: "h".into(),
            client: client.parse().unwrap(),
            expires_at,
        }
    }

    #[test]
    fn a_state_is_used_once_and_expires() {
        let p = PendingSignIns::default();
        p.add("a".into(), pending("10.0.0.1", 100), 0).unwrap();
        p.add("b".into(), pending("10.0.0.1", 100), 0).unwrap();
        assert!(p.take("a", 50).is_some());
        assert!(p.take("a", 50).is_none());
        assert!(p.take("b", 100).is_none(), "expired");
        assert!(p.take("unknown", 0).is_none());
    }

    #[test]
    fn one_address_cannot_fill_the_server_and_expired_ones_make_room() {
        let p = PendingSignIns::default();
        for i in 0..MAX_PER_ADDRESS {
            p.add(format!("s{i}"), pending("10.0.0.1", 100), 0).unwrap();
        }
        assert_eq!(
            p.add("x".into(), pending("10.0.0.1", 100), 0),
            Err(Full::Address)
        );
        p.add("y".into(), pending("10.0.0.2", 100), 0).unwrap();
        // Once the first ones expired, the address may start again.
        p.add("z".into(), pending("10.0.0.1", 300), 200).unwrap();
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn the_server_holds_at_most_max_pending() {
        let p = PendingSignIns::default();
        for i in 0..MAX_PENDING {
            let ip = format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256);
            p.add(format!("s{i}"), pending(&ip, 100), 0).unwrap();
        }
        assert_eq!(
            p.add("x".into(), pending("192.0.2.1", 100), 0),
            Err(Full::Overall)
        );
    }
}
