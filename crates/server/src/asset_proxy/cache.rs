//! The proxy's memory of assets it fetched: bounded in bytes (oldest out first) and in age, so
//! a page's hundred icons are fetched once for every agent watching it, and nothing a page can
//! name grows the server without limit. One lock around a map and an order queue; held only to
//! look up or insert, never across a fetch.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;

/// One fetched asset as it is served again.
#[derive(Clone, Debug)]
pub struct Asset {
    pub content_type: &'static str,
    pub body: Bytes,
}

struct Entry {
    asset: Asset,
    at: Instant,
}

pub struct Cache {
    max_bytes: usize,
    ttl: Duration,
    /// Map and insertion order, with the bytes they hold.
    inner: Mutex<(HashMap<String, Entry>, VecDeque<String>, usize)>,
}

impl Cache {
    pub fn new(max_bytes: usize, ttl: Duration) -> Cache {
        Cache {
            max_bytes,
            ttl,
            inner: Mutex::new((HashMap::new(), VecDeque::new(), 0)),
        }
    }

    pub fn get(&self, url: &str) -> Option<Asset> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.0.get(url)
            .filter(|e| e.at.elapsed() < self.ttl)
            .map(|e| e.asset.clone())
    }

    pub fn put(&self, url: &str, asset: Asset) {
        let size = asset.body.len() + url.len();
        if size > self.max_bytes {
            return;
        }
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (map, order, bytes) = &mut *g;
        if let Some(old) = map.remove(url) {
            *bytes -= old.asset.body.len() + url.len();
            order.retain(|k| k != url);
        }
        while *bytes + size > self.max_bytes {
            let Some(oldest) = order.pop_front() else {
                break;
            };
            if let Some(e) = map.remove(&oldest) {
                *bytes -= e.asset.body.len() + oldest.len();
            }
        }
        *bytes += size;
        order.push_back(url.to_string());
        map.insert(
            url.to_string(),
            Entry {
                asset,
                at: Instant::now(),
            },
        );
    }

    /// Bytes held (bodies and keys).
    pub fn bytes(&self) -> usize {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(n: usize) -> Asset {
        Asset {
            content_type: "image/png",
            body: Bytes::from(vec![0u8; n]),
        }
    }

    #[test]
    fn the_oldest_go_first_when_full_and_nothing_over_the_bound_stays() {
        let c = Cache::new(1000, Duration::from_secs(60));
        c.put("a", asset(400));
        c.put("b", asset(400));
        c.put("c", asset(400));
        assert!(c.get("a").is_none());
        assert!(c.get("b").is_some() && c.get("c").is_some());
        assert!(c.bytes() <= 1000);
        c.put("huge", asset(2000));
        assert!(c.get("huge").is_none());
        c.put("b", asset(10));
        assert_eq!(c.get("b").unwrap().body.len(), 10);
        assert!(c.bytes() <= 1000);
    }

    #[test]
    fn old_entries_are_not_served() {
        let c = Cache::new(1000, Duration::ZERO);
        c.put("a", asset(1));
        assert!(c.get("a").is_none());
    }
}
