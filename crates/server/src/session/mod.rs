//! The session domain: starting co-browsing on a contact, one-time codes, consent, stopping.
//!
//! This is where the lifecycle of ARCHITECTURE.md §2 lives. It sees no socket and no web framework:
//! callers hand it typed requests, it changes the store with compare-and-set transitions (so two
//! racing sockets, or two nodes, cannot both win), writes the audit log, and publishes what each
//! side must learn on the session's bus topic.

mod access;
mod consent_shown;
mod contact_limiter;
mod contacts;
mod control;
mod embed_origins;
mod invitations;
mod limiter;
mod navigation;
mod on_site;
mod presence;
mod privacy;
mod site;
mod visitors;
mod webhook_target;
mod webhooks;

use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tandem_protocol::{EndedBy, SessionState, ToAgent, ToCustomer};

pub use access::{ACCESS_EPOCH, AccessCheck, bump_access_epoch};
pub use consent_shown::ConsentShown;
pub use contact_limiter::WebContactLimits;
pub use contacts::{ContactEvent, NewWebContact};
pub use control::{Grant, Refusal, check_stroke};
pub use embed_origins::{
    EMBED_ORIGINS_SETTING, EmbedOriginsError, MAX_EMBED_ORIGINS, check_origin,
};
pub use invitations::{
    AGENT_RULE, EVENTS, MAX_RULES, OFFERS, PRESENCE_SETTING, SITE_RULE, check_invitations,
};
pub use limiter::{RedeemLimiter, RedeemLimits};
pub use navigation::{MAX_URL, check_link};
pub use on_site::{BEAT, PresenceNews, PresentVisitor};
pub use presence::CustomerGuard;
pub use privacy::{MAX_RETENTION_DAYS, PRIVACY_SETTING, PrivacySettings, spawn_retention};
pub use site::{SITE_SETTING, check_site_settings};
pub use visitors::VisitorIdentity;
pub use webhook_target::is_public;
pub use webhooks::{WEBHOOK_SETTING, WebhookConfig, sign as sign_webhook};

use crate::bus::{Bus, BusError, Envelope, topic};
use crate::clock::Clock;
use crate::domains::Domains;
use crate::secret;
use crate::store::{Agent, AuditEvent, Contact, NewSession, Session, Store, StoreError};

/// The channels a contact can come from.
pub const CHANNELS: &[&str] = &[
    "chat",
    "callback",
    "phone",
    "email",
    "facebook",
    "twitter",
    "work_item",
];

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("the session is not in a state that allows this")]
    WrongState,
    #[error("no such session")]
    NotFound,
    #[error("the contact has ended")]
    ContactEnded,
    #[error("co-browsing is not available for this customer's browser: {0}")]
    Unsupported(String),
    #[error("{0}")]
    Invalid(String),
    /// The request is valid but does not fit the current state (said in words).
    #[error("{0}")]
    NotNow(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Bus(#[from] BusError),
}

#[derive(Debug)]
pub enum RedeemError {
    /// Too many attempts from this client or overall.
    RateLimited,
    /// Unknown, used or expired.
    BadCode,
    Failed(SessionError),
}

/// The six digits of a code as a person may type it: "382 630", "382-630" and " 382630 " are
/// all 382630 (the console shows codes in groups of three). Anything else is no code.
pub fn normalise_code(typed: &str) -> Option<String> {
    if typed.len() > 32 {
        return None;
    }
    let code: String = typed
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—')))
        .collect();
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// A session a customer just joined with a code.
pub struct Redeemed {
    pub session: Session,
    /// Lets later pages of the site resume this session; only its hash is stored.
    pub token: String,
    pub agent_name: String,
}

#[derive(Clone)]
pub struct Sessions {
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
    clock: Clock,
    limiter: Arc<RedeemLimiter>,
    web_contact_limiter: Arc<contact_limiter::WebContactLimiter>,
    limits: RedeemLimits,
    code_ttl: Duration,
    /// The company's domains; read on every customer handshake, written by an admin's edit.
    domains: Arc<RwLock<Domains>>,
    /// The company's site settings; read on every connection, written by an admin's edit.
    site: Arc<RwLock<tandem_protocol::SiteSettings>>,
    presence: presence::Presences,
    /// The invitation rules and presence switch, as last read from the store.
    invitations: invitations::RulesCache,
    /// Who is on the company's pages now (presence).
    on_site: on_site::OnSite,
    webhooks: webhooks::Webhooks,
    access: access::AccessChanges,
    /// What this node counts for `/metrics`.
    metrics: crate::metrics::Metrics,
    /// Whether customers' addresses may be stored, as last read from the store (refreshed
    /// every few seconds, so a flood of refused codes does not become a flood of reads).
    address_policy: privacy::AddressPolicy,
}

/// Timings of a session that tests shorten.
#[derive(Debug, Clone, Copy)]
pub struct Timings {
    /// How long a one-time code stays valid.
    pub code_ttl: Duration,
    /// How long a shared session waits for the customer's next page before it is interrupted.
    pub leave_grace: Duration,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            code_ttl: Duration::from_secs(10 * 60),
            leave_grace: Duration::from_secs(3),
        }
    }
}

/// The store key of the company's domains (a JSON list of names).
pub const DOMAINS_SETTING: &str = "domains";
/// Longest actor name kept in one audit event (usernames are at most 64).
pub const MAX_AUDIT_ACTOR: usize = 64;
/// Longest detail kept in one audit event (a link is at most 2,048).
pub const MAX_AUDIT_DETAIL: usize = 4096;

/// States in which a session is still going.
const LIVE: &[SessionState] = &[
    SessionState::AwaitingCode,
    SessionState::AwaitingConsent,
    SessionState::Active,
    SessionState::Interrupted,
];

impl Sessions {
    pub fn new(
        store: Arc<dyn Store>,
        bus: Arc<dyn Bus>,
        clock: Clock,
        limits: RedeemLimits,
        web_contact_limits: WebContactLimits,
        timings: Timings,
        domains: Domains,
    ) -> Sessions {
        Sessions {
            store,
            bus,
            clock,
            limiter: Arc::new(RedeemLimiter::new(limits)),
            web_contact_limiter: Arc::new(contact_limiter::WebContactLimiter::new(
                web_contact_limits,
            )),
            limits,
            code_ttl: timings.code_ttl,
            domains: Arc::new(RwLock::new(domains)),
            site: Arc::default(),
            webhooks: webhooks::Webhooks::default(),
            presence: presence::Presences::new(timings.leave_grace),
            invitations: invitations::RulesCache::default(),
            on_site: on_site::OnSite::default(),
            access: access::AccessChanges::new(),
            metrics: crate::metrics::Metrics::default(),
            address_policy: privacy::AddressPolicy::default(),
        }
    }

    /// This node's metrics.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.metrics
    }

    pub fn domains(&self) -> Domains {
        self.domains
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Replaces the company's domains, in the store and for every new check.
    pub async fn set_domains(&self, domains: Domains) -> Result<(), StoreError> {
        let json = serde_json::to_string(domains.names()).expect("names serialise");
        self.store.set_setting(DOMAINS_SETTING, &json).await?;
        *self.domains.write().unwrap_or_else(|p| p.into_inner()) = domains;
        Ok(())
    }

    /// The message that starts sharing in the tab in front.
    pub fn share_message(&self) -> ToCustomer {
        ToCustomer::Share {
            domains: self.domains().names().to_vec(),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn bus(&self) -> &Arc<dyn Bus> {
        &self.bus
    }

    pub fn redeem_limits(&self) -> RedeemLimits {
        self.limits
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Starts co-browsing on a contact. When the customer has already joined a session of this
    /// agent's on the contact — being asked, sharing, or interrupted — that session is returned
    /// as it is: a stray second Start (a stale console, a double click) never silently ends the
    /// customer's share. A session waiting for its code (or another agent's) ends, and a new one
    /// with a new code replaces it. When the customer's
    /// browser is known — a web contact, or a contact handed over from another agent — they
    /// are asked directly; otherwise a one-time code is issued.
    pub async fn start(&self, agent: &Agent, contact: &Contact) -> Result<Session, SessionError> {
        if !contact.is_open() {
            return Err(SessionError::ContactEnded);
        }
        if let Some(visitor) = &contact.visitor_id
            && let Some(why) = self.store.visitor_unsupported(visitor).await?
        {
            return Err(SessionError::Unsupported(why));
        }
        if let Some(previous) = self.store.latest_session_of_contact(&contact.id).await?
            && !previous.state.is_final()
        {
            if previous.agent_id == agent.id && previous.state != SessionState::AwaitingCode {
                return Ok(previous);
            }
            self.end(&previous.id, EndedBy::System, "replaced by a new start")
                .await
                .ok();
        }
        match &contact.visitor_id {
            Some(visitor) if contact.is_web() || contact.handed_over => {
                self.ask_directly(agent, contact, visitor).await
            }
            _ => self.issue_code(agent, contact).await,
        }
    }

    async fn ask_directly(
        &self,
        agent: &Agent,
        contact: &Contact,
        visitor: &str,
    ) -> Result<Session, SessionError> {
        let id = secret::id();
        let new = NewSession {
            id: &id,
            contact_id: &contact.id,
            agent_id: &agent.id,
            state: SessionState::AwaitingConsent,
            code: None,
            code_expires_at: None,
            now: self.now(),
        };
        self.store.add_session(new).await?;
        let token = secret::token();
        self.store
            .set_customer_token(&id, &secret::hash_token(&token))
            .await?;
        self.store.clear_handed_over(&contact.id).await?;
        self.audit(
            &agent.username,
            "session_started",
            Some(&id),
            Some(&contact.id),
            "customer asked directly",
        )
        .await;
        let offer = Envelope::Offer {
            session_id: id.clone(),
            agent: agent.name().to_string(),
            token,
        };
        self.bus.publish(&topic::visitor(visitor), offer).await?;
        self.store.session(&id).await?.ok_or(SessionError::NotFound)
    }

    async fn issue_code(&self, agent: &Agent, contact: &Contact) -> Result<Session, SessionError> {
        let now = self.now();
        let expires = now + self.code_ttl.as_millis() as i64;
        let id = secret::id();
        // A clash with another live code is rare (a few live codes in a million); pick again.
        for _ in 0..8 {
            let code = secret::six_digit_code();
            let new = NewSession {
                id: &id,
                contact_id: &contact.id,
                agent_id: &agent.id,
                state: SessionState::AwaitingCode,
                code: Some(&code),
                code_expires_at: Some(expires),
                now,
            };
            match self.store.add_session(new).await {
                Ok(()) => {
                    self.store.clear_handed_over(&contact.id).await?;
                    self.audit(
                        &agent.username,
                        "session_started",
                        Some(&id),
                        Some(&contact.id),
                        "code issued",
                    )
                    .await;
                    return self.store.session(&id).await?.ok_or(SessionError::NotFound);
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(SessionError::Store(StoreError::Conflict))
    }

    /// The customer typed a code on the site; `visitor` is their browser, when the SDK said it.
    pub async fn redeem(
        &self,
        code: &str,
        client: IpAddr,
        visitor: Option<&str>,
    ) -> Result<Redeemed, RedeemError> {
        if !self.limiter.allow(client) {
            let address = self.storable_address(client).await;
            self.audit("customer", "code_throttled", None, None, &address)
                .await;
            return Err(RedeemError::RateLimited);
        }
        let Some(code) = normalise_code(code) else {
            self.limiter.failed(client);
            return Err(RedeemError::BadCode);
        };
        let session = match self.store.redeem_code(&code, self.now()).await {
            Ok(Some(s)) => s,
            Ok(None) => {
                self.limiter.failed(client);
                let address = self.storable_address(client).await;
                self.audit("customer", "code_refused", None, None, &address)
                    .await;
                return Err(RedeemError::BadCode);
            }
            Err(e) => return Err(RedeemError::Failed(e.into())),
        };
        let token = secret::token();
        let fail = |e: StoreError| RedeemError::Failed(e.into());
        self.store
            .set_customer_token(&session.id, &secret::hash_token(&token))
            .await
            .map_err(fail)?;
        if let Some(visitor) = visitor {
            // From now on the customer is known: a hand-over asks them directly.
            self.store
                .set_contact_visitor(&session.contact_id, visitor)
                .await
                .map_err(fail)?;
        }
        let agent_name = self
            .store
            .agent_by_id(&session.agent_id)
            .await
            .map_err(fail)?
            .map(|a| a.name().to_string())
            .unwrap_or_default();
        self.audit(
            "customer",
            "code_redeemed",
            Some(&session.id),
            Some(&session.contact_id),
            "",
        )
        .await;
        self.publish_state(&session).await;
        Ok(Redeemed {
            session,
            token,
            agent_name,
        })
    }

    /// A page of the site that holds a resume token loaded.
    pub async fn resume(&self, token: &str) -> Result<(Session, String), SessionError> {
        let session = self
            .store
            .session_by_customer_token(&secret::hash_token(token))
            .await?
            .ok_or(SessionError::NotFound)?;
        let agent_name = self
            .store
            .agent_by_id(&session.agent_id)
            .await?
            .map(|a| a.name().to_string())
            .unwrap_or_default();
        Ok((session, agent_name))
    }

    /// The customer answered "Accept co-browsing?" in the tab `conn`, which is shared if Yes.
    pub async fn consent(
        &self,
        session_id: &str,
        accept: bool,
        conn: u64,
        shown: &ConsentShown,
    ) -> Result<Session, SessionError> {
        let (to, ended_by) = if accept {
            (SessionState::Active, None)
        } else {
            (SessionState::Declined, Some(EndedBy::Customer))
        };
        let session = self
            .store
            .transition(
                session_id,
                &[SessionState::AwaitingConsent],
                to,
                ended_by,
                self.now(),
            )
            .await?
            .ok_or(SessionError::WrongState)?;
        let kind = if accept {
            "consent_given"
        } else {
            "consent_declined"
        };
        self.audit(
            "customer",
            kind,
            Some(session_id),
            Some(&session.contact_id),
            &shown.detail(),
        )
        .await;
        self.publish_state(&session).await;
        let next = if accept {
            Envelope::FrontTab(conn)
        } else {
            Envelope::ToCustomer(ToCustomer::Ended {
                by: EndedBy::Customer,
            })
        };
        self.bus.publish(session_id, next).await?;
        Ok(session)
    }

    /// Either side (or the system) stops co-browsing. A stopped session never resumes.
    pub async fn end(
        &self,
        session_id: &str,
        by: EndedBy,
        why: &str,
    ) -> Result<Session, SessionError> {
        self.end_telling(session_id, by, why, ToCustomer::Ended { by })
            .await
    }

    /// Ends a session and tells the customer's pages `to_customer` (Ended, or HandedOver).
    async fn end_telling(
        &self,
        session_id: &str,
        by: EndedBy,
        why: &str,
        to_customer: ToCustomer,
    ) -> Result<Session, SessionError> {
        let session = self
            .store
            .transition(session_id, LIVE, SessionState::Ended, Some(by), self.now())
            .await?
            .ok_or(SessionError::WrongState)?;
        let actor = match by {
            EndedBy::Customer => "customer".to_string(),
            EndedBy::Agent => self.agent_name(&session.agent_id).await,
            EndedBy::System => "system".to_string(),
        };
        self.audit(
            &actor,
            "session_ended",
            Some(session_id),
            Some(&session.contact_id),
            why,
        )
        .await;
        self.publish_state_because(&session, Some(why.to_string()))
            .await;
        self.bus
            .publish(session_id, Envelope::ToCustomer(to_customer))
            .await?;
        Ok(session)
    }

    /// Tells the agent's sockets the session's current state.
    async fn publish_state(&self, session: &Session) {
        self.publish_state_because(session, None).await;
    }

    async fn publish_state_because(&self, session: &Session, reason: Option<String>) {
        let msg = ToAgent::State {
            state: session.state,
            ended_by: session.ended_by,
            reason,
        };
        if let Err(e) = self.bus.publish(&session.id, Envelope::ToAgent(msg)).await {
            tracing::warn!(session = %session.id, "could not publish state: {e}");
        }
    }

    async fn agent_name(&self, agent_id: &str) -> String {
        match self.store.agent_by_id(agent_id).await {
            Ok(Some(a)) => a.username,
            _ => "agent".to_string(),
        }
    }

    /// Writes an audit event; a failure is logged, never shown to a client.
    /// Writes one audit event (and emits its webhook); actor and detail are cut to
    /// [`MAX_AUDIT_ACTOR`] and [`MAX_AUDIT_DETAIL`] characters.
    pub async fn audit(
        &self,
        actor: &str,
        kind: &str,
        session_id: Option<&str>,
        contact_id: Option<&str>,
        detail: &str,
    ) {
        // Every caller checks its input; this is the backstop that keeps one entry bounded.
        let bounded = |s: &str, max: usize| s.chars().take(max).collect::<String>();
        let event = AuditEvent {
            at: self.now(),
            actor: bounded(actor, MAX_AUDIT_ACTOR),
            kind: kind.to_string(),
            session_id: session_id.map(str::to_string),
            contact_id: contact_id.map(str::to_string),
            detail: bounded(detail, MAX_AUDIT_DETAIL),
        };
        self.metrics.audited(kind);
        if let Err(e) = self.store.audit(&event).await {
            tracing::error!("audit write failed: {e}");
        }
        self.webhooks.emit(&event);
    }

    pub fn webhook(&self) -> WebhookConfig {
        self.webhooks.config()
    }

    /// Takes one web-contact creation for this visitor at this address (limit key); false when
    /// over its rate.
    pub fn web_contact_allowed(&self, visitor: &str, address: std::net::IpAddr) -> bool {
        self.web_contact_limiter
            .allow(visitor, crate::client_addr::limit_key(address))
    }

    /// `--allow-private-webhooks`: webhook receivers may be on loopback or the private network.
    pub fn allow_private_webhooks(&self, allow: bool) {
        self.webhooks.set_allow_private(allow);
    }

    /// Why this URL may not receive webhooks (a private or unresolvable host), if so.
    pub async fn check_webhook_target(&self, url: &str) -> Result<(), String> {
        self.webhooks.check_target(url).await
    }

    /// Stores where webhooks go (an empty URL turns them off).
    pub async fn set_webhook(&self, config: WebhookConfig) -> Result<(), StoreError> {
        self.store
            .set_setting(
                WEBHOOK_SETTING,
                &serde_json::to_string(&config).expect("config serialises"),
            )
            .await?;
        self.webhooks.set(config);
        Ok(())
    }
}
