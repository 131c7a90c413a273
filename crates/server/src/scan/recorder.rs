//! Watches the customer's tab: keeps every WebSocket frame the page sends to the scan's Tandem
//! server and every HTTP request it makes there (what would leave the browser for an agent), and
//! makes the page load this server's SDK. Site pages name their own Tandem server in the script
//! tag (or none yet), so each HTML document is rewritten on its way in: the tag's address points
//! here, or the tag is added to the top page when it has none. Its CSP header is dropped, since
//! it names the site's Tandem server and not the scan's.
//!
//! Recording is bounded: past `MAX_BYTES` the scan stops keeping frames and says so.

use std::sync::{Arc, Mutex};

use base64::Engine;
use regex::Regex;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::cdp::Event;
use super::outgoing::Sent;
use super::tab::Tab;

const MAX_BYTES: usize = 256 << 20;

#[derive(Default)]
pub struct Recording {
    pub sent: Vec<Sent>,
    pub bytes: usize,
    pub truncated: bool,
}

/// Shared between the event pump and the scan; locked only to push or to read.
pub type Shared = Arc<Mutex<Recording>>;

/// Starts the pump for this tab. `server` is the scan server's origin (`http://127.0.0.1:N`).
pub async fn start(
    tab: Arc<Tab>,
    mut events: mpsc::UnboundedReceiver<Event>,
    server: String,
) -> Result<Shared, String> {
    let frame_tree = tab
        .call("Page.getFrameTree", Value::Null)
        .await
        .map_err(|e| e.to_string())?;
    let main_frame = frame_tree
        .pointer("/frameTree/frame/id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    tab.call("Network.enable", json!({}))
        .await
        .map_err(|e| e.to_string())?;
    tab.call("Fetch.enable", json!({"patterns": [{"urlPattern": "*", "resourceType": "Document", "requestStage": "Response"}]}))
        .await
        .map_err(|e| e.to_string())?;
    let shared: Shared = Arc::default();
    let recording = shared.clone();
    tokio::spawn(async move {
        let mut ours: std::collections::HashSet<String> = Default::default();
        while let Some(ev) = events.recv().await {
            match ev.method.as_str() {
                "Fetch.requestPaused" => {
                    let tab = tab.clone();
                    let server = server.clone();
                    let top = ev.params["frameId"].as_str() == Some(main_frame.as_str());
                    tokio::spawn(async move { rewrite(&tab, &ev.params, &server, top).await });
                }
                "Network.webSocketCreated"
                    if ev.params["url"].as_str().is_some_and(|u| {
                        u.replace("ws://", "http://")
                            .replace("wss://", "https://")
                            .starts_with(&server)
                    }) =>
                {
                    ours.insert(
                        ev.params["requestId"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    );
                }
                "Network.webSocketFrameSent"
                    if ours.contains(ev.params["requestId"].as_str().unwrap_or_default()) =>
                {
                    let payload = ev
                        .params
                        .pointer("/response/payloadData")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let sent = match ev
                        .params
                        .pointer("/response/opcode")
                        .and_then(Value::as_u64)
                    {
                        Some(2) => Sent::Binary(
                            base64::engine::general_purpose::STANDARD
                                .decode(payload)
                                .unwrap_or_default(),
                        ),
                        _ => Sent::Text(payload.to_string()),
                    };
                    keep(&recording, sent);
                }
                "Network.requestWillBeSent" => {
                    let url = ev
                        .params
                        .pointer("/request/url")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    if url.starts_with(&server) {
                        let body = ev
                            .params
                            .pointer("/request/postData")
                            .and_then(Value::as_str)
                            .unwrap_or_default();
                        keep(&recording, Sent::Request(url.to_string(), body.to_string()));
                    }
                }
                "Network.loadingFailed" => {
                    tracing::debug!("customer page: a load failed: {}", ev.params)
                }
                _ => {}
            }
        }
    });
    Ok(shared)
}

fn keep(recording: &Shared, sent: Sent) {
    let size = match &sent {
        Sent::Text(t) => t.len(),
        Sent::Binary(b) => b.len(),
        Sent::Request(u, b) => u.len() + b.len(),
    };
    let mut r = recording.lock().unwrap();
    if r.bytes + size > MAX_BYTES {
        r.truncated = true;
        return;
    }
    r.bytes += size;
    r.sent.push(sent);
}

/// Points an HTML document's SDK tag at the scan's server (adding one to the top page), and
/// lets everything else through unchanged.
async fn rewrite(tab: &Tab, paused: &Value, server: &str, top: bool) {
    let id = paused["requestId"].as_str().unwrap_or_default();
    let headers: Vec<Value> = paused["responseHeaders"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let header = |name: &str| {
        headers
            .iter()
            .find(|h| {
                h["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .and_then(|h| h["value"].as_str())
    };
    let html = header("content-type").is_some_and(|c| c.contains("html"));
    let status = paused["responseStatusCode"].as_u64();
    if !html || status.is_none() {
        if let Err(e) = tab
            .call("Fetch.continueRequest", json!({"requestId": id}))
            .await
        {
            tracing::debug!(
                "continue {}: {e}",
                paused
                    .pointer("/request/url")
                    .unwrap_or(&serde_json::Value::Null)
            );
        }
        return;
    }
    let body = match tab
        .call("Fetch.getResponseBody", json!({"requestId": id}))
        .await
    {
        Ok(b) => b,
        Err(_) => {
            let _ = tab
                .call("Fetch.continueRequest", json!({"requestId": id}))
                .await;
            return;
        }
    };
    let raw = body["body"].as_str().unwrap_or_default();
    let bytes = if body["base64Encoded"].as_bool() == Some(true) {
        base64::engine::general_purpose::STANDARD
            .decode(raw)
            .unwrap_or_default()
    } else {
        raw.as_bytes().to_vec()
    };
    let page = with_sdk(&String::from_utf8_lossy(&bytes), server, top);
    let kept: Vec<Value> = headers
        .iter()
        .filter(|h| {
            let n = h["name"].as_str().unwrap_or_default().to_ascii_lowercase();
            !matches!(
                n.as_str(),
                "content-security-policy" | "content-length" | "content-encoding"
            )
        })
        .cloned()
        .collect();
    let fulfilled = tab
        .call(
            "Fetch.fulfillRequest",
            json!({"requestId": id, "responseCode": status, "responseHeaders": kept, "body": base64::engine::general_purpose::STANDARD.encode(page)}),
        )
        .await;
    if let Err(e) = fulfilled {
        tracing::debug!(
            "rewrite {}: {e}",
            paused
                .pointer("/request/url")
                .unwrap_or(&serde_json::Value::Null)
        );
    }
}

/// The page with its Tandem script tags pointing at `server`; the top page gets one if it has none.
pub fn with_sdk(page: &str, server: &str, top: bool) -> String {
    let tag = Regex::new(r#"(<script\b[^>]*\bsrc\s*=\s*["']?)[^"' >]*(/sdk/tandem\.js)"#)
        .expect("pattern");
    if tag.is_match(page) {
        return tag
            .replace_all(page, format!("${{1}}{server}${{2}}"))
            .into_owned();
    }
    if !top {
        return page.to_string();
    }
    let script = format!(r#"<script src="{server}/sdk/tandem.js" defer></script>"#);
    match page.find("</head>").or_else(|| page.find("</HEAD>")) {
        Some(at) => format!("{}{script}{}", &page[..at], &page[at..]),
        None => format!("{script}{page}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_sdk;

    #[test]
    fn points_the_sdk_here_or_adds_it() {
        let s = "http://127.0.0.1:9";
        assert_eq!(
            with_sdk(r#"<script src="/sdk/tandem.js" defer></script>"#, s, true),
            r#"<script src="http://127.0.0.1:9/sdk/tandem.js" defer></script>"#
        );
        assert_eq!(
            with_sdk(
                r#"<script defer src='https://cobrowse.bank.example/sdk/tandem.js'></script>"#,
                s,
                true
            ),
            r#"<script defer src='http://127.0.0.1:9/sdk/tandem.js'></script>"#
        );
        assert!(
            with_sdk("<head></head><p>x", s, true).contains(
                r#"<script src="http://127.0.0.1:9/sdk/tandem.js" defer></script></head>"#
            )
        );
        assert_eq!(with_sdk("<p>frame</p>", s, false), "<p>frame</p>");
    }
}
