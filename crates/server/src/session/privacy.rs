//! Personal data: how long the company keeps it, and erasing one customer on request.
//!
//! The company's privacy settings (an admin edits them in the console or through the API) say,
//! per kind of data, after how many days it goes: contacts, sessions, chat lines, audit entries;
//! unset keeps it. A background task on every node applies them ([`spawn_retention`]); passes
//! are idempotent, so nodes need not agree on who runs them. "Discard client addresses" keeps
//! customers' IP addresses out of everything stored. Erasure removes one contact and all that is
//! stored about its customer, ends what is live, and leaves an audit entry saying it happened
//! (with counts, never what named the customer). Settings are read from the store each time, so
//! every node follows an admin's change at once.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tandem_protocol::EndedBy;

use super::{SessionError, Sessions};
use crate::bus::{Envelope, topic};
use crate::store::{Erased, PurgeBefore, Purged, StoreError};

pub const PRIVACY_SETTING: &str = "privacy";

/// Longest retention an admin may set (100 years): beyond is "keep", said by leaving it unset.
pub const MAX_RETENTION_DAYS: u32 = 36_500;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// How long a node trusts its last reading of "discard client addresses" (another node's admin
/// may have changed it).
const ADDRESS_POLICY_FOR: Duration = Duration::from_secs(5);

/// The last reading of "discard client addresses", and when it was read; locked only to read
/// or replace it, never across an await.
#[derive(Clone, Default)]
pub(super) struct AddressPolicy(Arc<Mutex<Option<(Instant, bool)>>>);

/// The company's privacy settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacySettings {
    /// Days an ended contact is kept (with its chat, sessions and the customer's browser
    /// record); null keeps them.
    #[schema(minimum = 0, maximum = 36500)]
    pub contact_days: Option<u32>,
    /// Days a finished session is kept after its last change; null keeps them.
    #[schema(minimum = 0, maximum = 36500)]
    pub session_days: Option<u32>,
    /// Days a chat line is kept; null keeps them.
    #[schema(minimum = 0, maximum = 36500)]
    pub chat_days: Option<u32>,
    /// Days an audit entry is kept; null keeps them.
    #[schema(minimum = 0, maximum = 36500)]
    pub audit_days: Option<u32>,
    /// Customers' IP addresses are never stored (audit entries say nothing of where a
    /// refused code came from).
    pub discard_client_addresses: bool,
}

impl PrivacySettings {
    pub fn check(&self) -> Result<(), String> {
        for (name, days) in [
            ("contact_days", self.contact_days),
            ("session_days", self.session_days),
            ("chat_days", self.chat_days),
            ("audit_days", self.audit_days),
        ] {
            if days.is_some_and(|d| d > MAX_RETENTION_DAYS) {
                return Err(format!(
                    "{name} is at most {MAX_RETENTION_DAYS} days (leave it empty to keep for ever)"
                ));
            }
        }
        Ok(())
    }

    /// What is older than these times goes, at `now` (Unix ms).
    pub fn cutoffs(&self, now: i64) -> PurgeBefore {
        let before = |days: Option<u32>| days.map(|d| now - i64::from(d) * DAY_MS);
        PurgeBefore {
            contacts: before(self.contact_days),
            sessions: before(self.session_days),
            chat: before(self.chat_days),
            audit: before(self.audit_days),
        }
    }
}

impl Sessions {
    pub async fn privacy(&self) -> Result<PrivacySettings, StoreError> {
        Ok(self
            .store
            .setting(PRIVACY_SETTING)
            .await?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    pub async fn set_privacy(&self, settings: &PrivacySettings) -> Result<(), StoreError> {
        let json = serde_json::to_string(settings).expect("settings always serialise");
        self.store.set_setting(PRIVACY_SETTING, &json).await?;
        *self
            .address_policy
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner()) =
            Some((Instant::now(), settings.discard_client_addresses));
        Ok(())
    }

    /// A customer's address as it may be stored: nothing when the company discards them.
    pub async fn storable_address(&self, client: IpAddr) -> String {
        let fresh = {
            let cached = self
                .address_policy
                .0
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            cached.filter(|(at, _)| at.elapsed() < ADDRESS_POLICY_FOR)
        };
        let discard = match fresh {
            Some((_, discard)) => discard,
            None => {
                // Unknown (the store failed): keep nothing rather than too much.
                let discard = self
                    .privacy()
                    .await
                    .map_or(true, |p| p.discard_client_addresses);
                *self
                    .address_policy
                    .0
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), discard));
                discard
            }
        };
        if discard {
            String::new()
        } else {
            client.to_string()
        }
    }

    /// One retention pass: removes what the settings say is too old; audits what went.
    pub async fn enforce_retention(&self) -> Result<Purged, StoreError> {
        let cutoffs = self.privacy().await?.cutoffs(self.now());
        if cutoffs == PurgeBefore::default() {
            return Ok(Purged::default());
        }
        let purged = self.store.purge(&cutoffs).await?;
        if purged != Purged::default() {
            let detail = format!(
                "{} contacts, {} sessions, {} chat lines, {} browser records, {} audit entries",
                purged.contacts,
                purged.sessions,
                purged.chat_lines,
                purged.visitors,
                purged.audit_entries
            );
            tracing::info!("retention: removed {detail}");
            self.audit("system", "retention_applied", None, None, &detail)
                .await;
        }
        Ok(purged)
    }

    /// Erases one contact and everything stored about its customer; `by` is who asked (an
    /// admin's username, or `cli`). A live session ends first. `None`: no such contact.
    pub async fn erase_contact(
        &self,
        contact_id: &str,
        by: &str,
    ) -> Result<Option<Erased>, SessionError> {
        let Some(contact) = self.store.contact(contact_id).await? else {
            return Ok(None);
        };
        if let Some(live) = self
            .store
            .latest_session_of_contact(contact_id)
            .await?
            .filter(|s| !s.state.is_final())
        {
            self.end(&live.id, EndedBy::System, "personal data erased")
                .await
                .ok();
        }
        let Some(erased) = self.store.erase_contact(contact_id).await? else {
            return Ok(None);
        };
        if let Some(visitor) = &contact.visitor_id {
            let ended = Envelope::ContactEnded {
                contact_id: contact.id.clone(),
            };
            self.bus.publish(&topic::visitor(visitor), ended).await.ok();
        }
        let changed = Envelope::ContactChanged {
            contact_id: contact.id.clone(),
        };
        self.bus
            .publish(&topic::agent(&contact.agent_id), changed)
            .await
            .ok();
        let detail = erased.summary();
        self.audit(by, "personal_data_erased", None, Some(contact_id), &detail)
            .await;
        Ok(Some(erased))
    }
}

/// Applies the retention settings now and then `every` (each node runs it; passes are
/// idempotent). Ends with the runtime.
pub fn spawn_retention(sessions: Sessions, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = sessions.enforce_retention().await {
                tracing::warn!("retention pass failed: {e}");
            }
        }
    });
}
