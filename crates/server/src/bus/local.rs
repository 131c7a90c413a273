//! The in-process bus: one broadcast channel per live session topic. A topic is created by its
//! first subscriber and removed when its last subscriber goes (or a publish finds nobody
//! listening), so ended sessions leave nothing behind: each channel holds its whole ring of
//! slots (1,024) for as long as it is in the map.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use tokio::sync::broadcast;

use super::{Bus, BusError, Delivery, Envelope};

/// Room for bursts of DOM frames before a slow subscriber is marked as lagging.
pub const LOCAL_CAPACITY: usize = 1024;

type Topics = Arc<Mutex<HashMap<String, broadcast::Sender<Envelope>>>>;

pub struct LocalBus {
    /// Locked only for map lookups, never across an await.
    topics: Topics,
    /// DOM frames an agent's stream may fall behind by before it lags.
    dom_capacity: usize,
}

impl Default for LocalBus {
    fn default() -> LocalBus {
        LocalBus::with_capacity(LOCAL_CAPACITY)
    }
}

impl LocalBus {
    pub fn new() -> LocalBus {
        LocalBus::default()
    }

    /// A bus whose DOM topics lag past `dom_capacity` frames (control topics keep the default).
    pub fn with_capacity(dom_capacity: usize) -> LocalBus {
        LocalBus {
            topics: Topics::default(),
            dom_capacity: dom_capacity.max(1),
        }
    }

    /// Live topics, for tests and metrics.
    pub fn topic_count(&self) -> usize {
        self.topics.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[async_trait]
impl Bus for LocalBus {
    async fn publish(&self, session_id: &str, envelope: Envelope) -> Result<(), BusError> {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = topics.get(session_id)
            && tx.send(envelope).is_err()
        {
            topics.remove(session_id);
        }
        Ok(())
    }

    async fn subscribe(&self, session_id: &str) -> Result<BoxStream<'static, Delivery>, BusError> {
        let rx = {
            let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
            topics
                .entry(session_id.to_string())
                .or_insert_with(|| {
                    let capacity = if super::topic::is_dom(session_id) {
                        self.dom_capacity
                    } else {
                        LOCAL_CAPACITY
                    };
                    broadcast::channel(capacity).0
                })
                .subscribe()
        };
        let subscription = Subscription {
            rx: Some(rx),
            topics: self.topics.clone(),
            topic: session_id.to_string(),
        };
        // Lag becomes a Delivery::Lagged so the socket can ask for a fresh snapshot.
        let deliveries = futures_util::stream::unfold(subscription, |mut sub| async move {
            let rx = sub.rx.as_mut()?;
            match rx.recv().await {
                Ok(envelope) => Some((Delivery::Message(envelope), sub)),
                Err(broadcast::error::RecvError::Lagged(_)) => Some((Delivery::Lagged, sub)),
                Err(broadcast::error::RecvError::Closed) => None,
            }
        });
        Ok(deliveries.boxed())
    }
}

/// One subscriber's receiver: when the last subscriber of a topic goes, the topic goes with it.
struct Subscription {
    rx: Option<broadcast::Receiver<Envelope>>,
    topics: Topics,
    topic: String,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        drop(self.rx.take());
        // Under the map's lock, so a subscriber arriving now either counts here or makes a new topic.
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        if topics
            .get(&self.topic)
            .is_some_and(|tx| tx.receiver_count() == 0)
        {
            topics.remove(&self.topic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_protocol::ToCustomer;

    #[tokio::test]
    async fn subscribers_of_a_session_get_its_messages_only() {
        let bus = LocalBus::new();
        let mut a = bus.subscribe("a").await.unwrap();
        let mut b = bus.subscribe("b").await.unwrap();
        bus.publish("a", Envelope::ToCustomer(ToCustomer::Pause {}))
            .await
            .unwrap();
        bus.publish("b", Envelope::Dom(bytes::Bytes::from_static(b"x")))
            .await
            .unwrap();
        assert!(matches!(
            a.next().await,
            Some(Delivery::Message(Envelope::ToCustomer(
                ToCustomer::Pause {}
            )))
        ));
        assert!(matches!(
            b.next().await,
            Some(Delivery::Message(Envelope::Dom(_)))
        ));
    }

    #[tokio::test]
    async fn a_topic_nobody_listens_to_is_removed() {
        let bus = LocalBus::new();
        let sub = bus.subscribe("gone").await.unwrap();
        drop(sub);
        bus.publish("gone", Envelope::ToCustomer(ToCustomer::Pause {}))
            .await
            .unwrap();
        assert_eq!(bus.topic_count(), 0);
    }

    #[tokio::test]
    async fn a_topic_goes_with_its_last_subscriber_without_a_publish() {
        let bus = LocalBus::new();
        let first = bus.subscribe("ended").await.unwrap();
        let second = bus.subscribe("ended").await.unwrap();
        drop(first);
        assert_eq!(bus.topic_count(), 1, "one subscriber still listens");
        drop(second);
        assert_eq!(bus.topic_count(), 0);
        // A new subscriber makes the topic afresh and gets what is published.
        let mut again = bus.subscribe("ended").await.unwrap();
        bus.publish("ended", Envelope::ToCustomer(ToCustomer::Pause {}))
            .await
            .unwrap();
        assert!(matches!(again.next().await, Some(Delivery::Message(_))));
    }

    #[tokio::test]
    async fn a_slow_subscriber_is_told_it_lagged() {
        let bus = LocalBus::new();
        let mut sub = bus.subscribe("s").await.unwrap();
        for _ in 0..LOCAL_CAPACITY + 10 {
            bus.publish("s", Envelope::Dom(bytes::Bytes::from_static(b"x")))
                .await
                .unwrap();
        }
        assert!(matches!(sub.next().await, Some(Delivery::Lagged)));
    }
}
