//! The Tandem server the scan runs against: the real one (`tandem::serve`), in this process, on
//! a port of its own, with a throw-away SQLite store, the scanned pages' hosts as the company's
//! domains, the company's site settings the scan was given, and one scan agent who starts each
//! session the way an agent does (a phone contact, Start co-browsing, a code). Stops on drop.

use std::net::SocketAddr;

use serde_json::{Value, json};
use tandem_protocol::SiteSettings;
use tokio::sync::oneshot;

use crate::domains::Domains;
use crate::store::{Agent, Right};
use crate::{Config, auth, secret};

pub const SCAN_AGENT: &str = "masking-check";

pub struct ScanServer {
    pub addr: SocketAddr,
    /// The scan agent's sign-in token (also the console's cookie value).
    pub token: String,
    http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for ScanServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A session the scan agent started: its id and the code the customer types.
pub struct Started {
    pub contact: String,
    pub code: String,
}

impl ScanServer {
    pub async fn start(hosts: Vec<String>, settings: SiteSettings) -> Result<ScanServer, String> {
        let dir =
            tempfile::tempdir().map_err(|e| format!("cannot create a temporary store: {e}"))?;
        let mut config = Config::new(format!("sqlite://{}", dir.path().join("scan.db").display()));
        config.domains = Domains::new(hosts);
        let state = crate::build_state(&config)
            .await
            .map_err(|e| format!("cannot start the scan's server: {e}"))?;
        state
            .sessions
            .set_site_settings(settings)
            .await
            .map_err(|e| e.to_string())?;
        let password = secret::token();
        let agent = Agent {
            id: secret::id(),
            username: SCAN_AGENT.into(),
            password_hash: auth::hash_password(&password),
            rights: vec![Right::Cobrowse],
            display_name: String::new(),
        };
        state
            .sessions
            .store()
            .add_agent(&agent, state.sessions.now())
            .await
            .map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot listen: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (tx, rx) = oneshot::channel::<()>();
        let s = state.clone();
        tokio::spawn(async move {
            let _ = crate::serve(listener, s, false, async {
                let _ = rx.await;
            })
            .await;
        });
        let http = reqwest::Client::new();
        let res = http
            .post(format!("http://{addr}/api/login"))
            .json(&json!({"username": SCAN_AGENT, "password": password}))
            .send()
            .await
            .map_err(|e| format!("the scan agent cannot sign in: {e}"))?;
        let body: Value = res.json().await.map_err(|e| e.to_string())?;
        let token = body["token"]
            .as_str()
            .ok_or("the scan agent cannot sign in")?
            .to_string();
        Ok(ScanServer {
            addr,
            token,
            http,
            stop: Some(tx),
            _dir: dir,
        })
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        let res = self
            .http
            .post(format!("{}{path}", self.origin()))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!("{path}: {status} {body}"));
        }
        Ok(body)
    }

    /// A phone contact for `customer` and Start co-browsing on it.
    pub async fn start_session(&self, customer: &str) -> Result<Started, String> {
        let contact = self
            .post(
                "/api/contacts",
                json!({"channel": "phone", "customer": customer}),
            )
            .await?;
        let id = contact["id"].as_str().ok_or("no contact id")?;
        let session = self
            .post(&format!("/api/contacts/{id}/cobrowse"), json!({}))
            .await?;
        Ok(Started {
            contact: id.to_string(),
            code: session["code"].as_str().ok_or("no code")?.to_string(),
        })
    }

    /// Drops the contact, which ends its session: the next page's console shows only its own.
    pub async fn end(&self, started: &Started) {
        let _ = self
            .post(
                &format!("/api/contacts/{}/events", started.contact),
                json!({"type": "drop"}),
            )
            .await;
    }
}
