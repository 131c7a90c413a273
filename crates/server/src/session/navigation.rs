//! Links the agent sends to the customer's browser (Link Menu) and the customer's answer when
//! a link leads outside the company's domains.

use tandem_protocol::{ToAgent, ToCustomer};

use super::{SessionError, Sessions};
use crate::bus::Envelope;
use crate::store::Session;

/// Longest URL accepted for a link or a favourite.
pub const MAX_URL: usize = 2048;

/// Only absolute http and https URLs of reasonable length are links; anything else
/// (`javascript:`, `data:`, relative, malformed) is refused with a message for the agent.
pub fn check_link(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.is_empty() || url.len() > MAX_URL {
        return Err(format!("A link must be 1 to {MAX_URL} characters."));
    }
    let parsed =
        url::Url::parse(url).map_err(|_| "That is not a valid web address.".to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err("Only http and https links can be sent.".to_string());
    }
    Ok(parsed.to_string())
}

impl Sessions {
    /// The agent sends `url`; the customer's tab in front goes there.
    pub async fn push_url(
        &self,
        session: &Session,
        agent: &str,
        url: &str,
    ) -> Result<(), SessionError> {
        self.audit(
            agent,
            "link_sent",
            Some(&session.id),
            Some(&session.contact_id),
            url,
        )
        .await;
        self.bus
            .publish(
                &session.id,
                Envelope::ToCustomer(ToCustomer::Navigate {
                    url: url.to_string(),
                }),
            )
            .await?;
        Ok(())
    }

    /// The customer answered "You are about to be redirected. OK?".
    pub async fn redirect_answered(
        &self,
        session: &Session,
        url: &str,
        accepted: bool,
    ) -> Result<(), SessionError> {
        let kind = if accepted {
            "redirect_accepted"
        } else {
            "redirect_refused"
        };
        self.audit(
            "customer",
            kind,
            Some(&session.id),
            Some(&session.contact_id),
            url,
        )
        .await;
        let msg = ToAgent::RedirectAnswered {
            url: url.to_string(),
            accepted,
        };
        self.bus
            .publish(&session.id, Envelope::ToAgent(msg))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_links_pass() {
        assert_eq!(
            check_link("https://example.com/a b").unwrap(),
            "https://example.com/a%20b"
        );
        assert!(check_link("javascript:alert(1)").is_err());
        assert!(check_link("data:text/html,hi").is_err());
        assert!(check_link("/relative").is_err());
        assert!(check_link("http://").is_err());
        assert!(check_link(&format!("https://e.com/{}", "a".repeat(MAX_URL))).is_err());
    }
}
