//! What the store does with personal data on request: retention (everything older than a
//! company's limits goes, in one pass) and erasure (one customer's contact and everything
//! stored about it). Both run in one transaction per call, so a pass is whole or not at all.

/// Cut-off times (Unix ms): what is older goes. `None` keeps that kind of data for ever.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeBefore {
    /// Ended contacts created before this, with their chat, sessions and browsers (visitors).
    pub contacts: Option<i64>,
    /// Finished sessions (ended, declined, or of an ended contact) last changed before this.
    pub sessions: Option<i64>,
    /// Chat lines written before this.
    pub chat: Option<i64>,
    /// Audit entries written before this.
    pub audit: Option<i64>,
}

/// How much one retention pass removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Purged {
    pub contacts: u64,
    pub sessions: u64,
    pub chat_lines: u64,
    pub visitors: u64,
    pub audit_entries: u64,
}

/// What erasing one contact removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Erased {
    pub contact_id: String,
    pub sessions: u64,
    pub chat_lines: u64,
    /// Whether the customer's browser record (visitor) was removed.
    pub visitor: bool,
    /// Audit entries about the contact or its sessions whose details were blanked (the entries
    /// stay, so the log still says what happened, without what named the customer).
    pub audit_details: u64,
}

impl Erased {
    /// What went, in words for the audit log (counts only: nothing that names the customer).
    pub fn summary(&self) -> String {
        format!(
            "erased: the contact, {} sessions, {} chat lines, {}; {} audit details blanked",
            self.sessions,
            self.chat_lines,
            if self.visitor {
                "the browser record"
            } else {
                "no browser record"
            },
            self.audit_details
        )
    }
}
