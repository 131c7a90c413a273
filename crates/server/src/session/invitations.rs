//! Proactive invitations: the company's rules (kept in the store, edited by admins, served to
//! the SDK with the site settings) and the count of invitations shown, accepted and declined
//! (in the store for admins, in `/metrics`, and in the audit log).
//!
//! Every page of the site reads the rules (`GET /sdk/settings`), so they are held in memory and
//! read again from the store every few seconds: an edit on one node reaches every node within
//! [`RULES_REFRESH`], and a flood of page views is never a flood of store reads. The SDK matches
//! the rules in the visitor's browser (`web/src/sdk/invite/rules.ts`); here they are only
//! checked for shape and bounds.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tandem_protocol::Invitations;

use super::Sessions;
use crate::store::StoreError;

/// The store key of the presence switch (`on` or absent).
pub const PRESENCE_SETTING: &str = "presence";
/// How long the rules in memory may be older than the store's.
pub const RULES_REFRESH: Duration = Duration::from_secs(5);
pub const MAX_RULES: usize = 50;
const MAX_ID: usize = 40;
const MAX_NAME: usize = 80;
const MAX_PAGE: usize = 200;
const MAX_TEXT: usize = 300;
const MAX_SECONDS: u32 = 3600;
/// What an invitation can offer.
pub const OFFERS: &[&str] = &["chat", "callback"];
/// What can become of an invitation.
pub const EVENTS: &[&str] = &["shown", "accepted", "declined"];
/// The count of invitations an agent sent from the console.
pub const AGENT_RULE: &str = "agent";
/// The count of the site's `Tandem.invite()` calls on a page no rule names.
pub const SITE_RULE: &str = "site";

/// Invitation events counted per client address per hour, and presence reports per minute:
/// generous for real visitors behind one address, a wall for a script.
pub const EVENTS_PER_ADDRESS_PER_HOUR: u32 = 600;
pub const REPORTS_PER_ADDRESS_PER_MINUTE: u32 = 600;

/// How fast one client address may count invitation events and report presence (each count
/// is an audit entry; each report a bus message).
pub struct BeaconLimiter {
    events: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    reports: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
}

impl Default for BeaconLimiter {
    fn default() -> Self {
        let n = |v: u32| std::num::NonZeroU32::new(v).unwrap_or(std::num::NonZeroU32::MIN);
        BeaconLimiter {
            events: governor::RateLimiter::keyed(governor::Quota::per_hour(n(
                EVENTS_PER_ADDRESS_PER_HOUR,
            ))),
            reports: governor::RateLimiter::keyed(governor::Quota::per_minute(n(
                REPORTS_PER_ADDRESS_PER_MINUTE,
            ))),
        }
    }
}

impl BeaconLimiter {
    fn allow(
        limiter: &governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
        a: std::net::IpAddr,
    ) -> bool {
        if limiter.len() > 100_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&crate::client_addr::limit_key(a)).is_ok()
    }

    pub fn allow_event(&self, address: std::net::IpAddr) -> bool {
        Self::allow(&self.events, address)
    }

    pub fn allow_report(&self, address: std::net::IpAddr) -> bool {
        Self::allow(&self.reports, address)
    }
}

/// The rules and switch as last read, and when.
#[derive(Clone, Default)]
pub(super) struct RulesCache {
    /// Locked to read or replace, never across an await.
    held: Arc<RwLock<Option<(Instant, Invitations)>>>,
    pub(super) limiter: Arc<BeaconLimiter>,
}

/// Checks an admin's rules; gives each rule without an id a new one. The message names the
/// rule and the field.
pub fn check_invitations(mut inv: Invitations) -> Result<Invitations, String> {
    if inv.rules.len() > MAX_RULES {
        return Err(format!("rules: at most {MAX_RULES}"));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, r) in inv.rules.iter_mut().enumerate() {
        let at = format!("rules.{i}");
        if r.id.is_empty() {
            r.id = crate::secret::id()[..12].to_string();
        }
        if r.id.len() > MAX_ID
            || !r
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            || r.id == AGENT_RULE
            || r.id == SITE_RULE
        {
            return Err(format!(
                "{at}.id: letters, digits, - and _, at most {MAX_ID} (not agent or site)"
            ));
        }
        if !seen.insert(r.id.clone()) {
            return Err(format!("{at}.id: '{}' is used twice", r.id));
        }
        r.name = r.name.trim().to_string();
        if r.name.is_empty() || r.name.chars().count() > MAX_NAME {
            return Err(format!("{at}.name: 1 to {MAX_NAME} characters"));
        }
        if r.page.chars().count() > MAX_PAGE
            || !(r.page.is_empty() || r.page.starts_with('/'))
            || r.page.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(format!(
                "{at}.page: a path starting with / (* matches anything), at most {MAX_PAGE} characters, or empty for every page"
            ));
        }
        if r.seconds_on_page > MAX_SECONDS || r.idle_seconds > MAX_SECONDS {
            return Err(format!("{at}: seconds at most {MAX_SECONDS}"));
        }
        if !OFFERS.contains(&r.offer.as_str()) {
            return Err(format!("{at}.offer: chat or callback"));
        }
        if r.text.chars().count() > MAX_TEXT || r.text.chars().any(|c| c.is_control()) {
            return Err(format!(
                "{at}.text: at most {MAX_TEXT} characters on one line"
            ));
        }
    }
    Ok(inv)
}

impl Sessions {
    /// The rules and the presence switch, at most [`RULES_REFRESH`] old.
    pub async fn invitations(&self) -> Result<Invitations, StoreError> {
        if let Some((at, inv)) = &*self
            .invitations
            .held
            .read()
            .unwrap_or_else(|p| p.into_inner())
            && at.elapsed() < RULES_REFRESH
        {
            return Ok(inv.clone());
        }
        let inv = Invitations {
            rules: self.store.invitation_rules().await?,
            presence: self.store.setting(PRESENCE_SETTING).await?.as_deref() == Some("on"),
        };
        *self
            .invitations
            .held
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), inv.clone()));
        Ok(inv)
    }

    /// Stores checked rules and the switch (this node uses them at once; others within
    /// [`RULES_REFRESH`]).
    pub async fn set_invitations(&self, inv: Invitations) -> Result<(), StoreError> {
        self.store.replace_invitation_rules(&inv.rules).await?;
        self.store
            .set_setting(PRESENCE_SETTING, if inv.presence { "on" } else { "off" })
            .await?;
        *self
            .invitations
            .held
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), inv));
        Ok(())
    }

    /// Counts what became of one invitation (`event` one of [`EVENTS`]) of a rule the company
    /// has (or [`AGENT_RULE`], [`SITE_RULE`]), in the store, `/metrics` and the audit log.
    pub async fn invitation_event(
        &self,
        rule_id: &str,
        event: &str,
        visitor: &str,
        address: std::net::IpAddr,
    ) -> Result<(), super::SessionError> {
        if !self.invitations.limiter.allow_event(address) {
            return Err(super::SessionError::NotNow(
                "too many invitation events from this address".into(),
            ));
        }
        let Some(event) = EVENTS.iter().find(|e| **e == event) else {
            return Err(super::SessionError::Invalid(
                "event: shown, accepted or declined".into(),
            ));
        };
        let known = rule_id == AGENT_RULE
            || rule_id == SITE_RULE
            || self
                .invitations()
                .await?
                .rules
                .iter()
                .any(|r| r.id == rule_id);
        if !known {
            return Err(super::SessionError::NotFound);
        }
        self.store.count_invitation(rule_id, event).await?;
        self.metrics.invitation(event);
        self.audit(
            "visitor",
            &format!("invitation_{event}"),
            None,
            None,
            &format!("rule {rule_id}, visitor {visitor}"),
        )
        .await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_protocol::InvitationRule;

    fn rule(id: &str, page: &str) -> InvitationRule {
        InvitationRule {
            id: id.into(),
            name: "Checkout help".into(),
            page: page.into(),
            seconds_on_page: 5,
            offer: "chat".into(),
            ..Default::default()
        }
    }

    fn check(rules: Vec<InvitationRule>) -> Result<Invitations, String> {
        check_invitations(Invitations {
            rules,
            presence: false,
        })
    }

    #[test]
    fn good_rules_pass_and_get_ids() {
        let inv = check(vec![rule("", "/checkout*"), rule("r2", "")]).unwrap();
        assert_eq!(inv.rules[0].id.len(), 12);
        assert_eq!(inv.rules[1].id, "r2");
    }

    #[test]
    fn bad_rules_are_named() {
        let cases: Vec<(InvitationRule, &str)> = vec![
            (rule("a b", "/"), "rules.0.id"),
            (rule("agent", "/"), "rules.0.id"),
            (rule("r", "checkout"), "rules.0.page"),
            (rule("r", "/a b"), "rules.0.page"),
            (
                rule("r", &format!("/{}", "a".repeat(MAX_PAGE))),
                "rules.0.page",
            ),
            (
                InvitationRule {
                    offer: "video".into(),
                    ..rule("r", "/")
                },
                "rules.0.offer",
            ),
            (
                InvitationRule {
                    name: "  ".into(),
                    ..rule("r", "/")
                },
                "rules.0.name",
            ),
            (
                InvitationRule {
                    seconds_on_page: MAX_SECONDS + 1,
                    ..rule("r", "/")
                },
                "rules.0",
            ),
            (
                InvitationRule {
                    text: "x".repeat(MAX_TEXT + 1),
                    ..rule("r", "/")
                },
                "rules.0.text",
            ),
        ];
        for (r, field) in cases {
            let e = check(vec![r.clone()]).unwrap_err();
            assert!(e.starts_with(field), "{r:?}: {e}");
        }
        assert!(
            check(vec![rule("r", "/"), rule("r", "/x")])
                .unwrap_err()
                .contains("twice")
        );
        let many = (0..=MAX_RULES)
            .map(|i| rule(&format!("r{i}"), "/"))
            .collect();
        assert!(check(many).unwrap_err().starts_with("rules: at most"));
    }
}
