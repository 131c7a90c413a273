//! What an operator's dashboard reads from `GET /metrics`: Prometheus text (OpenMetrics), every
//! family named `tandem_…` and every sample labelled with this node (`--node-name`).
//!
//! Counters and gauges are atomics bumped where things happen (sockets, DOM frames, code
//! redemptions, sign-ins, remote control), so the hot path pays one atomic add and no lock.
//! Sessions by state are counted in the store when scraped (the whole cluster's, the same from
//! every node); store latency and bus lag come from [`crate::health`]'s probes. The registry is
//! put together at each scrape from clones of the same atomics.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};

/// Every session state, so each has a series even at zero.
const SESSION_STATES: [&str; 6] = [
    "awaiting_code",
    "awaiting_consent",
    "active",
    "interrupted",
    "declined",
    "ended",
];

/// Outcomes of an asset proxy request.
pub const ASSET_OUTCOMES: [&str; 4] = ["hit", "miss", "refused", "failed"];

/// The content type of [`Metrics::encode`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Role {
    role: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Direction {
    direction: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Reason {
    reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Kind {
    kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct State {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Subscriber {
    subscriber: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Event {
    event: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Part {
    part: &'static str,
}

/// Which side a socket serves.
#[derive(Clone, Copy, Debug)]
pub enum SocketRole {
    Agent,
    Customer,
    /// A console's server-sent event stream.
    Events,
}

impl SocketRole {
    fn label(self) -> &'static str {
        match self {
            SocketRole::Agent => "agent",
            SocketRole::Customer => "customer",
            SocketRole::Events => "events",
        }
    }
}

/// How a typed one-time code fared.
#[derive(Clone, Copy, Debug)]
pub enum Redemption {
    Accepted,
    /// Unknown, used or expired.
    Refused,
    /// Too many attempts from the client or overall: not even looked up.
    RateLimited,
}

/// What became of one remote-control command.
#[derive(Clone, Copy, Debug)]
pub enum ControlOutcome {
    /// Passed on to the customer's page.
    Relayed,
    /// Refused by the server (state, the agent's right, the company's switches).
    RefusedByServer,
    /// Performed by the customer's SDK.
    Performed,
    /// Refused by the customer's SDK under the site's policy.
    RefusedByPage,
}

/// The one metrics handle; cheap to clone, shared by every part that counts.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Families>,
}

struct Families {
    sockets: Family<Role, Gauge>,
    dom_frames: Family<Direction, Counter>,
    dom_bytes: Family<Direction, Counter>,
    /// The two directions' (frames, bytes) counters, held apart from their families: they are
    /// bumped for every frame, without the family's lock.
    dom_in: (Counter, Counter),
    dom_out: (Counter, Counter),
    bus_lag: Histogram,
    bus_lagged: Family<Subscriber, Counter>,
    redemptions: Family<Outcome, Counter>,
    sign_in_failures: Family<Reason, Counter>,
    audit: Family<Kind, Counter>,
    control: Family<Outcome, Counter>,
    assets: Family<Outcome, Counter>,
    store_latency: Histogram,
    up: Family<Part, Gauge>,
    invitations: Family<Event, Counter>,
    visitors_present: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        // 0.5 ms … ~16 s: a local SQLite read to a store that is about to time out.
        let latency = || Histogram::new(exponential_buckets(0.0005, 2.0, 16));
        let dom_frames: Family<Direction, Counter> = Family::default();
        let dom_bytes: Family<Direction, Counter> = Family::default();
        let pair = |direction| {
            let d = Direction { direction };
            (
                dom_frames.get_or_create(&d).clone(),
                dom_bytes.get_or_create(&d).clone(),
            )
        };
        let (dom_in, dom_out) = (pair("from_customer"), pair("to_agent"));
        let m = Metrics {
            inner: Arc::new(Families {
                sockets: Family::default(),
                dom_frames,
                dom_bytes,
                dom_in,
                dom_out,
                bus_lag: latency(),
                bus_lagged: Family::default(),
                redemptions: Family::default(),
                sign_in_failures: Family::default(),
                audit: Family::default(),
                control: Family::default(),
                assets: Family::default(),
                store_latency: latency(),
                up: Family::default(),
                invitations: Family::default(),
                visitors_present: Gauge::default(),
            }),
        };
        // Every series a dashboard expects exists from the start, at zero.
        for role in [SocketRole::Agent, SocketRole::Customer, SocketRole::Events] {
            let _ = m.inner.sockets.get_or_create(&Role { role: role.label() });
        }
        for outcome in ["accepted", "refused", "rate_limited"] {
            let _ = m.inner.redemptions.get_or_create(&Outcome { outcome });
        }
        for reason in ["sign_in_failed", "sign_in_throttled"] {
            let _ = m.inner.sign_in_failures.get_or_create(&Reason {
                reason: reason.into(),
            });
        }
        for outcome in [
            "relayed",
            "refused_by_server",
            "performed",
            "refused_by_page",
        ] {
            let _ = m.inner.control.get_or_create(&Outcome { outcome });
        }
        for outcome in ASSET_OUTCOMES {
            let _ = m.inner.assets.get_or_create(&Outcome { outcome });
        }
        for event in crate::session::EVENTS {
            let _ = m.inner.invitations.get_or_create(&Event { event });
        }
        for subscriber in ["agent", "events", "access"] {
            let _ = m.inner.bus_lagged.get_or_create(&Subscriber { subscriber });
        }
        m
    }
}

/// Counts one open socket until dropped.
pub struct SocketGauge {
    gauge: Gauge,
}

impl Drop for SocketGauge {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

impl Metrics {
    /// One more open socket of this role, until the returned guard is dropped.
    pub fn socket_opened(&self, role: SocketRole) -> SocketGauge {
        let gauge = self
            .inner
            .sockets
            .get_or_create(&Role { role: role.label() })
            .clone();
        gauge.inc();
        SocketGauge { gauge }
    }

    /// A DOM frame a customer's page sent, put on the bus for the agent.
    pub fn dom_from_customer(&self, bytes: usize) {
        self.inner.dom_in.0.inc();
        self.inner.dom_in.1.inc_by(bytes as u64);
    }

    /// A DOM frame written to an agent's socket.
    pub fn dom_to_agent(&self, bytes: usize) {
        self.inner.dom_out.0.inc();
        self.inner.dom_out.1.inc_by(bytes as u64);
    }

    /// A subscriber fell behind and lost messages (`agent`, `events`, `access`…).
    pub fn lagged(&self, subscriber: &'static str) {
        self.inner
            .bus_lagged
            .get_or_create(&Subscriber { subscriber })
            .inc();
    }

    pub fn code_redeemed(&self, how: Redemption) {
        let outcome = match how {
            Redemption::Accepted => "accepted",
            Redemption::Refused => "refused",
            Redemption::RateLimited => "rate_limited",
        };
        self.inner
            .redemptions
            .get_or_create(&Outcome { outcome })
            .inc();
    }

    /// An audit entry was written: counted by kind, and a sign-in that failed, was refused or
    /// throttled — by password, single sign-on or any later method, since each audits it as
    /// `…sign_in_failed`, `…sign_in_refused` or `…sign_in_throttled` — also as a sign-in failure
    /// with the kind as its reason.
    pub fn audited(&self, kind: &str) {
        // Kinds are the code's own names; anything else is folded, so labels stay few.
        let kind = if kind.len() <= 48 && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        {
            kind
        } else {
            "other"
        };
        self.inner
            .audit
            .get_or_create(&Kind { kind: kind.into() })
            .inc();
        let sign_in = kind.contains("sign_in")
            && ["_failed", "_refused", "_throttled"]
                .iter()
                .any(|end| kind.ends_with(end));
        if sign_in {
            self.inner
                .sign_in_failures
                .get_or_create(&Reason {
                    reason: kind.into(),
                })
                .inc();
        }
    }

    pub fn control(&self, what: ControlOutcome) {
        let outcome = match what {
            ControlOutcome::Relayed => "relayed",
            ControlOutcome::RefusedByServer => "refused_by_server",
            ControlOutcome::Performed => "performed",
            ControlOutcome::RefusedByPage => "refused_by_page",
        };
        self.inner.control.get_or_create(&Outcome { outcome }).inc();
    }

    /// One asset the proxy was asked for, by outcome (one of [`ASSET_OUTCOMES`]).
    pub fn asset(&self, outcome: &'static str) {
        self.inner.assets.get_or_create(&Outcome { outcome }).inc();
    }

    /// How long one probe of the store took (or until it failed).
    /// One proactive invitation shown, accepted or declined (`event`, one of
    /// [`crate::session::EVENTS`]).
    pub fn invitation(&self, event: &'static str) {
        self.inner.invitations.get_or_create(&Event { event }).inc();
    }

    /// How many visitors this node's presence table holds.
    pub fn visitors_present(&self, n: usize) {
        self.inner
            .visitors_present
            .set(i64::try_from(n).unwrap_or(i64::MAX));
    }

    pub fn store_latency(&self, took: Duration) {
        self.inner.store_latency.observe(took.as_secs_f64());
    }

    /// How long a probe message took from publishing to arriving back on this node.
    pub fn bus_lag(&self, took: Duration) {
        self.inner.bus_lag.observe(took.as_secs_f64());
    }

    /// Whether the latest probe of `part` (`store`, `bus`) succeeded.
    pub fn up(&self, part: &'static str, up: bool) {
        self.inner
            .up
            .get_or_create(&Part { part })
            .set(i64::from(up));
    }

    /// The text for `GET /metrics`: every family, with `node` on every sample and the sessions
    /// in the store by state.
    pub fn encode(&self, node: &str, sessions_by_state: &[(&'static str, u64)]) -> String {
        let labels = [(Cow::Borrowed("node"), Cow::Owned(node.to_string()))];
        let mut r = Registry::with_prefix_and_labels("tandem", labels.into_iter());
        let f = &self.inner;
        let sessions: Family<State, Gauge> = Family::default();
        for state in SESSION_STATES {
            let _ = sessions.get_or_create(&State { state });
        }
        for (state, n) in sessions_by_state {
            sessions
                .get_or_create(&State { state })
                .set(i64::try_from(*n).unwrap_or(i64::MAX));
        }
        r.register(
            "sessions",
            "Co-browsing sessions in the store by state (the whole cluster: every node reports the same)",
            sessions,
        );
        r.register(
            "sockets",
            "Open agent and customer WebSockets and console event streams on this node",
            f.sockets.clone(),
        );
        r.register(
            "dom_frames",
            "DOM frames relayed: received from customers' pages, written to agents' sockets",
            f.dom_frames.clone(),
        );
        r.register_with_unit(
            "dom",
            "Bytes of DOM frames relayed, by direction",
            Unit::Bytes,
            f.dom_bytes.clone(),
        );
        r.register_with_unit(
            "bus_lag",
            "Time a probe message takes from publishing on the bus to arriving back on this node",
            Unit::Seconds,
            f.bus_lag.clone(),
        );
        r.register(
            "bus_lagged",
            "Times a bus subscriber fell behind and lost messages (the agent's view then asks for a fresh snapshot)",
            f.bus_lagged.clone(),
        );
        r.register(
            "code_redemptions",
            "One-time codes typed by customers, by outcome",
            f.redemptions.clone(),
        );
        r.register(
            "sign_in_failures",
            "Failed, refused or throttled agent sign-ins, by the audit kind that records them",
            f.sign_in_failures.clone(),
        );
        r.register(
            "audit_events",
            "Audit log entries written by this node, by kind",
            f.audit.clone(),
        );
        r.register(
            "control_actions",
            "Remote-control commands by outcome: relayed, refused by the server, performed or refused by the customer's page",
            f.control.clone(),
        );
        r.register(
            "asset_proxy_requests",
            "Assets the mirror asked the asset proxy for: served from its cache (hit), fetched from the site (miss), refused (not a company domain, a private address, not an image, font or stylesheet, over a bound) or failed at the site",
            f.assets.clone(),
        );
        r.register(
            "invitations",
            "Proactive web invitations shown to visitors, accepted and declined (this node's)",
            f.invitations.clone(),
        );
        r.register(
            "visitors_present",
            "Visitors on the company's pages now, as this node's presence table holds them (presence on)",
            f.visitors_present.clone(),
        );
        r.register_with_unit(
            "store_latency",
            "Time one probe query of the store takes",
            Unit::Seconds,
            f.store_latency.clone(),
        );
        r.register(
            "up",
            "Whether the latest probe of the store or the bus succeeded (1) or not (0)",
            f.up.clone(),
        );
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &r)
            .expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of the sample of `family` whose labels include all of `labels`.
    fn sample(text: &str, family: &str, labels: &[&str]) -> Option<f64> {
        text.lines().find_map(|line| {
            let rest = line.strip_prefix(family)?.strip_prefix('{')?;
            let (set, value) = rest.split_once("} ")?;
            let set: Vec<&str> = set.split(',').collect();
            labels
                .iter()
                .all(|l| set.contains(l))
                .then(|| value.parse().ok())?
        })
    }

    #[test]
    fn every_family_is_tandem_and_every_sample_names_its_node() {
        let m = Metrics::default();
        let socket = m.socket_opened(SocketRole::Agent);
        m.dom_from_customer(100);
        m.code_redeemed(Redemption::Refused);
        m.store_latency(Duration::from_millis(2));
        let text = m.encode("node-a", &[("active", 2)]);
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(line.starts_with("tandem_"), "{line}");
            assert!(line.contains("node=\"node-a\""), "{line}");
        }
        let node = "node=\"node-a\"";
        assert_eq!(
            sample(&text, "tandem_sockets", &[node, "role=\"agent\""]),
            Some(1.0)
        );
        assert_eq!(
            sample(&text, "tandem_sessions", &["state=\"active\""]),
            Some(2.0)
        );
        assert_eq!(
            sample(&text, "tandem_sessions", &["state=\"ended\""]),
            Some(0.0)
        );
        assert_eq!(
            sample(
                &text,
                "tandem_dom_bytes_total",
                &["direction=\"from_customer\""]
            ),
            Some(100.0)
        );
        assert_eq!(
            sample(
                &text,
                "tandem_code_redemptions_total",
                &["outcome=\"refused\""]
            ),
            Some(1.0)
        );
        drop(socket);
        let text = m.encode("n", &[]);
        assert_eq!(
            sample(&text, "tandem_sockets", &["role=\"agent\""]),
            Some(0.0)
        );
    }
}
