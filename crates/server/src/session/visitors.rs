//! Who a customer socket is: a web visitor is named by a public id (the SDK's
//! `Tandem.visitorId()`, which integrations pass to the API), but only the browser holding the
//! secret the server issued for that id is that visitor. The first browser to say an unbound id
//! gets a fresh secret (kept only as a hash); every later connection must present it. Without
//! it a socket gets nothing of the visitor's: no chat, no direct consent offer, no contacts.

use super::{SessionError, Sessions};
use crate::secret;

/// What a `hello` makes of a socket.
#[derive(Debug, PartialEq)]
pub enum VisitorIdentity {
    /// The secret matches: this socket is the visitor.
    Known,
    /// The id was unbound and is now bound to this browser: give it `secret`.
    Issued(String),
    /// The id belongs to another browser.
    Refused,
}

impl Sessions {
    pub async fn identify_visitor(
        &self,
        visitor: &str,
        secret: Option<&str>,
    ) -> Result<VisitorIdentity, SessionError> {
        let stored = self.store.visitor_secret_hash(visitor).await?;
        match (stored, secret) {
            (Some(hash), Some(s)) if secret::hash_token(s) == hash => Ok(VisitorIdentity::Known),
            (Some(_), _) => Ok(VisitorIdentity::Refused),
            // A secret for an id the store does not know (a store that was reset): bind it.
            (None, Some(s)) if is_secret(s) => {
                if self
                    .store
                    .bind_visitor(visitor, &secret::hash_token(s), self.now())
                    .await?
                {
                    Ok(VisitorIdentity::Known)
                } else {
                    Ok(VisitorIdentity::Refused)
                }
            }
            (None, _) => {
                let issued = secret::token();
                if self
                    .store
                    .bind_visitor(visitor, &secret::hash_token(&issued), self.now())
                    .await?
                {
                    Ok(VisitorIdentity::Issued(issued))
                } else {
                    // Another browser bound it first.
                    Ok(VisitorIdentity::Refused)
                }
            }
        }
    }
}

/// Secrets are the server's 256-bit tokens in hex.
fn is_secret(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}
