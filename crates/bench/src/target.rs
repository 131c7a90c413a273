//! The two relays under test, started as child processes and prepared the same way: `pairs`
//! connected customer/agent socket pairs, ready to forward binary frames.
//! - Tandem: the real binary with `--demo`; each pair is a real session (contact, code, consent).
//! - The forwarder: `tandem-bench forwarder`.

use std::process::Stdio;
use std::sync::OnceLock;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The CPUs relays are pinned to (a `taskset` list; unset or "": not pinned).
pub static RELAY_CPUS: OnceLock<String> = OnceLock::new();

fn relay_command(program: &str) -> Command {
    crate::sys::pinned(RELAY_CPUS.get().map_or("", |s| s.as_str()), program)
}

pub struct Target {
    pub child: Child,
    pub base: String,
    pub token: Option<String>,
    _data: Option<tempfile::TempDir>,
}

async fn spawn(mut cmd: Command) -> (Child, Vec<String>) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the process");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let done = line.contains("password:") || line.starts_with("forwarder:");
        seen.push(line);
        if done {
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, seen)
}

fn url_in(lines: &[String]) -> String {
    let line = lines
        .iter()
        .find(|l| l.contains("listening on"))
        .expect("a listening line");
    line.split("listening on ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string()
}

impl Target {
    /// Tandem with code redemption unthrottled, so preparing many sessions is not limited.
    pub async fn tandem(bin: &str) -> Target {
        Self::tandem_extra(bin, &[]).await
    }

    /// Tandem as [`Target::tandem`] starts it, with these arguments more (a database, NATS).
    pub async fn tandem_extra(bin: &str, more: &[String]) -> Target {
        let mut args: Vec<&str> = vec![
            "--redeem-per-client-per-minute",
            "1000000",
            "--redeem-overall-per-second",
            "1000000",
            "--max-connections",
            "1000000",
            "--max-connections-per-address",
            "1000000",
        ];
        args.extend(more.iter().map(String::as_str));
        Self::tandem_with(bin, &args).await
    }

    /// Tandem with these extra `serve` arguments (none: every limit at its default).
    pub async fn tandem_with(bin: &str, extra: &[&str]) -> Target {
        let data = tempfile::tempdir().unwrap();
        let mut cmd = relay_command(bin);
        cmd.args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--domain",
            "localhost",
        ])
        .args(extra)
        .arg("--data")
        .arg(data.path())
        .env("RUST_LOG", "error");
        let (child, lines) = spawn(cmd).await;
        let base = url_in(&lines);
        let password = lines
            .iter()
            .find_map(|l| l.split("password: ").nth(1))
            .unwrap()
            .trim()
            .to_string();
        let login: Value = reqwest::Client::new()
            .post(format!("{base}/api/login"))
            .json(&json!({"username": "demo", "password": password}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Target {
            child,
            base,
            token: Some(login["token"].as_str().unwrap().to_string()),
            _data: Some(data),
        }
    }

    pub async fn forwarder() -> Target {
        let mut cmd = relay_command(std::env::current_exe().unwrap().to_str().unwrap());
        cmd.arg("forwarder");
        let (child, lines) = spawn(cmd).await;
        Target {
            child,
            base: url_in(&lines),
            token: None,
            _data: None,
        }
    }

    pub fn ws_url(&self, path: &str) -> String {
        format!("{}{}", self.base.replacen("http", "ws", 1), path)
    }

    /// A customer-side socket that is idle (the memory measurement).
    pub async fn idle_socket(&self, i: usize) -> Ws {
        match self.token {
            Some(_) => {
                let mut ws = customer_socket(&self.ws_url("/ws/customer")).await;
                let _settings = ws.next().await;
                ws
            }
            None => {
                // A customer-side socket, read by the forwarder like Tandem reads its customers.
                tokio_tungstenite::connect_async(self.ws_url(&format!("/pair/idle{i}/customer")))
                    .await
                    .unwrap()
                    .0
            }
        }
    }

    /// `n` connected (customer, agent) pairs ready to forward.
    pub async fn pairs(&self, n: usize) -> Vec<(Ws, Ws)> {
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            out.push(match &self.token {
                Some(token) => self.tandem_pair(token).await,
                None => {
                    let agent =
                        tokio_tungstenite::connect_async(self.ws_url(&format!("/pair/{i}/agent")))
                            .await
                            .unwrap()
                            .0;
                    let customer = tokio_tungstenite::connect_async(
                        self.ws_url(&format!("/pair/{i}/customer")),
                    )
                    .await
                    .unwrap()
                    .0;
                    (customer, agent)
                }
            });
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        out
    }

    pub async fn tandem_pair(&self, token: &str) -> (Ws, Ws) {
        let http = reqwest::Client::new();
        let contact: Value = http
            .post(format!("{}/api/contacts", self.base))
            .bearer_auth(token)
            .json(&json!({"channel": "phone", "customer": "Bench"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session: Value = http
            .post(format!(
                "{}/api/contacts/{}/cobrowse",
                self.base,
                contact["id"].as_str().unwrap()
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut customer = customer_socket(&self.ws_url("/ws/customer")).await;
        send(
            &mut customer,
            json!({"t": "redeem", "code": session["code"]}),
        )
        .await;
        until(&mut customer, "consent_request").await;
        send(&mut customer, json!({"t": "consent", "accept": true})).await;
        until(&mut customer, "share").await;
        let mut req = self
            .ws_url(&format!("/ws/agent/{}", session["id"].as_str().unwrap()))
            .into_client_request()
            .unwrap();
        req.headers_mut()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
        let (mut agent, _) = tokio_tungstenite::connect_async(req).await.unwrap();
        let _state = agent.next().await;
        (customer, agent)
    }

    /// Resident memory of the relay process, in kB.
    pub fn rss_kb(&self) -> u64 {
        crate::sys::rss_kb(self.pid())
    }

    /// The relay's process id (taskset execs the relay in place, so it is the relay's).
    pub fn pid(&self) -> u32 {
        self.child.id().unwrap_or(0)
    }
}

async fn customer_socket(url: &str) -> Ws {
    let mut req = url.into_client_request().unwrap();
    req.headers_mut()
        .insert("origin", "http://localhost".parse().unwrap());
    tokio_tungstenite::connect_async(req).await.unwrap().0
}

async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

async fn until(ws: &mut Ws, t: &str) {
    while let Some(Ok(m)) = ws.next().await {
        if let Message::Text(text) = m
            && serde_json::from_str::<Value>(&text)
                .map(|v| v["t"] == t)
                .unwrap_or(false)
        {
            return;
        }
    }
    panic!("socket closed before {t}");
}
