//! The NATS bus, for scale-out: every node publishes a session's messages to the subject
//! `{prefix}.{topic}` and subscribes to the topics of the sockets it holds, so a customer on
//! node A and an agent on node B share one session. DOM frames travel as raw bytes behind a
//! one-byte tag; control envelopes as JSON.
//!
//! NATS drops messages for a subscriber that cannot keep up (a full client-side channel, or the
//! server cutting off a slow connection) instead of blocking others, and says nothing to the
//! subscription. So each node numbers the DOM frames it publishes, per topic, and a subscriber
//! that sees a number skipped reports [`Delivery::Lagged`], as the in-process bus does: the
//! agent is told and a fresh snapshot is asked for.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use super::{Bus, BusError, Delivery, Envelope};

const TAG_DOM: u8 = 0;
const TAG_JSON: u8 = 1;
/// Tag, publishing node, number.
const DOM_HEADER: usize = 1 + 8 + 8;
/// Topics whose numbering a node keeps; past it, numbering starts over (a subscriber takes a
/// number that goes back as a new start, not as a loss).
const MAX_NUMBERED_TOPICS: usize = 100_000;

pub struct NatsBus {
    client: async_nats::Client,
    /// The connection DOM topics are subscribed on: its own when their capacity is set.
    dom_client: async_nats::Client,
    prefix: String,
    /// This node's name in the numbering (random per process).
    node: u64,
    /// Last number published per DOM topic. Locked only to count, never across an await.
    numbers: Mutex<HashMap<String, u64>>,
}

impl NatsBus {
    /// Connects to `url`; `prefix` separates clusters (and tests) sharing one NATS server;
    /// `dom_capacity` (None: the client's default) is how many DOM frames an agent's
    /// subscription buffers before NATS drops them.
    pub async fn connect(
        url: &str,
        prefix: &str,
        dom_capacity: Option<usize>,
    ) -> Result<NatsBus, BusError> {
        let open = |options: async_nats::ConnectOptions| async move {
            options
                .connect(url)
                .await
                .map_err(|e| BusError(format!("NATS at {url}: {e}")))
        };
        let client = open(async_nats::ConnectOptions::new()).await?;
        let dom_client = match dom_capacity {
            Some(n) => {
                open(async_nats::ConnectOptions::new().subscription_capacity(n.max(1))).await?
            }
            None => client.clone(),
        };
        let mut node = [0u8; 8];
        getrandom::fill(&mut node).map_err(|e| BusError(e.to_string()))?;
        Ok(NatsBus {
            client,
            dom_client,
            prefix: prefix.to_string(),
            node: u64::from_le_bytes(node),
            numbers: Mutex::default(),
        })
    }

    fn subject(&self, topic: &str) -> String {
        format!("{}.{}", self.prefix, topic)
    }

    fn next_number(&self, topic: &str) -> u64 {
        let mut numbers = self.numbers.lock().unwrap_or_else(|p| p.into_inner());
        if numbers.len() >= MAX_NUMBERED_TOPICS && !numbers.contains_key(topic) {
            numbers.clear();
        }
        let n = numbers.entry(topic.to_string()).or_insert(0);
        *n += 1;
        *n
    }
}

fn encode(envelope: &Envelope, node: u64, number: u64) -> Bytes {
    match envelope {
        Envelope::Dom(frame) => {
            let mut out = Vec::with_capacity(frame.len() + DOM_HEADER);
            out.push(TAG_DOM);
            out.extend_from_slice(&node.to_le_bytes());
            out.extend_from_slice(&number.to_le_bytes());
            out.extend_from_slice(frame);
            out.into()
        }
        other => {
            let mut out = vec![TAG_JSON];
            serde_json::to_writer(&mut out, other).expect("envelopes serialise");
            out.into()
        }
    }
}

/// An envelope, and for a DOM frame who published it under which number.
fn decode(payload: &Bytes) -> Option<(Envelope, Option<(u64, u64)>)> {
    match *payload.first()? {
        TAG_DOM => {
            let head = payload.get(1..DOM_HEADER)?;
            let node = u64::from_le_bytes(head[..8].try_into().ok()?);
            let number = u64::from_le_bytes(head[8..].try_into().ok()?);
            Some((
                Envelope::Dom(payload.slice(DOM_HEADER..)),
                Some((node, number)),
            ))
        }
        TAG_JSON => serde_json::from_slice(&payload[1..])
            .ok()
            .map(|e| (e, None)),
        _ => None,
    }
}

/// What one subscription saw of each publishing node's numbering.
#[derive(Default)]
struct Numbering {
    last: HashMap<u64, u64>,
}

impl Numbering {
    /// Whether frames of `node` were lost before `number`.
    fn skipped(&mut self, node: u64, number: u64) -> bool {
        matches!(self.last.insert(node, number), Some(prev) if number > prev + 1)
    }
}

#[async_trait]
impl Bus for NatsBus {
    async fn publish(&self, topic: &str, envelope: Envelope) -> Result<(), BusError> {
        let number = match &envelope {
            Envelope::Dom(_) => self.next_number(topic),
            _ => 0,
        };
        self.client
            .publish(self.subject(topic), encode(&envelope, self.node, number))
            .await
            .map_err(|e| BusError(e.to_string()))
    }

    async fn subscribe(&self, topic: &str) -> Result<BoxStream<'static, Delivery>, BusError> {
        let client = if super::topic::is_dom(topic) {
            &self.dom_client
        } else {
            &self.client
        };
        let sub = client
            .subscribe(self.subject(topic))
            .await
            .map_err(|e| BusError(e.to_string()))?;
        // Make sure the server has the subscription before anyone is told to publish to it.
        client.flush().await.map_err(|e| BusError(e.to_string()))?;
        let mut numbering = Numbering::default();
        Ok(sub
            .flat_map(move |m| {
                let mut out = Vec::with_capacity(2);
                if let Some((envelope, number)) = decode(&m.payload) {
                    if let Some((node, n)) = number
                        && numbering.skipped(node, n)
                    {
                        out.push(Delivery::Lagged);
                    }
                    out.push(Delivery::Message(envelope));
                }
                futures_util::stream::iter(out)
            })
            .boxed())
    }

    fn ready(&self) -> Result<(), BusError> {
        match self.client.connection_state() {
            async_nats::connection::State::Connected => Ok(()),
            other => Err(BusError(format!("NATS connection {other:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_protocol::ToCustomer;

    #[test]
    fn envelopes_round_trip() {
        let dom = Envelope::Dom(Bytes::from_static(b"\x01abc"));
        assert!(matches!(
            decode(&encode(&dom, 7, 3)),
            Some((Envelope::Dom(b), Some((7, 3)))) if &b[..] == b"\x01abc"
        ));
        let msg = Envelope::ToCustomer(ToCustomer::Scroll { x: 1.0, y: 2.0 });
        assert!(matches!(
            decode(&encode(&msg, 7, 0)),
            Some((Envelope::ToCustomer(ToCustomer::Scroll { .. }), None))
        ));
        assert!(decode(&Bytes::from_static(b"\x09junk")).is_none());
        assert!(decode(&Bytes::from_static(b"\x00short")).is_none());
    }

    #[test]
    fn a_skipped_number_is_a_loss_and_a_number_going_back_a_new_start() {
        let mut seen = Numbering::default();
        assert!(!seen.skipped(1, 5));
        assert!(!seen.skipped(1, 6));
        assert!(!seen.skipped(2, 1));
        assert!(seen.skipped(1, 8));
        assert!(!seen.skipped(1, 1));
        assert!(!seen.skipped(2, 2));
    }
}
