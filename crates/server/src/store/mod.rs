//! The store: everything that must outlive a process or be shared by several nodes — agents,
//! sign-in tokens, contacts, sessions with their one-time codes, and the audit log.
//!
//! The [`Store`] trait has no SQL in it. One implementation (`sql.rs`) runs the same statements
//! on both databases; each backend module (`sqlite.rs`, `postgres.rs`) opens and migrates its
//! own, and says the little its SQL does differently. The backend is picked once, from the
//! database URL, by [`open`]. State changes that race between sockets or
//! nodes (code redemption, session transitions) are single compare-and-set statements, so the
//! database is the arbiter and no lock is held across an await.

mod personal_data;
mod postgres;
mod sql;
mod sqlite;
pub mod stats;

use std::sync::Arc;

use async_trait::async_trait;
use tandem_protocol::{EndedBy, SessionState};

pub use personal_data::{Erased, PurgeBefore, Purged};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// Rights an agent can hold, stored as a comma-separated list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    Cobrowse,
    RemoteControl,
    Admin,
}

impl Right {
    pub fn as_str(self) -> &'static str {
        match self {
            Right::Cobrowse => "cobrowse",
            Right::RemoteControl => "remote-control",
            Right::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Right> {
        match s.trim() {
            "cobrowse" => Some(Right::Cobrowse),
            "remote-control" => Some(Right::RemoteControl),
            "admin" => Some(Right::Admin),
            _ => None,
        }
    }
}

/// Longest agent username (sign-in refuses longer ones before looking them up).
pub const MAX_USERNAME: usize = 64;

#[derive(Debug, Clone)]
pub struct Agent {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub rights: Vec<Right>,
    /// The name customers and colleagues see, set by an admin; empty means the username.
    pub display_name: String,
}

impl Agent {
    pub fn has(&self, right: Right) -> bool {
        self.rights.contains(&right)
    }

    /// A display name as an admin typed it, trimmed; at most 80 characters, no control
    /// characters. Empty means "use the username".
    pub fn check_display_name(typed: &str) -> Result<String, String> {
        let name = typed.trim();
        if name.chars().count() > 80 || name.chars().any(char::is_control) {
            return Err(
                "a display name is at most 80 characters, without control characters".into(),
            );
        }
        Ok(name.to_string())
    }

    /// The name to show people: the display name, or the username when none is set.
    pub fn name(&self) -> &str {
        if self.display_name.is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Contact {
    pub id: String,
    pub channel: String,
    pub customer: String,
    pub agent_id: String,
    pub created_at: i64,
    /// The customer's browser, once known; a secret of the customer's, never sent to clients.
    #[serde(skip)]
    pub visitor_id: Option<String>,
    /// `open` or `ended`.
    pub state: String,
    /// Transferred or requeued since the last start: the next start asks the customer directly.
    pub handed_over: bool,
    /// Where the call stands: `talking`, `parked`, `enquiry`, `alternate` or `conference`.
    pub phase: String,
}

impl Contact {
    pub fn is_open(&self) -> bool {
        self.state == "open"
    }

    /// Started on the company's website: the customer is known without a code.
    pub fn is_web(&self) -> bool {
        matches!(self.channel.as_str(), "chat" | "callback")
    }
}

/// One line of a web chat.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ChatLine {
    pub at: i64,
    /// `customer` or `agent`.
    pub sender: String,
    pub text: String,
    /// The agent who wrote an agent's line (username), so a colleague who receives the
    /// contact sees who said what.
    pub agent: Option<String>,
    /// That agent's display name when they wrote it.
    pub agent_name: Option<String>,
}

/// What to look for in the audit log; every field narrows.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
pub struct AuditFilter {
    pub session_id: Option<String>,
    pub contact_id: Option<String>,
    pub actor: Option<String>,
    pub kind: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub contact_id: String,
    pub agent_id: String,
    pub state: SessionState,
    pub code: Option<String>,
    pub code_expires_at: Option<i64>,
    pub ended_by: Option<EndedBy>,
}

/// A new session to record; `code` is present when the customer must type one.
pub struct NewSession<'a> {
    pub id: &'a str,
    pub contact_id: &'a str,
    pub agent_id: &'a str,
    pub state: SessionState,
    pub code: Option<&'a str>,
    pub code_expires_at: Option<i64>,
    pub now: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct AuditEvent {
    pub at: i64,
    pub actor: String,
    pub kind: String,
    pub session_id: Option<String>,
    pub contact_id: Option<String>,
    pub detail: String,
}

/// A saved link of the Link Menu: an agent's own, or the company's (`agent_id` None).
#[derive(
    Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema, sqlx::FromRow,
)]
pub struct Favourite {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL: {0}")]
    UnsupportedUrl(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// What a password change does to the agent's existing sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIns {
    /// A new password ends every sign-in made with the old one (`tandem agent add` again).
    End,
    /// The demo server's fresh password at each start: the signed-in console carries on across
    /// the restart (ARCHITECTURE.md §4.7).
    Keep,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    async fn add_agent(&self, agent: &Agent, now: i64) -> StoreResult<()>;
    /// Changes an agent's password and rights; `sign_ins` says whether the agent's sign-ins end.
    async fn set_agent_password(
        &self,
        username: &str,
        password_hash: &str,
        rights: &[Right],
        sign_ins: SignIns,
    ) -> StoreResult<bool>;
    async fn agent_by_username(&self, username: &str) -> StoreResult<Option<Agent>>;
    async fn agent_by_id(&self, id: &str) -> StoreResult<Option<Agent>>;
    /// The agent an OpenID Provider's person (`issuer`, `subject`) signed in as before.
    async fn agent_by_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<Agent>>;
    /// Adds an agent bound to that person, in one transaction; `Err(Conflict)` when the username
    /// or the person is taken already.
    async fn add_agent_with_identity(
        &self,
        agent: &Agent,
        issuer: &str,
        subject: &str,
        now: i64,
    ) -> StoreResult<()>;

    async fn add_token(&self, token_hash: &str, agent_id: &str, expires_at: i64)
    -> StoreResult<()>;
    async fn agent_by_token(&self, token_hash: &str, now: i64) -> StoreResult<Option<Agent>>;
    async fn remove_token(&self, token_hash: &str) -> StoreResult<()>;

    async fn add_contact(&self, contact: &Contact) -> StoreResult<()>;
    async fn contact(&self, id: &str) -> StoreResult<Option<Contact>>;
    async fn contacts_of_agent(&self, agent_id: &str) -> StoreResult<Vec<Contact>>;
    async fn set_contact_visitor(&self, contact_id: &str, visitor_id: &str) -> StoreResult<()>;
    async fn open_contacts_of_visitor(&self, visitor_id: &str) -> StoreResult<Vec<Contact>>;
    /// Gives the contact to another agent, marks it handed over and back to talking.
    async fn hand_over_contact(&self, contact_id: &str, agent_id: &str) -> StoreResult<()>;
    async fn clear_handed_over(&self, contact_id: &str) -> StoreResult<()>;
    /// Ends an open contact; false if it had ended already.
    async fn end_contact(&self, contact_id: &str) -> StoreResult<bool>;
    /// The agent with the cobrowse right and the fewest open contacts (routing of web contacts).
    async fn least_busy_agent(&self) -> StoreResult<Option<Agent>>;
    async fn agents(&self) -> StoreResult<Vec<Agent>>;
    async fn set_agent_rights(&self, username: &str, rights: &[Right]) -> StoreResult<bool>;
    /// Sets the name people see (empty: the username); false if there is no such agent.
    async fn set_agent_display_name(&self, username: &str, display_name: &str)
    -> StoreResult<bool>;
    /// Moves an open contact's call phase to `to` only if it is in one of `from`.
    async fn set_contact_phase(
        &self,
        contact_id: &str,
        from: &[&str],
        to: &str,
    ) -> StoreResult<bool>;

    async fn add_chat(&self, contact_id: &str, line: &ChatLine) -> StoreResult<()>;
    async fn chat_of_contact(&self, contact_id: &str) -> StoreResult<Vec<ChatLine>>;

    /// Records that a visitor's browser cannot co-browse (`why`), or that it can (`None`).
    async fn set_visitor_support(
        &self,
        visitor_id: &str,
        unsupported: Option<&str>,
        now: i64,
    ) -> StoreResult<()>;
    async fn visitor_unsupported(&self, visitor_id: &str) -> StoreResult<Option<String>>;
    /// Binds a visitor id to the hash of the secret its browser holds, unless it is bound
    /// already (atomically, across nodes): true when this call bound it.
    async fn bind_visitor(
        &self,
        visitor_id: &str,
        secret_hash: &str,
        now: i64,
    ) -> StoreResult<bool>;
    /// The hash of the secret a visitor id is bound to, if it is bound.
    async fn visitor_secret_hash(&self, visitor_id: &str) -> StoreResult<Option<String>>;

    /// Records a session; `Err(Conflict)` when its code is already live (pick another).
    async fn add_session(&self, session: NewSession<'_>) -> StoreResult<()>;
    async fn session(&self, id: &str) -> StoreResult<Option<Session>>;
    /// The newest session of a contact, if any.
    async fn latest_session_of_contact(&self, contact_id: &str) -> StoreResult<Option<Session>>;
    /// Atomically uses a live, unexpired code: at most one caller, on any node, gets the session.
    async fn redeem_code(&self, code: &str, now: i64) -> StoreResult<Option<Session>>;
    /// Moves a session to `to` only if it is in one of `from`; returns the session if it moved.
    async fn transition(
        &self,
        id: &str,
        from: &[SessionState],
        to: SessionState,
        ended_by: Option<EndedBy>,
        now: i64,
    ) -> StoreResult<Option<Session>>;
    async fn set_customer_token(&self, id: &str, token_hash: &str) -> StoreResult<()>;
    async fn session_by_customer_token(&self, token_hash: &str) -> StoreResult<Option<Session>>;

    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;
    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()>;

    /// How many sessions the store holds in each state (states with none are left out).
    async fn count_sessions_by_state(&self) -> StoreResult<Vec<(SessionState, u64)>>;

    /// What each session created at or after `since` came to, oldest first (at most
    /// [`stats::MAX_SESSIONS`]).
    async fn session_facts(&self, since: i64) -> StoreResult<Vec<stats::SessionFacts>>;

    /// The favourites of an agent, or of the company with `None`, in their order.
    async fn favourites(&self, agent_id: Option<&str>) -> StoreResult<Vec<Favourite>>;
    /// Replaces the whole list in one transaction: an edit is saved entirely or not at all.
    async fn replace_favourites(
        &self,
        agent_id: Option<&str>,
        list: &[Favourite],
    ) -> StoreResult<()>;

    /// The company's invitation rules, in their order.
    async fn invitation_rules(&self) -> StoreResult<Vec<tandem_protocol::InvitationRule>>;
    /// Replaces the whole list in one transaction.
    async fn replace_invitation_rules(
        &self,
        rules: &[tandem_protocol::InvitationRule],
    ) -> StoreResult<()>;
    /// One more `event` (shown, accepted, declined) of the rule (or `agent`, `site`).
    async fn count_invitation(&self, rule_id: &str, event: &str) -> StoreResult<()>;
    /// Every (rule, event, count) counted so far.
    async fn invitation_counts(&self) -> StoreResult<Vec<(String, String, u64)>>;

    async fn audit(&self, event: &AuditEvent) -> StoreResult<()>;
    async fn audit_of_session(&self, session_id: &str) -> StoreResult<Vec<AuditEvent>>;
    /// Audit events matching the filter, oldest first.
    async fn audit_query(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEvent>>;

    /// Removes what is older than the cut-offs (retention), in one transaction.
    async fn purge(&self, before: &PurgeBefore) -> StoreResult<Purged>;
    /// Removes one contact and everything stored about its customer: chat, sessions, the
    /// browser record, the details of audit entries about it. `None` if there is no such contact.
    async fn erase_contact(&self, contact_id: &str) -> StoreResult<Option<Erased>>;
}

/// Opens the store named by `url` (`sqlite://…` or `postgres://…`), creating and migrating it
/// as needed. The backend is chosen here, once.
pub async fn open(url: &str) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(PostgresStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(
            url.split(':').next().unwrap_or("").to_string(),
        ))
    }
}

pub(crate) fn rights_to_string(rights: &[Right]) -> String {
    rights
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn rights_from_string(s: &str) -> Vec<Right> {
    s.split(',').filter_map(Right::parse).collect()
}
