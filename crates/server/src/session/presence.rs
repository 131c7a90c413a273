//! Where the customer is: how many of their pages (sockets) are connected to a session, which
//! tab is in front and shared, and interruption when they leave the company's site.
//!
//! A page leaving (navigation, reload) closes its socket and the next page resumes within a
//! moment; only when no page of the session has come back after the grace period is the
//! session interrupted. A resume then makes it active again by itself. Each connected page
//! holds a [`CustomerGuard`]; dropping it is the page leaving. Presence is per node: a customer's
//! pages reach the node their load balancer sends them to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tandem_protocol::SessionState;

use super::{SessionError, Sessions};
use crate::bus::Envelope;

#[derive(Clone)]
pub(super) struct Presences {
    /// Locked for counter updates only, never across an await.
    pages: Arc<Mutex<HashMap<String, Presence>>>,
    grace: Duration,
    /// This node is draining: its pages are moving to another node, not leaving the site, so
    /// their going interrupts nothing.
    node_leaving: Arc<std::sync::atomic::AtomicBool>,
}

#[derive(Default)]
struct Presence {
    sockets: usize,
    /// Where the customer said they were going when they left the site.
    leaving_for: Option<String>,
}

impl Presences {
    pub(super) fn new(grace: Duration) -> Presences {
        Presences {
            pages: Arc::default(),
            grace,
            node_leaving: Arc::default(),
        }
    }

    fn with<T>(&self, session_id: &str, f: impl FnOnce(&mut Presence) -> T) -> T {
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let presence = pages.entry(session_id.to_string()).or_default();
        let out = f(presence);
        if presence.sockets == 0 && presence.leaving_for.is_none() {
            pages.remove(session_id);
        }
        out
    }
}

/// One connected page of the customer's; dropping it means the page went away.
pub struct CustomerGuard {
    sessions: Sessions,
    session_id: String,
}

impl Drop for CustomerGuard {
    fn drop(&mut self) {
        let remaining = self.sessions.presence.with(&self.session_id, |p| {
            p.sockets = p.sockets.saturating_sub(1);
            p.sockets
        });
        if remaining > 0 {
            return;
        }
        let sessions = self.sessions.clone();
        let session_id = std::mem::take(&mut self.session_id);
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                tokio::time::sleep(sessions.presence.grace).await;
                if let Err(e) = sessions.interrupt_if_gone(&session_id).await {
                    tracing::warn!(session = %session_id, "interruption check failed: {e}");
                }
            });
        }
    }
}

impl Sessions {
    /// A page of the customer's joined the session.
    pub fn customer_joined(&self, session_id: &str) -> CustomerGuard {
        self.presence.with(session_id, |p| p.sockets += 1);
        CustomerGuard {
            sessions: self.clone(),
            session_id: session_id.to_string(),
        }
    }

    /// The page is about to leave the company's domains for `url`.
    pub fn customer_leaving(&self, session_id: &str, url: &str) {
        let shown = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "another site".into());
        self.presence
            .with(session_id, |p| p.leaving_for = Some(shown));
    }

    /// This node drains (a restart): its customers' pages move to other nodes, where their
    /// sessions carry on; none of them is interrupted from here.
    pub fn node_leaving(&self) {
        self.presence
            .node_leaving
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// After the grace period: still no page of the customer's? Then the session is interrupted.
    async fn interrupt_if_gone(&self, session_id: &str) -> Result<(), SessionError> {
        if self
            .presence
            .node_leaving
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            return Ok(());
        }
        let (gone, leaving_for) = self
            .presence
            .with(session_id, |p| (p.sockets == 0, p.leaving_for.take()));
        if !gone {
            return Ok(());
        }
        let Some(session) = self
            .store
            .transition(
                session_id,
                &[SessionState::Active],
                SessionState::Interrupted,
                None,
                self.now(),
            )
            .await?
        else {
            return Ok(());
        };
        let reason = match leaving_for {
            Some(host) => format!("The customer went to {host}, outside the company's site."),
            None => "The customer left the company's site or closed the page.".to_string(),
        };
        self.audit(
            "customer",
            "interrupted",
            Some(session_id),
            Some(&session.contact_id),
            &reason,
        )
        .await;
        self.publish_state_because(&session, Some(reason)).await;
        Ok(())
    }

    /// A page of the customer's is in front: it is the one shared from now on. An interrupted
    /// session resumes by itself.
    pub async fn bring_to_front(&self, session_id: &str, conn: u64) -> Result<(), SessionError> {
        self.presence.with(session_id, |p| p.leaving_for = None);
        if let Some(session) = self
            .store
            .transition(
                session_id,
                &[SessionState::Interrupted],
                SessionState::Active,
                None,
                self.now(),
            )
            .await?
        {
            self.audit(
                "customer",
                "resumed",
                Some(session_id),
                Some(&session.contact_id),
                "",
            )
            .await;
            self.publish_state(&session).await;
        }
        self.bus
            .publish(session_id, Envelope::FrontTab(conn))
            .await?;
        Ok(())
    }
}
