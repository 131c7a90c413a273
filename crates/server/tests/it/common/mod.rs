//! A real Tandem server on port 0 for integration tests, with helpers that act as an agent
//! (HTTP API, agent socket) and as a customer (customer socket from an allowed origin).
//! The server stops when the `TestServer` is dropped; its clock can be moved forward.
#![allow(dead_code)]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tandem::clock::Clock;
use tandem::domains::Domains;
use tandem::store::{Agent, Right};
use tandem::{Config, auth, secret};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Bytes, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const SITE: &str = "http://shop.example.com";

pub struct TestServer {
    pub addr: std::net::SocketAddr,
    pub clock: Clock,
    pub state: tandem::AppState,
    pub dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    /// The serving task: done once the server has drained after `stop`.
    serving: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(tune: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        Self::start_in(dir, tune).await
    }

    /// Starts on an existing data folder (restart tests).
    pub async fn start_in(dir: tempfile::TempDir, tune: impl FnOnce(&mut Config)) -> TestServer {
        let config = Config::new(format!(
            "sqlite://{}",
            dir.path().join("tandem.db").display()
        ));
        Self::start_config(dir, config, tune).await
    }

    /// Starts with a configuration of the test's own (another database, a NATS bus).
    pub async fn start_config(
        dir: tempfile::TempDir,
        mut config: Config,
        tune: impl FnOnce(&mut Config),
    ) -> TestServer {
        config.domains = Domains::new(["example.com".to_string()]);
        tune(&mut config);
        let clock = config.clock.clone();
        let state = tandem::build_state(&config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let s = state.clone();
        let demo = config.demo;
        let serving = tokio::spawn(async move {
            tandem::serve(listener, s, demo, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        TestServer {
            addr,
            clock,
            state,
            dir,
            stop: Some(tx),
            serving: Some(serving),
        }
    }

    /// Stops the server and hands back its data folder.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let dir = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, dir)
    }

    /// Begins the shutdown a SIGTERM begins (the node drains); returns at once.
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Waits until the server has drained and stopped serving (after [`Self::begin_shutdown`]).
    pub async fn stopped(&mut self) {
        if let Some(serving) = self.serving.take() {
            serving.await.unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Adds an agent straight to the store and signs in through the API.
    pub async fn agent(&self, name: &str, rights: &[Right]) -> ApiAgent {
        let agent = Agent {
            id: secret::id(),
            username: name.into(),
            password_hash: auth::hash_password("password123"),
            rights: rights.to_vec(),
            display_name: String::new(),
        };
        self.state
            .sessions
            .store()
            .add_agent(&agent, 0)
            .await
            .unwrap();
        self.sign_in(name).await
    }

    /// Signs in through the API as an agent that already exists (password "password123").
    pub async fn sign_in(&self, name: &str) -> ApiAgent {
        let http = reqwest::Client::new();
        let res = http
            .post(self.url("/api/login"))
            .json(&serde_json::json!({"username": name, "password": "password123"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{name} can sign in");
        let token = res.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string();
        ApiAgent {
            base: self.url(""),
            addr: self.addr,
            token,
            http,
        }
    }

    pub async fn customer(&self) -> Socket {
        self.customer_from(SITE).await.expect("customer socket")
    }

    pub async fn customer_from(&self, origin: &str) -> Result<Socket, u16> {
        self.customer_with(origin, &[]).await
    }

    /// A customer socket whose handshake carries extra headers (e.g. what a balancer adds).
    pub async fn customer_with(
        &self,
        origin: &str,
        headers: &[(&str, &str)],
    ) -> Result<Socket, u16> {
        let mut req = format!("ws://{}/ws/customer", self.addr)
            .into_client_request()
            .unwrap();
        req.headers_mut().insert("origin", origin.parse().unwrap());
        for (k, v) in headers {
            let name: tokio_tungstenite::tungstenite::http::HeaderName = k.parse().unwrap();
            req.headers_mut().append(name, v.parse().unwrap());
        }
        match tokio_tungstenite::connect_async(req).await {
            Ok((ws, _)) => {
                let mut socket = Socket { ws };
                // Every customer page first gets the company's site settings.
                socket.expect("settings").await;
                Ok(socket)
            }
            Err(tokio_tungstenite::tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
            Err(e) => panic!("unexpected handshake error: {e}"),
        }
    }
}

pub struct ApiAgent {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub token: String,
    pub http: reqwest::Client,
}

impl ApiAgent {
    pub async fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn put(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let res = self
            .http
            .put(format!("{}{}", self.base, path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self
            .http
            .get(format!("{}{}", self.base, path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// Creates a phone contact and starts co-browsing: (session id, code).
    pub async fn start_phone_session(&self) -> (String, String) {
        let (status, contact) = self
            .post(
                "/api/contacts",
                serde_json::json!({"channel": "phone", "customer": "Ann"}),
            )
            .await;
        assert_eq!(status, 200, "{contact}");
        let (status, session) = self
            .post(
                &format!("/api/contacts/{}/cobrowse", contact["id"].as_str().unwrap()),
                serde_json::json!({}),
            )
            .await;
        assert_eq!(status, 200, "{session}");
        (
            session["id"].as_str().unwrap().to_string(),
            session["code"].as_str().unwrap().to_string(),
        )
    }

    pub async fn socket(&self, session_id: &str) -> Result<Socket, u16> {
        let mut req = format!("ws://{}/ws/agent/{}", self.addr, session_id)
            .into_client_request()
            .unwrap();
        req.headers_mut().insert(
            "authorization",
            format!("Bearer {}", self.token).parse().unwrap(),
        );
        match tokio_tungstenite::connect_async(req).await {
            Ok((ws, _)) => Ok(Socket { ws }),
            Err(tokio_tungstenite::tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
            Err(e) => panic!("unexpected handshake error: {e}"),
        }
    }
}

/// Either side's socket, speaking JSON text frames and binary DOM frames.
pub struct Socket {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

#[derive(Debug)]
pub enum Received {
    Json(serde_json::Value),
    Binary(Vec<u8>),
    Closed(Option<u16>),
}

impl Socket {
    pub async fn send(&mut self, v: serde_json::Value) {
        self.ws
            .send(Message::Text(v.to_string().into()))
            .await
            .unwrap();
    }

    pub async fn send_text(&mut self, s: &str) {
        let _ = self.ws.send(Message::Text(s.to_string().into())).await;
    }

    pub async fn send_binary(&mut self, b: Vec<u8>) {
        let _ = self.ws.send(Message::Binary(Bytes::from(b))).await;
    }

    /// The next message, or panics after 5 s.
    pub async fn recv(&mut self) -> Received {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("timed out waiting for a message");
            return match next {
                Some(Ok(Message::Text(t))) => Received::Json(serde_json::from_str(&t).unwrap()),
                Some(Ok(Message::Binary(b))) => Received::Binary(b.to_vec()),
                Some(Ok(Message::Close(frame))) => {
                    Received::Closed(frame.map(|f: CloseFrame| u16::from(f.code)))
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => Received::Closed(None),
            };
        }
    }

    /// The next JSON message; panics on anything else.
    pub async fn json(&mut self) -> serde_json::Value {
        match self.recv().await {
            Received::Json(v) => v,
            other => panic!("expected a JSON message, got {other:?}"),
        }
    }

    /// Skips messages until one with this `t` (and returns it).
    pub async fn expect(&mut self, t: &str) -> serde_json::Value {
        loop {
            match self.recv().await {
                Received::Json(v) if v["t"] == t => return v,
                Received::Json(_) | Received::Binary(_) => continue,
                Received::Closed(code) => panic!("closed ({code:?}) while waiting for {t}"),
            }
        }
    }

    /// Skips messages until the agent sees this state.
    pub async fn expect_state(&mut self, state: &str) -> serde_json::Value {
        loop {
            let v = self.expect("state").await;
            if v["state"] == state {
                return v;
            }
        }
    }

    /// Waits for the close code, skipping other messages.
    pub async fn closed(&mut self) -> Option<u16> {
        loop {
            if let Received::Closed(code) = self.recv().await {
                return code;
            }
        }
    }
}

/// A customer who has redeemed `code` and accepted: returns their resume token.
pub async fn join_and_accept(customer: &mut Socket, code: &str) -> String {
    customer
        .send(serde_json::json!({"t": "redeem", "code": code}))
        .await;
    let consent = customer.expect("consent_request").await;
    customer
        .send(serde_json::json!({"t": "consent", "accept": true}))
        .await;
    customer.expect("share").await;
    consent["token"].as_str().unwrap().to_string()
}
