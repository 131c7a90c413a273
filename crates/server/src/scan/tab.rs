//! One browser tab as the scan drives it: navigate, evaluate a script, and act as a person
//! does — trusted mouse clicks and typing through DevTools input events, not page-script
//! events a site (or the SDK's consent dialog) could tell apart.

use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::cdp::{Cdp, CdpError, Event};

pub struct Tab {
    cdp: Cdp,
    session: String,
    pub context: String,
}

impl Tab {
    pub(super) fn new(cdp: Cdp, session: String, context: String) -> Tab {
        Tab {
            cdp,
            session,
            context,
        }
    }

    /// This tab's protocol events from now on (one subscriber per tab).
    pub fn events(&self) -> mpsc::UnboundedReceiver<Event> {
        self.cdp.subscribe(&self.session)
    }

    pub async fn call(&self, method: &str, params: Value) -> Result<Value, CdpError> {
        self.cdp.call(Some(&self.session), method, params).await
    }

    /// Loads `url` and waits for its load event (or for 30 s, whichever comes first). Errors
    /// when the page could not be fetched at all.
    pub async fn navigate(&self, url: &str) -> Result<(), CdpError> {
        let r = self.call("Page.navigate", json!({"url": url})).await?;
        if let Some(err) = r.get("errorText").and_then(Value::as_str) {
            return Err(CdpError::Command {
                method: format!("loading {url}"),
                message: err.to_string(),
            });
        }
        self.wait_for(
            "document.readyState === 'complete'",
            Duration::from_secs(30),
        )
        .await;
        Ok(())
    }

    /// Evaluates an expression in the page (promises awaited) and returns its JSON value.
    pub async fn eval(&self, expression: &str) -> Result<Value, CdpError> {
        let r = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            )
            .await?;
        if let Some(ex) = r.get("exceptionDetails") {
            let message = ex
                .pointer("/exception/description")
                .and_then(Value::as_str)
                .or_else(|| ex["text"].as_str())
                .unwrap_or("exception");
            return Err(CdpError::Command {
                method: "Runtime.evaluate".into(),
                message: message.to_string(),
            });
        }
        Ok(r.pointer("/result/value").cloned().unwrap_or(Value::Null))
    }

    /// Polls `condition` until it is true; false if it never became true in `limit`.
    pub async fn wait_for(&self, condition: &str, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Ok(Value::Bool(true)) = self.eval(&format!("!!({condition})")).await {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn move_mouse(&self, x: f64, y: f64) -> Result<(), CdpError> {
        self.call(
            "Input.dispatchMouseEvent",
            json!({"type": "mouseMoved", "x": x, "y": y}),
        )
        .await
        .map(|_| ())
    }

    pub async fn click(&self, x: f64, y: f64) -> Result<(), CdpError> {
        self.move_mouse(x, y).await?;
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            )
            .await?;
        }
        Ok(())
    }

    /// Types into the focused element as a keyboard or IME would.
    pub async fn type_text(&self, text: &str) -> Result<(), CdpError> {
        self.call("Input.insertText", json!({"text": text}))
            .await
            .map(|_| ())
    }

    pub async fn scroll(&self, x: f64, y: f64, delta_y: f64) -> Result<(), CdpError> {
        self.call(
            "Input.dispatchMouseEvent",
            json!({"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": delta_y}),
        )
        .await
        .map(|_| ())
    }

    /// A PNG of the viewport, or of `clip` (x, y, width, height in CSS pixels).
    pub async fn screenshot(
        &self,
        clip: Option<(f64, f64, f64, f64)>,
    ) -> Result<Vec<u8>, CdpError> {
        let mut params = json!({"format": "png"});
        if let Some((x, y, width, height)) = clip {
            params["clip"] = json!({"x": x, "y": y, "width": width, "height": height, "scale": 1});
        }
        let r = self.call("Page.captureScreenshot", params).await?;
        let data = r["data"].as_str().unwrap_or_default();
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| CdpError::Command {
                method: "Page.captureScreenshot".into(),
                message: e.to_string(),
            })
    }

    pub async fn close(&self) {
        let _ = self
            .cdp
            .call(
                None,
                "Target.disposeBrowserContext",
                json!({"browserContextId": self.context}),
            )
            .await;
    }
}
