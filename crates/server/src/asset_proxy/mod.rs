//! Asset delivery through Tandem. The mirror in the agent's browser loads the customer's
//! images, fonts and stylesheets from Tandem instead of from the customer's site: the agent's
//! browser then talks to no one else (its address is not shown to whoever the customer's page
//! names, and a page cannot make it fetch into the agent's own network), and fonts refused to
//! other origins (CORS) show. The server fetches only public assets of the company's domains
//! (`target.rs`), only images, fonts and CSS (`kind.rs`), bounded in size and time, without
//! cookies or credentials; keeps them for a while in a bounded cache (`cache.rs`); and points a
//! stylesheet's own `url()`s back through itself (`css.rs`). What each session makes it fetch
//! is bounded too.

pub mod cache;
pub mod css;
pub mod kind;
pub mod target;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};

pub use cache::Asset;
use cache::Cache;
pub use target::Refused;

use crate::domains::Domains;

/// The proxy's bounds.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest single asset fetched.
    pub max_asset: usize,
    /// Bytes the cache holds at most.
    pub cache_bytes: usize,
    /// How long a fetched asset is served again without asking the site.
    pub ttl: Duration,
    /// Bytes fetched from sites for one session, at most.
    pub session_bytes: u64,
    /// Whole fetch, connect included.
    pub timeout: Duration,
    /// Redirect hops followed (each one checked).
    pub redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_asset: 5 << 20,
            cache_bytes: 64 << 20,
            ttl: Duration::from_secs(300),
            session_bytes: 100 << 20,
            timeout: Duration::from_secs(10),
            redirects: 5,
        }
    }
}

/// Why an asset was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum NotDelivered {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("the site sent {0}, which is not an image, font or stylesheet")]
    Type(String),
    #[error("the asset is over {0} bytes")]
    TooLarge(usize),
    #[error("the site answered {0}")]
    Upstream(u16),
    #[error("the asset could not be fetched: {0}")]
    Failed(String),
    #[error("this session has fetched its share of assets")]
    Budget,
}

/// Sessions whose fetched bytes are remembered, at most (older ones are forgotten first).
const MAX_BUDGETS: usize = 10_000;

/// The one proxy handle (in `AppState`); cheap to share behind an `Arc`.
pub struct AssetProxy {
    client: reqwest::Client,
    cache: Cache,
    limits: Limits,
    allow_loopback: bool,
    /// Bytes fetched per session id, and when it first fetched. Locked only to add.
    budgets: Mutex<HashMap<String, (u64, Instant)>>,
}

impl AssetProxy {
    /// `allow_loopback` is the test-only `--test-only-allow-loopback-assets`: the e2e suite's
    /// demo site is on 127.0.0.1. Private and link-local addresses stay refused regardless.
    pub fn new(limits: Limits, allow_loopback: bool) -> AssetProxy {
        let client = reqwest::Client::builder()
            .dns_resolver(std::sync::Arc::new(target::PublicResolver {
                allow_loopback,
            }))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(Duration::from_secs(5))
            .timeout(limits.timeout)
            .user_agent("Tandem asset proxy")
            .build()
            .expect("the asset client builds");
        AssetProxy {
            client,
            cache: Cache::new(limits.cache_bytes, limits.ttl),
            limits,
            allow_loopback,
            budgets: Mutex::new(HashMap::new()),
        }
    }

    /// The asset at `url` for `session`: from the cache (`true`) or fetched now (`false`).
    pub async fn get(
        &self,
        url: &url::Url,
        domains: &Domains,
        session: &str,
    ) -> Result<(Asset, bool), NotDelivered> {
        target::check(url, domains, self.allow_loopback)?;
        if let Some(a) = self.cache.get(url.as_str()) {
            return Ok((a, true));
        }
        if self.spent(session) >= self.limits.session_bytes {
            return Err(NotDelivered::Budget);
        }
        let asset = self.fetch(url, domains).await?;
        self.spend(session, asset.body.len() as u64);
        self.cache.put(url.as_str(), asset.clone());
        Ok((asset, false))
    }

    fn spent(&self, session: &str) -> u64 {
        let b = self.budgets.lock().unwrap_or_else(|p| p.into_inner());
        b.get(session).map_or(0, |(n, _)| *n)
    }

    fn spend(&self, session: &str, n: u64) {
        let mut b = self.budgets.lock().unwrap_or_else(|p| p.into_inner());
        if b.len() >= MAX_BUDGETS && !b.contains_key(session) {
            let day = Duration::from_secs(24 * 3600);
            b.retain(|_, (_, at)| at.elapsed() < day);
            if b.len() >= MAX_BUDGETS {
                // Still full: forget the oldest half rather than grow.
                let mut ats: Vec<Instant> = b.values().map(|(_, at)| *at).collect();
                ats.sort();
                let cut = ats[ats.len() / 2];
                b.retain(|_, (_, at)| *at > cut);
            }
        }
        let e = b.entry(session.to_string()).or_insert((0, Instant::now()));
        e.0 = e.0.saturating_add(n);
    }

    /// Fetches `url`, following up to `limits.redirects` redirects, each target checked.
    async fn fetch(&self, url: &url::Url, domains: &Domains) -> Result<Asset, NotDelivered> {
        let mut url = url.clone();
        for _ in 0..=self.limits.redirects {
            target::check(&url, domains, self.allow_loopback)?;
            let mut resp = self
                .client
                .get(url.clone())
                .header(
                    reqwest::header::ACCEPT,
                    "image/*,font/*,text/css;q=0.9,*/*;q=0.1",
                )
                .send()
                .await
                .map_err(failed)?;
            let status = resp.status();
            if status.is_redirection() {
                let next = resp
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                    .ok_or(NotDelivered::Upstream(status.as_u16()))?;
                url = next;
                continue;
            }
            if !status.is_success() {
                return Err(NotDelivered::Upstream(status.as_u16()));
            }
            let upstream_type = resp
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let content_type = kind::served_type(upstream_type.as_deref(), url.path())
                .ok_or_else(|| NotDelivered::Type(upstream_type.unwrap_or("no type".into())))?;
            let max = self.limits.max_asset;
            if resp.content_length().is_some_and(|n| n > max as u64) {
                return Err(NotDelivered::TooLarge(max));
            }
            let mut body = BytesMut::new();
            while let Some(chunk) = resp.chunk().await.map_err(failed)? {
                if body.len() + chunk.len() > max {
                    return Err(NotDelivered::TooLarge(max));
                }
                body.extend_from_slice(&chunk);
            }
            return Ok(Asset {
                content_type,
                body: Bytes::from(body),
            });
        }
        Err(NotDelivered::Failed("too many redirects".into()))
    }
}

/// A client error as the reason: a refusal by the resolver (a name for a private address) is
/// told apart from a site that is down.
fn failed(e: reqwest::Error) -> NotDelivered {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<Refused>() {
            return NotDelivered::Refused(r.clone());
        }
        source = s.source();
    }
    if e.is_timeout() {
        return NotDelivered::Failed("timed out".into());
    }
    NotDelivered::Failed(if e.is_connect() {
        "cannot connect".into()
    } else {
        "the transfer failed".into()
    })
}
