//! The bus: every message of a session — control messages for either side and the customer's
//! DOM frames — goes through it, addressed to the session's topic. Sockets publish and
//! subscribe; they never talk to each other directly, so a customer on one node and an agent on
//! another share a session once a networked implementation is plugged in.
//!
//! Delivery is best-effort and ordered per publisher. A subscriber that falls behind is told
//! ([`Delivery::Lagged`]) so it can ask for a fresh snapshot instead of drifting.

mod local;
mod nats;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::stream::BoxStream;
use serde::{Deserialize, Serialize};
use tandem_protocol::{ToAgent, ToCustomer};

pub use local::{LOCAL_CAPACITY, LocalBus};
pub use nats::NatsBus;

/// One message on a session's topic, addressed to a role.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Envelope {
    /// For the customer's sockets.
    ToCustomer(ToCustomer),
    /// For the agent's sockets.
    ToAgent(ToAgent),
    /// A DOM frame from the customer, opaque, for the agent's sockets.
    Dom(Bytes),
    /// The customer tab (connection id) that is in front and shared from now on.
    FrontTab(u64),
    /// On a visitor's topic: an agent asks this customer to co-browse in `session_id`.
    Offer {
        session_id: String,
        agent: String,
        token: String,
    },
    /// On a visitor's or an agent's topic: a web chat line.
    Chat {
        contact_id: String,
        line: crate::store::ChatLine,
    },
    /// On an agent's topic: a contact of theirs changed (new, handed over, ended, browser).
    ContactChanged { contact_id: String },
    /// On a visitor's topic: the contact is over; the SDK forgets it.
    ContactEnded { contact_id: String },
    /// On the access topic: this agent's sign-ins or rights changed (None: maybe any agent's);
    /// their open sockets and event streams check again at once.
    AccessChanged { agent_id: Option<String> },
    /// On a node's own probe topic: a health probe timing the bus's round trip.
    Probe { nonce: String },
    /// On the presence topic: a visitor reported their page, or an agent invited one.
    Presence(crate::session::PresenceNews),
}

/// Topic names: a session's id is its own topic; visitors and agents have prefixed ones.
pub mod topic {
    /// Every customer page listens here for the company's site settings.
    pub const SITE: &str = "site";

    /// Every node listens here for agents whose access changed.
    pub const ACCESS: &str = "access";

    /// Every node listens here for visitors on the site and agents' invitations.
    pub const PRESENCE: &str = "presence";

    pub fn visitor(visitor_id: &str) -> String {
        format!("visitor:{visitor_id}")
    }

    pub fn agent(agent_id: &str) -> String {
        format!("agent:{agent_id}")
    }

    /// A session's DOM frames, apart from its control messages: only agents listen here, so a
    /// customer's page is not woken by the frames it sends itself.
    pub fn dom(session_id: &str) -> String {
        format!("dom:{session_id}")
    }

    /// A health probe's own topic (only the probe listens there).
    pub fn probe(nonce: &str) -> String {
        format!("probe:{nonce}")
    }

    /// Whether `topic` carries DOM frames (see [`dom`]).
    pub fn is_dom(topic: &str) -> bool {
        topic.starts_with("dom:")
    }
}

/// What a subscriber receives.
#[derive(Debug, Clone)]
pub enum Delivery {
    Message(Envelope),
    /// Some messages were dropped because this subscriber was too slow.
    Lagged,
}

#[derive(Debug, thiserror::Error)]
#[error("bus unavailable: {0}")]
pub struct BusError(pub String);

#[async_trait]
pub trait Bus: Send + Sync + 'static {
    async fn publish(&self, session_id: &str, envelope: Envelope) -> Result<(), BusError>;
    /// Messages published to the session from now on, until the stream is dropped.
    async fn subscribe(&self, session_id: &str) -> Result<BoxStream<'static, Delivery>, BusError>;
    /// Whether the bus is connected now (a networked bus may be reconnecting).
    fn ready(&self) -> Result<(), BusError> {
        Ok(())
    }
}
