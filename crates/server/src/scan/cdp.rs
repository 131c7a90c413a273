//! A small Chrome DevTools Protocol client: one WebSocket to the browser, commands matched to
//! their answers by id, events handed to whoever subscribed to that target's session.
//!
//! Why not chromiumoxide: its generated bindings for the whole protocol take minutes and
//! gigabytes to compile, on a 2-core machine shared by a team, for the dozen commands the scan
//! uses; this client is ~150 lines over the tokio-tungstenite the server already depends on.
//! Sessions are "flattened" (`Target.attachToTarget {flatten: true}`): every message for a page
//! travels on the one socket, tagged with its `sessionId`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// How long one command may take before the scan gives up on the browser.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum CdpError {
    #[error("cannot reach the browser: {0}")]
    Connect(String),
    #[error("the browser went away")]
    Closed,
    #[error("{method} timed out")]
    Timeout { method: String },
    #[error("{method} failed: {message}")]
    Command { method: String, message: String },
}

/// One protocol event: its method and params.
#[derive(Debug, Clone)]
pub struct Event {
    pub method: String,
    pub params: Value,
}

type Pending = HashMap<u64, oneshot::Sender<Result<Value, String>>>;

/// The browser connection; cheap to clone.
#[derive(Clone)]
pub struct Cdp {
    out: mpsc::UnboundedSender<Message>,
    next_id: Arc<AtomicU64>,
    /// Answers awaited, by command id. Locked only to insert or take one entry.
    pending: Arc<Mutex<Pending>>,
    /// Event listeners, by session id ("" for the browser itself). Locked only briefly.
    listeners: Arc<Mutex<HashMap<String, mpsc::UnboundedSender<Event>>>>,
}

impl Cdp {
    pub async fn connect(ws_url: &str) -> Result<Cdp, CdpError> {
        let (ws, _) = tokio_tungstenite::connect_async(ws_url)
            .await
            .map_err(|e| CdpError::Connect(e.to_string()))?;
        let (mut sink, mut stream) = ws.split();
        let (out, mut out_rx) = mpsc::unbounded_channel::<Message>();
        let cdp = Cdp {
            out,
            next_id: Arc::new(AtomicU64::new(1)),
            pending: Arc::default(),
            listeners: Arc::default(),
        };
        tokio::spawn(async move {
            while let Some(m) = out_rx.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        let reader = cdp.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = stream.next().await {
                let Message::Text(text) = msg else { continue };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                reader.dispatch(v);
            }
            // The browser is gone: fail everything still waiting.
            reader.pending.lock().unwrap().clear();
            reader.listeners.lock().unwrap().clear();
        });
        Ok(cdp)
    }

    fn dispatch(&self, v: Value) {
        if let Some(id) = v.get("id").and_then(Value::as_u64) {
            if let Some(tx) = self.pending.lock().unwrap().remove(&id) {
                let answer = match v.get("error") {
                    Some(e) => Err(e
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("error")
                        .to_string()),
                    None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
                };
                let _ = tx.send(answer);
            }
            return;
        }
        let Some(method) = v.get("method").and_then(Value::as_str) else {
            return;
        };
        let session = v
            .get("sessionId")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if let Some(tx) = self.listeners.lock().unwrap().get(&session) {
            let _ = tx.send(Event {
                method: method.to_string(),
                params: v.get("params").cloned().unwrap_or(Value::Null),
            });
        }
    }

    /// Sends a command to the browser (`session` None) or to an attached page.
    pub async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, CdpError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.out
            .send(Message::Text(msg.to_string().into()))
            .map_err(|_| CdpError::Closed)?;
        match tokio::time::timeout(COMMAND_TIMEOUT, rx).await {
            Err(_) => {
                self.pending.lock().unwrap().remove(&id);
                Err(CdpError::Timeout {
                    method: method.into(),
                })
            }
            Ok(Err(_)) => Err(CdpError::Closed),
            Ok(Ok(Err(message))) => Err(CdpError::Command {
                method: method.into(),
                message,
            }),
            Ok(Ok(Ok(v))) => Ok(v),
        }
    }

    /// Events of one attached page, from now on.
    pub fn subscribe(&self, session: &str) -> mpsc::UnboundedReceiver<Event> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.listeners
            .lock()
            .unwrap()
            .insert(session.to_string(), tx);
        rx
    }
}
