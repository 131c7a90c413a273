//! The NATS bus, for scale-out: every node publishes a session's messages to the subject
//! `{prefix}.{topic}` and subscribes to the topics of the sockets it holds, so a customer on
//! node A and an agent on node B share one session. DOM frames travel as raw bytes behind a
//! one-byte tag; control envelopes as JSON. NATS drops messages for a subscriber that cannot keep
//! up instead of blocking others; the mirror then notices the gap and asks for a fresh snapshot.

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use super::{Bus, BusError, Delivery, Envelope};

const TAG_DOM: u8 = 0;
const TAG_JSON: u8 = 1;

pub struct NatsBus {
    client: async_nats::Client,
    prefix: String,
}

impl NatsBus {
    /// Connects to `url`; `prefix` separates clusters (and tests) sharing one NATS server.
    pub async fn connect(url: &str, prefix: &str) -> Result<NatsBus, BusError> {
        let client = async_nats::connect(url)
            .await
            .map_err(|e| BusError(format!("NATS at {url}: {e}")))?;
        Ok(NatsBus {
            client,
            prefix: prefix.to_string(),
        })
    }

    fn subject(&self, topic: &str) -> String {
        format!("{}.{}", self.prefix, topic)
    }
}

fn encode(envelope: &Envelope) -> Bytes {
    match envelope {
        Envelope::Dom(frame) => {
            let mut out = Vec::with_capacity(frame.len() + 1);
            out.push(TAG_DOM);
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

fn decode(payload: &Bytes) -> Option<Envelope> {
    match payload.first()? {
        &TAG_DOM => Some(Envelope::Dom(payload.slice(1..))),
        &TAG_JSON => serde_json::from_slice(&payload[1..]).ok(),
        _ => None,
    }
}

#[async_trait]
impl Bus for NatsBus {
    async fn publish(&self, topic: &str, envelope: Envelope) -> Result<(), BusError> {
        self.client
            .publish(self.subject(topic), encode(&envelope))
            .await
            .map_err(|e| BusError(e.to_string()))
    }

    async fn subscribe(&self, topic: &str) -> Result<BoxStream<'static, Delivery>, BusError> {
        let sub = self
            .client
            .subscribe(self.subject(topic))
            .await
            .map_err(|e| BusError(e.to_string()))?;
        // Make sure the server has the subscription before anyone is told to publish to it.
        self.client
            .flush()
            .await
            .map_err(|e| BusError(e.to_string()))?;
        Ok(sub
            .filter_map(|m| async move { decode(&m.payload).map(Delivery::Message) })
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
        assert!(matches!(decode(&encode(&dom)), Some(Envelope::Dom(b)) if &b[..] == b"\x01abc"));
        let msg = Envelope::ToCustomer(ToCustomer::Scroll { x: 1.0, y: 2.0 });
        assert!(matches!(
            decode(&encode(&msg)),
            Some(Envelope::ToCustomer(ToCustomer::Scroll { .. }))
        ));
        assert!(decode(&Bytes::from_static(b"\x09junk")).is_none());
    }
}
