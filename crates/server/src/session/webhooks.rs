//! Signed webhooks for integrations: session started, consent answered, interrupted, resumed
//! and ended are POSTed as JSON to the company's webhook URL, signed with HMAC-SHA256 over
//! `"{timestamp}.{body}"` (headers `X-Tandem-Timestamp`, `X-Tandem-Signature: sha256=HEX`), so
//! a receiver can check origin and freshness. Delivery is in the background, with a few retries;
//! a failing receiver never slows a session down. Each delivery goes only to a checked public
//! address ([`super::webhook_target`]) and never follows a redirect.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::store::AuditEvent;

pub const WEBHOOK_SETTING: &str = "webhook";

/// Where webhooks go. An empty URL turns them off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct WebhookConfig {
    pub url: String,
    pub secret: String,
}

/// The event names an integration receives, from the audit events that cause them.
pub fn event_name(audit_kind: &str) -> Option<&'static str> {
    Some(match audit_kind {
        "session_started" => "session.started",
        "consent_given" | "consent_declined" => "consent.answered",
        "interrupted" => "session.interrupted",
        "resumed" => "session.resumed",
        "session_ended" => "session.ended",
        _ => return None,
    })
}

pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[derive(Clone, Default)]
pub struct Webhooks {
    config: Arc<RwLock<WebhookConfig>>,
    /// `--allow-private-webhooks`: receivers on loopback or the private network are allowed.
    allow_private: Arc<AtomicBool>,
}

/// An HTTP client that reaches `url`'s host only at `addrs` (already checked) and never
/// follows a redirect.
fn pinned_client(
    url: &url::Url,
    addrs: &[std::net::SocketAddr],
) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(url::Host::Domain(host)) = url.host() {
        builder = builder.resolve_to_addrs(host, addrs);
    }
    builder.build().map_err(|e| e.to_string())
}

impl Webhooks {
    pub fn config(&self) -> WebhookConfig {
        self.config
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set(&self, config: WebhookConfig) {
        *self.config.write().unwrap_or_else(|p| p.into_inner()) = config;
    }

    pub fn set_allow_private(&self, allow: bool) {
        self.allow_private.store(allow, Ordering::Relaxed);
    }

    /// Why `url` may not receive webhooks, if it may not (checked when an admin sets it; every
    /// delivery checks again, as the host's addresses may change).
    pub async fn check_target(&self, url: &str) -> Result<(), String> {
        let url = url::Url::parse(url).map_err(|e| e.to_string())?;
        super::webhook_target::resolve(&url, self.allow_private.load(Ordering::Relaxed))
            .await
            .map(|_| ())
    }

    /// Sends the webhook an audit event calls for, if any, in the background.
    pub fn emit(&self, event: &AuditEvent) {
        let Some(name) = event_name(&event.kind) else {
            return;
        };
        let config = self.config();
        if config.url.is_empty() {
            return;
        }
        let body = serde_json::json!({
            "event": name,
            "at": event.at,
            "session_id": event.session_id,
            "contact_id": event.contact_id,
            "actor": event.actor,
            "detail": event.detail,
            "accepted": match event.kind.as_str() { "consent_given" => Some(true), "consent_declined" => Some(false), _ => None },
        })
        .to_string();
        let allow_private = self.allow_private.load(Ordering::Relaxed);
        tokio::spawn(async move {
            let Ok(url) = url::Url::parse(&config.url) else {
                return;
            };
            let client = match super::webhook_target::resolve(&url, allow_private)
                .await
                .and_then(|addrs| pinned_client(&url, &addrs))
            {
                Ok(c) => c,
                Err(e) => return tracing::warn!("webhook {name} not sent: {e}"),
            };
            for attempt in 0..3u32 {
                let timestamp = event_time();
                let res = client
                    .post(url.clone())
                    .header("content-type", "application/json")
                    .header("x-tandem-event", name)
                    .header("x-tandem-timestamp", timestamp.to_string())
                    .header("x-tandem-signature", sign(&config.secret, timestamp, &body))
                    .body(body.clone())
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => return,
                    Ok(r) => {
                        tracing::warn!(status = %r.status(), "webhook {name} refused (attempt {})", attempt + 1)
                    }
                    Err(e) => {
                        tracing::warn!("webhook {name} failed (attempt {}): {e}", attempt + 1)
                    }
                }
                tokio::time::sleep(Duration::from_millis(500 * 4u64.pow(attempt))).await;
            }
        });
    }
}

fn event_time() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_and_body() {
        // Known answer, computed outside the code: `printf '%s' '1.{}' | openssl dgst -sha256 -hmac key`.
        let s = sign("key", 1, "{}");
        assert_eq!(
            s,
            "sha256=1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"
        );
        assert_ne!(s, sign("key", 2, "{}"));
        assert_ne!(s, sign("other", 1, "{}"));
    }

    #[test]
    fn only_lifecycle_events_become_webhooks() {
        assert_eq!(event_name("consent_declined"), Some("consent.answered"));
        assert_eq!(event_name("link_sent"), None);
    }
}
