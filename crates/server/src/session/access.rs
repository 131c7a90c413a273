//! Access ends the moment it is taken away (ARCHITECTURE.md §4.5): a sign-out, a password change or a
//! lost `cobrowse` right ends that agent's open sockets and event streams at once, on every node.
//!
//! The store is the truth (tokens, rights); this only says *when* to look again. An in-server
//! change is published on the bus's access topic, which every node follows and hands to its own
//! sockets through one local channel (no bus subscription per socket). `tandem agent add`, run
//! as another process, cannot reach the bus: it writes a new value under [`ACCESS_EPOCH`] in the
//! store, which every node reads once a second. Told something changed, each connection of that
//! agent checks its sign-in again and closes if it no longer holds.

use std::sync::{Arc, Weak};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::broadcast;

use super::Sessions;
use crate::bus::{Delivery, Envelope, topic};
use crate::secret;
use crate::store::{Agent, Right, Store, StoreError};

/// Store setting that changes whenever an agent's sign-ins or rights are changed from outside
/// the server (`tandem agent add`).
pub const ACCESS_EPOCH: &str = "access_epoch";
/// How often each node reads [`ACCESS_EPOCH`].
const EPOCH_POLL: Duration = Duration::from_secs(1);

/// The node's channel of access changes: `Some(agent id)`, or None for "any agent".
#[derive(Clone)]
pub(super) struct AccessChanges {
    tx: Arc<broadcast::Sender<Option<String>>>,
}

impl AccessChanges {
    pub(super) fn new() -> AccessChanges {
        AccessChanges {
            tx: Arc::new(broadcast::channel(256).0),
        }
    }
}

/// What a connection needs to check its own access again.
pub struct AccessCheck {
    sessions: Sessions,
    agent_id: String,
    token_hash: String,
    /// Whether the connection needs the `cobrowse` right (agent sockets) or only a sign-in.
    needs_cobrowse: bool,
    changes: broadcast::Receiver<Option<String>>,
}

impl AccessCheck {
    /// Waits until this connection's access has ended (returns then; never otherwise).
    pub async fn ended(&mut self) {
        loop {
            let concerned = match self.changes.recv().await {
                Ok(Some(agent)) => agent == self.agent_id,
                Ok(None) | Err(broadcast::error::RecvError::Lagged(_)) => true,
                Err(broadcast::error::RecvError::Closed) => return std::future::pending().await,
            };
            if concerned && !self.holds().await {
                return;
            }
        }
    }

    async fn holds(&self) -> bool {
        match self
            .sessions
            .store
            .agent_by_token(&self.token_hash, self.sessions.now())
            .await
        {
            Ok(Some(agent)) => {
                agent.id == self.agent_id && (!self.needs_cobrowse || agent.has(Right::Cobrowse))
            }
            Ok(None) => false,
            // The store is unreachable: keep the connection; the next change checks again.
            Err(e) => {
                tracing::warn!("access check failed: {e}");
                true
            }
        }
    }
}

impl Sessions {
    /// Watches access changes for a connection of `agent`, signed in with `token`.
    pub fn access_check(&self, agent: &Agent, token: &str, needs_cobrowse: bool) -> AccessCheck {
        AccessCheck {
            sessions: self.clone(),
            agent_id: agent.id.clone(),
            token_hash: secret::hash_token(token),
            needs_cobrowse,
            changes: self.access.tx.subscribe(),
        }
    }

    /// This agent's sign-ins or rights changed in the store: every node's connections of the
    /// agent check again.
    pub async fn access_changed(&self, agent_id: &str) {
        let envelope = Envelope::AccessChanged {
            agent_id: Some(agent_id.to_string()),
        };
        if let Err(e) = self.bus.publish(topic::ACCESS, envelope).await {
            tracing::error!("access change not published: {e}");
        }
    }

    /// Starts this node's listeners: the bus's access topic and the store's epoch. They stop
    /// when the node's state is dropped.
    pub async fn watch_access(&self) -> Result<(), super::SessionError> {
        let mut deliveries = self.bus.subscribe(topic::ACCESS).await?;
        let tx = Arc::downgrade(&self.access.tx);
        let metrics = self.metrics.clone();
        tokio::spawn(async move {
            while let Some(delivery) = deliveries.next().await {
                let Some(tx) = tx.upgrade() else { return };
                match delivery {
                    Delivery::Message(Envelope::AccessChanged { agent_id }) => {
                        drop(tx.send(agent_id))
                    }
                    Delivery::Lagged => {
                        metrics.lagged("access");
                        drop(tx.send(None))
                    }
                    Delivery::Message(_) => {}
                }
            }
        });
        let store = self.store.clone();
        let first = store.setting(ACCESS_EPOCH).await?;
        tokio::spawn(poll_epoch(store, first, Arc::downgrade(&self.access.tx)));
        Ok(())
    }
}

async fn poll_epoch(
    store: Arc<dyn Store>,
    mut seen: Option<String>,
    tx: Weak<broadcast::Sender<Option<String>>>,
) {
    loop {
        tokio::time::sleep(EPOCH_POLL).await;
        let Some(tx) = tx.upgrade() else { return };
        match store.setting(ACCESS_EPOCH).await {
            Ok(now) if now != seen => {
                seen = now;
                let _ = tx.send(None);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("access epoch not read: {e}"),
        }
    }
}

/// For `tandem agent add` (another process): tells running servers to check sign-ins again.
pub async fn bump_access_epoch(store: &dyn Store) -> Result<(), StoreError> {
    store.set_setting(ACCESS_EPOCH, &secret::id()).await
}
